package io.netprove.properties;

import io.netprove.grammar.iptables.GeneratedCluster;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.iptables.KubeProxyDumpGenerator;
import io.netprove.grammar.iptables.KubeProxyLayout;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.verifier.cluster.ServiceCatalog;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.fuzz.FuzzFinding;
import io.netprove.verifier.fuzz.NodeFuzzer;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties over the Kubernetes side: generated Services and EndpointSlices ({@link ClusterObjectsGenerator})
 * give the service catalog kube-proxy would act on, and the fuzzer stays quiet on the dumps kube-proxy writes for
 * generated services (the grammar's {@code KubeProxyDumpGenerator}): no disagreement between concrete and symbolic
 * simulation, no dead rule outside kube-proxy's own chains (kube-proxy does write a few redundant ones: NP-FUZZ-006),
 * every DNAT inside the cluster, every endpoint-less ClusterIP rejected.
 */
class KubeProxyDumpProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("kube-proxy-dumps");

    /** Redundant rules kube-proxy writes (NP-FUZZ-006), counted: expected, and not a failure. */
    private static final java.util.concurrent.atomic.AtomicLong DEAD_KUBE_PROXY_RULES =
            new java.util.concurrent.atomic.AtomicLong();

    @Provide
    Arbitrary<List<ClusterObjectsGenerator.ServiceShape>> shapes() {
        return Combinators.combine(List.of(ClusterObjectsGenerator.shapes(0), ClusterObjectsGenerator.shapes(1),
                ClusterObjectsGenerator.shapes(2), ClusterObjectsGenerator.shapes(3))).as(l -> l)
                .flatMap(all -> Arbitraries.integers().between(1, all.size()).map(n -> all.subList(0, n)));
    }

    @Property
    void usableEndpointsAreTheReadyOnesElseTheServingTerminatingOnes(
            @ForAll("shapes") List<ClusterObjectsGenerator.ServiceShape> shapes) {
        TALLY.cases.incrementAndGet();
        ClusterObjects cluster = ClusterObjectsGenerator.cluster(shapes);
        ServiceCatalog catalog = ServiceCatalog.of(cluster);
        assertEquals(shapes.size(), catalog.ports().size());
        for (ClusterObjectsGenerator.ServiceShape s : shapes) {
            ServicePortView v = catalog.ports("ns" + (s.index() % 2), "svc" + s.index()).get(0);
            TALLY.checks.incrementAndGet();
            assertEquals(s.ready() > 0 ? s.ready() : s.terminating(), v.usableEndpoints().size(), v.key());
            assertEquals(s.ready() + s.terminating(), v.endpoints().size(), v.key());
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs().between(1, 1_000_000);
    }

    @Property(tries = 40)
    void fuzzingAKubeProxyDumpFindsNothing(@ForAll("seeds") long seed) {
        TALLY.cases.incrementAndGet();
        GeneratedCluster c = KubeProxyDumpGenerator.generate(KubeProxyDumpGenerator.Options.small(seed,
                1 + (int) (seed % 8)));
        Ruleset rs = IptablesFrontEnd.read("seed-" + seed, c.render(seed % 2 == 0), AddressFamily.IPV4);
        Set<IpAddress> node = KubeProxyLayout.NODE_ADDRESSES.stream().map(IpAddress::parse)
                .collect(Collectors.toSet());
        NetfilterSimulator sim = new NetfilterSimulator(rs, NodeContext.of(node));
        NodeFuzzer.Context ctx = new NodeFuzzer.Context(List.of(IpPrefix.parse(KubeProxyLayout.CLUSTER_CIDR)),
                node.stream().map(IpPrefix::host).toList(), ServiceCatalog.of(ClusterObjectsGenerator.of(c)));
        NodeFuzzer.Result r = new NodeFuzzer("node-1", sim, ctx, new NodeFuzzer.Options(100, seed, 200_000,
                10_000, 3)).run(new NodeFuzzer.Progress() {
                    @Override
                    public void phase(String what, int steps) {
                    }

                    @Override
                    public void step() {
                    }
                });
        TALLY.checks.addAndGet(r.packets() + r.witnesses());
        List<FuzzFinding> real = r.findings().stream().filter(f -> f.kind() != FuzzFinding.Kind.KUBE_PROXY_DEAD_RULE)
                .toList();
        DEAD_KUBE_PROXY_RULES.addAndGet(r.findings().size() - real.size());
        assertEquals(List.of(), real, () -> "seed " + seed + "\n" + c.render(true));
    }

    @AfterContainer
    static void report() {
        TALLY.print("service ports, packets and witnesses checked (" + DEAD_KUBE_PROXY_RULES.get()
                + " redundant kube-proxy rules seen)");
    }
}
