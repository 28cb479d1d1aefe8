package io.netprove.model.k8s;

import java.util.Optional;

/** The kinds of Kubernetes object netprove models, with the API group each belongs to. */
public enum KubeKind {
    NAMESPACE("Namespace", "", false),
    POD("Pod", "", true),
    SERVICE("Service", "", true),
    ENDPOINTS("Endpoints", "", true),
    ENDPOINT_SLICE("EndpointSlice", "discovery.k8s.io", true),
    NODE("Node", "", false),
    NETWORK_POLICY("NetworkPolicy", "networking.k8s.io", true),
    INGRESS("Ingress", "networking.k8s.io", true);

    private final String apiName;
    private final String group;
    private final boolean namespaced;

    KubeKind(String apiName, String group, boolean namespaced) {
        this.apiName = apiName;
        this.group = group;
        this.namespaced = namespaced;
    }

    /** The {@code kind} value as written in manifests, e.g. {@code EndpointSlice}. */
    public String apiName() {
        return apiName;
    }

    /** The API group ({@code ""} for the core group). */
    public String group() {
        return group;
    }

    /** True for kinds that live in a namespace; Namespace and Node are cluster-scoped. */
    public boolean namespaced() {
        return namespaced;
    }

    /** The kind whose {@code kind} value is {@code apiName} (case-sensitive, as the API server compares). */
    public static Optional<KubeKind> fromApiName(String apiName) {
        for (KubeKind k : values()) {
            if (k.apiName.equals(apiName)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return apiName;
    }
}
