package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [every address of | some address of] SOURCE can|cannot reach TARGET [on PORTS] [directly]
 * [[only] via EXPOSURE, ...]}.
 *
 * @param ports   the {@code on} clause; empty when none was written (every port of the target)
 * @param via     the frontend kinds of a service target to consider; empty when there is no {@code via} clause
 * @param onlyVia true for {@code only via}: the other frontend kinds must not work
 */
public record ReachStatement(Optional<String> name, Quantifier quantifier, Source source,
                             Reachability reachability, Target target, List<PortSpec> ports, boolean directly,
                             List<Exposure> via, boolean onlyVia, String text, SourceLocation location)
        implements Statement {

    public ReachStatement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quantifier, "quantifier");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reachability, "reachability");
        Objects.requireNonNull(target, "target");
        ports = List.copyOf(ports);
        via = List.copyOf(via);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
        if (onlyVia && via.isEmpty()) {
            throw new IllegalArgumentException("'only via' without frontend kinds");
        }
    }

    /** True for {@code can reach}. */
    public boolean expectsReachable() {
        return reachability == Reachability.CAN_REACH;
    }

    public <R> R accept(Visitor<R> v) {
        return v.visit(this);
    }
}
