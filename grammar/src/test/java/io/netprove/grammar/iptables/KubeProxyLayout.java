package io.netprove.grammar.iptables;

import java.util.List;

/**
 * The addresses of the synthetic cluster the {@link KubeProxyDumpGenerator} writes rules for, modelled on kube-proxy's
 * own unit tests: one node, a pod CIDR that kube-proxy's local-traffic detector knows, documentation ranges for
 * clients. Everything a probe or a kernel topology needs to agree on is here.
 */
public final class KubeProxyLayout {

    /** The node's primary address; MASQUERADE picks it as the new source. */
    public static final String NODE_IP = "192.168.0.2";
    /** A second node address, used as an external IP that is local to the node. */
    public static final String NODE_EXTRA_IP = "192.168.99.11";
    /** The node's addresses, primary first. */
    public static final List<String> NODE_ADDRESSES = List.of(NODE_IP, NODE_EXTRA_IP);
    /** kube-proxy's cluster CIDR (the local-traffic detector's "pod" range). */
    public static final String CLUSTER_CIDR = "10.0.0.0/8";
    /** A pod that is no service's endpoint. */
    public static final String POD_CLIENT = "10.0.0.2";
    /** Endpoints are numbered from 10.180.0.1 within this prefix. */
    public static final String ENDPOINT_PREFIX = "10.180.0.0/16";
    /** A client outside the cluster, inside the load-balancer source range. */
    public static final String EXTERNAL_CLIENT = "203.0.113.2";
    /** A client outside the cluster and outside the load-balancer source range. */
    public static final String BLOCKED_CLIENT = "203.0.113.130";
    /** The load-balancer source range every firewalled service allows. */
    public static final String SOURCE_RANGE = "203.0.113.0/25";
    /** A second source range some services add; it holds the node's address (kube-proxy then allows LB IPs). */
    public static final String NODE_SOURCE_RANGE = "192.168.0.0/24";
    /** kube-proxy's masquerade mark. */
    public static final String MASQUERADE_MARK = "0x4000";
    /** The first NodePort, and the last one there is (the default service-node-port-range). */
    public static final int FIRST_NODE_PORT = 30000;
    public static final int LAST_NODE_PORT = 32767;

    private KubeProxyLayout() {
    }

    /** The {@code i}-th address counting from {@code base} (a dotted quad), as a dotted quad. */
    static String offset(String base, long i) {
        return text(value(base) + i);
    }

    /** A dotted quad as an unsigned 32-bit value. */
    static long value(String dotted) {
        String[] p = dotted.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8)
                | Long.parseLong(p[3]);
    }

    static String text(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /** True if {@code address} lies in {@code cidr} ("a.b.c.d/n"). */
    public static boolean contains(String cidr, String address) {
        int slash = cidr.indexOf('/');
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
        return (value(cidr.substring(0, slash)) & mask) == (value(address) & mask);
    }

    /** True if netfilter's {@code addrtype LOCAL} holds for {@code address} on the node. */
    public static boolean nodeLocal(String address) {
        return NODE_ADDRESSES.contains(address) || contains("127.0.0.0/8", address);
    }
}
