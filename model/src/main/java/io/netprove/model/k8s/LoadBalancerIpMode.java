package io.netprove.model.k8s;

import java.util.Optional;

/**
 * How a load balancer delivers traffic: VIP (to the node with the destination kept, the default) or Proxy (to the
 * node with the destination rewritten).
 */
public enum LoadBalancerIpMode {
    VIP("VIP"),
    PROXY("Proxy");

    private final String apiName;

    LoadBalancerIpMode(String apiName) {
        this.apiName = apiName;
    }

    /** The value as written in manifests. */
    public String apiName() {
        return apiName;
    }

    public static Optional<LoadBalancerIpMode> fromApiName(String text) {
        for (LoadBalancerIpMode v : values()) {
            if (v.apiName.equals(text)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
