package io.netprove.model.intent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole intent after includes: the cluster block (if any file has one), the zone definitions, the extra routes of
 * zones, the statements in reading order, every file read (absolute, normalised, the including file first), and the
 * zones declared to hold API credentials ({@code zone NAME has api access}).
 */
public record Intent(Optional<ClusterSpec> cluster, List<ZoneDef> zones, List<ZoneRoutes> routes,
                     List<Statement> statements, List<Path> files, List<ApiAccess> apiAccess) {

    public Intent {
        Objects.requireNonNull(cluster, "cluster");
        zones = List.copyOf(zones);
        routes = List.copyOf(routes);
        statements = List.copyOf(statements);
        files = List.copyOf(files);
        apiAccess = List.copyOf(apiAccess);
    }

    /** An intent in which no zone has API access. */
    public Intent(Optional<ClusterSpec> cluster, List<ZoneDef> zones, List<ZoneRoutes> routes,
                  List<Statement> statements, List<Path> files) {
        this(cluster, zones, routes, statements, files, List.of());
    }

    /** The zone defined with this name, if any. */
    public Optional<ZoneDef> zone(String name) {
        for (ZoneDef z : zones) {
            if (z.name().equals(name)) {
                return Optional.of(z);
            }
        }
        return Optional.empty();
    }

    /** The {@code routes to} lines of a zone, in order. */
    public List<ZoneRoutes> routeLines(String zoneName) {
        return routes.stream().filter(r -> r.zone().equals(zoneName)).toList();
    }

    /** The extra destinations declared for a zone by all its {@code routes to} lines, in order. */
    public List<ZoneExpr> routesOf(String zoneName) {
        List<ZoneExpr> out = new ArrayList<>();
        for (ZoneRoutes r : routes) {
            if (r.zone().equals(zoneName)) {
                out.addAll(r.destinations());
            }
        }
        return List.copyOf(out);
    }
}
