package io.netprove.model.k8s;

import java.util.Optional;

/**
 * {@code externalTrafficPolicy} / {@code internalTrafficPolicy}: use every endpoint, or only those on the receiving
 * node.
 */
public enum TrafficPolicy {
    CLUSTER("Cluster"),
    LOCAL("Local");

    private final String apiName;

    TrafficPolicy(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<TrafficPolicy> fromApiName(String text) {
        for (TrafficPolicy v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
