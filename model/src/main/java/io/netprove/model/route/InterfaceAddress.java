package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;

import java.util.List;
import java.util.Optional;

/**
 * An address on an interface ({@code inet 10.0.0.5/24 brd 10.0.0.255 scope global dynamic eth0}): the local
 * address and prefix length, the point-to-point peer if any, the broadcast address, the scope, the flags
 * ({@code secondary}, {@code dynamic}, {@code noprefixroute}, {@code tentative}, ...) and the IPv4 label. For a
 * point-to-point address ({@code inet 10.0.0.1 peer 10.0.0.2/32}) the prefix length is the peer's.
 */
public record InterfaceAddress(IpAddress local, int prefixLength, Optional<IpPrefix> peer,
                               Optional<IpAddress> broadcast, RouteScope scope, List<String> flags,
                               Optional<String> label) {

    public InterfaceAddress {
        if (prefixLength < 0 || prefixLength > local.family().bits()) {
            throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
        }
        flags = List.copyOf(flags);
    }

    public AddressFamily family() {
        return local.family();
    }

    /** The connected network ({@code 10.0.0.0/24} for {@code 10.0.0.5/24}; the peer's block for point-to-point). */
    public IpPrefix network() {
        return peer.orElse(new IpPrefix(local, prefixLength));
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** {@code addr/len}. */
    public String cidr() {
        return local + "/" + prefixLength;
    }
}
