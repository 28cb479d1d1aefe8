package io.netprove.model.intent;

import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;
import java.util.Optional;

/**
 * One item of an {@code on} clause: a protocol (or any protocol) and a destination port range (or any port).
 * {@code tcp/80}: TCP, port 80. {@code tcp}: TCP, any port. {@code icmp}: ICMP. {@code any}: every packet.
 */
public record PortSpec(Optional<Protocol> protocol, Optional<PortRange> ports, SourceLocation location) {

    public PortSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(location, "location");
        if (ports.isPresent() && (protocol.isEmpty() || !protocol.get().hasPorts())) {
            throw new IllegalArgumentException("ports need a protocol that has ports, not " + protocol);
        }
    }

    /** Every packet. */
    public static PortSpec any(SourceLocation location) {
        return new PortSpec(Optional.empty(), Optional.empty(), location);
    }

    /** Every packet of a protocol. */
    public static PortSpec of(Protocol protocol, SourceLocation location) {
        return new PortSpec(Optional.of(protocol), Optional.empty(), location);
    }

    /** Packets of a port protocol to destination ports in the range. */
    public static PortSpec of(Protocol protocol, PortRange ports, SourceLocation location) {
        return new PortSpec(Optional.of(protocol), Optional.of(ports), location);
    }

    /** True for {@code any}. */
    public boolean isAny() {
        return protocol.isEmpty();
    }

    /** True if a packet of this protocol to this destination port is covered (the port counts only with ports). */
    public boolean admits(Protocol packetProtocol, int port) {
        if (protocol.isEmpty()) {
            return true;
        }
        if (!protocol.get().equals(packetProtocol)) {
            return false;
        }
        return ports.isEmpty() || ports.get().contains(port);
    }

    /** The spec as the intent language writes it ({@code tcp/8000-8080}). */
    @Override
    public String toString() {
        if (protocol.isEmpty()) {
            return "any";
        }
        String name = protocol.get().equals(Protocol.ICMPV6) ? "icmpv6" : protocol.get().name();
        if (ports.isEmpty()) {
            return name;
        }
        PortRange r = ports.get();
        return name + "/" + (r.isSingle() ? Integer.toString(r.first()) : r.first() + "-" + r.last());
    }
}
