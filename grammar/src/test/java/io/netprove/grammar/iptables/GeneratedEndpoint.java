package io.netprove.grammar.iptables;

/**
 * One endpoint of a generated service: a pod address and target port, whether it runs on this node (only those
 * serve {@code externalTrafficPolicy: Local}), and the name of its KUBE-SEP chain.
 */
public record GeneratedEndpoint(String ip, int port, boolean local, String chain) {

    /** {@code ip:port}, as kube-proxy writes it in comments and DNAT targets. */
    public String address() {
        return ip + ":" + port;
    }
}
