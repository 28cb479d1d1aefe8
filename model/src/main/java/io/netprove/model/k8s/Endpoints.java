package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/** A core/v1 Endpoints object; it belongs to the Service of the same namespace and name. */
public record Endpoints(ObjectMeta metadata, SourceLocation location, List<EndpointSubset> subsets)
        implements KubeObject {

    public Endpoints {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("Endpoints are namespaced");
        }
        subsets = List.copyOf(subsets);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.ENDPOINTS;
    }
}
