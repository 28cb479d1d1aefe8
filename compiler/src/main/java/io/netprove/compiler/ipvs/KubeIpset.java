package io.netprove.compiler.ipvs;

import io.netprove.model.net.AddressFamily;

/**
 * The ipsets IPVS-mode kube-proxy creates (pkg/proxy/ipvs/ipset.go), in the order it declares them, with their
 * types and the comments its iptables rules carry. The IPv6 proxier names them {@code KUBE-6-...}.
 */
public enum KubeIpset {
    LOOP_BACK("KUBE-LOOP-BACK", "hash:ip,port,ip",
            "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"),
    CLUSTER_IP("KUBE-CLUSTER-IP", "hash:ip,port", "Kubernetes service cluster ip + port for masquerade purpose"),
    EXTERNAL_IP("KUBE-EXTERNAL-IP", "hash:ip,port",
            "Kubernetes service external ip + port for masquerade and filter purpose"),
    EXTERNAL_IP_LOCAL("KUBE-EXTERNAL-IP-LOCAL", "hash:ip,port",
            "Kubernetes service external ip + port with externalTrafficPolicy=local"),
    LOAD_BALANCER("KUBE-LOAD-BALANCER", "hash:ip,port", "Kubernetes service lb portal"),
    LOAD_BALANCER_FW("KUBE-LOAD-BALANCER-FW", "hash:ip,port",
            "Kubernetes service load balancer ip + port for load balancer with sourceRange"),
    LOAD_BALANCER_LOCAL("KUBE-LOAD-BALANCER-LOCAL", "hash:ip,port",
            "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"),
    LOAD_BALANCER_SOURCE_IP("KUBE-LOAD-BALANCER-SOURCE-IP", "hash:ip,port,ip",
            "Kubernetes service load balancer ip + port + source IP for packet filter purpose"),
    LOAD_BALANCER_SOURCE_CIDR("KUBE-LOAD-BALANCER-SOURCE-CIDR", "hash:ip,port,net",
            "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"),
    NODE_PORT_TCP("KUBE-NODE-PORT-TCP", "bitmap:port", "Kubernetes nodeport TCP port for masquerade purpose"),
    NODE_PORT_LOCAL_TCP("KUBE-NODE-PORT-LOCAL-TCP", "bitmap:port",
            "Kubernetes nodeport TCP port with externalTrafficPolicy=local"),
    NODE_PORT_UDP("KUBE-NODE-PORT-UDP", "bitmap:port", "Kubernetes nodeport UDP port for masquerade purpose"),
    NODE_PORT_LOCAL_UDP("KUBE-NODE-PORT-LOCAL-UDP", "bitmap:port",
            "Kubernetes nodeport UDP port with externalTrafficPolicy=local"),
    NODE_PORT_SCTP("KUBE-NODE-PORT-SCTP-HASH", "hash:ip,port",
            "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"),
    NODE_PORT_LOCAL_SCTP("KUBE-NODE-PORT-LOCAL-SCTP-HASH", "hash:ip,port",
            "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"),
    HEALTH_CHECK_NODE_PORT("KUBE-HEALTH-CHECK-NODE-PORT", "bitmap:port", "Kubernetes health check node port"),
    IPVS_IPS("KUBE-IPVS-IPS", "hash:ip", "Addresses on the ipvs interface");

    /** The longest ipset name. */
    static final int MAX_NAME = 31;

    private final String baseName;
    private final String type;
    private final String comment;

    KubeIpset(String baseName, String type, String comment) {
        this.baseName = baseName;
        this.type = type;
        this.comment = comment;
    }

    /** The set's name for {@code family}: IPv6 sets are {@code KUBE-6-...}, cut to 31 characters. */
    public String name(AddressFamily family) {
        if (family == AddressFamily.IPV4) {
            return baseName;
        }
        String n = "KUBE-6-" + baseName.substring("KUBE-".length());
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }

    /** The ipset type ({@code hash:ip,port}, {@code bitmap:port}, ...). */
    public String type() {
        return type;
    }

    public String comment() {
        return comment;
    }

    /** The {@code create} line of {@code ipset save} with kube-proxy's defaults. */
    public String createLine(AddressFamily family) {
        if (type.startsWith("bitmap:")) {
            return "create " + name(family) + " " + type + " range 0-65535";
        }
        return "create " + name(family) + " " + type + " family " + (family == AddressFamily.IPV4 ? "inet" : "inet6")
                + " hashsize 1024 maxelem 65536";
    }
}
