package io.netprove.properties;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.IpAddress;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.RuleBoundaries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property (d): for generated Services and EndpointSlices ({@link ClusterObjectsGenerator#routedShapes}: every
 * type and protocol, external and internal traffic policy Local, local and remote endpoints, terminating ones,
 * ClientIP affinity, external IPs, load balancers with source ranges), the compiler's iptables, IPVS and nftables
 * states for one node, read back with the front ends, treat packets at the states' boundaries the same: the same
 * dispositions and endpoints (and, between iptables and nftables, the same masquerading), except the documented
 * differences of the modes ({@link CompiledModes.Difference}). Packets come from a pod on the node, a pod elsewhere,
 * an allowed and a refused external client, the node itself, or an address at the boundaries.
 */
class CrossModeCompilationProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("cross-mode-compilation");
    private static final Map<String, Long> DOCUMENTED = new TreeMap<>();

    /** Who sends a packet: these roles, else the seed's own source. */
    static final List<IpAddress> SOURCES = List.of(IpAddress.parse("10.244.0.20"), IpAddress.parse("10.244.1.30"),
            IpAddress.parse("198.51.100.7"), IpAddress.parse("203.0.113.200"), CompiledModes.NODE);

    /** A cluster's services and the packets sent at the node (each a role index, or -1, and a seed). */
    record Case(List<ClusterObjectsGenerator.ServiceShape> shapes, List<Integer> roles, List<PacketSeed> seeds) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            shapes.forEach(s -> sb.append("\n  ").append(s));
            sb.append("\n  roles ").append(roles).append("\n  seeds ").append(seeds);
            return sb.toString();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<List<ClusterObjectsGenerator.ServiceShape>> shapes = Combinators.combine(List.of(
                        ClusterObjectsGenerator.routedShapes(0), ClusterObjectsGenerator.routedShapes(1),
                        ClusterObjectsGenerator.routedShapes(2), ClusterObjectsGenerator.routedShapes(3)))
                .as(l -> l).flatMap(all -> Arbitraries.integers().between(1, all.size())
                        .map(n -> all.subList(0, n)));
        return Combinators.combine(shapes, Arbitraries.integers().between(-1, SOURCES.size() - 1).list().ofSize(24),
                PacketSeed.seeds().list().ofSize(24)).as(Case::new);
    }

    @Property(shrinking = ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void compiledModesAgreeExceptTheDocumentedDifferences(@ForAll("cases") Case c) {
        TALLY.cases.incrementAndGet();
        ClusterObjects cluster = ClusterObjectsGenerator.cluster(c.shapes());
        CompiledModes modes = CompiledModes.compile(cluster);
        RuleBoundaries edges = modes.boundaries();
        List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < c.seeds().size(); i++) {
            Packet p = c.seeds().get(i).packet(edges);
            int role = c.roles().get(i);
            if (role >= 0) {
                p = p.withSource(SOURCES.get(role), p.sourcePort());
            }
            if (modes.boundInIpvs(p.source())) {
                // in IPVS mode the node owns that address, so the simulator takes the node to send the packet
                TALLY.skipped.incrementAndGet();
                continue;
            }
            TALLY.checks.incrementAndGet();
            CompiledModes.Comparison cmp = modes.compare(p);
            cmp.documented().forEach(d -> {
                synchronized (DOCUMENTED) {
                    DOCUMENTED.merge(d.name(), 1L, Long::sum);
                }
            });
            if (cmp.unexplained() != null) {
                unexplained.add(cmp.unexplained());
            }
        }
        assertEquals(List.of(), unexplained, () -> "compiled from:\n" + cluster.services() + "\n"
                + cluster.endpointSlices());
    }

    @AfterContainer
    static void report() {
        TALLY.print("packets compared in three modes (documented differences seen: " + DOCUMENTED + ")");
    }
}
