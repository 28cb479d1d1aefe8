package io.netprove.grammar.iptables;

import java.util.List;

/**
 * One service port as kube-proxy sees it. {@code nodePort} and {@code healthCheckNodePort} are 0 when absent;
 * {@code localPolicy} is {@code externalTrafficPolicy: Local}; {@code affinity} is {@code sessionAffinity: ClientIP}.
 */
public record GeneratedService(String name, String protocol, String clusterIp, int port, int nodePort,
                               List<String> externalIps, List<String> loadBalancerIps, List<String> sourceRanges,
                               boolean localPolicy, boolean affinity, int healthCheckNodePort,
                               List<GeneratedEndpoint> endpoints, String hash) {

    public GeneratedService {
        externalIps = List.copyOf(externalIps);
        loadBalancerIps = List.copyOf(loadBalancerIps);
        sourceRanges = List.copyOf(sourceRanges);
        endpoints = List.copyOf(endpoints);
    }

    public boolean hasEndpoints() {
        return !endpoints.isEmpty();
    }

    public List<GeneratedEndpoint> localEndpoints() {
        return endpoints.stream().filter(GeneratedEndpoint::local).toList();
    }

    /** Endpoints external traffic may reach: all of them, or with the Local policy only this node's. */
    public boolean hasExternalEndpoints() {
        return localPolicy ? !localEndpoints().isEmpty() : hasEndpoints();
    }

    /** kube-proxy's "externally accessible": a NodePort, an external IP or a load-balancer IP. */
    public boolean externallyAccessible() {
        return nodePort != 0 || !externalIps.isEmpty() || !loadBalancerIps.isEmpty();
    }

    /** True if load-balancer traffic passes a KUBE-FW chain (source ranges are set and there are endpoints). */
    public boolean usesFirewallChain() {
        return hasEndpoints() && !loadBalancerIps.isEmpty() && !sourceRanges.isEmpty();
    }

    /** True if a source range holds the node's address, so the LB IPs themselves are allowed as sources. */
    public boolean allowsFromNode() {
        return sourceRanges.stream().anyMatch(r -> KubeProxyLayout.contains(r, KubeProxyLayout.NODE_IP));
    }

    public String svcChain() {
        return "KUBE-SVC-" + hash;
    }

    public String svlChain() {
        return "KUBE-SVL-" + hash;
    }

    public String extChain() {
        return "KUBE-EXT-" + hash;
    }

    public String fwChain() {
        return "KUBE-FW-" + hash;
    }
}
