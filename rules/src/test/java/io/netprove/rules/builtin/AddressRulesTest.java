package io.netprove.rules.builtin;

import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import io.netprove.rules.Severity;
import io.netprove.rules.facts.RuleContext;
import io.netprove.rules.facts.Zone;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressRulesTest {

    private static String node(String name, String podCidr, String address) {
        return """
                apiVersion: v1
                kind: Node
                metadata: {name: %s}
                spec: {podCIDR: %s, podCIDRs: [%s]}
                status:
                  addresses: [{type: InternalIP, address: %s}]
                ---
                """.formatted(name, podCidr, podCidr, address);
    }

    private static final String NODES = node("node-1", "10.244.1.0/24", "192.168.0.2")
            + node("node-2", "10.244.2.0/24", "192.168.0.3");

    private static List<IpPrefix> cidrs(String... texts) {
        return java.util.Arrays.stream(texts).map(IpPrefix::parse).toList();
    }

    private static LintInput withNetworks(String yaml, List<IpPrefix> pods, List<IpPrefix> services) {
        return LintInput.of(cluster(yaml)).withContext(RuleContext.DEFAULT.withNetworks(pods, services, List.of()));
    }

    private static LintInput withZones(String yaml, Zone... zones) {
        return LintInput.of(cluster(yaml)).withContext(RuleContext.DEFAULT
                .withNetworks(cidrs("10.244.0.0/16"), cidrs("10.96.0.0/12"), List.of()).withZones(List.of(zones)));
    }

    private static Zone zone(String name, String... blocks) {
        return new Zone(name, cidrs(blocks), SourceLocation.of("intent.np", 3));
    }

    @Test
    void podNetworkOverlappingTheServiceNetworkFiresOnce() {
        List<Finding> f = run("NP-ADDR-001", withNetworks(NODES, cidrs("10.0.0.0/8"), cidrs("10.96.0.0/12")));
        assertEquals(1, f.size(), f.toString());
        assertEquals("pod network (10.0.0.0/8)", f.get(0).subject());
        assertTrue(f.get(0).message().contains("service network (10.96.0.0/12)"), f.get(0).message());
    }

    @Test
    void clusterIpInsideANodePodCidrFires() {
        String service = """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec: {clusterIP: 10.244.2.9, ports: [{port: 80}]}
                """;
        List<Finding> f = run("NP-ADDR-001", LintInput.of(cluster(NODES + service)));
        assertEquals(1, f.size(), f.toString());
        assertEquals("pod CIDR of node node-2 (10.244.2.0/24)", f.get(0).subject());
        assertTrue(f.get(0).message().contains("cluster IP of shop/web (10.244.2.9)"), f.get(0).message());
    }

    @Test
    void disjointPodAndServiceNetworksAreQuiet() {
        assertEquals(List.of(), run("NP-ADDR-001",
                withNetworks(NODES, cidrs("10.244.0.0/16"), cidrs("10.96.0.0/12"))));
    }

    @Test
    void nodeAddressInsideThePodNetworkFires() {
        String yaml = node("node-1", "10.244.1.0/24", "10.244.200.1");
        List<Finding> f = run("NP-ADDR-002", withNetworks(yaml, cidrs("10.244.0.0/16"), List.of()));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("address of node node-1 (10.244.200.1)"), f.get(0).message());
        assertEquals("cluster.yaml", f.get(0).location().file());
    }

    @Test
    void nodeAddressesOutsideTheClusterNetworksAreQuiet() {
        assertEquals(List.of(), run("NP-ADDR-002",
                withNetworks(NODES, cidrs("10.244.0.0/16"), cidrs("10.96.0.0/12"))));
    }

    @Test
    void twoNodesWithTheSamePodCidrFire() {
        String yaml = node("node-1", "10.244.1.0/24", "192.168.0.2") + node("node-2", "10.244.1.0/24", "192.168.0.3");
        List<Finding> f = run("NP-ADDR-003", LintInput.of(cluster(yaml)));
        assertEquals(1, f.size(), f.toString());
        assertEquals("pod CIDR of node node-1 (10.244.1.0/24)", f.get(0).subject());
    }

    @Test
    void nodesWithTheirOwnPodCidrsAreQuiet() {
        assertEquals(List.of(), run("NP-ADDR-003", LintInput.of(cluster(NODES))));
    }

    @Test
    void zoneOverlappingThePodNetworkFiresAtTheZone() {
        List<Finding> f = run("NP-ADDR-004", withZones(NODES, zone("office", "10.244.128.0/17")));
        assertEquals(1, f.size(), f.toString());
        assertEquals("pod network (10.244.0.0/16)", f.get(0).subject());
        assertTrue(f.get(0).message().contains("zone office (10.244.128.0/17)"), f.get(0).message());
        assertEquals("intent.np", f.get(0).location().file());
    }

    @Test
    void zoneOutsideTheClusterNetworksIsQuiet() {
        assertEquals(List.of(), run("NP-ADDR-004", withZones(NODES, zone("office", "172.16.0.0/12"))));
    }

    @Test
    void overlappingZonesWarn() {
        List<Finding> f = run("NP-ADDR-005",
                withZones(NODES, zone("office", "172.16.0.0/12"), zone("vpn", "172.20.0.0/16")));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertEquals("zone office (172.16.0.0/12)", f.get(0).subject());
    }

    @Test
    void disjointZonesAreQuiet() {
        assertEquals(List.of(), run("NP-ADDR-005",
                withZones(NODES, zone("office", "172.16.0.0/16"), zone("vpn", "172.20.0.0/16"))));
    }
}
