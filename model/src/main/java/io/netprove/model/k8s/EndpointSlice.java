package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A discovery.k8s.io/v1 EndpointSlice. The Service it belongs to is named by the label {@value #SERVICE_NAME_LABEL}
 * (a slice without it belongs to no service). Every endpoint serves every port of the slice.
 */
public record EndpointSlice(ObjectMeta metadata, SourceLocation location, EndpointAddressType addressType,
                            List<SliceEndpoint> endpoints, List<EndpointPort> ports) implements KubeObject {

    /** The label that ties a slice to its Service. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    /** The label naming the controller that manages a slice. */
    public static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";

    public EndpointSlice {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(addressType, "addressType");
        if (metadata.namespace().isEmpty()) {
            throw new IllegalArgumentException("an EndpointSlice is namespaced");
        }
        endpoints = List.copyOf(endpoints);
        ports = List.copyOf(ports);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.ENDPOINT_SLICE;
    }

    /** The owning Service's name, from {@value #SERVICE_NAME_LABEL}. */
    public Optional<String> serviceName() {
        return Optional.ofNullable(metadata.labels().get(SERVICE_NAME_LABEL));
    }
}
