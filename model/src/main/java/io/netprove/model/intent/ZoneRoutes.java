package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/**
 * {@code zone NAME routes to DEST, ...}: destinations that traffic from the zone can carry into the cluster besides
 * the default ones. Each destination is a {@link ZoneExpr.Builtin} ({@code pods}, {@code services}, {@code nodes}),
 * a {@link ZoneExpr.Cidrs} or a {@link ZoneExpr.ZoneRef}.
 */
public record ZoneRoutes(String zone, List<ZoneExpr> destinations, SourceLocation location) {

    public ZoneRoutes {
        Objects.requireNonNull(zone, "zone");
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("no destinations");
        }
        Objects.requireNonNull(location, "location");
    }
}
