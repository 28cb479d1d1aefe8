package io.netprove.verifier.smt;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import io.netprove.verifier.sim.SymbolicOutcome;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathQueryTest {

    private static final IntervalSet PODS = IntervalSet.of(IpPrefix.parse("10.244.0.0/16"));

    private static NetfilterSimulator shop() {
        Ruleset rs = IptablesFrontEnd.readFiles(List.of(Paths.get(System.getProperty("netprove.root", ".."),
                "examples/shop/nodes/node-1/iptables-save.txt")), null);
        return new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"))));
    }

    private static List<SymbolicOutcome> reachingPods(NetfilterSimulator sim, HeaderSpace space) {
        Packet template = Packet.newConnection(IpAddress.parse("0.0.0.0"), IpAddress.parse("0.0.0.0"), Protocol.TCP,
                0);
        NetfilterSimulator.Exploration ex = sim.explore(template, space, 100_000);
        assertTrue(ex.complete());
        return ex.paths().stream()
                .filter(p -> p.disposition() == Disposition.FORWARDED && !p.isOriginal(Field.DST_ADDR)
                        && PODS.contains(p.header().destination().hi(), p.header().destination().lo()))
                .toList();
    }

    @Test
    void internetReachesPodsThroughTheNodePortAndTheWitnessReplays() {
        NetfilterSimulator sim = shop();
        HeaderSpace internetToNode = HeaderSpace.all(AddressFamily.IPV4)
                .with(Field.SRC_ADDR, IntervalSet.of(IpPrefix.parse("203.0.113.0/24")))
                .with(Field.DST_ADDR, IntervalSet.of(IpPrefix.parse("192.168.0.2/32")));
        List<SymbolicOutcome> bad = reachingPods(sim, internetToNode);
        Packet template = Packet.newConnection(IpAddress.parse("0.0.0.0"), IpAddress.parse("0.0.0.0"), Protocol.TCP,
                0);
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            PathQuery.Answer a = PathQuery.anyPath(ctx, bad, template);
            PathQuery.Sat sat = assertInstanceOf(PathQuery.Sat.class, a);
            Packet w = sat.witness();
            assertTrue(IpPrefix.parse("203.0.113.0/24").contains(w.source()));
            assertEquals(IpAddress.parse("192.168.0.2"), w.destination());
            assertTrue(Set.of(30080, 30443).contains(w.destinationPort()), "witness " + w);
            SymbolicOutcome path = bad.get(sat.path());
            List<Outcome> replay = sim.simulate(w);
            assertTrue(replay.stream().anyMatch(o -> o.disposition() == path.disposition()
                    && o.finalPacket().destination().equals(path.header().destination())), "replay " + replay);
        }
    }

    @Test
    void internetToTheApiLoadBalancerOutsideItsSourceRangesIsProvenBlocked() {
        NetfilterSimulator sim = shop();
        HeaderSpace blocked = HeaderSpace.all(AddressFamily.IPV4)
                .with(Field.SRC_ADDR, IntervalSet.of(IpPrefix.parse("203.0.113.0/24")))
                .with(Field.DST_ADDR, IntervalSet.of(IpPrefix.parse("203.0.113.50/32")));
        List<SymbolicOutcome> bad = reachingPods(sim, blocked);
        Packet template = Packet.newConnection(IpAddress.parse("0.0.0.0"), IpAddress.parse("0.0.0.0"), Protocol.TCP,
                0);
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            assertInstanceOf(PathQuery.Unsat.class, PathQuery.anyPath(ctx, bad, template));
        }
        HeaderSpace allowed = blocked.with(Field.SRC_ADDR, IntervalSet.of(IpPrefix.parse("198.51.100.0/24")));
        List<SymbolicOutcome> good = reachingPods(sim, allowed);
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            PathQuery.Sat sat = assertInstanceOf(PathQuery.Sat.class, PathQuery.anyPath(ctx, good, template));
            assertEquals(443, sat.witness().destinationPort());
        }
    }
}
