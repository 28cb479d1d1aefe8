package io.netprove.verifier.fuzz;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import io.netprove.verifier.smt.SmtContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeverMatchingRulesTest {

    private static NeverMatchingRules.Result find(String dump) {
        Ruleset rs = IptablesFrontEnd.read("t", dump, AddressFamily.IPV4);
        NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"))));
        RuleBoundaries edges = RuleBoundaries.of(rs, List.of(), sim.node().localAddresses());
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            return NeverMatchingRules.find(sim, edges, 100_000, ctx);
        }
    }

    /** Line -> reason of every rule found. */
    private static Map<Integer, NeverMatchingRules.Reason> byLine(NeverMatchingRules.Result r) {
        Map<Integer, NeverMatchingRules.Reason> out = new TreeMap<>();
        r.unmatched().forEach(u -> out.put(u.rule().location().line(), u.reason()));
        return out;
    }

    @Test
    void shadowedUnreferencedAndUnreachedRulesAreTold() {
        NeverMatchingRules.Result r = find("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :NEVER - [0:0]
                :BEHIND - [0:0]
                -A INPUT -s 10.0.0.0/8 -j ACCEPT
                -A INPUT -s 10.1.0.0/16 -p tcp -j DROP
                -A INPUT -s 10.0.0.0/8 -d 10.0.0.0/8 -j BEHIND
                -A INPUT -p tcp -m tcp --dport 22 -j DROP
                -A NEVER -j DROP
                -A BEHIND -j REJECT
                COMMIT
                """);
        assertTrue(r.complete());
        assertEquals(Map.of(8, NeverMatchingRules.Reason.SHADOWED, 9, NeverMatchingRules.Reason.SHADOWED,
                11, NeverMatchingRules.Reason.UNREFERENCED_CHAIN, 12, NeverMatchingRules.Reason.UNREACHED_CHAIN),
                byLine(r));
    }

    @Test
    void rulesThatNeedAStateAMarkOrAnOrderOfChecksAreNotShadowed() {
        NeverMatchingRules.Result r = find("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A INPUT -m mark --mark 0x4000/0x4000 -j ACCEPT
                -A INPUT -s 10.0.0.0/8 -m statistic --mode random --probability 0.5 -j ACCEPT
                -A INPUT -s 10.0.0.0/8 -j DROP
                -A INPUT -s 10.0.0.0/9 -m iprange ! --src-range 10.0.0.0-10.63.255.255 -j DROP
                COMMIT
                """);
        assertEquals(Map.of(9, NeverMatchingRules.Reason.SHADOWED), byLine(r), "only the rule after the catch-all");
    }

    @Test
    void theShopExampleHasNoRuleThatNeverMatches() {
        Ruleset rs = IptablesFrontEnd.readFiles(List.of(Paths.get(System.getProperty("netprove.root", ".."),
                "examples/shop/nodes/node-1/iptables-save.txt")), null);
        NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(Set.of(IpAddress.parse("192.168.0.2"))));
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            NeverMatchingRules.Result r = NeverMatchingRules.find(sim, RuleBoundaries.of(rs, List.of(),
                    sim.node().localAddresses()), 100_000, ctx);
            assertTrue(r.complete());
            assertEquals(List.of(), r.unmatched());
            assertTrue(r.templates().size() >= 12, r.templates().toString());
        }
    }
}
