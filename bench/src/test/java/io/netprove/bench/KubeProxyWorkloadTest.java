package io.netprove.bench;

import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.verifier.sim.NetfilterSimulator;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark workload traces what it claims to: a smaller cluster of the same shape. */
class KubeProxyWorkloadTest {

    @Test
    void packetMixHitsServicesWithEveryEndpointAndMissesPassUntouched() {
        KubeProxyWorkload w = new KubeProxyWorkload(300, 5, 1);
        NetfilterSimulator sim = w.simulator();
        List<KubeProxyWorkload.Probe> mix = w.packetMix(1000, 42);
        Map<KubeProxyWorkload.Kind, Integer> counts = new EnumMap<>(KubeProxyWorkload.Kind.class);
        for (KubeProxyWorkload.Probe p : mix) {
            counts.merge(p.kind(), 1, Integer::sum);
            List<Outcome> outcomes = sim.simulate(p.packet());
            Set<String> reached = outcomes.stream().filter(o -> o.disposition() == Disposition.FORWARDED)
                    .map(o -> o.finalPacket().destinationText()).collect(Collectors.toSet());
            Set<String> endpoints = p.service().endpoints().stream().map(e -> e.address())
                    .collect(Collectors.toSet());
            switch (p.kind()) {
                case CLUSTER_IP -> assertEquals(endpoints, reached, p.packet().toString());
                case NODE_PORT -> assertTrue(!reached.isEmpty() && endpoints.containsAll(reached),
                        p.packet() + " reached " + reached);
                case MISS -> assertTrue(outcomes.size() == 1
                        && outcomes.get(0).finalPacket().destination().equals(p.packet().destination()),
                        p.packet() + ": " + outcomes.size() + " outcomes, reached " + reached);
            }
        }
        assertTrue(counts.get(KubeProxyWorkload.Kind.CLUSTER_IP) > 500 && counts.get(KubeProxyWorkload.Kind.MISS) > 150
                && counts.get(KubeProxyWorkload.Kind.NODE_PORT) > 150, counts.toString());
    }
}
