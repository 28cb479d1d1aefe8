package io.netprove.model.k8s;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of {@code metadata} netprove uses. {@code namespace} is empty for cluster-scoped kinds and set (to
 * {@code "default"} unless the manifest or the reader says otherwise) for namespaced ones.
 */
public record ObjectMeta(String name, Optional<String> namespace, Map<String, String> labels,
                         Map<String, String> annotations) {

    public ObjectMeta {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        labels = Copies.sortedMap(labels);
        annotations = Copies.sortedMap(annotations);
    }

    /** Metadata of a namespaced object. */
    public static ObjectMeta namespaced(String namespace, String name, Map<String, String> labels) {
        return new ObjectMeta(name, Optional.of(namespace), labels, Map.of());
    }

    /** Metadata of a cluster-scoped object. */
    public static ObjectMeta clusterScoped(String name, Map<String, String> labels) {
        return new ObjectMeta(name, Optional.empty(), labels, Map.of());
    }

    /** {@code namespace/name}, or the bare name for cluster-scoped objects. */
    public String qualifiedName() {
        return namespace.map(ns -> ns + "/" + name).orElse(name);
    }
}
