package io.netprove.grammar.intent;

import java.util.Map;
import java.util.Set;

/**
 * Cluster names held in maps.
 *
 * @param namespaces   every namespace
 * @param servicePorts for each service ({@code namespace/name}), its port names and numbers as text
 * @param podLabels    for each label key some pod has, the values pods have for it
 */
public record KnownClusterNames(Set<String> namespaces, Map<String, Set<String>> servicePorts,
                                Map<String, Set<String>> podLabels) implements ClusterNames {

    public KnownClusterNames {
        namespaces = Set.copyOf(namespaces);
        servicePorts = Map.copyOf(servicePorts);
        podLabels = Map.copyOf(podLabels);
    }

    @Override
    public Set<String> services() {
        return servicePorts.keySet();
    }

    @Override
    public Set<String> servicePorts(String namespace, String service) {
        return Set.copyOf(servicePorts.getOrDefault(namespace + "/" + service, Set.of()));
    }

    @Override
    public Set<String> labelKeys() {
        return podLabels.keySet();
    }

    @Override
    public Set<String> labelValues(String key) {
        return Set.copyOf(podLabels.getOrDefault(key, Set.of()));
    }
}
