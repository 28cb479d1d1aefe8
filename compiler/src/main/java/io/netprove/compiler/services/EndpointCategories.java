package io.netprove.compiler.services;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The endpoints of a service port sorted the way kube-proxy's CategorizeEndpoints sorts them: those Cluster traffic
 * policy uses (ready ones, narrowed by zone hints when every ready endpoint has one and one names this node's zone;
 * else serving-terminating ones), those Local policy uses (local ready ones, else local serving-terminating ones),
 * every endpoint reachable from this node (the union, in {@code ip:port} order when the two lists had to be merged),
 * and whether the service has a usable endpoint anywhere in the cluster.
 */
public record EndpointCategories(List<EndpointInfo> clusterEndpoints, List<EndpointInfo> localEndpoints,
                                 List<EndpointInfo> allReachable, boolean hasAnyEndpoints) {

    public EndpointCategories {
        clusterEndpoints = List.copyOf(clusterEndpoints);
        localEndpoints = List.copyOf(localEndpoints);
        allReachable = List.copyOf(allReachable);
    }

    /** Categorizes {@code endpoints} of {@code svc} for a node in zone {@code zone} (null when unknown). */
    public static EndpointCategories of(List<EndpointInfo> endpoints, ServicePortInfo svc, String zone) {
        if (endpoints.isEmpty()) {
            return new EndpointCategories(List.of(), List.of(), List.of(), false);
        }
        List<EndpointInfo> cluster = List.of();
        boolean any = false;
        boolean topology = false;
        if (svc.usesClusterEndpoints()) {
            topology = useZoneHints(endpoints, zone);
            boolean byZone = topology;
            cluster = filter(endpoints, e -> e.ready() && (!byZone || e.zoneHints().contains(zone)));
            if (cluster.isEmpty()) {
                cluster = filter(endpoints, EndpointInfo::servingTerminating);
            }
            any = !cluster.isEmpty();
        }
        if (!svc.usesLocalEndpoints()) {
            return new EndpointCategories(cluster, List.of(), cluster, any);
        }
        boolean localReady = false;
        boolean localServingTerminating = false;
        for (EndpointInfo e : endpoints) {
            if (e.ready()) {
                any = true;
                localReady |= e.local();
            } else if (e.servingTerminating()) {
                any = true;
                localServingTerminating |= e.local();
            }
        }
        List<EndpointInfo> local = List.of();
        boolean usedTerminating = false;
        if (localReady) {
            local = filter(endpoints, e -> e.local() && e.ready());
        } else if (localServingTerminating) {
            usedTerminating = true;
            local = filter(endpoints, e -> e.local() && e.servingTerminating());
        }
        if (!svc.usesClusterEndpoints()) {
            return new EndpointCategories(cluster, local, local, any);
        }
        if (!topology && !usedTerminating) {
            return new EndpointCategories(cluster, local, cluster, any);
        }
        Map<String, EndpointInfo> merged = new TreeMap<>();
        for (EndpointInfo e : cluster) {
            merged.put(e.text(), e);
        }
        for (EndpointInfo e : local) {
            merged.put(e.text(), e);
        }
        return new EndpointCategories(cluster, local, new ArrayList<>(merged.values()), any);
    }

    /** True when every ready endpoint has zone hints and one of them names {@code zone}. */
    private static boolean useZoneHints(List<EndpointInfo> endpoints, String zone) {
        boolean anyReady = false;
        boolean forZone = false;
        for (EndpointInfo e : endpoints) {
            if (!e.ready()) {
                continue;
            }
            anyReady = true;
            if (e.zoneHints().isEmpty()) {
                return false;
            }
            if (zone != null && e.zoneHints().contains(zone)) {
                forZone = true;
            }
        }
        return anyReady && forZone;
    }

    private static List<EndpointInfo> filter(List<EndpointInfo> endpoints, Predicate<EndpointInfo> keep) {
        List<EndpointInfo> out = new ArrayList<>();
        for (EndpointInfo e : endpoints) {
            if (keep.test(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
