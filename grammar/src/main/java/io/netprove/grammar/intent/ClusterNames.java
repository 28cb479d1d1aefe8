package io.netprove.grammar.intent;

import java.util.Set;

/**
 * The names a cluster's manifests define, as far as the intent checks need them. The caller that reads the
 * manifests provides it; {@link KnownClusterNames} is a plain implementation.
 */
public interface ClusterNames {

    /** Every namespace. */
    Set<String> namespaces();

    /** Every service, as {@code namespace/name}. */
    Set<String> services();

    /** A service's ports: each port's name (when it has one) and its number, as text; empty for an unknown service. */
    Set<String> servicePorts(String namespace, String service);

    /** Every label key that some pod has. */
    Set<String> labelKeys();

    /** Every value that some pod has for a label key; empty for a key no pod has. */
    Set<String> labelValues(String key);
}
