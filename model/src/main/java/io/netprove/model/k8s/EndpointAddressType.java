package io.netprove.model.k8s;

import java.util.Optional;

/** An EndpointSlice's {@code addressType}. */
public enum EndpointAddressType {
    IPV4("IPv4"),
    IPV6("IPv6"),
    FQDN("FQDN");

    private final String apiName;

    EndpointAddressType(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<EndpointAddressType> fromApiName(String text) {
        for (EndpointAddressType v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
