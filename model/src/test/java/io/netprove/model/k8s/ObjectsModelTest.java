package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants and helpers of the object records, and the lookups of {@link ClusterObjects}. */
class ObjectsModelTest {

    private static final SourceLocation AT = SourceLocation.of("m.yaml", 1);

    private static Pod pod(String ns, String name, Map<String, String> labels, String node, String ip) {
        return new Pod(ObjectMeta.namespaced(ns, name, labels), AT, Optional.ofNullable(node), false,
                ip == null ? List.of() : List.of(IpAddress.parse(ip)), List.of(), Optional.empty(),
                List.of(new Container("c", List.of(new ContainerPort(Optional.of("http"), 8080, Protocol.TCP, 0,
                        Optional.empty())), false)), Optional.of(ConditionStatus.TRUE));
    }

    private static Service service(String ns, String name, Map<String, String> selector) {
        return new Service(ObjectMeta.namespaced(ns, name, Map.of()), AT, ServiceType.CLUSTER_IP, List.of(), false,
                List.of(), Optional.empty(), List.of(new ServicePort("http", Protocol.TCP, 80, PortReference.of("http"),
                0, Optional.empty())), selector, List.of(), Optional.empty(), List.of(), List.of(),
                TrafficPolicy.CLUSTER, TrafficPolicy.CLUSTER, 0, SessionAffinity.NONE, 0, Optional.empty(), false,
                false);
    }

    @Test
    void namespaceAlwaysCarriesItsNameLabel() {
        Namespace ns = new Namespace(new ObjectMeta("shop", Optional.empty(),
                Map.of(Namespace.NAME_LABEL, "forged", "team", "a"), Map.of()), AT);
        assertEquals(Map.of(Namespace.NAME_LABEL, "shop", "team", "a"), ns.labels());
        assertThrows(IllegalArgumentException.class, () -> new Namespace(ObjectMeta.namespaced("x", "shop",
                Map.of()), AT));
    }

    @Test
    void recordsCopyTheirCollections() {
        java.util.ArrayList<IpAddress> ips = new java.util.ArrayList<>(List.of(IpAddress.parse("10.0.0.1")));
        java.util.HashMap<String, String> labels = new java.util.HashMap<>(Map.of("a", "b"));
        Pod p = new Pod(ObjectMeta.namespaced("ns", "p", labels), AT, Optional.empty(), false, ips, List.of(),
                Optional.empty(), List.of(), Optional.empty());
        ips.clear();
        labels.put("c", "d");
        assertEquals(1, p.podIPs().size());
        assertEquals(Map.of("a", "b"), p.labels());
        assertThrows(UnsupportedOperationException.class, () -> p.labels().put("x", "y"));
    }

    @Test
    void servicesSelectPodsOfTheirNamespaceOnly() {
        Service web = service("shop", "web", Map.of("app", "web"));
        assertTrue(web.selects(pod("shop", "w", Map.of("app", "web", "x", "y"), null, null)));
        assertFalse(web.selects(pod("other", "w", Map.of("app", "web"), null, null)));
        Service manual = service("shop", "manual", Map.of());
        assertFalse(manual.hasSelector());
        assertFalse(manual.selects(pod("shop", "w", Map.of(), null, null)), "no selector selects nothing");
        assertThrows(IllegalArgumentException.class, () -> new Service(ObjectMeta.namespaced("a", "b", Map.of()),
                AT, ServiceType.CLUSTER_IP, List.of(IpAddress.parse("10.96.0.1")), true, List.of(), Optional.empty(),
                List.of(), Map.of(), List.of(), Optional.empty(), List.of(), List.of(), TrafficPolicy.CLUSTER,
                TrafficPolicy.CLUSTER, 0, SessionAffinity.NONE, 0, Optional.empty(), false, false));
    }

