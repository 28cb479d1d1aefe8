package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Target;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.RuleBoundaries;
import io.netprove.verifier.kernel.KernelOracle;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import net.jqwik.api.Example;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property (c): the concrete simulator agrees with the Linux kernel on a sample of generated rule sets (the kernel
 * flavour: what the kernel loads and the oracle can observe). Each rule set is loaded into throw-away network
 * namespaces by {@code shared/tools/kernel-oracle}, real TCP/UDP probes are sent from an outside client, a pod and
 * the node itself with every random statistic branch enumerated, and the kernel's outcome set for each probe must
 * equal the simulator's. Needs root and the oracle's tools; skips with a visible message otherwise. The sample is
 * {@code netprove.kernel.rulesets} rule sets (3 in CI, 40 at nightly sizes) of 30 probes each.
 */
class KernelAgreementProperties {

    static final int PROBES = 30;
    static final IpAddress NODE_IP = IptablesRulesets.NODE.get(0);
    static final IpAddress EXTERNAL = IptablesRulesets.KERNEL_CLIENTS.get(0);
    static final IpAddress POD = IptablesRulesets.KERNEL_CLIENTS.get(1);

    private static final Budget.Tally TALLY = new Budget.Tally("simulator-agrees-with-kernel");

    /** The node's addresses in the oracle's namespace: its two, and the link address of every veth. */
    static final Set<IpAddress> NODE = Stream.concat(IptablesRulesets.NODE.stream(),
            Stream.of(IpAddress.parse("169.254.1.1"))).collect(Collectors.toSet());

    static String topology(String prefix) {
        return """
                {
                  "prefix": "%s",
                  "node": {"name": "node", "listen": true, "extra_addrs": ["%s/32", "%s/32"],
                           "sysctls": {"net.ipv4.conf.all.route_localnet": 0}},
                  "hosts": [
                    {"name": "ext", "addrs": ["%s/32"]},
                    {"name": "podc", "addrs": ["%s/32"]},
                    {"name": "gw", "addrs": ["10.255.255.254/32"], "accept": "any", "default_gateway": true}
                  ]
                }
                """.formatted(prefix, IptablesRulesets.NODE.get(0), IptablesRulesets.NODE.get(1), EXTERNAL, POD);
    }

    static String host(IpAddress source) {
        return source.equals(EXTERNAL) ? "ext" : source.equals(POD) ? "podc" : "node";
    }

    /**
     * The simulator's outcomes in the oracle's plain form: LOCAL or FORWARDED with the destination the receiver sees
     * and "masq" when the source it sees changed (SNAT, or MASQUERADE of a source other than the address the kernel
     * picks: the node's primary address for a packet that leaves, the local destination itself for one the node
     * sends to itself through lo, where the oracle's node holds its addresses), REJECTED, DROPPED.
     */
    static Set<String> simulated(List<Outcome> outcomes, Packet p) {
        Set<String> out = new TreeSet<>();
        for (Outcome o : outcomes) {
            Disposition d = o.disposition();
            if (d == Disposition.LOCAL || d == Disposition.FORWARDED) {
                IpAddress masqueradeSource = d == Disposition.LOCAL ? o.finalPacket().destination() : NODE_IP;
                boolean changed = !o.finalPacket().source().equals(p.source())
                        || o.masquerade() && !p.source().equals(masqueradeSource);
                out.add(d + " " + o.finalPacket().destinationText() + (changed ? " masq" : ""));
            } else {
                out.add(d.name());
            }
        }
        return out;
    }

    /**
     * Destinations the simulator's "a route exists" assumption holds for in the oracle's node: not loopback, not
     * 0.0.0.0/8, not multicast, broadcast or class E (the kernel answers those with ENETUNREACH).
     */
    static boolean routable(IpAddress a) {
        long first = a.lo() >>> 24;
        return !a.isLoopback() && first != 0 && first < 224;
    }

    /**
     * The oracle sees a probe delivered only when the answer comes back through the node, while the simulator judges
     * the first packet alone. So every built-in chain of filter and mangle first accepts packets of established
     * connections: the first packet of a connection (state NEW) never matches that rule, and answers pass.
     */
    static Ruleset lettingRepliesThrough(Ruleset rs) {
        java.util.Map<io.netprove.model.netfilter.TableName, io.netprove.model.netfilter.Table> tables =
                new java.util.LinkedHashMap<>();
        Match replies = new Match.CtStateIs(Set.of(CtState.ESTABLISHED, CtState.RELATED), false, false);
        for (var t : rs.tables().values()) {
            java.util.Map<String, io.netprove.model.netfilter.Chain> chains = new java.util.LinkedHashMap<>();
            for (var c : t.chains().values()) {
                boolean guard = c.isBuiltin() && (t.name() == io.netprove.model.netfilter.TableName.FILTER
                        || t.name() == io.netprove.model.netfilter.TableName.MANGLE);
                List<Rule> rules = new ArrayList<>();
                if (guard) {
                    rules.add(new Rule(List.of(replies), new Target.Accept(), Counters.ZERO, SourceLocation.NONE,
                            ""));
                }
                rules.addAll(c.rules());
                chains.put(c.name(), new io.netprove.model.netfilter.Chain(c.name(), c.policy(), c.counters(), rules,
                        c.declared()));
            }
            tables.put(t.name(), new io.netprove.model.netfilter.Table(t.name(), chains));
        }
        return new Ruleset(rs.family(), tables, rs.sources(), rs.diagnostics(), rs.assumptions());
    }

