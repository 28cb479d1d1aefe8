package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.EndpointAddressType;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The example sets load without warnings and are consistent, so later tests can rely on them. */
class ExampleClustersTest {

    private static ClusterObjects shop() {
        return Fixtures.read("examples/shop-cluster");
    }

    private static ClusterObjects dualStack() {
        return Fixtures.read("examples/dualstack-dump");
    }

    private static ClusterObjects policyLab() {
        return Fixtures.read("examples/policy-lab");
    }

    @Test
    void shopClusterContents() {
        ClusterObjects c = shop();
        assertEquals(List.of(), c.diagnostics());
        assertEquals(4, c.namespaces().size());
        assertEquals(3, c.nodes().size());
        assertEquals(10, c.pods().size());
        assertEquals(9, c.services().size());
        assertEquals(8, c.endpointSlices().size());
        assertEquals(5, c.networkPolicies().size());
        assertEquals(1, c.ingresses().size());
        assertEquals(5, c.ignored().size(), "Deployments, StatefulSet, DaemonSet");
        Set<ServiceType> types = new HashSet<>();
        for (Service s : c.services()) {
            types.add(s.type());
        }
        assertEquals(Set.of(ServiceType.values()), types, "one Service of each type");
        assertTrue(c.service("db", "postgres").orElseThrow().headless());
    }

    @Test
    void everyExampleIsConsistent() {
        for (ClusterObjects c : List.of(shop(), dualStack(), policyLab())) {
            assertEquals(List.of(), c.diagnostics());
            checkPodsInNodeCidrs(c);
            checkSlices(c);
        }
    }

    /** Pod IPs lie in their node's pod CIDRs; host-network pods use the node's addresses. */
    private static void checkPodsInNodeCidrs(ClusterObjects c) {
        for (Pod p : c.pods()) {
            if (p.nodeName().isEmpty() || c.node(p.nodeName().get()).isEmpty()) {
                continue;
            }
            Node node = c.node(p.nodeName().get()).get();
            for (IpAddress ip : p.podIPs()) {
                boolean ok = p.hostNetwork() ? node.internalIPs().contains(ip)
                        : node.podCIDRs().stream().anyMatch(cidr -> cidr.contains(ip));
                assertTrue(ok, p.describe() + " IP " + ip + " does not fit node " + node.name());
            }
        }
    }

    /**
     * Each slice belongs to an existing Service; its endpoints are pods that Service selects, with their IPs of
     * the slice's family and node; its port numbers are the Service's target ports resolved on those pods; and
     * every selected pod appears in the slices of each of the Service's families.
     */
    private static void checkSlices(ClusterObjects c) {
        for (EndpointSlice slice : c.endpointSlices()) {
            Service svc = c.service(slice.namespace(), slice.serviceName().orElseThrow()).orElseThrow(
                    () -> new AssertionError(slice.describe() + " has no Service"));
            for (SliceEndpoint e : slice.endpoints()) {
                if (e.targetRef().isEmpty()) {
                    assertFalse(svc.hasSelector(), slice.describe() + ": endpoint without a pod");
                    continue;
                }
                Pod pod = c.pod(slice.namespace(), e.targetRef().get().name()).orElseThrow();
                assertTrue(svc.selects(pod), pod.describe() + " is not selected by " + svc.describe());
                assertTrue(e.targetRef().get().refersTo(pod));
                AddressFamily family = slice.addressType() == EndpointAddressType.IPV4 ? AddressFamily.IPV4
                        : AddressFamily.IPV6;
                IpAddress address = e.ipAddresses().get(0);
                assertEquals(family, address.family());
                assertTrue(pod.podIPs().contains(address), slice.describe() + ": " + address + " is not "
                        + pod.describe() + "'s");
                assertEquals(pod.nodeName(), e.nodeName());
                assertEquals(pod.isReady(), e.conditions().ready(), pod.describe());
                for (EndpointPort port : slice.ports()) {
                    ServicePort sp = svc.port(port.name()).orElseThrow(
                            () -> new AssertionError(slice.describe() + ": no service port " + port.name()));
                    assertEquals(pod.resolvePort(sp.targetPort(), sp.protocol()), port.port(),
                            slice.describe() + " port " + port.name());
                }
            }
        }
        for (Service svc : c.services()) {
            if (!svc.hasSelector()) {
                continue;
            }
            for (AddressFamily family : svc.ipFamilies().isEmpty() ? List.of(AddressFamily.IPV4)
                    : svc.ipFamilies()) {
                Set<String> inSlices = new HashSet<>();
                for (EndpointSlice s : c.endpointSlicesOf(svc)) {
                    for (SliceEndpoint e : s.endpoints()) {
                        if (e.ipAddresses().get(0).family() == family) {
                            inSlices.add(e.targetRef().orElseThrow().name());
                        }
                    }
                }
                Set<String> selected = new HashSet<>();
                for (Pod p : c.podsSelectedBy(svc)) {
                    selected.add(p.name());
                }
                if (!c.endpointSlices().isEmpty() && c.endpointSlicesOf(svc).isEmpty()) {
                    fail(svc.describe() + " has no EndpointSlice");
                }
                assertEquals(selected, inSlices, svc.describe() + " " + family);
            }
        }
    }

