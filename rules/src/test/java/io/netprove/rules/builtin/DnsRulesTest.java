package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import io.netprove.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsRulesTest {

    /** The DNS Service, one CoreDNS pod and one application pod. */
    private static final String CLUSTER = """
            apiVersion: v1
            kind: Service
            metadata: {name: kube-dns, namespace: kube-system}
            spec:
              clusterIP: 10.96.0.10
              selector: {k8s-app: kube-dns}
              ports:
              - {name: dns, port: 53, protocol: UDP, targetPort: dns}
              - {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: coredns-a, namespace: kube-system, labels: {k8s-app: kube-dns}}
            spec:
              nodeName: node-1
              containers:
              - name: coredns
                ports:
                - {name: dns, containerPort: 53, protocol: UDP}
                - {name: dns-tcp, containerPort: 53, protocol: TCP}
            status:
              podIP: 10.244.1.3
              conditions: [{type: Ready, status: "True"}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: shop, labels: {app: web}}
            spec:
              nodeName: node-1
              containers: [{name: main}]
            status:
              podIP: 10.244.1.5
            ---
            """;

    private static String policy(String egress) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: web-egress, namespace: shop}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  policyTypes: [Egress]
                  egress: %s
                """.formatted(egress);
    }

    private static final String TO_DNS = """
            [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}},
                    podSelector: {matchLabels: {k8s-app: kube-dns}}}],
              ports: %s}]""";

    @Test
    void denyAllEgressCutsPodsOffFromDns() {
        List<Finding> f = run("NP-DNS-001", CLUSTER + policy("[]"));
        assertEquals(1, f.size(), f.toString());
        assertEquals("NetworkPolicy shop/web-egress", f.get(0).subject());
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertTrue(f.get(0).message().contains("isolates the egress of shop/web-1"), f.get(0).message());
    }

    @Test
    void egressToTheDnsPodsOnPort53IsQuiet() {
        String ports = "[{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]";
        assertEquals(List.of(), run("NP-DNS-001", CLUSTER + policy(TO_DNS.formatted(ports))));
        assertEquals(List.of(), run("NP-DNS-002", CLUSTER + policy(TO_DNS.formatted(ports))));
    }

    @Test
    void namedPortsResolvedOnTheDnsPodsAllowDns() {
        String ports = "[{protocol: UDP, port: dns}, {protocol: TCP, port: dns-tcp}]";
        assertEquals(List.of(), run("NP-DNS-001", CLUSTER + policy(TO_DNS.formatted(ports))));
    }

    @Test
    void anIpBlockHoldingOnlyTheClusterIpDoesNotAllowDns() {
        String rule = "[{to: [{ipBlock: {cidr: 10.96.0.10/32}}], ports: [{protocol: UDP, port: 53}]}]";
        assertEquals(1, run("NP-DNS-001", CLUSTER + policy(rule)).size());
        String podBlock = "[{to: [{ipBlock: {cidr: 10.244.0.0/16}}], ports: [{protocol: UDP, port: 53}]}]";
        assertEquals(List.of(), run("NP-DNS-001", CLUSTER + policy(podBlock)));
    }

    @Test
    void anotherPolicyAllowingDnsForTheSamePodsKeepsItQuiet() {
        String other = """
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-dns, namespace: shop}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                  egress: [{ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]
                """;
        assertEquals(List.of(), run("NP-DNS-001", CLUSTER + policy("[]") + other));
    }

    @Test
    void policyAloneIsJudgedWhenThePodsAreNotDescribed() {
        List<Finding> f = run("NP-DNS-001", policy("[]"));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("unless another policy allows it"), f.get(0).message());
        assertEquals(List.of(), run("NP-DNS-001",
                policy("[{ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]")));
    }

    @Test
    void udpOnlyDnsEgressWarnsAboutTcp() {
        List<Finding> f = run("NP-DNS-002", CLUSTER + policy(TO_DNS.formatted("[{protocol: UDP, port: 53}]")));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertEquals(List.of(), run("NP-DNS-001", CLUSTER + policy(TO_DNS.formatted("[{protocol: UDP, port: 53}]"))));
    }

    @Test
    void udpOnlyDnsEgressWarnsAboutTcpWhenThePodsAreNotDescribed() {
        List<Finding> f = run("NP-DNS-002", policy("[{ports: [{protocol: UDP, port: 53}]}]"));
        assertEquals(1, f.size(), f.toString());
        assertEquals(List.of(), run("NP-DNS-002", policy("[{ports: [{protocol: UDP, port: 53}, {port: 53}]}]")));
    }

    @Test
    void denyAllEgressGivesNoTcpWarningOnTopOfTheUdpError() {
        assertEquals(List.of(), run("NP-DNS-002", CLUSTER + policy("[]")));
    }
}