    /**
     * Regression, from a 30-rule-set run: the node sends to its own second address and nat POSTROUTING masquerades.
     * The kernel delivers it through lo from that second address (the local route's preferred source), which the
     * comparison must count as a changed source.
     */
    @Example
    void masqueradeOfALoopbackDeliveryTakesTheLocalRoutesSource() throws Exception {
        String[] why = new String[1];
        KernelOracle oracle = KernelOracle.locate(why);
        Assumptions.assumeTrue(oracle != null, () -> "kernel regression skipped: " + why[0]);
        String text = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
                + ":POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -p tcp -j MASQUERADE\nCOMMIT\n";
        IpAddress second = IptablesRulesets.NODE.get(IptablesRulesets.NODE.size() - 1);
        Assumptions.assumeTrue(!second.equals(NODE_IP), "the node has one address");
        Ruleset rs = IptablesFrontEnd.read("loopback-masquerade", text, AddressFamily.IPV4);
        Packet p = Packet.newConnection(NODE_IP, second, io.netprove.model.net.Protocol.TCP, 79);
        Path dir = Files.createTempDirectory("netprove-kernel-regression");
        String prefix = "np" + (ProcessHandle.current().pid() % 10000) + "r";
        try {
            List<KernelOracle.Answer> answers = oracle.run(prefix, dir, text, topology(prefix),
                    List.of("node@" + NODE_IP + " tcp " + second + ":79"));
            Set<String> kernel = answers.get(0).fates();
            Set<String> simulator = simulated(new NetfilterSimulator(rs, new NodeContext(NODE, false)).simulate(p), p);
            assertEquals(Set.of("LOCAL " + second + ":79 masq"), simulator);
            assertEquals(kernel, simulator, answers.get(0).json());
        } finally {
            removeScratch(dir);
        }
    }

    /** Removes a scratch folder the oracle wrote its files into (flat: the oracle makes no subfolders). */
    private static void removeScratch(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    // a fixed seed: CI compares the same sampled rule sets every run (the kernel oracle is slow and a disagreement
    // found by a wider run becomes a regression test); -Dnetprove.kernel.rulesets=N with another seed explores more
    @Property(tries = 1, seed = "20261122")
    void simulatorAgreesWithTheKernelOnSampledRulesets() throws Exception {
        String[] why = new String[1];
        KernelOracle oracle = KernelOracle.locate(why);
        Assumptions.assumeTrue(oracle != null, () -> "kernel property skipped: " + why[0]);
        Path dir = Files.createTempDirectory("netprove-kernel-property");
        String prefix = "np" + (ProcessHandle.current().pid() % 10000) + "k";
        List<String> disagreements = new ArrayList<>();
        List<Ruleset> sample = IptablesRulesets.rulesets(IptablesRulesets.Flavour.KERNEL, AddressFamily.IPV4)
                .sampleStream().limit(Budget.kernelRulesets()).toList();
        try {
            int n = 0;
            for (Ruleset generated : sample) {
                n++;
                String text = IptablesSaveWriter.write(lettingRepliesThrough(generated));
                Ruleset rs = IptablesFrontEnd.read("kernel-" + n, text, AddressFamily.IPV4);
                NetfilterSimulator sim = new NetfilterSimulator(rs, new NodeContext(NODE, false));
                RuleBoundaries edges = RuleBoundaries.of(rs, List.of(), IptablesRulesets.NODE);
                List<Packet> probes = Packets.fromClients(edges, List.of(EXTERNAL, POD, NODE_IP)).sampleStream()
                        .filter(p -> !IptablesRulesets.KERNEL_CLIENTS.contains(p.destination())
                                && routable(p.destination()))
                        .limit(PROBES).toList();
                List<String> flows = probes.stream().map(p -> host(p.source()) + "@" + p.source() + " "
                        + p.protocol().name() + " " + p.destination() + ":" + p.destinationPort()).toList();
                List<KernelOracle.Answer> answers = oracle.run(prefix + n, dir, text, topology(prefix + n), flows);
                TALLY.cases.incrementAndGet();
                for (int i = 0; i < probes.size(); i++) {
                    Set<String> kernel = answers.get(i).fates();
                    if (kernel.stream().anyMatch(k -> k.startsWith("ERROR"))) {
                        TALLY.skipped.incrementAndGet();
                        continue;
                    }
                    TALLY.checks.incrementAndGet();
                    Set<String> simulator = simulated(sim.simulate(probes.get(i)), probes.get(i));
                    if (!kernel.equals(simulator)) {
                        disagreements.add(flows.get(i) + "\n    kernel    " + kernel + "\n    simulator " + simulator
                                + "\n    oracle    " + answers.get(i).json() + "\n" + text);
                    }
                }
            }
        } finally {
            removeScratch(dir);
        }
        assertTrue(TALLY.checks.get() > 0, "some probe was compared");
        assertEquals("", disagreements.stream().limit(3).collect(Collectors.joining("\n")),
                disagreements.size() + " probes where the simulator and the kernel disagree");
    }

    @AfterContainer
    static void report() {
        TALLY.print("probes compared with the kernel");
    }
}