    @Test
    void shopPoliciesSelectTheIntendedPods() {
        ClusterObjects c = shop();
        NetworkPolicy allow = find(c.networkPoliciesIn("db"), "allow-api-to-postgres");
        Pod postgres = c.pod("db", "postgres-0").orElseThrow();
        assertTrue(allow.appliesTo(postgres.namespace(), postgres.labels()));
        NetworkPolicyPeer.SelectorPeer peer = (NetworkPolicyPeer.SelectorPeer) allow.ingress().get(0).peers().get(0);
        Pod api = c.pod("shop", "api-5f7d9c8b6-a1b2c").orElseThrow();
        Pod web = c.pod("shop", "web-6c9b8d7f5-k2x4p").orElseThrow();
        assertTrue(peer.selects("db", "shop", api.labels(), c.namespaceLabels("shop").orElseThrow()));
        assertFalse(peer.selects("db", "shop", web.labels(), c.namespaceLabels("shop").orElseThrow()));
        assertEquals(3, c.networkPoliciesFor(postgres).size());
        assertEquals(List.of(), c.networkPoliciesFor(c.pod("kube-system", "coredns-7db6d8ff4d-4xk2m")
                .orElseThrow()));
    }

    @Test
    void dualStackDump() {
        ClusterObjects c = dualStack();
        assertEquals(2, c.ignored().size());
        Service frontend = c.service("app", "frontend").orElseThrow();
        assertEquals(List.of(AddressFamily.IPV4, AddressFamily.IPV6), frontend.ipFamilies());
        assertEquals(List.of(IpAddress.parse("10.43.0.50"), IpAddress.parse("fd00:43::50")), frontend.clusterIPs());
        assertEquals(30500, frontend.ports().get(0).nodePort());
        List<EndpointAddressType> types = new ArrayList<>();
        for (EndpointSlice s : c.endpointSlicesOf(frontend)) {
            types.add(s.addressType());
        }
        assertEquals(List.of(EndpointAddressType.IPV4, EndpointAddressType.IPV6), types);
        Endpoints legacy = c.endpointsOf("app", "frontend").orElseThrow();
        assertEquals(2, legacy.subsets().get(0).addresses().size());
        for (Node n : c.nodes()) {
            assertEquals(2, n.internalIPs().size());
            assertEquals(2, n.podCIDRs().size());
        }
    }

    @Test
    void policyLabFacts() {
        ClusterObjects c = policyLab();
        Map<String, String> frontendNs = c.namespaceLabels("frontend").orElseThrow();
        Pod web = c.pod("frontend", "web-1").orElseThrow();
        Pod canary = c.pod("frontend", "web-canary").orElseThrow();
        Pod api = c.pod("backend", "api-1").orElseThrow();
        Pod cache = c.pod("backend", "cache-1").orElseThrow();
        Pod batch = c.pod("backend", "batch-1").orElseThrow();

        NetworkPolicy apiFromFrontend = find(c.networkPoliciesIn("backend"), "api-from-frontend");
        NetworkPolicyPeer.SelectorPeer peer =
                (NetworkPolicyPeer.SelectorPeer) apiFromFrontend.ingress().get(0).peers().get(0);
        assertTrue(peer.selects("backend", "frontend", web.labels(), frontendNs));
        assertFalse(peer.selects("backend", "frontend", canary.labels(), frontendNs), "track DoesNotExist");

        NetworkPolicy metrics = find(c.networkPoliciesIn("backend"), "metrics-from-monitoring");
        assertTrue(metrics.appliesTo("backend", api.labels()));
        assertTrue(metrics.appliesTo("backend", batch.labels()));
        assertFalse(metrics.appliesTo("backend", cache.labels()), "NotIn [redis]");

        NetworkPolicy egress = find(c.networkPoliciesIn("backend"), "egress-dns-and-internet");
        NetworkPolicyPeer.IpBlockPeer internet =
                (NetworkPolicyPeer.IpBlockPeer) egress.egress().get(1).peers().get(0);
        assertTrue(internet.contains(IpAddress.parse("192.0.2.80")));
        assertFalse(internet.contains(cache.podIP().orElseThrow()));
        assertFalse(internet.contains(IpAddress.parse("169.254.169.254")));

        NetworkPolicy webEgress = find(c.networkPoliciesIn("frontend"), "web-egress-to-prod");
        assertEquals(List.of(PolicyType.INGRESS, PolicyType.EGRESS), webEgress.policyTypes(),
                "defaulted because the policy has egress rules");
        assertEquals(2, c.networkPoliciesFor(web).size());
    }

    private static NetworkPolicy find(List<NetworkPolicy> policies, String name) {
        for (NetworkPolicy p : policies) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no policy " + name);
    }
}
