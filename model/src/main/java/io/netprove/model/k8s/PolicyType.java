package io.netprove.model.k8s;

import java.util.Optional;

/** A NetworkPolicy's {@code policyTypes} entry: which direction of traffic the policy isolates. */
public enum PolicyType {
    INGRESS("Ingress"),
    EGRESS("Egress");

    private final String apiName;

    PolicyType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<PolicyType> fromApiName(String text) {
        for (PolicyType v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
