package io.netprove.compiler;

import io.netprove.compiler.iptables.BaseChainJump;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rebuilds, from manifests written for them (test resources {@code corpus/}), the service configurations behind the
 * iptables-mode dumps of {@code ../shared/corpus/kube-proxy-iptables}, compiles them with the environment of the
 * kube-proxy unit test they come from, and compares with the dump in the order kube-proxy's tests compare
 * ({@link IptablesTestOrder}: chains sorted, rule order inside each chain kept, KUBE-SERVICES and KUBE-NODEPORTS
 * sorted by service). Every case must be equal, after these explained normalisations only:
 *
 * <ol>
 *   <li>Masquerade mark: kube-proxy formats the mark with Go's {@code %#08x}, i.e. {@code 0x00004000}; the unit
 *       tests build their fake proxier with the literal {@code "0x4000"}. The compiled text is compared with
 *       {@code 0x00004000} written as {@code 0x4000}.</li>
 *   <li>kube-proxy versions: the upstream cases (kubernetes 531be812) have nfacct counters
 *       ({@code -m nfacct}); the dw cases (Dan Winship's branch, kube-proxy ~1.28/1.29) predate them, so they are
 *       compiled with {@code nfacctCounters=false}; TestTracePacket's hand-written dump has none either.</li>
 *   <li>TestTracePacket also lists built-in chains (INPUT, PREROUTING, ...) with a subset of the jumps kube-proxy
 *       ensures outside its restore input (it leaves out the KUBE-FIREWALL and KUBE-PROXY-FIREWALL jumps): they are
 *       removed before the comparison and checked to be among the jumps the compiler predicts.</li>
 *   <li>TestSyncProxyRulesRepeated: only the complete restore inputs are comparable (stage1; stage9, a full
 *       resync after a failed partial one, whose {@code -X} lines delete svc4's chains left by earlier syncs and
 *       are history, not state); stages 2 to 8 are partial restores that depend on the previous state.</li>
 *   <li>TestBadIPs writes addresses with leading zeros, which manifests cannot carry; the manifests use the
 *       normalised addresses kube-proxy writes.</li>
 *   <li>The dw Terminating* and InternalTrafficPolicy cases: endpoints that produce no rule (e.g. not serving) are
 *       rebuilt from the test where it was read, and otherwise chosen to be consistent with the dump.</li>
 * </ol>
 */
class IptablesCorpusComparisonTest {

    /** One corpus dump and how to rebuild it. */
    record Case(String name, String corpusFile, String manifest, KubeProxyConfig config, AddressFamily family) {
    }

    private static final List<IpAddress> UPSTREAM_NODE_IPS = List.of(IpAddress.parse("192.168.0.2"),
            IpAddress.parse("192.168.1.2"), IpAddress.parse("192.168.99.11"));

    /** NewFakeProxier of kubernetes@531be812: test-node, pod CIDR 10.0.0.0/8, nfacct counters, no --random-fully. */
    static KubeProxyConfig upstream() {
        return KubeProxyConfig.defaults(KubeProxyMode.IPTABLES, "test-node", UPSTREAM_NODE_IPS)
                .withLocalDetector(new LocalTrafficDetector.ByCidr(List.of(IpPrefix.parse("10.0.0.0/8"))))
                .withRandomFully(false);
    }

    /** NewFakeProxier of danwinship@4ebc2c1c: test-hostname, 192.168.0.2, pod CIDR 10.0.0.0/8, no nfacct. */
    static KubeProxyConfig dw() {
        return KubeProxyConfig.defaults(KubeProxyMode.IPTABLES, "test-hostname",
                        List.of(IpAddress.parse("192.168.0.2")))
                .withLocalDetector(new LocalTrafficDetector.ByCidr(List.of(IpPrefix.parse("10.0.0.0/8"))))
                .withRandomFully(false).withNfacctCounters(false);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        String up = "kube-proxy-iptables/";
        cases.add(new Case("TestOverallIPTablesRules", up + "TestOverallIPTablesRules/iptables-save.txt",
                "corpus/overall-services.yaml", upstream(), AddressFamily.IPV4));
        cases.add(new Case("TestTracePacket", up + "TestTracePacket/iptables-save.txt",
                "corpus/trace-packet-services.yaml", upstream().withNfacctCounters(false), AddressFamily.IPV4));
        cases.add(new Case("TestBadIPs", up + "TestBadIPs/iptables-save.txt", "corpus/bad-ips-services.yaml",
                upstream(), AddressFamily.IPV4));
        cases.add(new Case("TestSyncProxyRulesRepeated stage1",
                up + "TestSyncProxyRulesRepeated/stage1.iptables-save.txt", "corpus/repeated-1.yaml", upstream(),
                AddressFamily.IPV4));
        cases.add(new Case("TestSyncProxyRulesRepeated stage9",
                up + "TestSyncProxyRulesRepeated/stage9.iptables-restore.txt", "corpus/repeated-iptables-9.yaml",
                upstream(), AddressFamily.IPV4));
        String dw = up + "dw/";
        for (String t : List.of("TestNodePort", "TestLoadBalancer", "TestNonLocalExternalIPs",
                "TestExternalTrafficPolicyLocal", "TestInternalTrafficPolicyE2E-cluster",
                "TestInternalTrafficPolicyE2E-local-with-local-endpoints",
                "TestInternalTrafficPolicyE2E-local-no-local-endpoints")) {
            cases.add(new Case(t, dw + t + "/iptables-save.txt", "corpus/dw/" + t + ".yaml", dw(),
                    AddressFamily.IPV4));
        }
        for (String policy : List.of("Local", "Cluster")) {
            for (String sub : List.of("ready-endpoints-exist", "only-terminating-endpoints-exist",
                    "terminating-endpoints-on-remote-node", "no-usable-endpoints-on-any-node")) {
                String t = "TestTerminatingEndpointsTrafficPolicy" + policy + "-" + sub;
                cases.add(new Case(t, dw + t + "/iptables-save.txt", "corpus/dw/" + t + ".yaml", dw(),
                        AddressFamily.IPV4));
            }
        }
        cases.add(new Case("TestHealthCheckNodePort", dw + "TestHealthCheckNodePort/iptables-save.txt",
                "corpus/dw/TestHealthCheckNodePort.yaml", dw().withNodePortAddresses(List.of("127.0.0.0/8")),
                AddressFamily.IPV4));
        KubeProxyConfig noDetector = dw().withLocalDetector(new LocalTrafficDetector.None());
        cases.add(new Case("TestEnableLocalhostNodePortsIPv4",
                dw + "TestEnableLocalhostNodePortsIPv4/iptables-save.txt",
                "corpus/dw/TestEnableLocalhostNodePortsIPv4.yaml", noDetector, AddressFamily.IPV4));
        cases.add(new Case("TestDisableLocalhostNodePortsIPv4",
                dw + "TestDisableLocalhostNodePortsIPv4/iptables-save.txt",
                "corpus/dw/TestDisableLocalhostNodePortsIPv4.yaml", noDetector.withLocalhostNodePorts(false),
                AddressFamily.IPV4));
        cases.add(new Case("TestDisableLocalhostNodePortsIPv4WithNodeAddress",
                dw + "TestDisableLocalhostNodePortsIPv4WithNodeAddress/iptables-save.txt",
                "corpus/dw/TestDisableLocalhostNodePortsIPv4WithNodeAddress.yaml",
                noDetector.withLocalhostNodePorts(false).withNodePortAddresses(List.of("127.0.0.0/8")),
                AddressFamily.IPV4));
        cases.add(new Case("TestDisableLocalhostNodePortsIPv6",
                dw + "TestDisableLocalhostNodePortsIPv6/ip6tables-save.txt",
                "corpus/dw/TestDisableLocalhostNodePortsIPv6.yaml",
                KubeProxyConfig.defaults(KubeProxyMode.IPTABLES, "test-hostname", List.of(IpAddress.parse("2001:db8::1")))
                        .withRandomFully(false).withNfacctCounters(false).withLocalhostNodePorts(false),
                AddressFamily.IPV6));
        List<String> onlyLocal = List.of("192.168.0.0/24", "2001:db8::/64");
        cases.add(new Case("TestOnlyLocalNodePorts", dw + "TestOnlyLocalNodePorts/iptables-save.txt",
                "corpus/dw/TestOnlyLocalNodePorts.yaml",
                dw().withNodePortAddresses(onlyLocal).withLocalhostNodePorts(false), AddressFamily.IPV4));
        cases.add(new Case("TestOnlyLocalNodePortsNoClusterCIDR",
                dw + "TestOnlyLocalNodePortsNoClusterCIDR/iptables-save.txt",
                "corpus/dw/TestOnlyLocalNodePortsNoClusterCIDR.yaml",
                noDetector.withNodePortAddresses(onlyLocal).withLocalhostNodePorts(false), AddressFamily.IPV4));
        cases.add(new Case("TestMasqueradeRule randomFully=false",
                dw + "TestMasqueradeRule/iptables-save.randomFully-false.txt", null, dw(), AddressFamily.IPV4));
        cases.add(new Case("TestMasqueradeRule randomFully=true",
                dw + "TestMasqueradeRule/iptables-save.randomFully-true.txt", null, dw().withRandomFully(true),
                AddressFamily.IPV4));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyDumpIsReproducedFromItsManifests() {
        Path corpus = SharedCorpus.require("the iptables corpus comparison");
        System.err.println("iptables corpus: " + cases().size() + " dumps rebuilt from manifests and compared");
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(corpus, c)));
    }

    private static void compare(Path corpus, Case c) throws IOException {
        String expected = Files.readString(corpus.resolve(c.corpusFile()));
        List<String> builtinJumps = new ArrayList<>();
        expected = withoutBuiltinChains(expected, builtinJumps);
        var cluster = c.manifest() == null ? io.netprove.model.k8s.ClusterObjects.EMPTY
                : TestManifests.read(c.manifest());
        CompiledNode node = KubeProxyCompiler.compile(cluster, c.config());
        String actual = MARK.apply(node.restoreText(c.family()).orElseThrow());
        assertEquals(IptablesTestOrder.sort(expected), IptablesTestOrder.sort(actual), c.name());
        List<String> predicted = BaseChainJump.iptablesMode().stream().map(BaseChainJump::line).toList();
        for (String j : builtinJumps) {
            assertTrue(predicted.contains(j), c.name() + ": built-in jump not predicted: " + j);
        }
    }

    /** Spells kube-proxy's {@code 0x00004000} the way the unit tests' fake proxier does. */
    static final UnaryOperator<String> MARK = s -> s.replace("0x00004000", "0x4000");

    /** Removes built-in chains (and collects their rules) from a dump. */
    static String withoutBuiltinChains(String dump, List<String> builtinRules) {
        List<String> builtins = List.of("INPUT", "FORWARD", "OUTPUT", "PREROUTING", "POSTROUTING");
        StringBuilder sb = new StringBuilder();
        for (String line : dump.split("\n")) {
            String chain = line.startsWith(":") ? line.substring(1, line.indexOf(' '))
                    : line.startsWith("-A ") ? line.substring(3, line.indexOf(' ', 3)) : null;
            if (chain != null && builtins.contains(chain)) {
                if (line.startsWith("-A ")) {
                    builtinRules.add(line);
                }
                continue;
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
