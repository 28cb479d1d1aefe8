package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code zone NAME routes to DEST, ...}: destinations that traffic from the zone can carry into the cluster besides
 * the default ones. Each destination is a {@link ZoneExpr.Builtin} ({@code pods}, {@code services}, {@code nodes}),
 * a {@link ZoneExpr.Cidrs} or a {@link ZoneExpr.ZoneRef}. {@code via} says where that traffic enters the cluster;
 * without it, it may enter at any node.
 */
public record ZoneRoutes(String zone, List<ZoneExpr> destinations, Optional<RouteGateway> via,
                         SourceLocation location) {

    public ZoneRoutes {
        Objects.requireNonNull(zone, "zone");
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("no destinations");
        }
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(location, "location");
    }

    /** Routes that may enter at any node. */
    public ZoneRoutes(String zone, List<ZoneExpr> destinations, SourceLocation location) {
        this(zone, destinations, Optional.empty(), location);
    }
}
