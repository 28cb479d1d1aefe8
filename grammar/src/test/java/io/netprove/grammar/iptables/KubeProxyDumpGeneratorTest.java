package io.netprove.grammar.iptables;

import io.netprove.grammar.iptables.ExpectedOutcome.Fate;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeProxyDumpGeneratorTest {

    @Test
    void chainNamesUseKubeProxysHash() {
        // chain names that appear in kube-proxy's own expected dumps (TestLoadBalancer, TestOverallIPTablesRules)
        assertEquals("XPGD46QRK7WJZT7O", KubeProxyDumpGenerator.hash("ns1/svc1:p80tcp"));
        assertEquals("GNZBNJ2PO5MGZ6GT", KubeProxyDumpGenerator.hash("ns2/svc2:p80tcp"));
        assertEquals("SXIVWICOYRO3J4NJ", KubeProxyDumpGenerator.hash("ns1/svc1:p80tcp10.180.0.1:80"));
    }

    @Test
    void sameSeedGivesTheSameDumpAndAnotherSeedAnother() {
        String a = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(7, 6)).render(false);
        String b = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(7, 6)).render(false);
        String c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(8, 6)).render(false);
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void endpointRulesCarryKubeProxysProbabilities() {
        GeneratedCluster c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.large(3, 20, 5));
        GeneratedService s = c.services().stream().filter(x -> !x.affinity() && x.hasEndpoints()).findFirst()
                .orElseThrow();
        String text = c.render(true);
        List<String> probabilities = text.lines().filter(l -> l.startsWith("-A " + s.svcChain() + " "))
                .filter(l -> l.contains("--probability"))
                .map(l -> l.replaceAll(".*--probability (\\S+).*", "$1")).toList();
        assertEquals(List.of("0.2000000000", "0.2500000000", "0.3333333333", "0.5000000000"), probabilities);
    }

    /** Per table, per chain: the rule texts in order. */
    private static Map<String, List<String>> rules(Ruleset rs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Table t : rs.tables().values()) {
            for (Chain ch : t.chains().values()) {
                out.put(t.name().lowerName() + "/" + ch.name(), ch.rules().stream().map(Rule::text).toList());
            }
        }
        return out;
    }

    @Test
    void bothRenderingsParseCleanlyAndAgreeOnceTheStandardJumpsAreAssumed() {
        int withFirewall = 0;
        int withLocalPolicy = 0;
        int withAffinity = 0;
        int withoutEndpoints = 0;
        for (long seed = 1; seed <= 60; seed++) {
            GeneratedCluster c = KubeProxyDumpGenerator.generate(
                    KubeProxyDumpGenerator.Options.small(seed, 1 + (int) (seed % 8)));
            Ruleset save = IptablesFrontEnd.read("save-" + seed, c.render(true), AddressFamily.IPV4);
            Ruleset restore = IptablesFrontEnd.read("restore-" + seed, c.render(false), AddressFamily.IPV4);
            assertEquals(List.of(), save.diagnostics(), "seed " + seed);
            assertEquals(List.of(), restore.diagnostics(), "seed " + seed);
            assertEquals(List.of(), save.assumptions(), "seed " + seed);
            assertEquals(2, restore.assumptions().size(), "seed " + seed + ": " + restore.assumptions());
            assertEquals(rules(save), rules(restore), "seed " + seed);
            withFirewall += c.services().stream().filter(GeneratedService::usesFirewallChain).count();
            withLocalPolicy += c.services().stream().filter(GeneratedService::localPolicy).count();
            withAffinity += c.services().stream().filter(GeneratedService::affinity).count();
            withoutEndpoints += c.services().stream().filter(s -> !s.hasEndpoints()).count();
        }
        assertTrue(withFirewall > 3 && withLocalPolicy > 3 && withAffinity > 3 && withoutEndpoints > 3,
                "every feature appears: " + withFirewall + " " + withLocalPolicy + " " + withAffinity + " "
                        + withoutEndpoints);
    }

    @Test
    void tenThousandServicesOfFiveEndpointsMakeAboutTwentyFiveMegabytes() {
        GeneratedCluster c = KubeProxyDumpGenerator.generate(
                KubeProxyDumpGenerator.Options.large(1, 10_000, 5));
        String text = c.render(true);
        long lines = text.lines().count();
        assertTrue(lines > 200_000 && lines < 250_000, lines + " lines");
        assertTrue(text.length() > 20_000_000 && text.length() < 28_000_000, text.length() + " bytes");
        Ruleset rs = IptablesFrontEnd.read("large", text, AddressFamily.IPV4);
        assertEquals(List.of(), rs.diagnostics());
        Chain services = rs.table(TableName.NAT).chain("KUBE-SERVICES");
        assertTrue(services.rules().size() > 10_000, services.rules().size() + " KUBE-SERVICES rules");
    }

    @Test
    void theModelExpectsEveryEndpointForAClusterIpAndMasqueradesOffClusterClients() {
        GeneratedCluster c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.large(5, 4, 3));
        GeneratedService s = c.services().get(0);
        Set<String> endpoints = s.endpoints().stream().map(GeneratedEndpoint::address).collect(Collectors.toSet());
        Set<ExpectedOutcome> fromPod = c.expect(KubeProxyLayout.POD_CLIENT, s.protocol(), s.clusterIp(), s.port());
        assertEquals(endpoints, fromPod.stream().map(ExpectedOutcome::destination).collect(Collectors.toSet()));
        assertTrue(fromPod.stream().noneMatch(ExpectedOutcome::masquerade));
        Set<ExpectedOutcome> fromOutside = c.expect(KubeProxyLayout.EXTERNAL_CLIENT, s.protocol(), s.clusterIp(),
                s.port());
        assertTrue(fromOutside.stream().allMatch(o -> o.masquerade() && o.fate() == Fate.FORWARDED));
        Set<ExpectedOutcome> wrongPort = c.expect(KubeProxyLayout.POD_CLIENT, s.protocol(), s.clusterIp(),
                s.port() + 1);
        assertEquals(Set.of(new ExpectedOutcome(Fate.FORWARDED, s.clusterIp() + ":" + (s.port() + 1), false)),
                wrongPort);
        assertFalse(c.allProbes().isEmpty());
    }

    @Test
    void aServiceWithoutEndpointsIsRejectedAndLocalPolicyWithoutLocalEndpointsDropsOutsiders() {
        for (long seed = 1; seed <= 40; seed++) {
            GeneratedCluster c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(seed, 6));
            for (GeneratedService s : c.services()) {
                if (!s.hasEndpoints()) {
                    assertEquals(Set.of(ExpectedOutcome.rejected()),
                            c.expect(KubeProxyLayout.POD_CLIENT, s.protocol(), s.clusterIp(), s.port()), s.name());
                }
                if (s.hasEndpoints() && s.localPolicy() && s.localEndpoints().isEmpty() && s.nodePort() != 0) {
                    assertEquals(Set.of(ExpectedOutcome.dropped()), c.expect(KubeProxyLayout.EXTERNAL_CLIENT,
                            s.protocol(), KubeProxyLayout.NODE_IP, s.nodePort()), s.name());
                }
            }
        }
    }
}
