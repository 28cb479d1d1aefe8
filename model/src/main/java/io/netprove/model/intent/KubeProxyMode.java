package io.netprove.model.intent;

/** How kube-proxy programs the nodes, as declared by {@code kube-proxy mode ...}. */
public enum KubeProxyMode {
    IPTABLES("iptables"),
    IPVS("ipvs"),
    NFTABLES("nftables");

    private final String keyword;

    KubeProxyMode(String keyword) {
        this.keyword = keyword;
    }

    /** The word the intent language uses. */
    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
