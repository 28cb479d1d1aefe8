package io.netprove.grammar.k8s;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.ConditionStatus;
import io.netprove.model.k8s.Container;
import io.netprove.model.k8s.ContainerPort;
import io.netprove.model.k8s.EndpointAddress;
import io.netprove.model.k8s.EndpointAddressType;
import io.netprove.model.k8s.EndpointConditions;
import io.netprove.model.k8s.EndpointPort;
import io.netprove.model.k8s.EndpointSlice;
import io.netprove.model.k8s.EndpointSubset;
import io.netprove.model.k8s.Endpoints;
import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IpFamilyPolicy;
import io.netprove.model.k8s.LabelSelector;
import io.netprove.model.k8s.LoadBalancerIngress;
import io.netprove.model.k8s.LoadBalancerIpMode;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddressType;
import io.netprove.model.k8s.ObjectReference;
import io.netprove.model.k8s.PathType;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PodPhase;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.k8s.ServiceType;
import io.netprove.model.k8s.SessionAffinity;
import io.netprove.model.k8s.SliceEndpoint;
import io.netprove.model.k8s.Taint;
import io.netprove.model.k8s.TaintEffect;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind read from a fixture with its fields, the API server's defaults and its location. */
class ManifestReaderKindsTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static IpPrefix cidr(String s) {
        return IpPrefix.parse(s);
    }

    private static Service service(ClusterObjects c, String ns, String name) {
        return c.service(ns, name).orElseThrow();
    }

    @Test
    void namespaceGetsTheMetadataNameLabelOverridingTheManifest() {
        ClusterObjects c = Fixtures.read("kinds/namespace.yaml");
        Namespace ns = c.namespace("shop").orElseThrow();
        assertEquals(Map.of("team", "storefront", Namespace.NAME_LABEL, "shop"), ns.labels());
        assertEquals(Optional.empty(), ns.metadata().namespace());
        assertEquals(1, ns.location().line());
        assertTrue(ns.location().file().endsWith("namespace.yaml"));
    }

    @Test
    void podFields() {
        ClusterObjects c = Fixtures.read("kinds/pod.yaml");
        Pod pod = c.pod("shop", "web-7d9f8b6c5d-abcde").orElseThrow();
        assertEquals(2, pod.location().line(), "the object starts at apiVersion, after the comment");
        assertEquals(1, pod.location().column());
        assertEquals(Map.of("app", "web", "pod-template-hash", "7d9f8b6c5d"), pod.labels());
        assertEquals(Map.of("example.com/owner", "storefront"), pod.metadata().annotations());
        assertEquals(Optional.of("node-a"), pod.nodeName());
        assertFalse(pod.hostNetwork());
        assertEquals(List.of(ip("10.244.1.10"), ip("fd00:10:244:1::a")), pod.podIPs());
        assertEquals(List.of(ip("10.0.0.11")), pod.hostIPs());
        assertEquals(Optional.of(PodPhase.RUNNING), pod.phase());
        assertEquals(Optional.of(ConditionStatus.FALSE), pod.ready());
        assertFalse(pod.isReady());

        assertEquals(2, pod.containers().size(), "the plain init container has no ports and is left out");
        Container web = pod.containers().get(0);
        assertEquals("web", web.name());
        assertFalse(web.sidecar());
        assertEquals(List.of(
                new ContainerPort(Optional.of("http"), 8080, Protocol.TCP, 0, Optional.empty()),
                new ContainerPort(Optional.of("metrics"), 9090, Protocol.TCP, 0, Optional.empty()),
                new ContainerPort(Optional.empty(), 5353, Protocol.UDP, 15353, Optional.of(ip("10.0.0.11")))),
                web.ports());
        Container proxy = pod.containers().get(1);
        assertTrue(proxy.sidecar());
        assertEquals(OptionalInt.of(15000), pod.resolvePort("admin", Protocol.TCP));
        assertEquals(OptionalInt.of(8080), pod.resolvePort("http", Protocol.TCP));
        assertEquals(OptionalInt.empty(), pod.resolvePort("http", Protocol.UDP));
    }

    @Test
    void hostNetworkPodPortsDefaultTheirHostPortAndNamespaceDefaults() {
        ClusterObjects c = Fixtures.read("kinds/pod-hostnetwork.yaml");
        Pod pod = c.pod("default", "node-exporter-x1").orElseThrow();
        assertTrue(pod.hostNetwork());
        assertEquals(9100, pod.containers().get(0).ports().get(0).hostPort());
        assertEquals(List.of(), pod.podIPs());
        assertEquals(Optional.empty(), pod.phase());
        assertEquals(Optional.empty(), pod.ready());
    }

    @Test
    void clusterIpServiceDefaults() {
        Service web = service(Fixtures.read("kinds/services.yaml"), "shop", "web");
        assertEquals(ServiceType.CLUSTER_IP, web.type());
        assertEquals(List.of(), web.clusterIPs(), "not allocated yet");
        assertFalse(web.headless());
        assertEquals(List.of(), web.ipFamilies());
        assertEquals(Map.of("app", "web"), web.selector());
        assertTrue(web.hasSelector());
        assertEquals(List.of(
                new ServicePort("http", Protocol.TCP, 80, PortReference.of("http"), 0, Optional.empty()),
                new ServicePort("metrics", Protocol.TCP, 9090, PortReference.of(9090), 0, Optional.empty())),
                web.ports());
        assertEquals(TrafficPolicy.CLUSTER, web.externalTrafficPolicy());
        assertEquals(TrafficPolicy.CLUSTER, web.internalTrafficPolicy());
        assertEquals(SessionAffinity.NONE, web.sessionAffinity());
        assertEquals(0, web.sessionAffinityTimeoutSeconds());
        assertFalse(web.publishNotReadyAddresses());
        assertFalse(web.allocateLoadBalancerNodePorts());
        assertFalse(web.externallyAccessible());
        assertEquals(1, web.location().line());
    }

    @Test
    void nodePortServiceWithLegacyGlobalPolicyAndDefaultAffinityTimeout() {
        ClusterObjects c = Fixtures.read("kinds/services.yaml");
        Service s = service(c, "shop", "web-nodeport");
        assertEquals(16, s.location().line());
        assertEquals(ServiceType.NODE_PORT, s.type());
        assertEquals(List.of(ip("10.96.0.20")), s.clusterIPs());
        assertEquals(List.of(AddressFamily.IPV4), s.ipFamilies(), "derived from the cluster IPs");
        assertEquals(TrafficPolicy.CLUSTER, s.externalTrafficPolicy(), "Global is the old name of Cluster");
        assertEquals(SessionAffinity.CLIENT_IP, s.sessionAffinity());
        assertEquals(10800, s.sessionAffinityTimeoutSeconds());
        assertEquals(new ServicePort("", Protocol.TCP, 80, PortReference.of(8080), 30080, Optional.of("http")),
                s.ports().get(0));
        assertTrue(s.hasNodePorts());
        Diagnostic warning = c.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, warning.severity());
        assertEquals(25, warning.location().line());
        assertTrue(warning.message().contains("Global"), warning.message());
    }

    @Test
    void loadBalancerServiceFields() {
        Service lb = service(Fixtures.read("kinds/services.yaml"), "shop", "web-lb");
        assertEquals(ServiceType.LOAD_BALANCER, lb.type());
        assertEquals(Optional.of(ip("10.96.0.30")), lb.clusterIP());
        assertEquals(Optional.of(IpFamilyPolicy.SINGLE_STACK), lb.ipFamilyPolicy());
        assertEquals(TrafficPolicy.LOCAL, lb.externalTrafficPolicy());
        assertEquals(TrafficPolicy.LOCAL, lb.internalTrafficPolicy());
        assertEquals(32000, lb.healthCheckNodePort());
        assertEquals(Optional.of(ip("203.0.113.10")), lb.loadBalancerIP());
        assertEquals(List.of(cidr("198.51.100.0/24"), cidr("192.0.2.0/25")), lb.loadBalancerSourceRanges());
        assertFalse(lb.allocateLoadBalancerNodePorts());
        assertFalse(lb.hasNodePorts());
        assertEquals(600, lb.sessionAffinityTimeoutSeconds());
        assertTrue(lb.publishNotReadyAddresses());
        assertEquals(List.of(
                new LoadBalancerIngress(Optional.of(ip("203.0.113.10")), Optional.empty(),
                        Optional.of(LoadBalancerIpMode.VIP)),
                new LoadBalancerIngress(Optional.empty(), Optional.of("lb.example.com"), Optional.empty()),
                new LoadBalancerIngress(Optional.of(ip("203.0.113.11")), Optional.empty(),
                        Optional.of(LoadBalancerIpMode.PROXY))),
                lb.loadBalancerIngress());
    }

    @Test
    void externalNameHeadlessAndDualStackServices() {
        ClusterObjects c = Fixtures.read("kinds/services.yaml");
        Service payments = service(c, "shop", "payments");
        assertEquals(ServiceType.EXTERNAL_NAME, payments.type());
        assertEquals(Optional.of("api.payments.example.com."), payments.externalName());
        assertEquals(List.of(), payments.ports());
        assertFalse(payments.hasSelector(), "no selector: endpoints, if any, are managed by hand");

        Service db = service(c, "db", "db");
        assertTrue(db.headless());
        assertEquals(List.of(), db.clusterIPs());

        Service legacy = service(c, "shop", "legacy");
        assertEquals(List.of(ip("10.96.0.40"), ip("fd00:96::40")), legacy.clusterIPs());
        assertEquals(List.of(AddressFamily.IPV4, AddressFamily.IPV6), legacy.ipFamilies());
        assertEquals(List.of(ip("192.0.2.50")), legacy.externalIPs());
        assertTrue(legacy.externallyAccessible(), "a ClusterIP service with externalIPs");
        assertEquals(Protocol.UDP, legacy.ports().get(0).protocol());
    }

    @Test
    void endpointsFields() {
        Endpoints e = Fixtures.read("kinds/endpoints.yaml").endpointsOf("shop", "legacy").orElseThrow();
        EndpointSubset subset = e.subsets().get(0);
        assertEquals(List.of(
                new EndpointAddress(ip("10.244.1.10"), Optional.empty(), Optional.of("node-a"),
                        Optional.of(new ObjectReference("Pod", Optional.of("shop"), "web-7d9f8b6c5d-abcde"))),
                new EndpointAddress(ip("10.244.2.11"), Optional.empty(), Optional.empty(), Optional.empty())),
                subset.addresses());
        assertEquals(List.of(new EndpointAddress(ip("10.244.2.12"), Optional.of("web-2"), Optional.empty(),
                Optional.empty())), subset.notReadyAddresses());
        assertEquals(List.of(
                new EndpointPort("", OptionalInt.of(8080), Protocol.UDP, Optional.empty()),
                new EndpointPort("metrics", OptionalInt.of(9090), Protocol.TCP, Optional.empty())),
                subset.ports());
    }

    @Test
    void endpointSliceFieldsAndConditionDefaults() {
        ClusterObjects c = Fixtures.read("kinds/endpointslice.yaml");
        EndpointSlice slice = c.endpointSlices().get(0);
        assertEquals(Optional.of("web"), slice.serviceName());
        assertEquals(List.of(slice), c.endpointSlicesOf("shop", "web"));
        assertEquals(EndpointAddressType.IPV4, slice.addressType());
        SliceEndpoint first = slice.endpoints().get(0);
        assertEquals(List.of("10.244.1.10"), first.addresses());
        assertEquals(List.of(ip("10.244.1.10")), first.ipAddresses());
        assertEquals(new EndpointConditions(true, true, false), first.conditions());
        assertEquals(Optional.of("node-a"), first.nodeName());
        assertEquals(Optional.of("zone-1"), first.zone());
        assertEquals(Optional.of("web-0"), first.hostname());
        assertEquals(List.of("zone-1"), first.zoneHints());
        assertEquals(Optional.of(new ObjectReference("Pod", Optional.of("shop"), "web-7d9f8b6c5d-abcde")),
                first.targetRef());
        assertEquals(new EndpointConditions(false, true, true), slice.endpoints().get(1).conditions(),
                "absent serving reads as true");
        assertEquals(EndpointConditions.DEFAULT, slice.endpoints().get(2).conditions(),
                "absent conditions: ready, serving, not terminating");
        assertEquals(List.of(
                new EndpointPort("http", OptionalInt.of(8080), Protocol.TCP, Optional.empty()),
                new EndpointPort("metrics", OptionalInt.of(9090), Protocol.TCP, Optional.empty()),
                new EndpointPort("all", OptionalInt.empty(), Protocol.TCP, Optional.empty())),
                slice.ports());
    }

    @Test
    void nodeFields() {
        Node node = Fixtures.read("kinds/node.yaml").node("node-a").orElseThrow();
        assertEquals(List.of(cidr("10.244.1.0/24"), cidr("fd00:10:244:1::/64")), node.podCIDRs());
        assertEquals(Optional.of(cidr("10.244.1.0/24")), node.podCIDR());
        assertEquals(List.of(ip("10.0.0.11"), ip("fd00::11")), node.internalIPs());
        assertEquals(List.of(ip("198.51.100.11")), node.externalIPs());
        assertEquals(NodeAddressType.INTERNAL_DNS, node.addresses().get(4).type());
        assertEquals("node-a.cluster.internal", node.addresses().get(4).address());
        assertTrue(node.unschedulable());
        assertEquals(List.of(new Taint("node.kubernetes.io/unschedulable", "", TaintEffect.NO_SCHEDULE),
                new Taint("dedicated", "storefront", TaintEffect.NO_EXECUTE)), node.taints());
        assertEquals(Optional.of(ConditionStatus.TRUE), node.ready());
        assertEquals(Optional.empty(), node.metadata().namespace());
    }

    @Test
    void networkPolicyPeersPortsAndRules() {
        ClusterObjects c = Fixtures.read("kinds/networkpolicy.yaml");
        NetworkPolicy p = c.networkPoliciesIn("db").get(0);
        assertEquals("db-access", p.name());
        assertEquals(new LabelSelector(Map.of("app", "postgres"), List.of(new LabelSelector.Requirement("tier",
                LabelSelector.Operator.NOT_IN, List.of("cache")))), p.podSelector());
        assertEquals(List.of(PolicyType.INGRESS, PolicyType.EGRESS), p.policyTypes(),
                "defaulted: egress rules exist");
        assertEquals(2, p.ingress().size());

        NetworkPolicyRule rule = p.ingress().get(0);
        assertEquals(13, rule.location().line(), "the rule starts at its first key, from:");
        assertEquals(5, rule.location().column());
        List<NetworkPolicyPeer> peers = rule.peers();
        assertEquals(new NetworkPolicyPeer.SelectorPeer(
                Optional.of(LabelSelector.ofLabels(Map.of("app", "api"))),
                Optional.of(LabelSelector.ofLabels(Map.of("kubernetes.io/metadata.name", "shop")))), peers.get(0));
        assertEquals(new NetworkPolicyPeer.SelectorPeer(Optional.of(LabelSelector.EVERYTHING), Optional.empty()),
                peers.get(1));
        assertEquals(new NetworkPolicyPeer.SelectorPeer(Optional.empty(), Optional.of(new LabelSelector(Map.of(),
                List.of(new LabelSelector.Requirement("env", LabelSelector.Operator.IN,
                        List.of("prod", "staging")))))), peers.get(2));
        assertEquals(new NetworkPolicyPeer.IpBlockPeer(cidr("10.0.0.0/8"),
                List.of(cidr("10.1.0.0/16"), cidr("10.2.3.0/24"))), peers.get(3));
        assertEquals(List.of(
                new NetworkPolicyPort(Protocol.TCP, Optional.of(PortReference.of(5432)), OptionalInt.empty()),
                new NetworkPolicyPort(Protocol.UDP, Optional.of(PortReference.of(30000)), OptionalInt.of(32767)),
                new NetworkPolicyPort(Protocol.TCP, Optional.of(PortReference.of("metrics")), OptionalInt.empty())),
                rule.ports());
        assertEquals(Optional.of(new PortRange(30000, 32767)), rule.ports().get(1).numericRange());

        NetworkPolicyRule allowAll = p.ingress().get(1);
        assertTrue(allowAll.allowsAllPeers());
        assertTrue(allowAll.allowsAllPorts());

        NetworkPolicyRule egress = p.egress().get(0);
        assertEquals(List.of(new NetworkPolicyPeer.IpBlockPeer(cidr("fd00::/8"), List.of())), egress.peers());
        assertEquals(List.of(NetworkPolicyPort.allPorts(Protocol.SCTP)), egress.ports());
    }

    @Test
    void networkPolicyTypesFollowTheApiDefaultingRule() {
        List<NetworkPolicy> policies = Fixtures.read("kinds/networkpolicy.yaml").networkPoliciesIn("db");
        NetworkPolicy denyAll = policies.get(1);
        assertEquals("deny-all-ingress", denyAll.name());
        assertEquals(List.of(PolicyType.INGRESS), denyAll.policyTypes(), "no egress rules: Ingress only");
        assertTrue(denyAll.podSelector().isEmpty());
        assertTrue(denyAll.ingress().isEmpty());
        assertEquals(46, denyAll.location().line());

        NetworkPolicy egressOnlyRules = policies.get(2);
        assertEquals(List.of(PolicyType.INGRESS, PolicyType.EGRESS), egressOnlyRules.policyTypes());
        assertEquals(new NetworkPolicyPeer.SelectorPeer(Optional.empty(), Optional.of(LabelSelector.EVERYTHING)),
                egressOnlyRules.egress().get(0).peers().get(0));

        NetworkPolicy explicit = policies.get(3);
        assertEquals(List.of(PolicyType.EGRESS), explicit.policyTypes());
        assertTrue(explicit.isolatesEgress());
        assertFalse(explicit.isolatesIngress());
    }

    @Test
    void ingressV1Fields() {
        ClusterObjects c = Fixtures.read("kinds/ingress.yaml");
        Ingress web = c.ingresses().get(0);
        assertEquals(Optional.of("nginx"), web.ingressClassName());
        assertEquals(Optional.of("nginx"), web.effectiveClassName());
        assertEquals(Optional.of(new IngressBackend.ServiceBackend("web", PortReference.of("http"))),
                web.defaultBackend());
        assertEquals(List.of("shop.example.com", "*.shop.example.com"), web.tls().get(0).hosts());
        assertEquals(Optional.of("shop-tls"), web.tls().get(0).secretName());
        assertEquals(Optional.of("shop.example.com"), web.rules().get(0).host());
        assertEquals(List.of(
                new IngressPath("/", PathType.PREFIX, new IngressBackend.ServiceBackend("web", PortReference.of(80))),
                new IngressPath("/static", PathType.EXACT, new IngressBackend.ResourceBackend(
                        Optional.of("storage.example.com"), "Bucket", "static-assets"))),
                web.rules().get(0).paths());
        assertEquals(Optional.empty(), web.rules().get(1).host());
        assertEquals(new IngressPath("", PathType.IMPLEMENTATION_SPECIFIC,
                new IngressBackend.ServiceBackend("web", PortReference.of("http"))),
                web.rules().get(1).paths().get(0));
    }

    @Test
    void ingressBetaShapeBecomesTheV1Model() {
        Ingress legacy = Fixtures.read("kinds/ingress.yaml").ingresses().get(1);
        assertEquals(45, legacy.location().line());
        assertEquals(Optional.empty(), legacy.ingressClassName());
        assertEquals(Optional.of("traefik"), legacy.effectiveClassName(), "from the class annotation");
        assertEquals(Optional.of(new IngressBackend.ServiceBackend("web", PortReference.of(80))),
                legacy.defaultBackend());
        assertEquals(new IngressPath("/api", PathType.IMPLEMENTATION_SPECIFIC,
                new IngressBackend.ServiceBackend("api", PortReference.of("grpc"))),
                legacy.rules().get(0).paths().get(0));
    }
}
