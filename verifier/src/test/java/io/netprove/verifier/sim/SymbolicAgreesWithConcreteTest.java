package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.FieldValues;
import io.netprove.model.space.HeaderSpace;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The symbolic walk partitions the packet space into paths; for any concrete packet, the paths whose constraints it
 * satisfies must be exactly its concrete outcomes (same disposition, same final destination, same masquerade).
 */
class SymbolicAgreesWithConcreteTest {

    private static final Path EXAMPLE = Paths.get(System.getProperty("netprove.root", ".."),
            "examples/shop/nodes/node-1/iptables-save.txt");

    @Test
    void everySampledPacketIsCoveredByExactlyItsConcreteOutcomes() {
        Ruleset rs = IptablesFrontEnd.readFiles(List.of(EXAMPLE), null);
        NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"))));
        for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
            Packet template = Packet.newConnection(IpAddress.parse("0.0.0.0"), IpAddress.parse("0.0.0.0"), proto, 0);
            NetfilterSimulator.Exploration ex = sim.explore(template, HeaderSpace.all(AddressFamily.IPV4), 100_000);
            assertTrue(ex.complete());
            assertTrue(ex.paths().size() > 20, "paths: " + ex.paths().size());
            Random rnd = new Random(7);
            List<IpAddress> interesting = new ArrayList<>();
            for (String a : List.of("192.168.0.2", "127.0.0.1", "10.96.0.10", "10.96.0.11", "10.96.0.20",
                    "10.96.0.30", "10.96.0.40", "10.96.0.50", "10.96.0.60", "203.0.113.50", "10.244.1.5",
                    "10.244.2.7", "198.51.100.7", "8.8.8.8", "10.244.1.3")) {
                interesting.add(IpAddress.parse(a));
            }
            int[] ports = {53, 80, 443, 5432, 8080, 30080, 30443, 30050, 22, 1};
            for (int i = 0; i < 3000; i++) {
                IpAddress src = rnd.nextInt(3) == 0 ? interesting.get(rnd.nextInt(interesting.size()))
                        : IpAddress.v4(rnd.nextLong() & 0xffffffffL);
                IpAddress dst = rnd.nextInt(5) > 0 ? interesting.get(rnd.nextInt(interesting.size()))
                        : IpAddress.v4(rnd.nextLong() & 0xffffffffL);
                int port = rnd.nextInt(3) > 0 ? ports[rnd.nextInt(ports.length)] : rnd.nextInt(65536);
                Packet p = Packet.newConnection(src, dst, proto, port);
                List<Outcome> concrete = sim.simulate(p);
                FieldValues v = FieldValues.of(p);
                List<String> symbolic = new ArrayList<>();
                for (SymbolicOutcome path : ex.paths()) {
                    if (!v.in(path.space())) {
                        continue;
                    }
                    boolean all = true;
                    for (Condition c : path.residual()) {
                        all &= v.satisfies(c);
                    }
                    if (all) {
                        IpAddress d = path.isOriginal(Field.DST_ADDR) ? dst : path.header().destination();
                        int dp = path.isOriginal(Field.DST_PORT) ? port : path.header().destinationPort();
                        symbolic.add(path.disposition() + " " + d.withPort(dp) + " " + path.masquerade());
                    }
                }
                List<String> expected = new ArrayList<>();
                for (Outcome o : concrete) {
                    expected.add(o.disposition() + " " + o.finalPacket().destinationText() + " " + o.masquerade());
                }
                assertEquals(expected, symbolic, () -> "packet " + p);
            }
        }
    }
}
