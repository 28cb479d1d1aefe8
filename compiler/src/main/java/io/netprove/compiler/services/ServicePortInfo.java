package io.netprove.compiler.services;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;

import java.util.List;
import java.util.Objects;

/**
 * One port of one Service as kube-proxy's service tracker records it for one address family: the cluster IP of that
 * family, the external IPs, load-balancer VIPs and source ranges of that family, the node port, session affinity,
 * whether the traffic policies are Local (external only for externally reachable services) and the health-check
 * node port (only for LoadBalancer services with external policy Local).
 */
public record ServicePortInfo(String namespace, String name, String portName, Protocol protocol, IpAddress clusterIP,
                              int port, int nodePort, List<IpAddress> externalIPs, List<IpAddress> loadBalancerVIPs,
                              List<IpPrefix> sourceRanges, boolean clientIpAffinity, int stickyMaxAgeSeconds,
                              boolean externalPolicyLocal, boolean internalPolicyLocal, int healthCheckNodePort) {

    public ServicePortInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clusterIP, "clusterIP");
        externalIPs = List.copyOf(externalIPs);
        loadBalancerVIPs = List.copyOf(loadBalancerVIPs);
        sourceRanges = List.copyOf(sourceRanges);
    }

    /** kube-proxy's ServicePortName string: {@code ns/name:port}, or {@code ns/name} for an unnamed port. */
    public String nameString() {
        return namespace + "/" + name + (portName.isEmpty() ? "" : ":" + portName);
    }

    /** The protocol in lower case, as kube-proxy writes it ({@code tcp}, {@code udp}, {@code sctp}). */
    public String protocolName() {
        return protocol.name();
    }

    /** True if traffic can come from outside: a node port, load-balancer VIPs or external IPs. */
    public boolean externallyAccessible() {
        return nodePort != 0 || !loadBalancerVIPs.isEmpty() || !externalIPs.isEmpty();
    }

    /** True if Cluster-policy endpoints are needed (internal policy Cluster, or any external access). */
    public boolean usesClusterEndpoints() {
        return !internalPolicyLocal || externallyAccessible();
    }

    /** True if Local-policy endpoints are needed. */
    public boolean usesLocalEndpoints() {
        return internalPolicyLocal || (externalPolicyLocal && externallyAccessible());
    }
}
