package io.netprove.rules.facts;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * An address block with a purpose: the pod, service and node networks, each node's pod CIDR and addresses, each
 * cluster IP and each block of each zone. {@code owner} names what it belongs to (the node, the Service
 * {@code ns/name}, the zone; the option for declared networks); {@code location} is where it was read.
 */
public record AddressBlock(AddressBlockKind kind, String owner, IpPrefix prefix, SourceLocation location) {

    public AddressBlock {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(location, "location");
    }

    /** A pod block: the pod network or a node's pod CIDR. */
    public boolean podRange() {
        return kind == AddressBlockKind.POD_NETWORK || kind == AddressBlockKind.NODE_POD_RANGE;
    }

    /** A service block: the service network or a cluster IP. */
    public boolean serviceRange() {
        return kind == AddressBlockKind.SERVICE_NETWORK || kind == AddressBlockKind.SERVICE_ADDRESS;
    }

    /** A node block: a node network or a node's address. */
    public boolean nodeRange() {
        return kind == AddressBlockKind.NODE_NETWORK || kind == AddressBlockKind.NODE_ADDRESS;
    }

    public boolean zone() {
        return kind == AddressBlockKind.ZONE;
    }

    /**
     * True if {@code this} is a declared network that holds {@code other}, a block of the same purpose read from an
     * object (the pod network holds node pod CIDRs, the service network cluster IPs, a node network node
     * addresses): rules then report the network once rather than each block inside it.
     */
    public boolean covers(AddressBlock other) {
        boolean sameFamily = (kind == AddressBlockKind.POD_NETWORK && other.kind == AddressBlockKind.NODE_POD_RANGE)
                || (kind == AddressBlockKind.SERVICE_NETWORK && other.kind == AddressBlockKind.SERVICE_ADDRESS)
                || (kind == AddressBlockKind.NODE_NETWORK && other.kind == AddressBlockKind.NODE_ADDRESS);
        return sameFamily && prefix.contains(other.prefix);
    }

    /** True if the two blocks share an address ({@code overlaps} is a Drools operator, hence the name). */
    public boolean intersects(AddressBlock other) {
        return prefix.overlaps(other.prefix);
    }

    /** E.g. {@code pod CIDR of node node-1 (10.244.1.0/24)} or {@code zone office (10.0.0.0/8)}. */
    public String describe() {
        String what = kind == AddressBlockKind.POD_NETWORK || kind == AddressBlockKind.SERVICE_NETWORK
                || kind == AddressBlockKind.NODE_NETWORK ? kind.phrase() : kind.phrase() + " " + owner;
        return what + " (" + prefix.toShortString() + ")";
    }

    /** The location of whichever of the two blocks was read from a file ({@code this} first). */
    public SourceLocation locationOr(AddressBlock other) {
        return location.file().isEmpty() ? other.location : location;
    }
}
