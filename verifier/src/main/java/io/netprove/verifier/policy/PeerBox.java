package io.netprove.verifier.policy;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;

import java.util.Objects;

/**
 * One part of what a pod allows in one direction: peer addresses (sources for ingress, destinations for egress, one
 * address family), an IP protocol ({@link Protocol#ALL} for every protocol) and a set of destination ports (16-bit;
 * every port when the protocol is ALL). {@code grantedBy} says which rule or fact grants it, for messages.
 */
public record PeerBox(IntervalSet peers, Protocol protocol, IntervalSet ports, String grantedBy) {

    /** Every destination port. */
    public static final IntervalSet ALL_PORTS = IntervalSet.full(16);

    public PeerBox {
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(grantedBy, "grantedBy");
        if (ports.bits() != 16) {
            throw new IllegalArgumentException("ports are 16-bit, not " + ports.bits());
        }
        if (protocol.equals(Protocol.ALL) && !ports.isFull()) {
            throw new IllegalArgumentException("a box for every protocol covers every port");
        }
    }

    /** True if the box admits {@code protocol} to destination {@code port} (0 for protocols without ports). */
    public boolean admits(Protocol protocol, int port) {
        return (this.protocol.equals(Protocol.ALL) || this.protocol.equals(protocol)) && ports.contains(port);
    }

    /** True if the box admits a packet with peer {@code peer}, {@code protocol} and destination {@code port}. */
    public boolean admits(IpAddress peer, Protocol protocol, int port) {
        return peer.family().bits() == peers.bits() && peers.contains(peer.hi(), peer.lo()) && admits(protocol, port);
    }

    @Override
    public String toString() {
        return peers + " " + (protocol.equals(Protocol.ALL) ? "any protocol" : protocol + " ports " + ports)
                + " (" + grantedBy + ")";
    }
}
