package io.netprove.compiler.services;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kube-proxy's CategorizeEndpoints: ready first, serving-terminating as fallback, local, zone hints. */
class EndpointCategoriesTest {

    static ServicePortInfo service(boolean externalLocal, boolean internalLocal, int nodePort) {
        return new ServicePortInfo("ns", "svc", "http", Protocol.TCP, IpAddress.parse("10.96.0.1"), 80, nodePort,
                List.of(), List.of(), List.of(), false, 0, externalLocal, internalLocal, 0);
    }

    static EndpointInfo ep(String ip, boolean local, boolean ready, boolean serving, boolean terminating,
                           String... zones) {
        return new EndpointInfo(IpAddress.parse(ip), 8080, local, ready, serving, terminating, Set.of(zones));
    }

    private static List<String> texts(List<EndpointInfo> eps) {
        return eps.stream().map(EndpointInfo::text).toList();
    }

    @Test
    void readyEndpointsWinOverServingTerminatingOnes() {
        EndpointCategories c = EndpointCategories.of(List.of(ep("10.0.0.1", false, true, true, false),
                ep("10.0.0.2", false, false, true, true)), service(false, false, 0), null);
        assertEquals(List.of("10.0.0.1:8080"), texts(c.clusterEndpoints()));
        assertEquals(List.of("10.0.0.1:8080"), texts(c.allReachable()));
        assertTrue(c.hasAnyEndpoints());
    }

    @Test
    void servingTerminatingEndpointsAreTheFallbackAndNotServingOnesNever() {
        EndpointCategories c = EndpointCategories.of(List.of(ep("10.0.0.2", false, false, true, true),
                ep("10.0.0.3", false, false, false, true)), service(false, false, 0), null);
        assertEquals(List.of("10.0.0.2:8080"), texts(c.clusterEndpoints()));
        EndpointCategories none = EndpointCategories.of(List.of(ep("10.0.0.3", false, false, false, true)),
                service(false, false, 0), null);
        assertFalse(none.hasAnyEndpoints());
        assertTrue(none.allReachable().isEmpty());
    }

    @Test
    void localPolicyUsesLocalEndpointsAndMergesWhenTerminatingOnesAreUsed() {
        EndpointCategories c = EndpointCategories.of(List.of(ep("10.0.0.5", false, true, true, false),
                ep("10.0.0.2", true, false, true, true)), service(true, false, 30080), null);
        assertEquals(List.of("10.0.0.5:8080"), texts(c.clusterEndpoints()));
        assertEquals(List.of("10.0.0.2:8080"), texts(c.localEndpoints()));
        assertEquals(List.of("10.0.0.2:8080", "10.0.0.5:8080"), texts(c.allReachable()));
    }

    @Test
    void internalLocalPolicyWithoutExternalAccessNeedsNoClusterEndpoints() {
        EndpointCategories c = EndpointCategories.of(List.of(ep("10.0.0.5", false, true, true, false)),
                service(false, true, 0), null);
        assertTrue(c.clusterEndpoints().isEmpty());
        assertTrue(c.localEndpoints().isEmpty());
        assertTrue(c.hasAnyEndpoints(), "a ready endpoint elsewhere still counts");
    }

    @Test
    void zoneHintsNarrowClusterEndpointsOnlyWhenEveryReadyEndpointHasOneForThisZone() {
        List<EndpointInfo> hinted = List.of(ep("10.0.0.1", false, true, true, false, "a"),
                ep("10.0.0.2", false, true, true, false, "b"));
        assertEquals(List.of("10.0.0.1:8080"),
                texts(EndpointCategories.of(hinted, service(false, false, 0), "a").clusterEndpoints()));
        assertEquals(2, EndpointCategories.of(hinted, service(false, false, 0), "c").clusterEndpoints().size());
        List<EndpointInfo> partly = List.of(ep("10.0.0.1", false, true, true, false, "a"),
                ep("10.0.0.2", false, true, true, false));
        assertEquals(2, EndpointCategories.of(partly, service(false, false, 0), "a").clusterEndpoints().size());
    }

    @Test
    void nodePortAddressesFollowKubeProxy() {
        NodePortAddresses all = NodePortAddresses.of(io.netprove.model.net.AddressFamily.IPV4, List.of(), null);
        assertTrue(all.matchAll());
        assertTrue(all.containsIPv4Loopback());
        NodePortAddresses some = NodePortAddresses.of(io.netprove.model.net.AddressFamily.IPV4,
                List.of("192.168.0.0/24", "2001:db8::/64"), null);
        assertFalse(some.matchAll());
        assertFalse(some.containsIPv4Loopback());
        assertEquals(List.of(IpAddress.parse("192.168.0.2")), some.nodeIPs(List.of(IpAddress.parse("127.0.0.1"),
                IpAddress.parse("192.168.0.2"), IpAddress.parse("10.1.1.1"))));
        NodePortAddresses primary = NodePortAddresses.of(io.netprove.model.net.AddressFamily.IPV4,
                List.of("primary"), IpAddress.parse("192.168.0.7"));
        assertEquals(List.of(IpAddress.parse("192.168.0.7")), primary.nodeIPs(List.of(IpAddress.parse("192.168.0.7"),
                IpAddress.parse("192.168.0.8"))));
    }
}
