package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.GeneratedCluster;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.KubeProxyDumpGenerator;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.grammar.iptables.ProbeFlow;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against the dump generator's own model of kube-proxy, over many random clusters (both the
 * iptables-save rendering and kube-proxy's restore input with assumed jumps): two independent readings of the same
 * rules must agree on every probe, endpoints and masquerade included.
 */
class GeneratedClusterTest {

    static final Set<IpAddress> NODE = KubeProxyLayout.NODE_ADDRESSES.stream().map(IpAddress::parse)
            .collect(Collectors.toSet());

    @Test
    void simulatorAgreesWithTheGeneratorOnEveryProbeOfTwoHundredRandomClusters() {
        int probes = 0;
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (long seed = 1; seed <= 200; seed++) {
            GeneratedCluster c = KubeProxyDumpGenerator.generate(
                    KubeProxyDumpGenerator.Options.small(seed, 1 + (int) (seed % 10)));
            Ruleset rs = IptablesFrontEnd.read("seed-" + seed, c.render(seed % 2 == 0), AddressFamily.IPV4);
            NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(NODE));
            for (ProbeFlow f : c.allProbes()) {
                probes++;
                Set<String> got = SimulatedFates.of(sim.simulate(SimulatedFates.packet(f)), o -> true);
                Set<String> want = SimulatedFates.expected(f);
                for (String w : want) {
                    kinds.merge(w.replaceAll(" \\S+:\\d+", ""), 1, Integer::sum);
                }
                if (!got.equals(want)) {
                    disagreements.add("seed " + seed + " " + f + "\n    generator " + want + "\n    simulator " + got);
                }
            }
        }
        System.err.println("generator vs simulator: " + probes + " probes, " + disagreements.size()
                + " disagreements; expected outcomes by kind " + kinds);
        assertTrue(kinds.getOrDefault("FORWARDED masq", 0) > 500 && kinds.getOrDefault("DROPPED", 0) > 50
                && kinds.getOrDefault("REJECTED", 0) > 50 && kinds.getOrDefault("LOCAL", 0) > 200, kinds::toString);
        assertTrue(probes > 2000, probes + " probes");
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(20, disagreements.size()))),
                disagreements.size() + " disagreements");
    }

    @Test
    void simulatorAgreesWithTheGeneratorOnLargeClustersWhoseServiceChainsAreIndexed() {
        int probes = 0;
        List<String> disagreements = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            GeneratedCluster c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(seed, 150));
            Ruleset rs = IptablesFrontEnd.read("large-" + seed, c.render(seed % 2 == 0), AddressFamily.IPV4);
            for (String chain : List.of("KUBE-SERVICES", "KUBE-NODEPORTS")) {
                int rules = rs.table(io.netprove.model.netfilter.TableName.NAT).chain(chain).rules().size();
                assertTrue(rules >= ChainIndex.MIN_RULES, chain + " has " + rules + " rules: too few to be indexed");
            }
            NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(NODE));
            for (ProbeFlow f : c.allProbes()) {
                probes++;
                Set<String> got = SimulatedFates.of(sim.simulate(SimulatedFates.packet(f)), o -> true);
                Set<String> want = SimulatedFates.expected(f);
                if (!got.equals(want)) {
                    disagreements.add("seed " + seed + " " + f + "\n    generator " + want + "\n    simulator " + got);
                }
            }
        }
        assertTrue(probes > 3000, probes + " probes");
        assertEquals("", String.join("\n", disagreements.subList(0, Math.min(20, disagreements.size()))),
                disagreements.size() + " disagreements");
    }
}
