package io.netprove.rules.facts;

import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * A port a scheduled pod takes on its node's addresses: a container's {@code hostPort}, or any container port of a
 * pod on the host network. {@code hostIP} narrows it to one node address (empty: every address).
 */
public record HostPortUse(Pod pod, String node, Protocol protocol, int hostPort, Optional<IpAddress> hostIP,
                          boolean hostNetwork) {

    public HostPortUse {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostIP, "hostIP");
    }

    /** {@code namespace/name} of the pod. */
    public String podKey() {
        return pod.namespace() + "/" + pod.name();
    }

    public SourceLocation location() {
        return pod.location();
    }

    /** True if both take the same port and protocol on the same node and some address is in both. */
    public boolean collidesWith(HostPortUse other) {
        return node.equals(other.node) && protocol.equals(other.protocol) && hostPort == other.hostPort
                && (hostIP.isEmpty() || other.hostIP.isEmpty() || hostIP.equals(other.hostIP));
    }

    /** {@code 8080/tcp}, with the address when bound to one. */
    public String portText() {
        return hostIP.map(a -> a.withPort(hostPort)).orElse(Integer.toString(hostPort)) + "/" + protocol;
    }
}
