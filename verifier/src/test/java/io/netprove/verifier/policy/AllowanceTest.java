package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.verifier.policy.Manifests.cluster;
import static io.netprove.verifier.policy.Manifests.ip;
import static io.netprove.verifier.policy.Manifests.labels;
import static io.netprove.verifier.policy.Manifests.namespace;
import static io.netprove.verifier.policy.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The box form of the answers: which boxes a pod's policies make, and what the convenience methods conclude. */
class AllowanceTest {

    private static final ClusterObjects CLUSTER = cluster(
            namespace("a", "team=a"), namespace("b", "team=b"),
            pod("a", "client", "10.0.0.11", labels("role=client")),
            pod("a", "web1", "10.0.0.21", labels("role=web"), "web:8080"),
            pod("a", "web2", "10.0.0.22", labels("role=web"), "web:9090"),
            pod("b", "web3", "10.0.1.23", labels("role=web"), "web:8080"),
            pod("b", "db", "10.0.1.30", labels("role=db"), "sig:3868/SCTP", "sig:3869/TCP"),
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: client-out, namespace: a}
            spec:
              podSelector: {matchLabels: {role: client}}
              policyTypes: [Egress]
              egress:
              - to: [{podSelector: {matchLabels: {role: web}}, namespaceSelector: {}}]
                ports: [{port: web}]
              - to: [{ipBlock: {cidr: 192.0.2.0/24}}]
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-in, namespace: a}
            spec:
              podSelector: {matchLabels: {role: web}}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {team: b}}}]
                ports: [{port: 8000, endPort: 8100}, {protocol: UDP, port: web}]
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-in, namespace: b}
            spec:
              podSelector: {matchLabels: {role: db}}
              ingress:
              - ports: [{protocol: SCTP, port: sig}, {protocol: SCTP, port: 2905}]
            """);
    private static final NetworkPolicyEngine ENGINE = NetworkPolicyEngine.of(CLUSTER);

    private static Pod named(String qualified) {
        return Manifests.pod(CLUSTER, qualified);
    }

    private static IntervalSet set(String... prefixes) {
        IntervalSet out = IntervalSet.empty(32);
        for (String p : prefixes) {
            out = out.union(IntervalSet.of(IpPrefix.parse(p)));
        }
        return out;
    }

    private static IntervalSet ports(int first, int last) {
        return IntervalSet.range(16, first, last);
    }

    @Test
    void egressNamedPortsSplitIntoOneBoxPerNumberHoldingThePodsThatGiveTheNameThatNumber() {
        Allowance.Restricted out = assertInstanceOf(Allowance.Restricted.class,
                ENGINE.egress(named("a/client"), AddressFamily.IPV4));
        assertEquals(PolicyType.EGRESS, out.direction());
        assertEquals(List.of("client-out"), out.isolatedBy().stream().map(PolicyRef::name).toList());
        List<PeerBox> boxes = out.boxes();
        assertEquals(3, boxes.size(), boxes.toString());
        assertEquals(set("10.0.0.21/32", "10.0.1.23/32"), boxes.get(0).peers(), "web is 8080 on web1 and web3");
        assertEquals(Protocol.TCP, boxes.get(0).protocol());
        assertEquals(ports(8080, 8080), boxes.get(0).ports());
        assertEquals(set("10.0.0.22/32"), boxes.get(1).peers());
        assertEquals(ports(9090, 9090), boxes.get(1).ports());
        assertTrue(boxes.get(0).grantedBy().startsWith("a/client-out spec.egress[0] (test.yaml:"),
                boxes.get(0).grantedBy());
        assertTrue(boxes.get(0).grantedBy().endsWith("named port web (TCP)"), boxes.get(0).grantedBy());
        assertEquals(set("192.0.2.0/24"), boxes.get(2).peers());
        assertEquals(Protocol.ALL, boxes.get(2).protocol(), "a rule without ports: every protocol");
        assertTrue(boxes.get(2).ports().isFull());

        assertEquals(set("10.0.0.21/32", "10.0.1.23/32", "192.0.2.0/24"),
                ENGINE.allowedDestinations(named("a/client"), AddressFamily.IPV4, Protocol.TCP, 8080));
        assertEquals(set("192.0.2.0/24"),
                ENGINE.allowedDestinations(named("a/client"), AddressFamily.IPV4, Protocol.ICMP, 0));
        assertTrue(ENGINE.allowedDestinations(named("a/client"), AddressFamily.IPV6, Protocol.TCP, 8080).isEmpty(),
                "no peer of this policy is IPv6");
    }

    @Test
    void ingressNamedPortsResolveOnTheIsolatedPodAndUnresolvedOnesMakeNoBox() {
        Allowance.Restricted in = assertInstanceOf(Allowance.Restricted.class,
                ENGINE.ingress(named("a/web1"), AddressFamily.IPV4));
        assertEquals(1, in.boxes().size(), "web1 has no UDP port named web: that entry makes no box");
        PeerBox box = in.boxes().get(0);
        assertEquals(set("10.0.1.23/32", "10.0.1.30/32"), box.peers(), "the pods of namespace b");
        assertEquals(Protocol.TCP, box.protocol(), "protocol defaults to TCP");
        assertEquals(ports(8000, 8100), box.ports(), "port..endPort, inclusive");
        assertTrue(box.admits(ip("10.0.1.30"), Protocol.TCP, 8100));
        assertFalse(box.admits(ip("10.0.1.30"), Protocol.TCP, 8101));
        assertFalse(box.admits(ip("10.0.1.30"), Protocol.UDP, 8050));
        assertTrue(in.allows(ip("10.0.1.23"), Protocol.TCP, 8000));
        assertFalse(in.allows(ip("10.0.0.11"), Protocol.TCP, 8000));
    }

    @Test
    void sctpPortsByNumberAndByNameMatchSctpOnly() {
        Pod db = named("b/db");
        assertTrue(ENGINE.allows(ip("198.51.100.7"), db, Protocol.SCTP, 3868), "named port sig is SCTP 3868");
        assertFalse(ENGINE.allows(ip("198.51.100.7"), db, Protocol.SCTP, 3869), "3869 is sig for TCP only");
        assertFalse(ENGINE.allows(ip("198.51.100.7"), db, Protocol.TCP, 3868));
        assertFalse(ENGINE.allows(ip("198.51.100.7"), db, Protocol.TCP, 3869), "the entries say SCTP");
        assertTrue(ENGINE.allows(ip("198.51.100.7"), db, Protocol.SCTP, 2905));
        assertFalse(ENGINE.allows(ip("198.51.100.7"), db, Protocol.SCTP, 2906));
        Allowance.Restricted in = (Allowance.Restricted) ENGINE.ingress(db, AddressFamily.IPV4);
        assertEquals(List.of(Protocol.SCTP, Protocol.SCTP), in.boxes().stream().map(PeerBox::protocol).toList());
        assertEquals(List.of(ports(3868, 3868), ports(2905, 2905)),
                in.boxes().stream().map(PeerBox::ports).toList());
        assertTrue(in.boxes().get(0).peers().isFull(), "no from: every source");
    }

    @Test
    void aPodNoPolicyIsolatesIsUnrestricted() {
        Allowance in = ENGINE.ingress(named("a/client"), AddressFamily.IPV4);
        Allowance.Unrestricted open = assertInstanceOf(Allowance.Unrestricted.class, in);
        assertFalse(open.isolated());
        assertTrue(open.reason().contains("no NetworkPolicy selects a/client for Ingress"), open.reason());
        assertTrue(ENGINE.allowedSources(named("a/client"), AddressFamily.IPV6, Protocol.UDP, 53).isFull());
        assertInstanceOf(Allowance.Unrestricted.class, ENGINE.egress(named("b/web3"), AddressFamily.IPV4));
    }

    @Test
    void aConnectionBetweenPodsNeedsBothEnds() {
        assertTrue(ENGINE.allows(named("b/web3"), named("a/web1"), Protocol.TCP, 8050));
        assertFalse(ENGINE.allows(named("a/client"), named("a/web1"), Protocol.TCP, 8080),
                "the client's egress allows it, web1's ingress takes namespace b only");
        assertFalse(ENGINE.allows(named("b/web3"), named("a/web1"), Protocol.TCP, 8101), "past endPort");
        assertFalse(ENGINE.allows(named("a/client"), named("b/db"), Protocol.SCTP, 3868),
                "db's ingress allows it, the client's egress does not");
        assertTrue(ENGINE.allows(named("a/client"), named("b/web3"), Protocol.TCP, 8080));
        assertFalse(ENGINE.allows(named("a/client"), named("b/web3"), Protocol.TCP, 9090),
                "web3 names 8080 web, not 9090");
    }
}
