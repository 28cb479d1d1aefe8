package io.netprove.verifier.policy;

import io.netprove.model.k8s.Pod;
import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * One end of a connection as NetworkPolicy sees it: a pod of the pod network, or an address that is not one (outside
 * the cluster, a node, a hostNetwork pod, an address no described pod holds). Policies isolate pods only; an outside
 * address is matched by ipBlock peers alone.
 */
public sealed interface PolicyEndpoint permits PolicyEndpoint.PodEndpoint, PolicyEndpoint.OutsideEndpoint {

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
