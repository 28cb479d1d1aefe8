package io.netprove.rules.facts;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/**
 * A service port that kube-proxy (iptables mode) programmed on {@code node}: read from the rules of
 * {@code KUBE-SERVICES} whose comment is {@code "ns/name:port cluster IP"} (nat table, the service has endpoints)
 * or {@code "ns/name:port has no endpoints"} (filter table, REJECT). {@code key} is kube-proxy's
 * {@code ns/name:port} ({@code ns/name} for an unnamed port); {@code clusterIPs} the destinations of those rules;
 * {@code location} the first such rule.
 */
public record DumpService(String node, String key, String namespace, String name, String portName,
                          Protocol protocol, int port, List<IpAddress> clusterIPs, boolean hasEndpoints,
                          SourceLocation location) {

    public DumpService {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(protocol, "protocol");
        clusterIPs = List.copyOf(clusterIPs);
        Objects.requireNonNull(location, "location");
    }

    /** True if the dump sends {@code address} to this service port. */
    public boolean hasClusterIP(IpAddress address) {
        return clusterIPs.contains(address);
    }

    /** The cluster IPs as text, comma-separated. */
    public String clusterIPsText() {
        return clusterIPs.isEmpty() ? "none" : String.join(", ", clusterIPs.stream().map(IpAddress::toString).toList());
    }
}
