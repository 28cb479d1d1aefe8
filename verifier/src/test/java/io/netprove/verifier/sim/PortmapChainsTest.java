package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.FieldValues;
import io.netprove.model.space.HeaderSpace;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node's dump with kube-proxy's rules and the CNI portmap plugin's chains for two containers (envoy: TCP hostPort
 * 443 to 10.244.1.8:8443 on every address; statsd: UDP hostPort 8125 to 10.244.1.12:9125 on hostIP 192.168.0.2
 * only), as the plugin writes them: PREROUTING and OUTPUT jump to CNI-HOSTPORT-DNAT for local destinations, one
 * multiport entry per container to its CNI-DN-... chain, hairpin and localhost marks, the DNAT, and the masquerade of
 * marked packets in CNI-HOSTPORT-MASQ.
 */
class PortmapChainsTest {

    private static final IpAddress NODE = IpAddress.parse("192.168.0.2");
    private static final IpAddress SECOND = IpAddress.parse("172.16.0.2");

    private static NetfilterSimulator simulator() {
        try {
            Path dump = Path.of(PortmapChainsTest.class.getResource("/portmap/iptables-save.txt").toURI());
            Ruleset rs = IptablesFrontEnd.readFiles(List.of(dump), null);
            return new NetfilterSimulator(rs, NodeContext.of(Set.of(NODE, SECOND)));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> fates(NetfilterSimulator sim, String src, String dst, Protocol p, int port) {
        List<String> out = new ArrayList<>();
        for (Outcome o : sim.simulate(Packet.newConnection(IpAddress.parse(src), IpAddress.parse(dst), p, port))) {
            out.add(o.disposition() + " " + o.finalPacket().destinationText() + (o.masquerade() ? " masqueraded"
                    : ""));
        }
        return out;
    }

    @Test
    void hostPortsAreForwardedToTheirPods() {
        NetfilterSimulator sim = simulator();
        assertEquals(List.of("FORWARDED 10.244.1.8:8443"), fates(sim, "10.140.1.2", "192.168.0.2", Protocol.TCP, 443));
        assertEquals(List.of("FORWARDED 10.244.1.8:8443"), fates(sim, "10.140.1.2", "172.16.0.2", Protocol.TCP, 443),
                "without hostIP the port is published on every local address");
        assertEquals(List.of("FORWARDED 10.244.1.12:9125"), fates(sim, "10.140.1.2", "192.168.0.2", Protocol.UDP,
                8125));
        assertEquals(List.of("LOCAL 172.16.0.2:8125"), fates(sim, "10.140.1.2", "172.16.0.2", Protocol.UDP, 8125),
                "hostIP publishes on that address only");
        assertEquals(List.of("LOCAL 192.168.0.2:8125"), fates(sim, "10.140.1.2", "192.168.0.2", Protocol.TCP, 8125),
                "the protocol is part of the mapping");
        assertEquals(List.of("FORWARDED 10.8.8.8:443"), fates(sim, "10.140.1.2", "10.8.8.8", Protocol.TCP, 443),
                "only local destinations are mapped");
    }

    @Test
    void hairpinConnectionsFromTheNodesPodsAreMasqueraded() {
        NetfilterSimulator sim = simulator();
        assertEquals(List.of("FORWARDED 10.244.1.8:8443 masqueraded"), fates(sim, "10.244.1.9", "192.168.0.2",
                Protocol.TCP, 443));
        assertEquals(List.of("FORWARDED 10.244.1.8:8443 masqueraded"), fates(sim, "10.244.1.8", "192.168.0.2",
                Protocol.TCP, 443), "the pod reaching itself through its hostPort");
    }

    @Test
    void theNodeItselfIsMappedInOutput() {
        List<Outcome> out = simulator().simulate(Packet.newConnection(NODE, NODE, Protocol.TCP, 443));
        assertEquals(1, out.size());
        assertEquals(Disposition.FORWARDED, out.get(0).disposition());
        assertEquals("10.244.1.8:8443", out.get(0).finalPacket().destinationText());
        assertTrue(out.get(0).steps().stream().anyMatch(s -> s.chain().equals("CNI-HOSTPORT-DNAT")
                && s.hook().equals("OUTPUT")), String.valueOf(out.get(0).steps()));
    }

    @Test
    void symbolicPathsAgreeWithConcreteOutcomes() {
        NetfilterSimulator sim = simulator();
        String[] addresses = {"192.168.0.2", "172.16.0.2", "10.244.1.9", "10.244.1.8", "127.0.0.1", "10.140.1.2",
            "10.96.0.70", "10.244.2.8"};
        int[] ports = {443, 8125, 8443, 80, 9125};
        for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
            Packet template = Packet.newConnection(IpAddress.parse("0.0.0.0"), IpAddress.parse("0.0.0.0"), proto, 0);
            NetfilterSimulator.Exploration ex = sim.explore(template, HeaderSpace.all(AddressFamily.IPV4), 100_000);
            assertTrue(ex.complete());
            for (String s : addresses) {
                for (String d : addresses) {
                    for (int port : ports) {
                        Packet p = Packet.newConnection(IpAddress.parse(s), IpAddress.parse(d), proto, port);
                        List<String> expected = new ArrayList<>();
                        for (Outcome o : sim.simulate(p)) {
                            expected.add(o.disposition() + " " + o.finalPacket().destinationText() + " "
                                    + o.masquerade());
                        }
                        FieldValues v = FieldValues.of(p);
                        List<String> symbolic = new ArrayList<>();
                        for (SymbolicOutcome path : ex.paths()) {
                            boolean in = v.in(path.space());
                            for (Condition c : path.residual()) {
                                in &= v.satisfies(c);
                            }
                            if (in) {
                                IpAddress dst = path.isOriginal(Field.DST_ADDR) ? p.destination()
                                        : path.header().destination();
                                int dp = path.isOriginal(Field.DST_PORT) ? port : path.header().destinationPort();
                                symbolic.add(path.disposition() + " " + dst.withPort(dp) + " " + path.masquerade());
                            }
                        }
                        assertFalse(expected.isEmpty());
                        assertEquals(expected, symbolic, () -> "packet " + p);
                    }
                }
            }
        }
    }
}
