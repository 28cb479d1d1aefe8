package io.netprove.verifier.fuzz;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Packet;

import java.util.Random;

/**
 * Packets biased to a node's rule boundaries: most addresses and ports are edges of the rules (or one step away),
 * the rest are uniformly random so that the space between edges is visited too. Every packet is the first packet of
 * a new connection (TCP SYN, UDP datagram, ICMP echo request, ...), unmarked and with no interface, as
 * {@link #template} describes; {@link #next} is reproducible for a given {@link Random} seed.
 */
public final class BoundaryPackets {

    private final RuleBoundaries edges;
    private final Random random;

    public BoundaryPackets(RuleBoundaries edges, Random random) {
        this.edges = edges;
        this.random = random;
    }

    /** The template of every packet of {@code protocol}: what explorations take as the non-symbolic fields. */
    public static Packet template(AddressFamily family, Protocol protocol) {
        IpAddress any = family == AddressFamily.IPV4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
        return Packet.newConnection(any, any, protocol, 0);
    }

    public Packet next() {
        Protocol p = edges.protocols().get(random.nextInt(10) < 8 ? random.nextInt(Math.min(3,
                edges.protocols().size())) : random.nextInt(edges.protocols().size()));
        IpAddress src = address(4);
        IpAddress dst = address(8);
        Packet packet = Packet.newConnection(src, dst, p, port(8));
        if (p.hasPorts() && random.nextInt(4) == 0) {
            packet = packet.withSource(src, port(5));
        }
        return packet;
    }

    /** An edge address {@code bias} times in ten, else a random one. */
    private IpAddress address(int bias) {
        if (!edges.addresses().isEmpty() && random.nextInt(10) < bias) {
            return edges.addresses().get(random.nextInt(edges.addresses().size()));
        }
        if (edges.family() == AddressFamily.IPV4) {
            return IpAddress.v4(random.nextLong() & 0xffffffffL);
        }
        return IpAddress.v6(random.nextLong(), random.nextLong());
    }

    private int port(int bias) {
        if (!edges.ports().isEmpty() && random.nextInt(10) < bias) {
            return edges.ports().get(random.nextInt(edges.ports().size()));
        }
        return random.nextInt(65536);
    }
}
