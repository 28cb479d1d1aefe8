package io.netprove.model.route;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A network device as {@code ip addr} shows it: index, name, the {@code @peer} part of the name ({@code if3} of a
 * veth, the lower device of a vlan/macvlan, {@code NONE}), the flags between angle brackets ({@code UP},
 * {@code LOWER_UP}, {@code NOARP}, ...), MTU, the bridge or bond it is enslaved to ({@code master}), the
 * operational state, the link type ({@code ether}, {@code loopback}, {@code ipip}, {@code none}, ...) with its
 * link-layer address, the kind ({@code vxlan}, {@code bridge}, {@code veth}, {@code dummy}, {@code ipip},
 * {@code macvlan}, ...; known from {@code ip -d} or {@code ip -j -d}), and the addresses.
 */
public record NetworkInterface(int index, String name, Optional<String> linkPeer, List<String> flags, int mtu,
                               Optional<String> master, String operState, String linkType,
                               Optional<String> linkAddress, Optional<String> kind, Optional<String> slaveKind,
                               OptionalInt linkNetnsId, List<String> altNames, List<InterfaceAddress> addresses,
                               SourceLocation location) {

    public NetworkInterface {
        flags = List.copyOf(flags);
        altNames = List.copyOf(altNames);
        addresses = List.copyOf(addresses);
    }

    /** True when the device is administratively up (flag UP). */
    public boolean isUp() {
        return flags.contains("UP");
    }

    /** True when the device has carrier (flag LOWER_UP). */
    public boolean hasCarrier() {
        return flags.contains("LOWER_UP");
    }
}
