package io.netprove.model.packet;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.CtState;

/**
 * A concrete packet as netfilter sees it at one point of its journey. Ports are -1 for protocols without ports;
 * ICMP type and code are -1 for non-ICMP packets. {@code tcpFlags} uses the bit values of
 * {@link io.netprove.model.netfilter.Match.TcpFlags}. Interfaces are null when unknown.
 */
public record Packet(IpAddress source, IpAddress destination, Protocol protocol, int sourcePort, int destinationPort,
                     int icmpType, int icmpCode, int tcpFlags, long mark, CtState ctState, String inInterface,
                     String outInterface, String sourceMac) {

    /** Ephemeral source port used when none is given. */
    public static final int DEFAULT_SOURCE_PORT = 40000;

    public Packet {
        if (source.family() != destination.family()) {
            throw new IllegalArgumentException("source " + source + " and destination " + destination
                    + " are of different address families");
        }
    }

    /**
     * The first packet of a new connection from {@code source} to {@code destination:port}: a TCP SYN, a UDP or SCTP
     * datagram, or an ICMP echo request (port ignored).
     */
    public static Packet newConnection(IpAddress source, IpAddress destination, Protocol protocol, int port) {
        boolean icmp = protocol.isIcmp();
        int echo = protocol.equals(Protocol.ICMPV6) ? 128 : 8;
        return new Packet(source, destination, protocol,
                protocol.hasPorts() ? DEFAULT_SOURCE_PORT : -1,
                protocol.hasPorts() ? port : -1,
                icmp ? echo : -1, icmp ? 0 : -1,
                protocol.equals(Protocol.TCP) ? 0x02 : 0,
                0, CtState.NEW, null, null, null);
    }

    public AddressFamily family() {
        return source.family();
    }

    public Packet withDestination(IpAddress address, int port) {
        return new Packet(source, address, protocol, sourcePort, port, icmpType, icmpCode, tcpFlags, mark, ctState,
                inInterface, outInterface, sourceMac);
    }

    public Packet withSource(IpAddress address, int port) {
        return new Packet(address, destination, protocol, port, destinationPort, icmpType, icmpCode, tcpFlags, mark,
                ctState, inInterface, outInterface, sourceMac);
    }

    public Packet withMark(long newMark) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode, tcpFlags,
                newMark & 0xffffffffL, ctState, inInterface, outInterface, sourceMac);
    }

    public Packet withCtState(CtState state) {
        int flags = tcpFlags;
        if (protocol.equals(Protocol.TCP) && state != CtState.NEW && flags == 0x02) {
            flags = 0x10;
        }
        return new Packet(source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode, flags, mark,
                state, inInterface, outInterface, sourceMac);
    }

    public Packet withInterfaces(String in, String out) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode, tcpFlags,
                mark, ctState, in, out, sourceMac);
    }

    public Packet withTcpFlags(int flags) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode, flags, mark,
                ctState, inInterface, outInterface, sourceMac);
    }

    public Packet withSourceMac(String mac) {
        return new Packet(source, destination, protocol, sourcePort, destinationPort, icmpType, icmpCode, tcpFlags,
                mark, ctState, inInterface, outInterface, mac);
    }

    /** {@code address:port} of the destination, or the address alone for portless protocols. */
    public String destinationText() {
        return destinationPort >= 0 ? destination.withPort(destinationPort) : destination.toString();
    }

    /** {@code address:port} of the source, or the address alone for portless protocols. */
    public String sourceText() {
        return sourcePort >= 0 ? source.withPort(sourcePort) : source.toString();
    }

    @Override
    public String toString() {
        return protocol + " " + sourceText() + " -> " + destinationText() + " (" + ctState.name().toLowerCase() + ")";
    }
}
