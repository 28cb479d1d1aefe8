package io.netprove.verifier.policy;

import io.netprove.model.k8s.PolicyType;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;

import java.util.List;
import java.util.Objects;

/**
 * Everything one pod's policies let through in one direction and one address family: either everything (the pod is
 * not isolated in that direction, or policies do not apply to it), or exactly the union of some {@link PeerBox}es.
 * For ingress the peers are source addresses as the pod's interface sees them; for egress, destination addresses
 * after service DNAT. Ports are always destination ports.
 */
public sealed interface Allowance permits Allowance.Unrestricted, Allowance.Restricted {

    PolicyType direction();

    AddressFamily family();

    /** True if some policy isolates the pod in this direction. */
    boolean isolated();

    /** The peer addresses allowed for {@code protocol} and destination {@code port} (0 for portless protocols). */
    IntervalSet peers(Protocol protocol, int port);

    /** True if a packet with peer {@code peer}, {@code protocol} and destination {@code port} is allowed. */
    default boolean allows(IpAddress peer, Protocol protocol, int port) {
        return peer.family() == family() && peers(protocol, port).contains(peer.hi(), peer.lo());
    }

    /** Nothing is restricted: {@code reason} says why. */
    record Unrestricted(PolicyType direction, AddressFamily family, String reason) implements Allowance {

        public Unrestricted {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isolated() {
            return false;
        }

        @Override
        public IntervalSet peers(Protocol protocol, int port) {
            return IntervalSet.full(family.bits());
        }
    }

    /**
     * The pod is isolated by {@code isolatedBy} and allows exactly the union of {@code boxes} (none: deny all).
     * {@code nodeOrigin} (ingress only) holds the addresses of the pod's own node: packets that node's own network
     * namespace sends pass regardless of the boxes, but a forwarded packet merely masqueraded to one of these
     * addresses does not, so they are kept apart from the boxes. Empty for egress (where the own node, when always
     * allowed, is one of the boxes) and when {@link PolicyAssumptions#nodeOriginToLocalPods()} is off.
     */
    record Restricted(PolicyType direction, AddressFamily family, List<PeerBox> boxes, List<PolicyRef> isolatedBy,
                      IntervalSet nodeOrigin) implements Allowance {

        public Restricted {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(family, "family");
            boxes = List.copyOf(boxes);
            isolatedBy = List.copyOf(isolatedBy);
            Objects.requireNonNull(nodeOrigin, "nodeOrigin");
            if (isolatedBy.isEmpty()) {
                throw new IllegalArgumentException("a restriction needs an isolating policy");
            }
            for (PeerBox b : boxes) {
                if (b.peers().bits() != family.bits()) {
                    throw new IllegalArgumentException("box of the wrong family: " + b);
                }
            }
        }

        @Override
        public boolean isolated() {
            return true;
        }

        @Override
        public IntervalSet peers(Protocol protocol, int port) {
            IntervalSet out = IntervalSet.empty(family.bits());
            for (PeerBox b : boxes) {
                if (b.admits(protocol, port)) {
                    out = out.union(b.peers());
                }
            }
            return out;
        }
    }
}
