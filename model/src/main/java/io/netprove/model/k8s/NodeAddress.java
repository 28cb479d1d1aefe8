package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/** One of a node's {@code status.addresses}: an IP for InternalIP/ExternalIP (checked by the reader), else a name. */
public record NodeAddress(NodeAddressType type, String address) {

    public NodeAddress {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(address, "address");
    }

    /** The address as an IP, for the IP types. */
    public Optional<IpAddress> ip() {
        if (type != NodeAddressType.INTERNAL_IP && type != NodeAddressType.EXTERNAL_IP) {
            return Optional.empty();
        }
        return Optional.ofNullable(IpAddress.tryParse(address));
    }
}
