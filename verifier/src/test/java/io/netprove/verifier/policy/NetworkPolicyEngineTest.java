package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.KubeObject;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.netprove.verifier.policy.Manifests.cluster;
import static io.netprove.verifier.policy.Manifests.ip;
import static io.netprove.verifier.policy.Manifests.labels;
import static io.netprove.verifier.policy.Manifests.namespace;
import static io.netprove.verifier.policy.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NetworkPolicy v1 semantics, one point per test, through both the concrete and the set-valued answers. */
class NetworkPolicyEngineTest {

    private static final String NAMESPACES = namespace("a", "team=a") + "---\n" + namespace("b", "team=b");
    private static final String SERVER = pod("a", "server", "10.0.0.10", labels("role=server"), "http:80",
            "web:8080", "dns:53/UDP");
    private static final String A_CLIENT = pod("a", "client", "10.0.0.11", labels("role=client"), "web:7000");
    private static final String B_CLIENT = pod("b", "client", "10.0.1.11", labels("role=client"));
    private static final String B_OTHER = pod("b", "other", "10.0.1.12", labels("role=other"));

    private static NetworkPolicyEngine policies(String... documents) {
        return NetworkPolicyEngine.of(cluster(documents));
    }

    private static boolean allowed(NetworkPolicyEngine p, String src, String dst, Protocol protocol, int port) {
        PolicyDecision d = p.decide(ip(src), ip(dst), protocol, port);
        // every concrete answer in these tests is also checked against the set-valued answers
        assertSetAgrees(p, ip(src), ip(dst), protocol, port, d);
        return d.allowed();
    }

    private static boolean tcp(NetworkPolicyEngine p, String src, String dst, int port) {
        return allowed(p, src, dst, Protocol.TCP, port);
    }

    private static void assertSetAgrees(NetworkPolicyEngine p, IpAddress src, IpAddress dst, Protocol protocol, int port,
                                        PolicyDecision d) {
        PolicyEndpoint from = p.endpoint(src);
        PolicyEndpoint to = p.endpoint(dst);
        if (to instanceof PolicyEndpoint.PodEndpoint) {
            Pod pod = ((PolicyEndpoint.PodEndpoint) to).pod();
            assertEquals(d.ingress().allows(), p.allowedSources(pod, src.family(), protocol, port)
                    .contains(src.hi(), src.lo()), "ingress set vs " + d);
        }
        if (from instanceof PolicyEndpoint.PodEndpoint) {
            Pod pod = ((PolicyEndpoint.PodEndpoint) from).pod();
            assertEquals(d.egress().allows(), p.allowedDestinations(pod, dst.family(), protocol, port)
                    .contains(dst.hi(), dst.lo()), "egress set vs " + d);
        }
    }

    private static IntervalSet set(String... prefixes) {
        IntervalSet out = IntervalSet.empty(32);
        for (String prefix : prefixes) {
            out = out.union(IntervalSet.of(IpPrefix.parse(prefix)));
        }
        return out;
    }

    // ---- peers ----

