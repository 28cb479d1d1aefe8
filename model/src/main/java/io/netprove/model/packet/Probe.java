package io.netprove.model.packet;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;

/** A named question "what happens to a new connection from source to destination:port over protocol?". */
public record Probe(String name, Protocol protocol, IpAddress source, IpAddress destination, int port,
                    SourceLocation location) {

    /** The first packet of the connection this probe describes. */
    public Packet packet() {
        return Packet.newConnection(source, destination, protocol, port);
    }
}
