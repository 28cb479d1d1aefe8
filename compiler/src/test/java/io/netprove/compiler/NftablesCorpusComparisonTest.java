package io.netprove.compiler;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rebuilds the nftables-mode corpus ({@code ../shared/corpus/kube-proxy-nftables}: TestOverallNFTablesRules and
 * every stage of TestSyncProxyRulesRepeated) from manifests and compares as kube-proxy's test does
 * (sortNFTablesTransaction: blank and {@code #} lines dropped, lines sorted), and in addition checks that the rules of
 * every chain come in the same order. Equal after these explained normalisations only:
 *
 * <ol>
 *   <li>Masquerade mark: {@code 0x00004000} (Go {@code %#08x}, as kube-proxy formats it) is compared as the
 *       {@code 0x4000} the test's fake proxier hard-codes.</li>
 *   <li>Stale chains: stages 3, 7 and 9 hold service and endpoint chains that an earlier sync used and this one
 *       flushed, to be deleted a second later (kube-proxy cannot delete a chain a map element pointed to at once on
 *       kernels before 6.2). They are history, not state: empty service/endpoint chains are dropped from the
 *       corpus text before comparing.</li>
 * </ol>
 */
class NftablesCorpusComparisonTest {

    /** NewFakeProxier of kubernetes@803d40a5 (nftables): test-hostname, 192.168.0.2 the only NodePort address. */
    static KubeProxyConfig environment() {
        return KubeProxyConfig.defaults(KubeProxyMode.NFTABLES, "test-hostname",
                        List.of(IpAddress.parse("192.168.0.2")))
                .withLocalDetector(new LocalTrafficDetector.ByCidr(List.of(IpPrefix.parse("10.0.0.0/8"))))
                .withNodePortAddresses(List.of("192.168.0.0/24"))
                .withServiceCIDRs(List.of(IpPrefix.parse("172.30.0.0/16")));
    }

    @TestFactory
    Stream<DynamicTest> everyTransactionIsReproducedFromItsManifests() {
        Path corpus = SharedCorpus.require("the nftables corpus comparison").resolve("kube-proxy-nftables");
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("TestOverallNFTablesRules", new String[] {"TestOverallNFTablesRules/nft-transaction.txt",
                "corpus/overall-services.yaml"});
        String[] stageManifests = {"repeated-1", "repeated-nft-2", "repeated-nft-4", "repeated-nft-4",
                "repeated-nft-5", "repeated-nft-6", "repeated-nft-7", "repeated-nft-8", "repeated-nft-9",
                "repeated-nft-8"};
        for (int i = 1; i <= 10; i++) {
            cases.put("TestSyncProxyRulesRepeated stage" + i, new String[] {
                    "TestSyncProxyRulesRepeated/stage" + i + ".nft", "corpus/" + stageManifests[i - 1] + ".yaml"});
        }
        return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(),
                () -> compare(corpus, e.getKey(), e.getValue()[0], e.getValue()[1])));
    }

    private static void compare(Path corpus, String name, String file, String manifest) throws IOException {
        String expected = withoutStaleChains(Files.readString(corpus.resolve(file)));
        CompiledNode node = KubeProxyCompiler.compile(TestManifests.read(manifest), environment());
        String actual = IptablesCorpusComparisonTest.MARK.apply(node.nftablesText(AddressFamily.IPV4).orElseThrow());
        assertEquals(String.join("\n", sortedLines(expected)), String.join("\n", sortedLines(actual)), name);
        assertEquals(rulesByChain(expected), rulesByChain(actual), name + ": rule order inside a chain");
    }

    /** The lines kube-proxy's test compares: no blank or comment lines, sorted. */
    static List<String> sortedLines(String transaction) {
        List<String> out = new ArrayList<>();
        for (String l : transaction.split("\n")) {
            if (!l.isBlank() && !l.startsWith("#")) {
                out.add(l.strip());
            }
        }
        out.sort(null);
        return out;
    }

    /** Each chain's rules, in order. */
    static Map<String, List<String>> rulesByChain(String transaction) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (String l : transaction.split("\n")) {
            if (l.startsWith("add rule ")) {
                String[] w = l.split(" ", 6);
                out.computeIfAbsent(w[4], k -> new ArrayList<>()).add(w[5]);
            }
        }
        return out;
    }

    /** Drops the {@code add chain} lines of service and endpoint chains (names with a '/') that have no rule. */
    static String withoutStaleChains(String transaction) {
        Set<String> withRules = new TreeSet<>(rulesByChain(transaction).keySet());
        StringBuilder sb = new StringBuilder();
        for (String l : transaction.split("\n")) {
            if (l.startsWith("add chain ")) {
                String chain = l.split(" ")[4];
                if (chain.contains("/") && !withRules.contains(chain)) {
                    continue;
                }
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
