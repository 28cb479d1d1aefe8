package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.netprove.verifier.policy.Manifests.cluster;
import static io.netprove.verifier.policy.Manifests.hostNetworkPod;
import static io.netprove.verifier.policy.Manifests.ip;
import static io.netprove.verifier.policy.Manifests.labels;
import static io.netprove.verifier.policy.Manifests.namespace;
import static io.netprove.verifier.policy.Manifests.node;
import static io.netprove.verifier.policy.Manifests.onNode;
import static io.netprove.verifier.policy.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Traffic between a pod and its own node: the node's own packets pass the pod's ingress (decided by origin, never by
 * address), the pod's egress to its node's addresses passes, each only while {@link PolicyAssumptions} say so.
 */
class NodeTrafficTest {

    /** n1 has a Node object (10.0.100.1); n2 is known from its pods' hostIP only (10.0.100.2). */
    private static final ClusterObjects CLUSTER = cluster(
            namespace("a"),
            node("n1", "10.0.100.1"),
            onNode(pod("a", "server", "10.0.0.10", labels("role=server"), "http:80"), "n1", "10.0.100.1"),
            onNode(pod("a", "client", "10.0.0.11", labels("role=client")), "n2", "10.0.100.2"),
            hostNetworkPod("a", "agent1", "n1", "10.0.100.1", "role=client"),
            hostNetworkPod("a", "agent2", "n2", "10.0.100.2", "role=client"),
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: a}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
            """);
    private static final Pod SERVER = Manifests.pod(CLUSTER, "a/server");
    private static final Pod CLIENT = Manifests.pod(CLUSTER, "a/client");

    private static IntervalSet set(String... prefixes) {
        IntervalSet out = IntervalSet.empty(32);
        for (String p : prefixes) {
            out = out.union(IntervalSet.of(IpPrefix.parse(p)));
        }
        return out;
    }

    @Test
    void aNodesOwnPacketsPassTheIngressOfItsPodsButNotOfOtherNodesPods() {
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(CLUSTER);
        assertTrue(engine.nodeOriginBypassesIngress());
        PolicyDecision kubelet = engine.decide(PolicyEndpoint.node(Optional.of("n1"), ip("10.0.100.1")),
                engine.endpoint(SERVER), Protocol.TCP, 80);
        assertTrue(kubelet.allowed(), kubelet.explain());
        assertInstanceOf(DirectionVerdict.LocalNode.class, kubelet.ingress());
        assertTrue(kubelet.explain().contains("ingress of a/server: allowed: sent by node n1 at 10.0.100.1, the "
                + "pod's own node"), kubelet.explain());

        Pod agent1 = Manifests.pod(CLUSTER, "a/agent1");
        Pod agent2 = Manifests.pod(CLUSTER, "a/agent2");
        assertTrue(engine.allows(agent1, SERVER, Protocol.TCP, 80), "hostNetwork pod on the server's node");
        assertFalse(engine.allows(agent2, SERVER, Protocol.TCP, 80), "hostNetwork pod on another node");
        assertFalse(engine.decide(PolicyEndpoint.node(Optional.empty(), ip("10.0.100.2")), engine.endpoint(SERVER),
                Protocol.TCP, 80).allowed(), "an unnamed node is recognised by the pod's node addresses");
        assertTrue(engine.decide(PolicyEndpoint.node(Optional.empty(), ip("10.0.100.1")), engine.endpoint(SERVER),
                Protocol.TCP, 80).allowed());
    }

    @Test
    void anAddressAloneIsNeverTheNodesOwnTraffic() {
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(CLUSTER);
        assertFalse(engine.allows(ip("10.0.100.1"), SERVER, Protocol.TCP, 80),
                "a forwarded packet masqueraded to the node address is judged like any source");
        assertInstanceOf(PolicyEndpoint.OutsideEndpoint.class, engine.endpoint(ip("10.0.100.1")));
        assertTrue(engine.allowedSources(SERVER, AddressFamily.IPV4, Protocol.TCP, 80).isEmpty());
        Allowance.Restricted in = assertInstanceOf(Allowance.Restricted.class,
                engine.ingress(SERVER, AddressFamily.IPV4));
        assertEquals(List.of(), in.boxes(), "deny all: no box");
        assertEquals(set("10.0.100.1/32"), in.nodeOrigin(), "the node's addresses, kept apart from the boxes");
    }

    @Test
    void aPodsEgressToItsOwnNodePasses() {
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(CLUSTER);
        assertTrue(engine.ownNodeBypassesEgress());
        PolicyDecision toOwn = engine.decide(ip("10.0.0.11"), ip("10.0.100.2"), Protocol.UDP, 53);
        assertTrue(toOwn.allowed(), toOwn.explain());
        assertInstanceOf(DirectionVerdict.LocalNode.class, toOwn.egress());
        assertTrue(toOwn.explain().contains("egress of a/client: allowed: sent to node n2 at 10.0.100.2"),
                toOwn.explain());
        assertFalse(engine.decide(ip("10.0.0.11"), ip("10.0.100.1"), Protocol.UDP, 53).allowed(),
                "another node's address is judged: deny all");
        assertEquals(set("10.0.100.2/32"), engine.allowedDestinations(CLIENT, AddressFamily.IPV4, Protocol.TCP, 1));
        assertEquals(set("10.0.100.2/32"), engine.allowedDestinations(CLIENT, AddressFamily.IPV4, Protocol.ICMP, 0));
        Allowance.Restricted out = assertInstanceOf(Allowance.Restricted.class,
                engine.egress(CLIENT, AddressFamily.IPV4));
        assertEquals(1, out.boxes().size());
        assertEquals(Protocol.ALL, out.boxes().get(0).protocol());
        assertEquals(set(), out.nodeOrigin(), "egress keeps its node in a box");
        assertTrue(engine.allows(CLIENT, Manifests.pod(CLUSTER, "a/agent2"), Protocol.TCP, 9100),
                "a hostNetwork pod on the client's node is the client's node");
    }

    @Test
    void eachNodeAssumptionCanBeTurnedOff() {
        NetworkPolicyEngine strict = NetworkPolicyEngine.of(CLUSTER,
                PolicyAssumptions.DOCUMENTED.withNodeOriginToLocalPods(false).withPodToOwnNode(false));
        assertFalse(strict.nodeOriginBypassesIngress());
        assertFalse(strict.ownNodeBypassesEgress());
        assertFalse(strict.allows(Manifests.pod(CLUSTER, "a/agent1"), SERVER, Protocol.TCP, 80));
        assertFalse(strict.decide(ip("10.0.0.11"), ip("10.0.100.2"), Protocol.UDP, 53).allowed());
        assertTrue(strict.allowedDestinations(CLIENT, AddressFamily.IPV4, Protocol.UDP, 53).isEmpty());
        assertEquals(set(), ((Allowance.Restricted) strict.ingress(SERVER, AddressFamily.IPV4)).nodeOrigin());
        assertTrue(strict.approximations().stream().anyMatch(a -> a.startsWith("A pod's egress to its own node "
                + "is judged by policy")), strict.approximations().toString());
    }

    @Test
    void moreNodeAddressesCanBeGiven() {
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(CLUSTER, PolicyAssumptions.DOCUMENTED,
                Map.of("n2", List.of(ip("10.0.2.1"))));
        assertEquals(set("10.0.100.2/32", "10.0.2.1/32"), engine.localNodeAddresses(CLIENT, AddressFamily.IPV4));
        assertTrue(engine.decide(ip("10.0.0.11"), ip("10.0.2.1"), Protocol.TCP, 10250).allowed(),
                "the CNI gateway of the client's node");
        assertEquals(set("10.0.100.1/32"), engine.localNodeAddresses(SERVER, AddressFamily.IPV4),
                "n1 from its Node object and the server's hostIP");
    }

    @Test
    void aPodNoPolicyIsolatesIsNotIsolatedWhoeverSends() {
        ClusterObjects open = cluster(namespace("a"), onNode(pod("a", "server", "10.0.0.10", labels("role=server")),
                "n1", "10.0.100.1"));
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(open);
        PolicyDecision d = engine.decide(PolicyEndpoint.node(Optional.of("n1"), ip("10.0.100.1")),
                engine.endpoint(Manifests.pod(open, "a/server")), Protocol.TCP, 80);
        assertInstanceOf(DirectionVerdict.NotIsolated.class, d.ingress());
        assertInstanceOf(Allowance.Unrestricted.class, engine.ingress(Manifests.pod(open, "a/server"),
                AddressFamily.IPV4));
    }
}
