package io.netprove.verifier.policy;

import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * One end of a connection as NetworkPolicy sees it: a pod of the pod network, a node's own network namespace (a host
 * process or a hostNetwork pod), or an address that is neither as far as the engine can tell (outside the cluster, an
 * address no described pod holds, or any address whose origin is unknown). Policies isolate pods only; the other two
 * are matched by ipBlock peers alone, and a node's own traffic to its local pods passes their ingress (see
 * {@link PolicyAssumptions#nodeOriginToLocalPods()}).
 *
 * <p>An address alone never makes a {@link NodeEndpoint}: a forwarded packet whose source was masqueraded to a node
 * address carries that address too, and policies judge it like any other source.
 */
public sealed interface PolicyEndpoint permits PolicyEndpoint.PodEndpoint, PolicyEndpoint.NodeEndpoint,
        PolicyEndpoint.OutsideEndpoint {

    /** Traffic originated by node {@code node} (its name when known) from its address {@code ip}. */
    static PolicyEndpoint node(Optional<String> node, IpAddress ip) {
        return new NodeEndpoint(node, ip, node.map(n -> "node " + n).orElse("a node"));
    }

    /** The address the connection uses at this end, when known (a pod without an IP has none). */
    Optional<IpAddress> address();

    /** For messages. */
    String describe();

    /** A pod of the pod network, reached at {@code address} (one of its pod IPs, or empty if it has none). */
    record PodEndpoint(Pod pod, Optional<IpAddress> address) implements PolicyEndpoint {

        public PodEndpoint {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String describe() {
            return "pod " + pod.metadata().qualifiedName() + address.map(a -> " (" + a + ")").orElse("");
        }
    }

    /**
     * A packet sent by a node's own network namespace: by a host process (the kubelet's probes, for example) or by a
     * hostNetwork pod of that node. {@code node} is the node's name when known; {@code what} says what sent it.
     */
    record NodeEndpoint(Optional<String> node, IpAddress ip, String what) implements PolicyEndpoint {

        public NodeEndpoint {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(what, "what");
        }

        @Override
        public Optional<IpAddress> address() {
            return Optional.of(ip);
        }

        @Override
        public String describe() {
            return ip + " (sent by " + what + ")";
        }
    }

    /** An address that belongs to no pod of the pod network; {@code what} says what it is, for messages. */
    record OutsideEndpoint(IpAddress ip, String what) implements PolicyEndpoint {

        public OutsideEndpoint {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(what, "what");
        }

        @Override
        public Optional<IpAddress> address() {
            return Optional.of(ip);
        }

        @Override
        public String describe() {
            return ip + " (" + what + ")";
        }
    }
}
