package io.netprove.verifier.kernel;

import io.netprove.grammar.iptables.GeneratedCluster;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.KubeProxyDumpGenerator;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.grammar.iptables.ProbeFlow;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import io.netprove.verifier.sim.SimulatedFates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Linux kernel as the oracle: random kube-proxy dumps from {@link KubeProxyDumpGenerator} (fixed seeds) are
 * loaded into network namespaces by {@code ../shared/tools/kernel-oracle/k8s_oracle.py}, real probes are sent with
 * every statistic branch enumerated, and each probe's outcome set is compared with the simulator's for the same
 * dump and node addresses: disposition (delivered on the node = LOCAL, on a pod or the gateway = FORWARDED,
 * ICMP error or TCP reset = REJECTED, silence = DROPPED), the endpoint reached, and masquerade where the kernel can
 * see it (the source address changed; MASQUERADE keeps a source that is already the node's primary address).
 * The kernel always gets the iptables-save rendering; the simulator gets it for even seeds and kube-proxy's restore
 * input (built-in jumps assumed) for odd ones. Skips, visibly, where the oracle cannot run.
 */
class KernelOracleTest {

    /** Random dumps (seeds 1..CASES) of 1 to 8 services, 12 to 30 probes each. */
    static final int CASES = 80;
    static final int PARALLEL_RUNS = 2;

    /**
     * Probe label suffix -> why the simulator's answer legitimately differs from the kernel's. Empty: on every case
     * generated so far the two agree exactly. An entry must say what the kernel does and why netprove does not.
     */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    /** The node's addresses in the oracle topology: the layout's two, and the link address of every veth. */
    static final Set<IpAddress> NODE = Stream.concat(KubeProxyLayout.NODE_ADDRESSES.stream(),
            Stream.of(OracleTopology.LINK_ADDRESS)).map(IpAddress::parse).collect(Collectors.toSet());

    record Comparison(long seed, ProbeFlow flow, Set<String> kernel, Set<String> simulator, Set<String> generator,
                      String kernelJson) {

        boolean agrees() {
            return kernel.equals(simulator);
        }

        String knownDifference() {
            return KNOWN_DIFFERENCES.entrySet().stream().filter(e -> flow.label().endsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "seed " + seed + " " + flow + "\n    kernel    " + kernel + "\n    simulator " + simulator
                    + "\n    generator " + generator + "\n    oracle    " + kernelJson;
        }
    }

    @Test
    void simulatorAgreesWithTheKernelOnRandomKubeProxyDumps() throws Exception {
        String[] why = new String[1];
        KernelOracle oracle = KernelOracle.locate(why);
        Assumptions.assumeTrue(oracle != null, () -> "kernel oracle test skipped: " + why[0]);
        Path dir = Files.createTempDirectory("netprove-kernel-oracle");
        String prefix = "nk" + (ProcessHandle.current().pid() % 10000) + "s";
        long started = System.nanoTime();
        List<Comparison> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_RUNS);
        try {
            List<Future<List<Comparison>>> runs = new ArrayList<>();
            for (long seed = 1; seed <= CASES; seed++) {
                long s = seed;
                runs.add(pool.submit(() -> runCase(oracle, dir, prefix + s, s)));
            }
            for (Future<List<Comparison>> f : runs) {
                all.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        List<Comparison> disagreements = all.stream().filter(c -> !c.agrees() && c.knownDifference() == null)
                .toList();
        long known = all.stream().filter(c -> !c.agrees() && c.knownDifference() != null).count();
        long agreements = all.stream().filter(Comparison::agrees).count();
        long generatorAgrees = all.stream().filter(c -> c.generator().equals(c.kernel())).count();
        long branches = all.stream().mapToLong(c -> c.kernel().size()).sum();
        Map<ProbeFlow.Source, Long> bySource = all.stream().collect(Collectors.groupingBy(c -> c.flow().source(),
                java.util.TreeMap::new, Collectors.counting()));
        Set<String> kinds = new HashSet<>();
        all.forEach(c -> c.kernel().forEach(k -> kinds.add(k.replaceAll(" \\S+:\\d+", ""))));
        System.err.printf("kernel oracle: %d cases, %d probes (%d distinct kernel outcomes), %d agreements with the"
                        + " simulator (%.1f%%), %d known differences, %d disagreements; generator model agrees on %d;"
                        + " outcome kinds %s; probes by source %s; %.1f s%n", CASES, all.size(), branches, agreements,
                100.0 * agreements / all.size(), known, disagreements.size(), generatorAgrees,
                kinds.stream().sorted().toList(), bySource, (System.nanoTime() - started) / 1e9);
        assertTrue(all.size() >= CASES * 12, all.size() + " probes");
        assertEquals(ProbeFlow.Source.values().length, bySource.size(), "probes from every kind of source: "
                + bySource);
        assertTrue(kinds.containsAll(Set.of("FORWARDED", "FORWARDED masq", "LOCAL", "DROPPED", "REJECTED")),
                "every kind of outcome was exercised: " + kinds);
        assertEquals("", disagreements.stream().sorted(Comparator.comparingLong(Comparison::seed)).limit(15)
                .map(Comparison::toString).collect(Collectors.joining("\n")), disagreements.size()
                + " probes where the simulator and the kernel disagree");
    }

    private static List<Comparison> runCase(KernelOracle oracle, Path dir, String prefix, long seed)
            throws IOException, InterruptedException {
        GeneratedCluster cluster = KubeProxyDumpGenerator.generate(
                KubeProxyDumpGenerator.Options.small(seed, 1 + (int) (seed % 8)));
        List<ProbeFlow> flows = cluster.probes(seed * 31, 12 + (int) ((seed * 7) % 19));
        boolean saveForm = seed % 2 == 0;
        Ruleset rs = IptablesFrontEnd.read("seed-" + seed, cluster.render(saveForm), AddressFamily.IPV4);
        NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(NODE));
        List<KernelOracle.Answer> answers = oracle.run(prefix, dir, cluster.render(true),
                OracleTopology.json(prefix, cluster, flows), OracleTopology.flowLines(flows));
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            ProbeFlow f = flows.get(i);
            boolean masqueradeShows = !f.sourceIp().equals(KubeProxyLayout.NODE_IP);
            Set<String> simulated = SimulatedFates.of(sim.simulate(SimulatedFates.packet(f)), o -> masqueradeShows);
            Set<String> generated = SimulatedFates.expected(f).stream()
                    .map(e -> masqueradeShows ? e : e.replace(" masq", ""))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            out.add(new Comparison(seed, f, answers.get(i).fates(), simulated, generated, answers.get(i).json()));
        }
        return out;
    }
}
