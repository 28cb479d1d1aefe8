package io.netprove.model.intent;

import java.util.Optional;

/** A kind of frontend through which a service (or a pod) can be reached. */
public enum Exposure {
    /** The service's cluster IP and port. */
    CLUSTERIP("clusterip"),
    /** The node port on the node addresses. */
    NODEPORT("nodeport"),
    /** The load-balancer ingress IPs of the service. */
    LOADBALANCER("loadbalancer"),
    /** The service's spec.externalIPs. */
    EXTERNALIP("externalip"),
    /** An Ingress that routes to the service. */
    INGRESS("ingress"),
    /** A hostPort of a backing pod, on its node's addresses. */
    HOSTPORT("hostport"),
    /** A backing pod that runs in the host network namespace. */
    HOSTNETWORK("hostnetwork"),
    /** kubectl port-forward through the API server. */
    PORT_FORWARD("port-forward"),
    /** The API server's service proxy. */
    API_PROXY("api-proxy");

    private final String keyword;

    Exposure(String keyword) {
        this.keyword = keyword;
    }

    /** The word the intent language uses. */
    public String keyword() {
        return keyword;
    }

    /** The kind named by an intent-language word, if any. */
    public static Optional<Exposure> byKeyword(String word) {
        for (Exposure e : values()) {
            if (e.keyword.equals(word)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return keyword;
    }
}
