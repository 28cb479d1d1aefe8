package io.netprove.model.k8s;

import java.util.Optional;

/** The type of a node's {@code status.addresses} entry. */
public enum NodeAddressType {
    HOSTNAME("Hostname"),
    INTERNAL_IP("InternalIP"),
    EXTERNAL_IP("ExternalIP"),
    INTERNAL_DNS("InternalDNS"),
    EXTERNAL_DNS("ExternalDNS");

    private final String apiName;

    NodeAddressType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<NodeAddressType> fromApiName(String text) {
        for (NodeAddressType v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
