package io.netprove.properties;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.RuleBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * Packets biased to a rule set's boundaries ({@link RuleBoundaries}): addresses and ports at the edges of the rules'
 * prefixes, ranges and port ranges (and one step outside) most of the time, anything otherwise. Each is the first
 * packet of a new connection, as {@link io.netprove.verifier.fuzz.BoundaryPackets#template} describes.
 */
final class Packets {

    private Packets() {
    }

    static Arbitrary<Packet> biased(RuleBoundaries edges) {
        Protocol icmp = edges.family() == AddressFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
        Arbitrary<Protocol> protocol = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(Protocol.TCP)),
                Tuple.of(3, Arbitraries.just(Protocol.UDP)), Tuple.of(1, Arbitraries.just(icmp)));
        return Combinators.combine(protocol, address(edges, 6), address(edges, 8), port(edges, 2), port(edges, 8))
                .as((p, src, dst, sport, dport) -> {
                    Packet packet = Packet.newConnection(src, dst, p, dport);
                    return p.hasPorts() ? packet.withSource(src, sport) : packet;
                });
    }

    /**
     * Packets a client of the kernel oracle's topology can send: from {@code sources}, TCP or UDP, from a source
     * port among those the oracle sends its probes from (the kernel flavour's port ranges hold all of them or none).
     */
    static Arbitrary<Packet> fromClients(RuleBoundaries edges, List<IpAddress> sources) {
        Arbitrary<Protocol> protocol = Arbitraries.of(Protocol.TCP, Protocol.UDP);
        return Combinators.combine(protocol, Arbitraries.of(sources), address(edges, 8), port(edges, 8))
                .as((p, src, dst, dport) -> Packet.newConnection(src, dst, p, Math.max(1, dport))
                        .withSource(src, IptablesRulesets.ORACLE_PROBE_PORTS.first()));
    }

    private static Arbitrary<IpAddress> address(RuleBoundaries edges, int bias) {
        Arbitrary<IpAddress> any = edges.family() == AddressFamily.IPV4
                ? Arbitraries.longs().between(0, 0xffffffffL).map(IpAddress::v4)
                : Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(IpAddress::v6);
        return Arbitraries.frequencyOf(Tuple.of(bias, Arbitraries.of(edges.addresses())),
                Tuple.of(10 - bias, any));
    }

    private static Arbitrary<Integer> port(RuleBoundaries edges, int bias) {
        return Arbitraries.frequencyOf(Tuple.of(bias, Arbitraries.of(edges.ports())),
                Tuple.of(10 - bias, Arbitraries.integers().between(0, 65535)));
    }
}
