package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code service NS/NAME[:PORT] is exposed as KINDS}, {@code ... is exposed only via KINDS} or
 * {@code ... is not exposed outside the cluster}: which frontend kinds of the service work from outside the cluster.
 *
 * @param exposures the kinds listed; empty for {@link Claim#NOT_EXPOSED}
 */
public record ExposureStatement(Optional<String> name, Target.ServiceTarget service, Claim claim,
                                List<Exposure> exposures, String text, SourceLocation location)
        implements Statement {

    /** What the statement says about the listed kinds. */
    public enum Claim {
        /** Each listed kind works from outside the cluster. */
        EXPOSED_AS,
        /** Each listed kind works from outside the cluster, and no other kind does. */
        EXPOSED_ONLY_VIA,
        /** No kind works from outside the cluster. */
        NOT_EXPOSED
    }

    public ExposureStatement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(claim, "claim");
        exposures = List.copyOf(exposures);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
        if (exposures.isEmpty() != (claim == Claim.NOT_EXPOSED)) {
            throw new IllegalArgumentException(claim + " cannot take the kinds " + exposures);
        }
    }

    public <R> R accept(Visitor<R> v) {
        return v.visit(this);
    }
}
