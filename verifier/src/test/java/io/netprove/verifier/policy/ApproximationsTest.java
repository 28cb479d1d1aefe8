package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.verifier.policy.Manifests.cluster;
import static io.netprove.verifier.policy.Manifests.hostNetworkPod;
import static io.netprove.verifier.policy.Manifests.labels;
import static io.netprove.verifier.policy.Manifests.namespace;
import static io.netprove.verifier.policy.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The approximation sentences follow the assumptions and name the places in a cluster where they matter. */
class ApproximationsTest {

    private static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: office, namespace: a}
            spec:
              podSelector: {}
              ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24}}]}]
            """;

    private static boolean mentions(List<String> sentences, String text) {
        return sentences.stream().anyMatch(s -> s.contains(text));
    }

    @Test
    void aClusterWithoutSurprisesGetsTheGeneralSentencesOnly() {
        ClusterObjects c = cluster(namespace("a"), pod("a", "web", "10.0.9.1", labels("app=web")));
        List<String> general = NetworkPolicyEngine.of(c).approximations();
        assertEquals(9, general.size(), general.toString());
        assertTrue(mentions(general, "after kube-proxy's service DNAT"));
        assertTrue(mentions(general, "ipBlock peers match pod IPs too"));
        assertTrue(mentions(general, "decided by origin"));
        assertTrue(mentions(general, "ICMP included"));
    }

    @Test
    void ipBlocksOverPodAddressesAndHostNetworkPodsPickedAreNamed() {
        ClusterObjects c = cluster(namespace("a"), pod("a", "web", "10.0.0.5", labels("app=web")),
                hostNetworkPod("a", "agent", "n1", "192.168.1.1", "app=agent"), POLICY);
        List<String> documented = NetworkPolicyEngine.of(c).approximations();
        assertEquals(11, documented.size(), documented.toString());
        assertTrue(mentions(documented, "ipBlocks hold pod IPs, so the ipBlock assumption decides answers: "
                + "10.0.0.0/24 in a/office (test.yaml:"), documented.toString());
        assertTrue(documented.get(10).endsWith("(matched here)."), documented.get(10));
        assertTrue(mentions(documented, "spec.podSelector picks hostNetwork pods, which are not isolated: a/agent by "
                + "a/office"), documented.toString());

        List<String> cilium = NetworkPolicyEngine.of(c,
                PolicyAssumptions.DOCUMENTED.withIpBlockScope(IpBlockScope.OUTSIDE_PODS_ONLY)).approximations();
        assertTrue(mentions(cilium, "ipBlock peers match no pod IP"));
        assertTrue(cilium.get(10).endsWith("(not matched here)."), cilium.get(10));
    }
}
