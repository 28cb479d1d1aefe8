package io.netprove.rules.builtin;

import io.netprove.model.netfilter.SourceLocation;
import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import io.netprove.rules.Severity;
import io.netprove.rules.facts.ExternalRequirement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExposureRulesTest {

    private static String service(String type, String extra) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                spec:
                  type: %s
                  clusterIP: 10.96.0.11
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: 8080, nodePort: 30080}]
                %s
                ---
                """.formatted(type, extra);
    }

    private static LintInput requiredFromOutside(String yaml) {
        ExternalRequirement r = new ExternalRequirement("web from internet", SourceLocation.of("intent.np", 7),
                "shop", "web");
        return LintInput.of(cluster(yaml)).withExtraFacts(List.of(r));
    }

    @Test
    void clusterIpServiceRequiredFromOutsideFires() {
        List<Finding> f = run("NP-EXP-001", requiredFromOutside(service("ClusterIP", "").replace(", nodePort: 30080", "")));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("statement 'web from internet' (intent.np:7)"), f.get(0).message());
        assertEquals("cluster.yaml", f.get(0).location().file());
    }

    @Test
    void nodePortServiceRequiredFromOutsideIsQuiet() {
        assertEquals(List.of(), run("NP-EXP-001", requiredFromOutside(service("NodePort", ""))));
        assertEquals(List.of(), run("NP-EXP-001",
                LintInput.of(cluster(service("ClusterIP", "").replace(", nodePort: 30080", "")))));
    }

    @Test
    void loadBalancerWithoutIngressAddressWarns() {
        List<Finding> f = run("NP-EXP-002", service("LoadBalancer", ""));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertTrue(f.get(0).message().contains("MetalLB"), f.get(0).message());
    }

    @Test
    void loadBalancerWithAnIngressAddressIsQuiet() {
        assertEquals(List.of(), run("NP-EXP-002",
                service("LoadBalancer", "status: {loadBalancer: {ingress: [{ip: 203.0.113.50}]}}")));
    }

    private static final String TWO_NODES_ONE_ENDPOINT = """
            apiVersion: v1
            kind: Node
            metadata: {name: node-1}
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: node-2}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-a, namespace: shop, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            endpoints: [{addresses: [10.244.1.5], conditions: {ready: true}, nodeName: node-1}]
            ports: [{name: http, port: 8080, protocol: TCP}]
            """;

    @Test
    void localTrafficPolicyWithANodeWithoutEndpointWarns() {
        List<Finding> f = run("NP-EXP-003", service("NodePort", "  externalTrafficPolicy: Local")
                + TWO_NODES_ONE_ENDPOINT);
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("some nodes have no ready endpoint of it (node-2)"), f.get(0).message());
    }

    @Test
    void clusterTrafficPolicyIsQuiet() {
        assertEquals(List.of(), run("NP-EXP-003", service("NodePort", "") + TWO_NODES_ONE_ENDPOINT));
    }
}
