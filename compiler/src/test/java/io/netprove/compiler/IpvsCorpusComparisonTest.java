package io.netprove.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netprove.compiler.ipvs.IpvsModeOutput;
import io.netprove.compiler.ipvs.KubeIpset;
import io.netprove.compiler.ipvs.VirtualServer;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rebuilds the five IPVS cases of {@code ../shared/corpus/kube-proxy-ipvs} (TestNodePortIPv4/IPv6) from manifests
 * (test resources {@code corpus/ipvs/caseN.yaml}) and checks what kube-proxy's test checks: the exact set of
 * virtual servers with scheduler and real servers (reflect.DeepEqual on the fake IPVS), that the listed ipset entries
 * are present (checkIPSet), and the listed chains' rules, jump target and matched set, across the nat and filter
 * tables (checkIptables, which reads every table's chain of that name). No difference remains; the corpus gives no
 * ipvsadm or ipset text, so the text forms are checked by reading them back in the compiler's own tests.
 */
class IpvsCorpusComparisonTest {

    @TestFactory
    Stream<DynamicTest> everyCaseIsReproducedFromItsManifests() throws Exception {
        Path corpus = SharedCorpus.require("the IPVS corpus comparison");
        JsonNode root = new ObjectMapper(new YAMLFactory())
                .readTree(corpus.resolve("kube-proxy-ipvs/TestNodePortIPv4-and-IPv6.yaml").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : root.get("cases")) {
            i++;
            String manifest = "corpus/ipvs/case" + i + ".yaml";
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> compare(c, manifest)));
        }
        assertEquals(5, tests.size(), "cases in the corpus file");
        return tests.stream();
    }

    private static void compare(JsonNode c, String manifest) {
        JsonNode proxier = c.get("proxier");
        AddressFamily family = proxier.get("family").asText().equals("IPv6") ? AddressFamily.IPV6
                : AddressFamily.IPV4;
        List<IpAddress> nodeIPs = new ArrayList<>();
        proxier.get("nodeIPs").forEach(n -> nodeIPs.add(IpAddress.parse(n.asText())));
        List<String> npa = new ArrayList<>();
        proxier.get("nodePortAddresses").forEach(n -> npa.add(n.asText()));
        String nodeName = proxier.has("nodeName") ? proxier.get("nodeName").asText() : "test-hostname";
        KubeProxyConfig config = KubeProxyConfig.defaults(KubeProxyMode.IPVS, nodeName, nodeIPs)
                .withNodePortAddresses(npa);
        IpvsModeOutput out = KubeProxyCompiler.compile(TestManifests.read(manifest), config).ipvs().get(family);

        Map<String, String> expectedServers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("expectedIPVS").get("virtualServers").fields();
             it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> reals = new ArrayList<>();
            e.getValue().get("realServers").forEach(r -> reals.add(r.asText()));
            reals.sort(null);
            expectedServers.put(e.getKey(), e.getValue().get("scheduler").asText() + " " + reals);
        }
        Map<String, String> actualServers = new TreeMap<>();
        for (VirtualServer vs : out.virtualServers()) {
            List<String> reals = new ArrayList<>();
            for (VirtualServer.RealServer r : vs.realServers()) {
                reals.add(r.text() + " w=" + r.weight());
            }
            reals.sort(null);
            actualServers.put(vs.address().withPort(vs.port()) + "/" + vs.protocol().name().toUpperCase(Locale.ROOT),
                    vs.scheduler() + " " + reals);
        }
        assertEquals(expectedServers, actualServers, "virtual servers");

        JsonNode sets = c.get("expectedIPSets");
        if (sets != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = sets.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                KubeIpset set = byName(e.getKey(), family);
                for (JsonNode entry : e.getValue()) {
                    String text = entry.has("ip") ? entry.get("ip").asText() + "," + entry.get("protocol").asText()
                            + ":" + entry.get("port").asText() : entry.get("port").asText();
                    assertTrue(out.ipsetEntries().get(set).contains(text), e.getKey() + " holds " + text
                            + ": " + out.ipsetEntries().get(set));
                }
            }
        }

        JsonNode chains = c.get("expectedIptablesChains");
        if (chains != null) {
            List<String> all = new ArrayList<>(out.iptables().natRules());
            all.addAll(out.iptables().filterRules());
            for (Iterator<Map.Entry<String, JsonNode>> it = chains.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> rules = all.stream().filter(r -> r.startsWith("-A " + e.getKey() + " ")).toList();
                assertEquals(e.getValue().size(), rules.size(), e.getKey() + " rules: " + rules);
                for (int i = 0; i < rules.size(); i++) {
                    JsonNode want = e.getValue().get(i);
                    String rule = rules.get(i);
                    assertEquals(want.get("jump").asText(), word(rule, "-j"), rule);
                    if (want.has("matchSet")) {
                        assertEquals(want.get("matchSet").asText(), word(rule, "--match-set"), rule);
                    }
                    if (want.has("sourceAddress")) {
                        assertEquals(want.get("sourceAddress").asText(), word(rule, "-s"), rule);
                    }
                }
            }
        }
    }

    private static KubeIpset byName(String name, AddressFamily family) {
        for (KubeIpset s : KubeIpset.values()) {
            if (s.name(family).equals(name) || s.name(AddressFamily.IPV4).equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown set " + name);
    }

    /** The word after {@code option} in a rule, or "" when the option is absent. */
    private static String word(String rule, String option) {
        String[] w = rule.split(" ");
        for (int i = 0; i < w.length - 1; i++) {
            if (w[i].equals(option)) {
                return w[i + 1];
            }
        }
        return "";
    }
}
