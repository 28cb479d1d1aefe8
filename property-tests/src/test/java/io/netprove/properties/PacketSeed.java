package io.netprove.properties;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.RuleBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A packet before the rule set it is for is known: for each address and port either an index into the rule set's
 * boundaries or a random value, and the protocol. Generating seeds (rather than flat-mapping the rule set into
 * packets) keeps both halves of a case shrinkable on their own and the generator fast.
 */
record PacketSeed(int protocol, Pick source, Pick destination, Pick sourcePort, Pick destinationPort) {

    /** An edge (by index, wrapped to the list's size) {@code edge} times, else the random value. */
    record Pick(boolean edge, int index, long random) {
    }

    private static Arbitrary<Pick> pick(int edgePercent, long max) {
        return Combinators.combine(Arbitraries.integers().between(1, 100).map(n -> n <= edgePercent),
                Arbitraries.integers().between(0, 10_000), Arbitraries.longs().between(0, max)).as(Pick::new);
    }

    static Arbitrary<PacketSeed> seeds() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), pick(60, 0xffffffffL), pick(80, 0xffffffffL),
                pick(20, 65535), pick(80, 65535)).as(PacketSeed::new);
    }

    /** The packet of this seed for a rule set with these boundaries (IPv4). */
    Packet packet(RuleBoundaries edges) {
        Protocol p = protocol < 5 ? Protocol.TCP : protocol < 8 ? Protocol.UDP
                : edges.family() == AddressFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
        IpAddress src = address(source, edges);
        IpAddress dst = address(destination, edges);
        Packet packet = Packet.newConnection(src, dst, p, port(destinationPort, edges));
        return p.hasPorts() ? packet.withSource(src, port(sourcePort, edges)) : packet;
    }

    private static IpAddress address(Pick pick, RuleBoundaries edges) {
        if (pick.edge() && !edges.addresses().isEmpty()) {
            return edges.addresses().get(pick.index() % edges.addresses().size());
        }
        return IpAddress.v4(pick.random());
    }

    private static int port(Pick pick, RuleBoundaries edges) {
        if (pick.edge() && !edges.ports().isEmpty()) {
            return edges.ports().get(pick.index() % edges.ports().size());
        }
        return (int) pick.random();
    }
}
