package io.netprove.model.k8s;

import java.util.Optional;

/** A Service's {@code spec.type}; absent means ClusterIP. */
public enum ServiceType {
    CLUSTER_IP("ClusterIP"),
    NODE_PORT("NodePort"),
    LOAD_BALANCER("LoadBalancer"),
    EXTERNAL_NAME("ExternalName");

    private final String apiName;

    ServiceType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<ServiceType> fromApiName(String text) {
        for (ServiceType v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
