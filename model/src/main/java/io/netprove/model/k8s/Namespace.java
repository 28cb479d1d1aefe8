package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Namespace. Its labels always include {@value #NAME_LABEL} set to its name, as the API server sets it on every
 * namespace (overriding any value written in the manifest), so NetworkPolicy namespace selectors can rely on it.
 */
public record Namespace(ObjectMeta metadata, SourceLocation location) implements KubeObject {

    /** The label the API server adds to every namespace, holding the namespace's name. */
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";

    public Namespace {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        if (metadata.namespace().isPresent()) {
            throw new IllegalArgumentException("a Namespace is cluster-scoped");
        }
        if (!metadata.name().equals(metadata.labels().get(NAME_LABEL))) {
            Map<String, String> labels = new TreeMap<>(metadata.labels());
            labels.put(NAME_LABEL, metadata.name());
            metadata = new ObjectMeta(metadata.name(), metadata.namespace(), labels, metadata.annotations());
        }
    }

    /** The labels a namespace that no manifest describes still has: just {@value #NAME_LABEL}. */
    public static Map<String, String> implicitLabels(String name) {
        return Map.of(NAME_LABEL, name);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.NAMESPACE;
    }
}
