package io.netprove.model.ipset;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.packet.Packet;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code -m set --match-set NAME f1,f2,...} hands to a set: for each flag, in flag order, the packet's view from
 * that side ({@code src} or {@code dst}): its address, its port, its interface and its MAC. The set type decides
 * which of these each dimension uses. Ports follow the kernel: the transport port for TCP, UDP, SCTP and UDP-Lite,
 * {@code type << 8 | code} for ICMP and ICMPv6, and 0 for other protocols (DCCP included).
 */
public record IpSetTuple(AddressFamily family, Protocol protocol, long mark, List<Side> sides) {

    /**
     * One flag's view of the packet. {@code iface} is the input interface for {@code src} and the output one for
     * {@code dst}; {@code physdev} the bridge port on that side. Null fields are unknown and match nothing.
     */
    public record Side(IpAddress address, int port, String iface, String physdev, String mac) {
    }

    public IpSetTuple {
        sides = List.copyOf(sides);
    }

    /** The tuple the match flags select from {@code packet}. */
    public static IpSetTuple of(Packet packet, List<Direction> flags) {
        List<Side> sides = new ArrayList<>();
        for (Direction d : flags) {
            boolean src = d == Direction.SOURCE;
            sides.add(new Side(src ? packet.source() : packet.destination(),
                    port(packet.protocol(), src ? packet.sourcePort() : packet.destinationPort(),
                            packet.icmpType(), packet.icmpCode()),
                    src ? packet.inInterface() : packet.outInterface(), null,
                    src ? packet.sourceMac() : null));
        }
        return new IpSetTuple(packet.family(), packet.protocol(), packet.mark(), sides);
    }

    /** A tuple of addresses and ports only, one side per pair, for tests and hand-built queries. */
    public static IpSetTuple of(Protocol protocol, Object... addressesAndPorts) {
        List<Side> sides = new ArrayList<>();
        AddressFamily family = null;
        for (Object o : addressesAndPorts) {
            if (o instanceof IpAddress) {
                IpAddress a = (IpAddress) o;
                family = a.family();
                sides.add(new Side(a, 0, null, null, null));
            } else if (o instanceof Integer) {
                sides.add(new Side(null, (Integer) o, null, null, null));
            } else {
                throw new IllegalArgumentException("expected IpAddress or Integer, got " + o);
            }
        }
        return new IpSetTuple(family == null ? AddressFamily.IPV4 : family, protocol, 0, sides);
    }

    /** The kernel's port value for a packet of {@code protocol}. */
    public static int port(Protocol protocol, int transportPort, int icmpType, int icmpCode) {
        int n = protocol.number();
        if (n == Protocol.TCP.number() || n == Protocol.UDP.number() || n == Protocol.SCTP.number()
                || n == Protocol.UDPLITE.number()) {
            return transportPort;
        }
        if (protocol.isIcmp()) {
            return ((icmpType & 0xff) << 8) | (icmpCode & 0xff);
        }
        return 0;
    }
}
