package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every packet-flow expectation of kube-proxy's own iptables tests ({@code ../shared/corpus/kube-proxy-iptables}),
 * checked against the simulator. kube-proxy's tracer reports, per probe, the endpoints a packet may be DNATed to (all
 * statistic branches) or ACCEPT/DROP/REJECT from its filter chains, and whether KUBE-MARK-MASQ was hit. The
 * simulator's outcomes are read the same way: the DNAT destination of each outcome, a DROP or REJECT, or an ACCEPT
 * by a rule of the chains that tracer runs; masquerade when any outcome is masqueraded.
 * Rows where netprove's kernel-faithful answer legitimately differs are listed in {@link #DIFFERENCES} with the
 * reason, and netprove's own answer is asserted for them.
 */
class KubeProxyConformanceTest {

    /** Upstream tests (kubernetes@531be812): the tracer's LOCAL set. */
    private static final Set<IpAddress> UPSTREAM_LOCAL = addresses("127.0.0.1", "::1", "192.168.0.2", "192.168.1.2",
            "192.168.99.11", "2001:db8::1", "2001:db8:1::2");
    /** danwinship's branch: LOCAL = node IP and 127.0.0.1. */
    private static final Set<IpAddress> DW_LOCAL = addresses("192.168.0.2", "127.0.0.1");

    /** Chains kube-proxy's tracer runs in the filter table; only their ACCEPTs show as "ACCEPT". */
    private static final Set<String> TRACED_FILTER_CHAINS = Set.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES",
            "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL");

    /**
     * case/row name -> netprove's own expected summary and why it differs from the tracer's.
     */
    record Difference(String summary, boolean masquerade, String why) {
    }

    static final Map<String, Difference> DIFFERENCES = Map.of(
            "TestOnlyLocalNodePorts/pod to localhost doesn't work because localhost is not in nodePortAddresses",
            new Difference("DROP(routing)", false, "a packet from a pod (10.0.0.2) to 127.0.0.1 arrives from outside"
                    + " the node: no kube-proxy rule matches (the tracer's empty answer), and the kernel's routing"
                    + " then drops it as a martian destination because route_localnet is off"),
            "TestOnlyLocalNodePortsNoClusterCIDR/pod to localhost doesn't work because localhost is not in"
                    + " nodePortAddresses",
            new Difference("DROP(routing)", false, "as above: no rule matches, then routing drops the martian"
                    + " destination 127.0.0.1"));

    private static Set<IpAddress> addresses(String... text) {
        return Arrays.stream(text).map(IpAddress::parse).collect(Collectors.toSet());
    }

    @TestFactory
    Stream<DynamicTest> everyFlowRowOfTheSharedCorpus() throws IOException {
        Path shared = SharedCorpus.locate("the kube-proxy iptables conformance test");
        Assumptions.assumeTrue(shared != null, "../shared/corpus is not present: conformance test skipped");
        Path root = shared.resolve("corpus/kube-proxy-iptables");
        List<Path> flowFiles;
        try (Stream<Path> s = Files.walk(root)) {
            flowFiles = s.filter(p -> p.getFileName().toString().equals("flows.tsv")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        int rows = 0;
        for (Path flows : flowFiles) {
            Path dir = flows.getParent();
            String caseName = dir.getFileName().toString();
            boolean dw = dir.getParent().getFileName().toString().equals("dw");
            Path dump = Files.exists(dir.resolve("iptables-save.txt")) ? dir.resolve("iptables-save.txt")
                    : dir.resolve("ip6tables-save.txt");
            Ruleset rs = IptablesFrontEnd.readFiles(List.of(dump), null);
            NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(dw ? DW_LOCAL : UPSTREAM_LOCAL));
            List<String> lines = Files.readAllLines(flows);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                rows++;
                String rowName = caseName + "/" + f[0];
                tests.add(DynamicTest.dynamicTest(rowName, () -> checkRow(sim, rowName, f)));
            }
        }
        int total = rows;
        tests.add(DynamicTest.dynamicTest("corpus has the 58 documented flow rows",
                () -> assertEquals(58, total, "flow rows found in " + root)));
        return tests.stream();
    }

    private static void checkRow(NetfilterSimulator sim, String rowName, String[] f) {
        Protocol proto = Protocol.lookup(f[1].isEmpty() ? "tcp" : f[1]);
        Packet p = Packet.newConnection(IpAddress.parse(f[2]), IpAddress.parse(f[3]), proto, Integer.parseInt(f[4]));
        List<Outcome> outcomes = sim.simulate(p);
        String got = summary(outcomes);
        boolean masq = outcomes.stream().anyMatch(Outcome::masquerade);
        Difference diff = DIFFERENCES.get(rowName);
        String expected = diff != null ? diff.summary() : normalise(f[5]);
        boolean expectedMasq = diff != null ? diff.masquerade() : Boolean.parseBoolean(f[6]);
        assertEquals(expected, got, () -> rowName + ": outcomes " + describe(outcomes));
        assertEquals(expectedMasq, masq, () -> rowName + ": masquerade; outcomes " + describe(outcomes));
    }

    /** The tracer's output as a set (its order follows rule order, which the simulator's order also follows). */
    private static String normalise(String tracerOutput) {
        if (tracerOutput.isEmpty()) {
            return "";
        }
        return String.join(", ", new LinkedHashSet<>(Arrays.asList(tracerOutput.split(", "))));
    }

    static String summary(List<Outcome> outcomes) {
        LinkedHashSet<String> items = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            boolean dnat = false;
            String accept = null;
            for (TraceStep s : o.steps()) {
                if (s.effect().startsWith("DNAT to")) {
                    items.add(s.effect().substring("DNAT to ".length()));
                    dnat = true;
                }
                if (s.effect().equals("ACCEPT") && s.table().equals("filter")
                        && TRACED_FILTER_CHAINS.contains(s.chain())) {
                    accept = "ACCEPT";
                }
            }
            if (o.disposition() == Disposition.DROPPED) {
                boolean byRouting = o.steps().get(o.steps().size() - 1).table().equals("routing");
                items.add(byRouting ? "DROP(routing)" : "DROP");
            } else if (o.disposition() == Disposition.REJECTED) {
                items.add("REJECT");
            } else if (!dnat && accept != null) {
                items.add(accept);
            }
        }
        return String.join(", ", items);
    }

    static String describe(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (Outcome o : outcomes) {
            sb.append("\n  ").append(o.disposition()).append(' ').append(o.finalPacket().destinationText())
                    .append(" masq=").append(o.masquerade()).append(" p=").append(o.probability());
            for (TraceStep s : o.steps()) {
                sb.append("\n    ").append(s.hook()).append(' ').append(s.table()).append(' ').append(s.chain())
                        .append(' ').append(s.location()).append(": ").append(s.effect());
            }
        }
        return sb.toString();
    }
}
