package io.netprove.verifier.topology;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NetworkPolicy on paths: ingress where a packet is delivered, egress on the sender's node after its DNAT. */
class PolicyOnPathsTest {

    @TempDir
    Path tmp;

    private static final String DENY_INGRESS = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
            + "  name: deny-all\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n";

    private static final String ALLOW_CLIENT = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n"
            + "  name: web-from-client\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n"
            + "  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: client\n"
            + "    ports:\n    - port: 8080\n";

    private ClusterFixture cluster(String dir) {
        return new ClusterFixture(tmp.resolve(dir))
                .node("node-1", "192.168.0.2", "10.244.1.0/24")
                .node("node-2", "192.168.0.3", "10.244.2.0/24")
                .namespace("shop")
                .pod("shop", "client", "node-1", "10.244.1.5", "app=client", 80)
                .pod("shop", "other", "node-1", "10.244.1.6", "app=other", 80)
                .pod("shop", "web", "node-2", "10.244.2.7", "app=web", 8080);
    }

    @Test
    void defaultDenyIngressStopsPodsOnOtherNodes() {
        List<Verdict> vs = cluster("deny").manifest(DENY_INGRESS)
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .line("pods shop/app=client cannot reach pods shop/app=web")
                .line("node node-2 can reach pods shop/app=web on tcp/8080")
                .line("node node-1 can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.VIOLATED, vs.get(0).status(), vs.get(0).summary());
        String steps = ClusterFixture.steps(vs.get(0));
        assertTrue(steps.contains("NetworkPolicy ingress of pod shop/web: peer 10.244.1.5 denied on tcp/8080"
                + " (isolated by shop/deny-all"), steps);
        assertTrue(steps.contains("leaves node-1 for node-2"), "the policy acts at the far end: " + steps);
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
        assertEquals(Status.HOLDS, vs.get(2).status(), "a pod's own node passes its ingress: " + vs.get(2).summary());
        assertEquals(Status.VIOLATED, vs.get(3).status(), "another node does not: " + vs.get(3).summary());
        assertTrue(vs.get(0).approximations().stream().anyMatch(a -> a.contains("own node")),
                String.valueOf(vs.get(0).approximations()));
    }

    @Test
    void anAllowRuleOpensExactlyItsPeersAndPorts() {
        List<Verdict> vs = cluster("allow").manifest(DENY_INGRESS).manifest(ALLOW_CLIENT)
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080 directly")
                .line("pods shop/app=other cannot reach pods shop/app=web")
                .line("pods shop/app=client cannot reach pods shop/app=web on tcp/9090")
                .line("pods shop/app=client cannot reach pods shop/app=web")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());
        assertEquals(Status.HOLDS, vs.get(1).status(), vs.get(1).summary());
        assertEquals(Status.HOLDS, vs.get(2).status(), vs.get(2).summary());
        assertEquals(Status.VIOLATED, vs.get(3).status());
        assertTrue(ClusterFixture.steps(vs.get(3)).contains("allowed by"), ClusterFixture.steps(vs.get(3)));
    }

    @Test
    void anEgressPolicyThatForgetsDnsBlocksTheDnsService() {
        String dns = "apiVersion: v1\nkind: Service\nmetadata:\n  name: kube-dns\n  namespace: kube-system\nspec:\n"
                + "  clusterIP: 10.96.0.10\n  selector:\n    k8s-app: kube-dns\n  ports:\n  - name: dns\n    port: 53\n"
                + "    protocol: UDP\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n"
                + "  name: kube-dns-1\n  namespace: kube-system\n  labels:\n    kubernetes.io/service-name: kube-dns\n"
                + "addressType: IPv4\nendpoints:\n- addresses: [10.244.2.3]\n  conditions:\n    ready: true\n"
                + "  nodeName: node-2\nports:\n- name: dns\n  port: 53\n  protocol: UDP\n";
        String egress = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: client-egress\n"
                + "  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: client\n"
                + "  policyTypes: [Egress]\n  egress:\n  - to:\n    - podSelector:\n        matchLabels:\n"
                + "          app: web\n    ports:\n    - port: 8080\n";
        String dnat = "-A PREROUTING -d 10.96.0.10/32 -p udp -m udp --dport 53 -j DNAT --to-destination 10.244.2.3:53";
        List<Verdict> vs = cluster("dns").namespace("kube-system")
                .pod("kube-system", "coredns", "node-2", "10.244.2.3", "k8s-app=kube-dns", 53)
                .manifest(dns).manifest(egress)
                .nat("node-1", dnat).nat("node-2", dnat)
                .line("pods shop/app=other can reach service kube-system/kube-dns:dns")
                .line("pods shop/app=client can reach service kube-system/kube-dns:dns")
                .line("pods shop/app=client can reach pods shop/app=web on tcp/8080")
                .check();
        assertEquals(Status.HOLDS, vs.get(0).status(), vs.get(0).summary());
        Verdict blocked = vs.get(1);
        assertEquals(Status.VIOLATED, blocked.status(), blocked.summary());
        String steps = ClusterFixture.steps(blocked);
        assertTrue(steps.contains("NetworkPolicy egress of pod shop/client: peer 10.244.2.3 denied on udp/53"
                + " (isolated by shop/client-egress"), "judged after the DNAT to the endpoint: " + steps);
        assertEquals(Status.HOLDS, vs.get(2).status(), vs.get(2).summary());
    }
}
