package io.netprove.rules.builtin;

import io.netprove.model.net.PortRange;
import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import io.netprove.rules.facts.RuleContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortRulesTest {

    private static String nodePortService(String name, int nodePort, String protocol) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: shop}
                spec:
                  type: NodePort
                  selector: {app: %s}
                  ports: [{name: p, port: 80, protocol: %s, nodePort: %d}]
                ---
                """.formatted(name, name, protocol, nodePort);
    }

    private static String pod(String name, String node, boolean hostNetwork, String ports) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: shop}
                spec:
                  nodeName: %s
                  hostNetwork: %s
                  containers: [{name: main, ports: %s}]
                ---
                """.formatted(name, node, hostNetwork, ports);
    }

    @Test
    void nodePortOutsideTheRangeFires() {
        List<Finding> f = run("NP-PORT-001", nodePortService("web", 8080, "TCP"));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("nodePort 8080 is outside the node-port range 30000-32767"),
                f.get(0).message());
    }

    @Test
    void nodePortInsideAConfiguredRangeIsQuiet() {
        assertEquals(List.of(), run("NP-PORT-001", nodePortService("web", 30080, "TCP")));
        LintInput wide = LintInput.of(cluster(nodePortService("web", 8080, "TCP")))
                .withContext(RuleContext.DEFAULT.withNodePortRange(new PortRange(1, 32767)));
        assertEquals(List.of(), run("NP-PORT-001", wide));
    }

    @Test
    void nodePortOfTwoServicesFires() {
        List<Finding> f = run("NP-PORT-002", nodePortService("api", 30080, "TCP")
                + nodePortService("web", 30080, "UDP"));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Service shop/api port p", f.get(0).subject());
        assertTrue(f.get(0).message().contains("Service shop/web port p"), f.get(0).message());
    }

    @Test
    void distinctNodePortsAreQuiet() {
        assertEquals(List.of(), run("NP-PORT-002", nodePortService("api", 30081, "TCP")
                + nodePortService("web", 30080, "TCP")));
    }

    @Test
    void hostPortTakenByTwoPodsOnOneNodeFires() {
        String ports = "[{containerPort: 8080, hostPort: 80}]";
        List<Finding> f = run("NP-PORT-003", pod("a", "node-1", false, ports) + pod("b", "node-1", false, ports));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Pod shop/a", f.get(0).subject());
        assertTrue(f.get(0).message().contains("host port 80/tcp on node node-1"), f.get(0).message());
    }

    @Test
    void hostPortOnDifferentNodesOrAddressesIsQuiet() {
        String ports = "[{containerPort: 8080, hostPort: 80}]";
        assertEquals(List.of(), run("NP-PORT-003",
                pod("a", "node-1", false, ports) + pod("b", "node-2", false, ports)));
        assertEquals(List.of(), run("NP-PORT-003",
                pod("a", "node-1", false, "[{containerPort: 8080, hostPort: 80, hostIP: 192.168.0.2}]")
                + pod("b", "node-1", false, "[{containerPort: 8080, hostPort: 80, hostIP: 192.168.0.9}]")));
    }

    @Test
    void hostNetworkPodsOnTheSamePortFire() {
        String ports = "[{containerPort: 9100}]";
        List<Finding> f = run("NP-PORT-004", pod("exporter-a", "node-1", true, ports)
                + pod("exporter-b", "node-1", true, ports));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("listens on 9100/tcp"), f.get(0).message());
        assertEquals(List.of(), run("NP-PORT-003", pod("exporter-a", "node-1", true, ports)
                + pod("exporter-b", "node-1", true, ports)));
    }

    @Test
    void hostNetworkPodsOnDifferentPortsAreQuiet() {
        assertEquals(List.of(), run("NP-PORT-004", pod("exporter-a", "node-1", true, "[{containerPort: 9100}]")
                + pod("exporter-b", "node-1", true, "[{containerPort: 9101}]")));
    }
}
