package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.fuzz.CrossCheck;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain of many rules keyed by one destination port each (kube-proxy's KUBE-EXTERNAL-SERVICES drops for
 * externalTrafficPolicy Local node ports) is indexed by port. A path whose port is still open must split only on the
 * ports whose rules can match it: for a destination that is not local, the "--dst-type LOCAL" rules cannot, and the
 * path stays whole; for the node's own address every port is its own outcome.
 */
class PortIndexedChainForkTest {

    private static final int PORTS = 40;

    private static NetfilterSimulator simulator() {
        StringBuilder s = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":EXT - [0:0]\n-A INPUT -j EXT\n-A FORWARD -j EXT\n");
        for (int i = 0; i < PORTS; i++) {
            s.append("-A EXT -m addrtype --dst-type LOCAL -p tcp -m tcp --dport ").append(30000 + i)
                    .append(" -j DROP\n");
        }
        s.append("-A EXT -d 10.96.0.7/32 -p tcp -m tcp --dport 30005 -j REJECT\nCOMMIT\n");
        Ruleset rs = IptablesFrontEnd.read("ext", s.toString(), AddressFamily.IPV4);
        return new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"))));
    }

    private static int paths(NetfilterSimulator sim, String dst) {
        Packet template = Packet.newConnection(IpAddress.parse("203.0.113.9"), IpAddress.parse(dst), Protocol.TCP,
                80);
        HeaderSpace space = HeaderSpace.all(AddressFamily.IPV4)
                .with(Field.SRC_ADDR, IntervalSet.of(IpAddress.parse("203.0.113.9")))
                .with(Field.DST_ADDR, IntervalSet.of(IpAddress.parse(dst)));
        NetfilterSimulator.Exploration e = sim.explore(template, space, 10_000);
        assertTrue(e.complete());
        return e.paths().size();
    }

    @Test
    void aDestinationNoRuleCanMatchIsNotSplitPerPort() {
        NetfilterSimulator sim = simulator();
        assertEquals(1, paths(sim, "10.96.0.9"), "no rule of the chain can match 10.96.0.9");
        // 10.96.0.7 meets the one rule with its own address: that port, and every other
        assertEquals(2, paths(sim, "10.96.0.7"));
        // the node's address: each of the 40 ports is dropped by its rule, the rest accepted
        assertEquals(PORTS + 1, paths(sim, "192.168.0.2"));
    }

    @Test
    void concreteAndSymbolicWalksAgreeOnEveryPort() {
        NetfilterSimulator sim = simulator();
        CrossCheck check = new CrossCheck(sim, 10_000);
        for (String dst : new String[] {"10.96.0.9", "10.96.0.7", "192.168.0.2"}) {
            for (int port = 29_998; port < 30_000 + PORTS + 2; port++) {
                Packet p = Packet.newConnection(IpAddress.parse("203.0.113.9"), IpAddress.parse(dst), Protocol.TCP,
                        port);
                assertNull(check.check(p), dst + ":" + port);
            }
        }
        Packet dropped = Packet.newConnection(IpAddress.parse("203.0.113.9"), IpAddress.parse("192.168.0.2"),
                Protocol.TCP, 30_003);
        assertEquals(Disposition.DROPPED, sim.simulate(dropped).get(0).disposition());
    }
}