    @Test
    void bothSelectorsInOnePeerMeanTheirIntersectionAndSeparatePeersTheirUnion() {
        String together = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: together, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {team: b}}
                      podSelector: {matchLabels: {role: client}}
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, A_CLIENT, B_CLIENT, B_OTHER, together);
        assertTrue(tcp(p, "10.0.1.11", "10.0.0.10", 80), "b/client: both selectors match");
        assertFalse(tcp(p, "10.0.1.12", "10.0.0.10", 80), "b/other: namespace matches, pod does not");
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.10", 80), "a/client: pod matches, namespace does not");
        Pod server = Manifests.pod(cluster(NAMESPACES, SERVER), "a/server");
        assertEquals(set("10.0.1.11/32"), p.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 80));

        String separate = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: separate, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - namespaceSelector: {matchLabels: {team: b}}
                    - podSelector: {matchLabels: {role: client}}
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, SERVER, A_CLIENT, B_CLIENT, B_OTHER, separate);
        assertTrue(tcp(q, "10.0.1.11", "10.0.0.10", 80));
        assertTrue(tcp(q, "10.0.1.12", "10.0.0.10", 80), "b/other: the namespace peer alone matches");
        assertTrue(tcp(q, "10.0.0.11", "10.0.0.10", 80), "a/client: the pod peer matches in the policy's namespace");
        assertFalse(tcp(q, "203.0.113.5", "10.0.0.10", 80), "outside addresses match no selector");
        assertEquals(set("10.0.0.11/32", "10.0.1.11/32", "10.0.1.12/32"),
                q.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 80));
    }

    @Test
    void aPodSelectorPeerAloneMeansThePolicysOwnNamespace() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: clients, namespace: a}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - podSelector: {matchLabels: {role: client}}
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, A_CLIENT, B_CLIENT, policy);
        assertTrue(tcp(p, "10.0.0.11", "10.0.0.10", 80));
        assertFalse(tcp(p, "10.0.1.11", "10.0.0.10", 80), "same labels in namespace b do not match");
    }

    @Test
    void anEmptyNamespaceSelectorMeansEveryNamespaceAndAnEmptyFromEverySource() {
        String allNamespaces = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: all-ns, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - namespaceSelector: {}
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, B_OTHER, allNamespaces);
        assertTrue(tcp(p, "10.0.1.12", "10.0.0.10", 80));
        assertFalse(tcp(p, "198.51.100.1", "10.0.0.10", 80), "pods of every namespace, but no outside address");

        String anySource = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: any, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - ports: [{port: 80}]
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, SERVER, B_OTHER, anySource);
        assertTrue(tcp(q, "198.51.100.1", "10.0.0.10", 80));
        assertFalse(tcp(q, "198.51.100.1", "10.0.0.10", 81));
        Pod server = Manifests.pod(cluster(NAMESPACES, SERVER), "a/server");
        assertTrue(q.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 80).isFull());
        assertTrue(q.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 81).isEmpty());
    }

    @Test
    void ipBlockExceptLeavesTheExceptedRangesOut() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: office, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 192.168.0.0/16, except: [192.168.5.0/24, 192.168.9.128/25]}
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, policy);
        assertTrue(tcp(p, "192.168.1.1", "10.0.0.10", 80));
        assertFalse(tcp(p, "192.168.5.7", "10.0.0.10", 80));
        assertTrue(tcp(p, "192.168.9.127", "10.0.0.10", 80));
        assertFalse(tcp(p, "192.168.9.128", "10.0.0.10", 80));
        assertFalse(tcp(p, "172.16.0.1", "10.0.0.10", 80));
        Pod server = Manifests.pod(cluster(NAMESPACES, SERVER), "a/server");
        assertEquals(set("192.168.0.0/16").minus(set("192.168.5.0/24", "192.168.9.128/25")),
                p.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 80));
        assertTrue(p.allowedSources(server, AddressFamily.IPV6, Protocol.TCP, 80).isEmpty(),
                "an IPv4 block allows no IPv6 source");
    }

    @Test
    void ipBlocksMatchPodAddressesUnlessTheScopeSaysOutsidePodsOnly() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: ten, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - ipBlock: {cidr: 10.0.0.0/8}
                """;
        ClusterObjects c = cluster(NAMESPACES, SERVER, B_CLIENT, policy);
        NetworkPolicyEngine every = NetworkPolicyEngine.of(c);
        NetworkPolicyEngine outside = NetworkPolicyEngine.of(c, PolicyAssumptions.DOCUMENTED.withIpBlockScope(IpBlockScope.OUTSIDE_PODS_ONLY));
        assertEquals(IpBlockScope.EVERY_ADDRESS, every.assumptions().ipBlockScope());
        assertTrue(tcp(every, "10.0.1.11", "10.0.0.10", 80), "pod b/client's address is in the block");
        assertFalse(tcp(outside, "10.0.1.11", "10.0.0.10", 80), "a pod is matched by selectors only");
        assertTrue(tcp(outside, "10.200.0.1", "10.0.0.10", 80), "an address no pod holds still matches");
        Pod server = Manifests.pod(c, "a/server");
        assertEquals(set("10.0.0.0/8").minus(set("10.0.0.10/32", "10.0.1.11/32")),
                outside.allowedSources(server, AddressFamily.IPV4, Protocol.TCP, 80));
    }

    @Test
    void ipv6BlocksApplyToIpv6AddressesOnly() {
        String dual = """
                apiVersion: v1
                kind: Pod
                metadata: {name: dual, namespace: a, labels: {role: server}}
                spec: {containers: [{name: main}]}
                status:
                  phase: Running
                  podIPs: [{ip: 10.0.0.20}, {ip: "fd00:1::20"}]
                """;
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: v6, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from:
                    - ipBlock: {cidr: "fd00:2::/64"}
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, dual, policy);
        assertTrue(tcp(p, "fd00:2::7", "fd00:1::20", 80));
        assertFalse(tcp(p, "fd00:3::7", "fd00:1::20", 80));
        assertFalse(tcp(p, "192.0.2.1", "10.0.0.20", 80));
        Pod pod = Manifests.pod(cluster(NAMESPACES, dual), "a/dual");
        assertEquals(IntervalSet.of(IpPrefix.parse("fd00:2::/64")),
                p.allowedSources(pod, AddressFamily.IPV6, Protocol.TCP, 80));
        assertTrue(p.allowedSources(pod, AddressFamily.IPV4, Protocol.TCP, 80).isEmpty());
    }

    // ---- ports ----

    @Test
    void endPortMakesAnInclusiveRangeOfOneProtocol() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: range, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - ports: [{port: 8000, endPort: 8080}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, policy);
        assertFalse(tcp(p, "198.51.100.1", "10.0.0.10", 7999));
        assertTrue(tcp(p, "198.51.100.1", "10.0.0.10", 8000));
        assertTrue(tcp(p, "198.51.100.1", "10.0.0.10", 8080));
        assertFalse(tcp(p, "198.51.100.1", "10.0.0.10", 8081));
        assertFalse(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.UDP, 8000), "protocol defaults to TCP");
        assertEquals(List.of(new PortRange(0, 7999), new PortRange(8000, 8080), new PortRange(8081, 65535)),
                p.portClasses(Protocol.TCP));
        assertEquals(List.of(PortRange.ALL), p.portClasses(Protocol.UDP));
    }

    @Test
    void protocolsAreMatchedAndARuleWithoutPortsAllowsEveryProtocol() {
        String dnsOnly = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: dns, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - ports: [{protocol: UDP, port: 53}, {protocol: SCTP}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, dnsOnly);
        assertTrue(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.UDP, 53));
        assertFalse(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.TCP, 53));
        assertTrue(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.SCTP, 9999), "SCTP without a port: all ports");
        assertFalse(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.ICMP, 0), "ports listed: ICMP matches none");

        String anything = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-b, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {team: b}}}]
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, SERVER, B_CLIENT, anything);
        assertTrue(allowed(q, "10.0.1.11", "10.0.0.10", Protocol.ICMP, 0), "no ports: every protocol");
        assertFalse(allowed(q, "198.51.100.1", "10.0.0.10", Protocol.ICMP, 0));
    }

    @Test
    void namedPortsResolveOnTheDestinationPodInEgressRulesToo() {
        String server1 = pod("a", "server1", "10.0.0.21", labels("role=server"), "web:8080");
        String server2 = pod("a", "server2", "10.0.0.22", labels("role=server"), "web:9090");
        String egress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: client-web, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: client}}
                  policyTypes: [Egress]
                  egress:
                  - ports: [{port: web}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, A_CLIENT, server1, server2, egress);
        assertTrue(tcp(p, "10.0.0.11", "10.0.0.21", 8080));
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.21", 9090));
        assertTrue(tcp(p, "10.0.0.11", "10.0.0.22", 9090));
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.22", 8080));
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.21", 7000), "the source's own 'web' (7000) does not count");
        assertFalse(tcp(p, "10.0.0.11", "203.0.113.9", 8080), "an outside address has no named ports");
        Pod client = Manifests.pod(cluster(NAMESPACES, A_CLIENT), "a/client");
        assertEquals(set("10.0.0.21/32"), p.allowedDestinations(client, AddressFamily.IPV4, Protocol.TCP, 8080));
        assertEquals(set("10.0.0.22/32"), p.allowedDestinations(client, AddressFamily.IPV4, Protocol.TCP, 9090));
        // every port a pod names 'web' is cut out, the source's 7000 too: finer than needed, still exact
        assertEquals(List.of(new PortRange(0, 6999), new PortRange(7000, 7000), new PortRange(7001, 8079),
                new PortRange(8080, 8080), new PortRange(8081, 9089), new PortRange(9090, 9090),
                new PortRange(9091, 65535)), p.portClasses(Protocol.TCP));

        String ingress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: server-web, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - ports: [{port: web}]
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, A_CLIENT, server1, server2, ingress);
        assertTrue(tcp(q, "198.51.100.1", "10.0.0.21", 8080));
        assertFalse(tcp(q, "198.51.100.1", "10.0.0.21", 9090));
        assertTrue(tcp(q, "198.51.100.1", "10.0.0.22", 9090));
    }

    // ---- isolation ----

    @Test
    void policyTypesDefaultToIngressPlusEgressWhenThereAreEgressRules() {
        String withEgressRules = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: out-only-rules, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: client}}
                  egress:
                  - to: [{ipBlock: {cidr: 198.51.100.0/24}}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, A_CLIENT, SERVER, withEgressRules);
        Pod client = Manifests.pod(cluster(NAMESPACES, A_CLIENT), "a/client");
        assertTrue(p.isolated(client, PolicyType.INGRESS), "Ingress is always defaulted in");
        assertTrue(p.isolated(client, PolicyType.EGRESS), "Egress because of the egress rules");
        assertFalse(tcp(p, "10.0.0.10", "10.0.0.11", 80), "ingress isolated with no ingress rules");
        assertTrue(tcp(p, "10.0.0.11", "198.51.100.7", 80));
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.10", 80));

        String emptyEgress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: empty-egress, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: client}}
                  egress: []
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, A_CLIENT, SERVER, emptyEgress);
        assertFalse(q.isolated(client, PolicyType.EGRESS), "an empty egress list does not isolate egress");
        assertTrue(tcp(q, "10.0.0.11", "10.0.0.10", 80));
        assertFalse(tcp(q, "10.0.0.10", "10.0.0.11", 80));

        String egressOnly = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: egress-only, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: client}}
                  policyTypes: [Egress]
                  ingress:
                  - from: [{ipBlock: {cidr: 192.0.2.0/24}}]
                """;
        NetworkPolicyEngine r = policies(NAMESPACES, A_CLIENT, SERVER, egressOnly);
        assertFalse(r.isolated(client, PolicyType.INGRESS), "written policyTypes win over the rules present");
        assertTrue(tcp(r, "10.0.0.10", "10.0.0.11", 80));
        assertFalse(tcp(r, "10.0.0.11", "10.0.0.10", 80), "egress isolated with no egress rules");
    }

    @Test
    void aPolicyBuiltWithoutPolicyTypesGetsTheApiDefault() {
        SourceLocation at = SourceLocation.of("built.yaml", 1);
        NetworkPolicyRule toOffice = new NetworkPolicyRule(
                List.of(new NetworkPolicyPeer.IpBlockPeer(IpPrefix.parse("192.0.2.0/24"), List.of())), List.of(), at);
        NetworkPolicy undefaulted = new NetworkPolicy(ObjectMeta.namespaced("a", "raw", Map.of()), at,
                LabelSelector.EVERYTHING, List.of(), List.of(), List.of(toOffice));
        ClusterObjects c = cluster(NAMESPACES, A_CLIENT);
        NetworkPolicyEngine p = NetworkPolicyEngine.of(with(c, undefaulted));
        Pod client = Manifests.pod(c, "a/client");
        assertTrue(p.isolated(client, PolicyType.INGRESS));
        assertTrue(p.isolated(client, PolicyType.EGRESS));
        assertTrue(tcp(p, "10.0.0.11", "192.0.2.1", 80));
        assertFalse(tcp(p, "10.0.0.11", "192.0.3.1", 80));
    }

    @Test
    void defaultDenyIsolatesItsNamespaceOnlyAndPoliciesAdd() {
        String deny = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny-all, namespace: a}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, B_CLIENT, deny);
        PolicyDecision d = p.decide(ip("10.0.1.11"), ip("10.0.0.10"), Protocol.TCP, 80);
        assertFalse(d.allowed());
        assertInstanceOf(DirectionVerdict.Denied.class, d.ingress());
        assertEquals(List.of("a/deny-all"), ((DirectionVerdict.Denied) d.ingress()).isolatedBy().stream()
                .map(r -> r.namespace() + "/" + r.name()).toList());
        assertTrue(d.explain().startsWith("denied: egress of b/client: not isolated"), d.explain());
        assertTrue(d.explain().contains("ingress of a/server: denied: isolated by a/deny-all (test.yaml:"),
                d.explain());
        assertTrue(tcp(p, "10.0.0.10", "10.0.1.11", 80), "namespace b is not isolated");

        String allow = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: allow-b, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {team: b}}}]
                    ports: [{port: 80}]
                """;
        NetworkPolicyEngine q = policies(NAMESPACES, SERVER, B_CLIENT, deny, allow);
        PolicyDecision e = q.decide(ip("10.0.1.11"), ip("10.0.0.10"), Protocol.TCP, 80);
        assertTrue(e.allowed());
        DirectionVerdict.AllowedByRule by = assertInstanceOf(DirectionVerdict.AllowedByRule.class, e.ingress());
        assertEquals("allow-b", by.policy().name());
        assertEquals(0, by.ruleIndex());
        assertEquals("test.yaml", by.rule().file());
        assertTrue(by.rule().line() > by.policy().location().line(), "the rule is inside the policy");
        assertTrue(e.explain().contains("allowed by a/allow-b (test.yaml:"), e.explain());
        assertTrue(e.explain().contains("spec.ingress[0] (test.yaml:"), e.explain());
        DirectionVerdict denied = q.decide(ip("10.0.1.11"), ip("10.0.0.10"), Protocol.TCP, 81).ingress();
        assertEquals(2, ((DirectionVerdict.Denied) denied).isolatedBy().size(), "both policies isolate it");
    }

    @Test
    void aConnectionNeedsTheSourcesEgressAndTheDestinationsIngress() {
        String denyEgress = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: no-egress, namespace: b}
                spec:
                  podSelector: {}
                  policyTypes: [Egress]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, B_CLIENT, denyEgress);
        PolicyDecision d = p.decide(ip("10.0.1.11"), ip("10.0.0.10"), Protocol.TCP, 80);
        assertFalse(d.allowed());
        assertFalse(d.egress().allows());
        assertTrue(d.ingress().allows());
        assertInstanceOf(DirectionVerdict.NotIsolated.class, d.ingress());
        Pod client = Manifests.pod(cluster(NAMESPACES, B_CLIENT), "b/client");
        assertTrue(p.allowedDestinations(client, AddressFamily.IPV4, Protocol.TCP, 80).isEmpty());
        assertTrue(tcp(p, "198.51.100.1", "10.0.1.11", 80), "ingress of b/client is not isolated");
    }

    @Test
    void egressToOutsideAddressesGoesThroughIpBlocks() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: internet-https, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: client}}
                  policyTypes: [Egress]
                  egress:
                  - to:
                    - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}
                    ports: [{protocol: TCP, port: 443}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, A_CLIENT, SERVER, policy);
        assertTrue(tcp(p, "10.0.0.11", "93.184.216.34", 443));
        assertFalse(tcp(p, "10.0.0.11", "93.184.216.34", 80));
        assertFalse(tcp(p, "10.0.0.11", "10.0.0.10", 443), "a pod in the excepted range");
        assertFalse(tcp(p, "10.0.0.11", "10.9.9.9", 443));
        Pod client = Manifests.pod(cluster(NAMESPACES, A_CLIENT), "a/client");
        assertEquals(set("10.0.0.0/8").complement(),
                p.allowedDestinations(client, AddressFamily.IPV4, Protocol.TCP, 443));
        assertTrue(p.allowedDestinations(client, AddressFamily.IPV4, Protocol.TCP, 80).isEmpty());

        PolicyDecision fromOutside = p.decide(ip("93.184.216.34"), ip("10.0.0.11"), Protocol.TCP, 443);
        assertInstanceOf(DirectionVerdict.NotJudged.class, fromOutside.egress(), "an outside source is not judged");
        assertTrue(fromOutside.allowed());
    }

    @Test
    void hostNetworkPodsAreNodeTrafficNeitherSelectedNorMatchedBySelectors() {
        String agent = """
                apiVersion: v1
                kind: Pod
                metadata: {name: agent, namespace: a, labels: {role: server}}
                spec: {hostNetwork: true, containers: [{name: main}]}
                status: {phase: Running, podIP: 172.18.0.2, hostIP: 172.18.0.2}
                """;
        String selectAll = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: same-namespace, namespace: a}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress, Egress]
                  ingress: [{from: [{podSelector: {}}]}]
                  egress: [{to: [{podSelector: {}}]}]
                """;
        ClusterObjects c = cluster(NAMESPACES, SERVER, agent, selectAll);
        NetworkPolicyEngine p = NetworkPolicyEngine.of(c);
        Pod agentPod = Manifests.pod(c, "a/agent");
        assertEquals(List.of(), p.selecting(agentPod, PolicyType.INGRESS));
        assertInstanceOf(PolicyEndpoint.OutsideEndpoint.class, p.endpoint(ip("172.18.0.2")));
        assertInstanceOf(PolicyEndpoint.NodeEndpoint.class, p.endpoint(agentPod), "node traffic, by origin");
        assertFalse(p.decide(p.endpoint(agentPod), p.endpoint(Manifests.pod(c, "a/server")), Protocol.TCP, 80)
                .allowed(), "neither pod names a node, so the agent is not known to be a/server's node");
        PolicyDecision toAgent = p.decide(ip("10.0.0.10"), ip("172.18.0.2"), Protocol.TCP, 80);
        assertInstanceOf(DirectionVerdict.NotJudged.class, toAgent.ingress());
        assertFalse(toAgent.allowed(), "a/server's egress reaches pods of a only, and the agent is not one");
        assertFalse(tcp(p, "172.18.0.2", "10.0.0.10", 80), "podSelector {} does not match the hostNetwork pod");
        assertTrue(p.allowedSources(agentPod, AddressFamily.IPV4, Protocol.TCP, 80).isFull());
        List<Diagnostic> notes = p.diagnostics();
        assertEquals(1, notes.size(), notes.toString());
        assertEquals(Diagnostic.Severity.NOTE, notes.get(0).severity());
        assertTrue(notes.get(0).message().contains("hostNetwork pod a/agent"), notes.get(0).message());

        String nodes = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: from-nodes, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress: [{from: [{ipBlock: {cidr: 172.18.0.0/16}}]}]
                """;
        NetworkPolicyEngine q = NetworkPolicyEngine.of(cluster(NAMESPACES, SERVER, agent, nodes),
                PolicyAssumptions.DOCUMENTED.withIpBlockScope(IpBlockScope.OUTSIDE_PODS_ONLY));
        assertTrue(tcp(q, "172.18.0.2", "10.0.0.10", 80), "node addresses match ipBlocks in either scope");
    }

    @Test
    void terminatedPodsAreIgnored() {
        String done = """
                apiVersion: v1
                kind: Pod
                metadata: {name: job, namespace: a, labels: {role: client}}
                spec: {containers: [{name: main}]}
                status: {phase: Succeeded, podIP: 10.0.0.30}
                """;
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: clients, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress: [{from: [{podSelector: {matchLabels: {role: client}}}]}]
                """;
        NetworkPolicyEngine p = policies(NAMESPACES, SERVER, done, policy);
        assertInstanceOf(PolicyEndpoint.OutsideEndpoint.class, p.endpoint(ip("10.0.0.30")));
        assertFalse(tcp(p, "10.0.0.30", "10.0.0.10", 80));
    }

    // ---- bad input ----

    @Test
    void selectorsTheApiRejectsAreReportedAtThePolicyAndEvaluatedAsWritten() {
        SourceLocation at = SourceLocation.of("bad.yaml", 7);
        NetworkPolicyRule fromBadNamespace = new NetworkPolicyRule(List.of(new NetworkPolicyPeer.SelectorPeer(
                Optional.empty(), Optional.of(LabelSelector.ofLabels(Map.of("team", "b/c"))))), List.of(),
                SourceLocation.of("bad.yaml", 12));
        NetworkPolicy bad = new NetworkPolicy(ObjectMeta.namespaced("a", "bad", Map.of()), at,
                LabelSelector.ofLabels(Map.of("not a key!", "x")), List.of(PolicyType.INGRESS),
                List.of(fromBadNamespace), List.of());
        NetworkPolicy good = new NetworkPolicy(ObjectMeta.namespaced("a", "good", Map.of()),
                SourceLocation.of("bad.yaml", 20), LabelSelector.ofLabels(Map.of("role", "server")),
                List.of(PolicyType.INGRESS), List.of(fromBadNamespace), List.of());
        NetworkPolicyEngine p = NetworkPolicyEngine.of(with(cluster(NAMESPACES, SERVER, B_CLIENT), bad, good));
        List<Diagnostic> found = p.diagnostics();
        assertEquals(3, found.size(), found.toString());
        assertEquals(at, found.get(0).location());
        assertEquals(Diagnostic.Severity.WARNING, found.get(0).severity());
        assertTrue(found.get(0).message().contains("spec.podSelector.matchLabels: 'not a key!' is not a valid "
                + "label key"), found.get(0).message());
        assertTrue(found.get(1).message().contains("spec.ingress[0].from[0].namespaceSelector.matchLabels[team]: "
                + "'b/c' is not a valid label value"), found.get(1).message());
        assertEquals(SourceLocation.of("bad.yaml", 12), found.get(1).location(), "a rule's finding is at the rule");
        assertEquals(SourceLocation.of("bad.yaml", 12), found.get(2).location());
        assertTrue(found.get(2).message().startsWith("NetworkPolicy a/good: "), found.get(2).message());
        assertFalse(tcp(p, "10.0.1.11", "10.0.0.10", 80), "evaluated as written: the value matches no namespace");
        assertTrue(tcp(p, "10.0.1.11", "10.0.0.11", 80), "the bad selector matches no pod: nothing isolated");
    }

    @Test
    void selectorsThatCanMatchNothingAreReported() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: never, namespace: a}
                spec:
                  podSelector:
                    matchLabels: {role: server}
                    matchExpressions: [{key: role, operator: NotIn, values: [server]}]
                  ingress:
                  - from:
                    - podSelector:
                        matchExpressions:
                        - {key: tier, operator: Exists}
                        - {key: tier, operator: DoesNotExist}
                    - podSelector:
                        matchExpressions:
                        - {key: tier, operator: NotIn, values: [db]}
                        - {key: tier, operator: Exists}
                """;
        ClusterObjects c = cluster(NAMESPACES, SERVER, policy);
        NetworkPolicyEngine p = NetworkPolicyEngine.of(c);
        List<Diagnostic> found = p.diagnostics();
        assertEquals(2, found.size(), found.toString());
        assertEquals(c.networkPolicies().get(0).location(), found.get(0).location());
        assertTrue(found.get(0).message().contains("spec.podSelector can match nothing: no value of label 'role'"),
                found.get(0).message());
        assertTrue(found.get(1).message().contains("spec.ingress[0].from[0].podSelector can match nothing: label "
                + "'tier' must both exist and not exist"), found.get(1).message());
        assertTrue(tcp(p, "198.51.100.1", "10.0.0.10", 80), "the policy selects nobody");
    }

    @Test
    void namedPortsThatResolveNowhereAreReported() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: metrics, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  policyTypes: [Ingress, Egress]
                  ingress:
                  - ports: [{port: metrics}, {port: http}, {port: dns, protocol: TCP}]
                  egress:
                  - to: [{namespaceSelector: {matchLabels: {team: b}}}]
                    ports: [{port: web}]
                """;
        ClusterObjects c = cluster(NAMESPACES, SERVER, B_CLIENT, policy);
        NetworkPolicyEngine p = NetworkPolicyEngine.of(c);
        List<Diagnostic> found = p.diagnostics();
        assertEquals(3, found.size(), found.toString());
        NetworkPolicy read = c.networkPolicies().get(0);
        List<SourceLocation> at = List.of(read.ingress().get(0).location(), read.ingress().get(0).location(),
                read.egress().get(0).location());
        for (int i = 0; i < 3; i++) {
            assertEquals(at.get(i), found.get(i).location(), "reported at the rule: " + found.get(i));
            assertEquals(Diagnostic.Severity.WARNING, found.get(i).severity());
        }
        assertEquals(60, at.get(0).line(), "the ingress rule's line in test.yaml");
        assertTrue(found.get(0).message().contains("spec.ingress[0].ports[0].port: named port 'metrics' (TCP) is "
                + "declared by none of the 1 pod(s) this policy selects"), found.get(0).message());
        assertTrue(found.get(1).message().contains("spec.ingress[0].ports[2].port: named port 'dns' (TCP)"),
                "dns is declared for UDP only: " + found.get(1).message());
        assertTrue(found.get(2).message().contains("spec.egress[0].ports[0].port: named port 'web' (TCP) is "
                + "declared by none of the 1 pod(s) this rule's peers reach"), found.get(2).message());
        assertTrue(tcp(p, "198.51.100.1", "10.0.0.10", 80), "'http' still resolves");
        assertFalse(tcp(p, "10.0.0.10", "10.0.1.11", 8080), "'web' resolves on a/server only, not on b/client");
    }

    @Test
    void protocolsTheApiRejectsAreReported() {
        SourceLocation at = SourceLocation.of("built.yaml", 3);
        NetworkPolicyRule icmp = new NetworkPolicyRule(List.of(), List.of(new NetworkPolicyPort(Protocol.ICMP,
                Optional.empty(), OptionalInt.empty())), at);
        NetworkPolicy policy = new NetworkPolicy(ObjectMeta.namespaced("a", "icmp", Map.of()), at,
                LabelSelector.EVERYTHING, List.of(PolicyType.INGRESS), List.of(icmp), List.of());
        NetworkPolicyEngine p = NetworkPolicyEngine.of(with(cluster(NAMESPACES, SERVER), policy));
        assertEquals(1, p.diagnostics().size());
        assertTrue(p.diagnostics().get(0).message().contains("spec.ingress[0].ports[0].protocol: icmp is not TCP, "
                + "UDP or SCTP"), p.diagnostics().get(0).message());
        assertTrue(allowed(p, "198.51.100.1", "10.0.0.10", Protocol.ICMP, 0), "evaluated as written");
        assertFalse(tcp(p, "198.51.100.1", "10.0.0.10", 80));
    }

    @Test
    void twoPodsWithOneAddressAreReportedAndTheFirstOwnsIt() {
        String twin = pod("b", "twin", "10.0.0.10", labels("role=server"));
        ClusterObjects c = cluster(NAMESPACES, SERVER, twin);
        NetworkPolicyEngine p = NetworkPolicyEngine.of(c);
        assertEquals(1, p.diagnostics().size());
        assertEquals(Manifests.pod(c, "b/twin").location(), p.diagnostics().get(0).location());
        assertTrue(p.diagnostics().get(0).message().contains("already the address of Pod a/server"));
        PolicyEndpoint.PodEndpoint owner = assertInstanceOf(PolicyEndpoint.PodEndpoint.class,
                p.endpoint(ip("10.0.0.10")));
        assertEquals("server", owner.pod().name());
    }

    private static ClusterObjects with(ClusterObjects c, NetworkPolicy... extra) {
        List<KubeObject> objects = new ArrayList<>(c.all());
        objects.addAll(List.of(extra));
        return ClusterObjects.of(objects, c.ignored(), c.diagnostics(), c.sources());
    }
}
