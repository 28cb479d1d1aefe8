package io.netprove.rules.facts;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/**
 * A named set of address blocks (e.g. {@code office = 10.0.0.0/8}), declared on the command line or, later, by the
 * intent; {@code location} is where it was declared ({@link SourceLocation#NONE} for the command line).
 */
public record Zone(String name, List<IpPrefix> cidrs, SourceLocation location) {

    public Zone {
        Objects.requireNonNull(name, "name");
        cidrs = List.copyOf(cidrs);
        Objects.requireNonNull(location, "location");
        if (cidrs.isEmpty()) {
            throw new IllegalArgumentException("zone " + name + " has no address block");
        }
    }
}
