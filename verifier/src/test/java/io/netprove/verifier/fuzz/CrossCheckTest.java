package io.netprove.verifier.fuzz;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression, shrunk from the semantic property at nightly size: nested statistic and limit branches give a packet
 * more alternatives than the concrete simulator walks ({@link NetfilterSimulator#MAX_ALTERNATIVES}), while the
 * symbolic explorer (with its own, larger limit) walks them all. The concrete list then ends in an UNKNOWN "cut
 * short" outcome and cannot match the symbolic fates: CrossCheck took that for a disagreement (NP-FUZZ-001 in
 * {@code netprove fuzz}). Now a packet whose concrete walks were cut short is not compared, and a witness whose
 * replay was cut short is only checked to lie on its path.
 */
class CrossCheckTest {

    static final String RULES = """
            *raw
            :PREROUTING ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            -A OUTPUT ! -s 192.0.0.0/8 -j RETURN
            COMMIT
            *mangle
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :FZ-M0 - [0:0]
            :FZ-M1 - [0:0]
            :FZ-M2 - [0:0]
            :FZ-M3 - [0:0]
            -A PREROUTING -j FZ-M0
            -A FORWARD -j FZ-M0
            -A FORWARD -p tcp -j FZ-M0
            -A POSTROUTING -j FZ-M0
            -A POSTROUTING -j FZ-M1
            -A FZ-M0 -m statistic --mode random ! --probability 0.50000000000 -j FZ-M2
            -A FZ-M1 -j FZ-M2
            -A FZ-M1 -j FZ-M2
            -A FZ-M2 -p tcp -m limit ! --limit 10/second --limit-burst 5 -j RETURN
            -A FZ-M2 -j FZ-M3
            -A FZ-M3 -p tcp -m limit ! --limit 10/second --limit-burst 5 -j RETURN
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            -A PREROUTING -p tcp -m statistic --mode random ! --probability 0.50000000000 -j RETURN
            COMMIT
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            COMMIT
            """;

    static NetfilterSimulator simulator() {
        Ruleset rs = IptablesFrontEnd.read("cut-short", RULES, AddressFamily.IPV4);
        return new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"),
                IpAddress.parse("192.168.99.11"))));
    }

    /** Forwarded: PREROUTING, FORWARD and POSTROUTING each branch on statistic and limit criteria. */
    static final Packet FORWARDED = Packet.newConnection(IpAddress.parse("191.255.255.255"),
            IpAddress.parse("191.255.255.255"), Protocol.TCP, 0).withSource(IpAddress.parse("191.255.255.255"), 0);

    @Test
    void aPacketWithMoreAlternativesThanTheSimulatorWalksIsNotADisagreement() {
        NetfilterSimulator sim = simulator();
        List<Outcome> outcomes = sim.simulate(FORWARDED);
        assertEquals(NetfilterSimulator.MAX_ALTERNATIVES + 1, outcomes.size(), "the concrete walks are cut short");
        CrossCheck check = new CrossCheck(sim, 20_000);
        assertTrue(check.exploration(Protocol.TCP).complete(), "the symbolic exploration is not");
        assertEquals(null, check.check(FORWARDED));
    }

    @Test
    void aWitnessWhoseReplayIsCutShortIsOnlyCheckedAgainstItsPath() {
        Packet w = Packet.newConnection(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2"), Protocol.TCP, 80);
        List<String> firstAlternatives = List.of("DROPPED", "UNKNOWN");
        assertTrue(new CrossCheck.WitnessCheck(null, null, w, true, "LOCAL", firstAlternatives, false).agrees());
        assertTrue(!new CrossCheck.WitnessCheck(null, null, w, true, "LOCAL", firstAlternatives, true).agrees());
        assertTrue(!new CrossCheck.WitnessCheck(null, null, w, false, "LOCAL", firstAlternatives, false).agrees(),
                "a witness off its path is wrong whatever the replay");
    }

    @Test
    void cutShortIsTheSimulatorsMarkerOutcome() {
        NetfilterSimulator sim = simulator();
        assertTrue(CrossCheck.cutShort(sim.simulate(FORWARDED)));
        assertTrue(!CrossCheck.cutShort(sim.simulate(Packet.newConnection(IpAddress.parse("10.0.0.1"),
                IpAddress.parse("10.0.0.2"), Protocol.UDP, 53))));
    }
}
