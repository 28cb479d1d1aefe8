package io.netprove.compiler;

import io.netprove.compiler.ipvs.IpvsModeOutput;
import io.netprove.compiler.ipvs.VirtualServer;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.sim.NetfilterSimulator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differences between kube-proxy's modes that property-tests' CrossModeCompilationProperties found on generated
 * services, kept here as plain cases of what the compiler must write (each follows kube-proxy's sources):
 * <ul>
 *   <li>internalTrafficPolicy=Local without a local endpoint: iptables and nftables modes drop pod traffic to the
 *       ClusterIP; IPVS mode's syncEndpoint falls back to the cluster endpoints (kubernetes PR 97081) for every
 *       node-local virtual server, the ClusterIP's included. A service that is not externally reachable has no
 *       cluster endpoints under that policy (UsesClusterEndpoints), so its virtual server stays empty.</li>
 *   <li>localhost NodePorts: only iptables mode (IPv4, --iptables-localhost-nodeports) serves NodePorts on
 *       127.0.0.1 and turns route_localnet on; IPVS and nftables modes skip loopback node-port addresses.</li>
 *   <li>a load balancer with source ranges and no endpoints: iptables mode writes its firewall chain only for a
 *       service with endpoints (usesFWChain), so every client is rejected as for any endpoint-less service;
 *       nftables mode fills its firewall map whatever the endpoints and IPVS mode its source-range sets, so a client
 *       outside the ranges is dropped and one inside rejected.</li>
 * </ul>
 */
class KubeProxyModeDifferencesTest {

    static final String MANIFESTS = """
            apiVersion: v1
            kind: Service
            metadata: {name: edge, namespace: shop}
            spec:
              type: NodePort
              clusterIP: 10.96.0.20
              internalTrafficPolicy: Local
              ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30090}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: inner, namespace: shop}
            spec:
              clusterIP: 10.96.0.21
              internalTrafficPolicy: Local
              ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: fenced, namespace: shop}
            spec:
              type: LoadBalancer
              clusterIP: 10.96.0.22
              loadBalancerSourceRanges: [198.51.100.0/24]
              ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30091}]
            status:
              loadBalancer: {ingress: [{ip: 203.0.113.30}]}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: edge-1, namespace: shop, labels: {kubernetes.io/service-name: edge}}
            addressType: IPv4
            endpoints: [{addresses: [10.244.1.40], nodeName: node-b}]
            ports: [{name: http, port: 8080, protocol: TCP}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: inner-1, namespace: shop, labels: {kubernetes.io/service-name: inner}}
            addressType: IPv4
            endpoints: [{addresses: [10.244.1.41], nodeName: node-b}]
            ports: [{name: http, port: 8080, protocol: TCP}]
            """;

    static final IpAddress POD = IpAddress.parse("10.244.0.20");

    static ClusterObjects cluster() {
        return new ManifestReader().readText("local-traffic.yaml", MANIFESTS);
    }

    static NetfilterSimulator simulator(KubeProxyMode mode) {
        return CrossModeSimulationTest.simulator(KubeProxyCompiler.compile(cluster(),
                CrossModeSimulationTest.config(mode)));
    }

    static String fates(NetfilterSimulator sim, Packet p) {
        return CrossModeSimulationTest.fates(sim.simulate(p), false);
    }

    static List<String> realServers(IpvsModeOutput out, String address, int port) {
        for (VirtualServer vs : out.virtualServers()) {
            if (vs.address().equals(IpAddress.parse(address)) && vs.port() == port) {
                return vs.realServers().stream().map(VirtualServer.RealServer::text).toList();
            }
        }
        throw new AssertionError("no virtual server " + address + ":" + port);
    }

    @Test
    void ipvsFallsBackToClusterEndpointsForInternalLocalWithoutLocalEndpoint() {
        IpvsModeOutput ipvs = KubeProxyCompiler.compile(cluster(), CrossModeSimulationTest.config(KubeProxyMode.IPVS))
                .ipvs().get(AddressFamily.IPV4);
        assertEquals(List.of("10.244.1.40:8080"), realServers(ipvs, "10.96.0.20", 80),
                "externally reachable: the ClusterIP falls back to the remote endpoint");
        assertEquals(List.of(), realServers(ipvs, "10.96.0.21", 80),
                "not externally reachable: no cluster endpoints to fall back to");

        Packet toEdge = Packet.newConnection(POD, IpAddress.parse("10.96.0.20"), Protocol.TCP, 80);
        assertEquals("DROPPED", fates(simulator(KubeProxyMode.IPTABLES), toEdge));
        assertEquals("DROPPED", fates(simulator(KubeProxyMode.NFTABLES), toEdge));
        assertEquals("FORWARDED 10.244.1.40:8080", fates(simulator(KubeProxyMode.IPVS), toEdge));

        Packet toInner = Packet.newConnection(POD, IpAddress.parse("10.96.0.21"), Protocol.TCP, 80);
        assertEquals("DROPPED", fates(simulator(KubeProxyMode.IPTABLES), toInner));
        assertEquals("REJECTED", fates(simulator(KubeProxyMode.IPVS), toInner),
                "an empty virtual server answers port unreachable");
    }

    @Test
    void onlyIptablesModeServesNodePortsOnLocalhost() {
        Packet p = Packet.newConnection(IpAddress.parse("127.0.0.1"), IpAddress.parse("127.0.0.1"), Protocol.TCP,
                30090);
        assertTrue(fates(simulator(KubeProxyMode.IPTABLES), p).startsWith("FORWARDED 10.244.1.40:8080"));
        assertEquals("LOCAL 127.0.0.1:30090", fates(simulator(KubeProxyMode.IPVS), p));
        assertEquals("LOCAL 127.0.0.1:30090", fates(simulator(KubeProxyMode.NFTABLES), p));
        IpvsModeOutput ipvs = KubeProxyCompiler.compile(cluster(), CrossModeSimulationTest.config(KubeProxyMode.IPVS))
                .ipvs().get(AddressFamily.IPV4);
        assertTrue(ipvs.virtualServers().stream().noneMatch(vs -> vs.address().isLoopback()));
    }

    @Test
    void loadBalancerSourceRangesWithoutEndpointsRejectInIptablesModeAndDropElsewhere() {
        Packet refused = Packet.newConnection(POD, IpAddress.parse("203.0.113.30"), Protocol.TCP, 80);
        Packet allowed = Packet.newConnection(IpAddress.parse("198.51.100.7"), IpAddress.parse("203.0.113.30"),
                Protocol.TCP, 80);
        assertEquals("REJECTED", fates(simulator(KubeProxyMode.IPTABLES), refused));
        assertEquals("DROPPED", fates(simulator(KubeProxyMode.NFTABLES), refused));
        assertEquals("DROPPED", fates(simulator(KubeProxyMode.IPVS), refused));
        for (KubeProxyMode m : KubeProxyMode.values()) {
            assertEquals("REJECTED", fates(simulator(m), allowed), m + ": a client inside the ranges");
        }
    }
}
