package io.netprove.model.route;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;

/**
 * The fields of a packet a route lookup uses. {@code inputInterface} null means a locally generated packet (the
 * kernel then uses the loopback device as input interface, so {@code iif lo} rules match it); {@code source} null
 * means the source is not chosen yet (the unspecified address). {@code outputInterface} is set only for sockets
 * bound to a device. Ports are -1 when the protocol has none; {@code uid} is 0 for forwarded packets.
 */
public record RouteQuery(IpAddress destination, IpAddress source, long mark, String inputInterface,
                         String outputInterface, Protocol protocol, int sourcePort, int destinationPort, int tos,
                         long uid) {

    public RouteQuery {
        if (source != null && source.family() != destination.family()) {
            throw new IllegalArgumentException("source and destination are of different families");
        }
    }

    /** A packet arriving on {@code inputInterface} from {@code source} to {@code destination}. */
    public static RouteQuery forwarded(IpAddress source, IpAddress destination, String inputInterface) {
        return new RouteQuery(destination, source, 0, inputInterface, null, Protocol.ALL, -1, -1, 0, 0);
    }

    /** A packet this host sends to {@code destination}. */
    public static RouteQuery local(IpAddress source, IpAddress destination) {
        return new RouteQuery(destination, source, 0, null, null, Protocol.ALL, -1, -1, 0, 0);
    }

    public RouteQuery withMark(long newMark) {
        return new RouteQuery(destination, source, newMark & 0xffffffffL, inputInterface, outputInterface, protocol,
                sourcePort, destinationPort, tos, uid);
    }

    public RouteQuery withPorts(Protocol newProtocol, int newSourcePort, int newDestinationPort) {
        return new RouteQuery(destination, source, mark, inputInterface, outputInterface, newProtocol, newSourcePort,
                newDestinationPort, tos, uid);
    }

    public RouteQuery withTos(int newTos) {
        return new RouteQuery(destination, source, mark, inputInterface, outputInterface, protocol, sourcePort,
                destinationPort, newTos, uid);
    }

    /** The input interface as rules see it: {@code lo} for locally generated packets. */
    public String effectiveInputInterface() {
        return inputInterface == null ? "lo" : inputInterface;
    }

    /** The source as rules see it: the unspecified address when none is chosen. */
    public IpAddress effectiveSource() {
        if (source != null) {
            return source;
        }
        return destination.isV4() ? IpAddress.v4(0) : IpAddress.v6(0, 0);
    }
}