    @Test
    void namedTargetPortsResolvePerPod() {
        Pod p = pod("shop", "w", Map.of(), null, null);
        assertEquals(OptionalInt.of(8080), p.resolvePort(PortReference.of("http"), Protocol.TCP));
        assertEquals(OptionalInt.empty(), p.resolvePort(PortReference.of("http"), Protocol.UDP));
        assertEquals(OptionalInt.of(9999), p.resolvePort(PortReference.of(9999), Protocol.TCP));
        assertThrows(IllegalArgumentException.class, () -> PortReference.of(0));
        assertThrows(IllegalArgumentException.class, () -> PortReference.of(""));
    }

    @Test
    void clusterObjectsLookups() {
        Pod a = pod("shop", "a", Map.of("app", "web"), "n1", "10.244.1.5");
        Pod b = pod("shop", "b", Map.of("app", "api"), "n2", "10.244.2.5");
        Pod c = pod("db", "c", Map.of("app", "web"), "n1", "10.244.1.6");
        Service web = service("shop", "web", Map.of("app", "web"));
        EndpointSlice slice = new EndpointSlice(ObjectMeta.namespaced("shop", "web-x",
                Map.of(EndpointSlice.SERVICE_NAME_LABEL, "web")), AT, EndpointAddressType.IPV4, List.of(), List.of());
        EndpointSlice other = new EndpointSlice(ObjectMeta.namespaced("db", "web-y",
                Map.of(EndpointSlice.SERVICE_NAME_LABEL, "web")), AT, EndpointAddressType.IPV4, List.of(), List.of());
        Namespace shop = new Namespace(ObjectMeta.clusterScoped("shop", Map.of("env", "prod")), AT);
        ClusterObjects objects = ClusterObjects.of(List.of(shop, a, b, c, web, slice, other), List.of(), List.of(),
                List.of("m.yaml"));
        assertEquals(Optional.of(web), objects.service("shop", "web"));
        assertEquals(Optional.empty(), objects.service("db", "web"));
        assertEquals(List.of(a, b), objects.podsInNamespace("shop"));
        assertEquals(List.of(a), objects.podsSelectedBy(web));
        assertEquals(List.of(a, c), objects.podsOnNode("n1"));
        assertEquals(List.of(slice), objects.endpointSlicesOf(web));
        assertEquals(Optional.of(Map.of("env", "prod", Namespace.NAME_LABEL, "shop")),
                objects.namespaceLabels("shop"));
        assertEquals(Optional.of(Map.of(Namespace.NAME_LABEL, "db")), objects.namespaceLabels("db"),
                "db has pods but no manifest: only the implicit label");
        assertEquals(Optional.empty(), objects.namespaceLabels("nowhere"));
        assertEquals(List.of("db", "shop"), objects.namespaceNames());
        assertEquals(7, objects.all().size());
    }

    @Test
    void sliceConditionsAndAddresses() {
        SliceEndpoint e = new SliceEndpoint(List.of("10.0.0.1", "10.0.0.2"), EndpointConditions.DEFAULT,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        assertEquals(List.of(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")), e.ipAddresses());
        assertTrue(EndpointConditions.DEFAULT.ready());
        assertTrue(EndpointConditions.DEFAULT.serving());
        assertFalse(EndpointConditions.DEFAULT.terminating());
        assertThrows(IllegalArgumentException.class, () -> new SliceEndpoint(List.of(), EndpointConditions.DEFAULT,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of()));
    }

    @Test
    void ingressClassFallsBackToTheAnnotation() {
        ObjectMeta meta = new ObjectMeta("i", Optional.of("shop"), Map.of(),
                Map.of(Ingress.CLASS_ANNOTATION, "traefik"));
        Ingress annotated = new Ingress(meta, AT, Optional.empty(), Optional.empty(), List.of(), List.of());
        assertEquals(Optional.of("traefik"), annotated.effectiveClassName());
        Ingress both = new Ingress(meta, AT, Optional.of("nginx"), Optional.empty(), List.of(), List.of());
        assertEquals(Optional.of("nginx"), both.effectiveClassName());
    }
}
