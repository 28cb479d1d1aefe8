package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.Cni;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.RouteGateway;
import io.netprove.model.intent.ZoneRoutes;
import io.netprove.model.net.IpPrefix;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster-block and zone settings that describe how traffic crosses the network: cni, macvlan, routes via. */
class TopologySyntaxTest {

    private static final String CLUSTER = "cluster {\n  pod network 10.244.0.0/16\n  service network 10.96.0.0/12\n"
            + "  node node-1 address 192.168.0.2\n  node node-2 address 192.168.0.3\n";

    private static Intent read(String text) {
        return IntentReader.read(Path.of("t.np"), text);
    }

    @Test
    void cniAndMacvlanNetworksAreClusterSettings() {
        ClusterSpec c = read(CLUSTER + "  cni calico-ipip\n  macvlan network 10.140.200.0/24, 10.140.201.0/24\n}\n")
                .cluster().orElseThrow();
        assertEquals(Cni.CALICO_IPIP, c.cni().orElseThrow());
        assertEquals(Cni.Encapsulation.IPIP, c.cni().get().encapsulation());
        assertEquals(List.of(IpPrefix.parse("10.140.200.0/24"), IpPrefix.parse("10.140.201.0/24")),
                c.macvlanNetworks());
        assertTrue(read(CLUSTER + "}\n").cluster().orElseThrow().cni().isEmpty(), "no plugin unless declared");
    }

    @Test
    void anUnknownPluginNamesTheKnownOnes() {
        InputError e = assertThrows(InputError.class, () -> read(CLUSTER + "  cni flanel-vxlan\n}\n"));
        assertEquals("t.np:6:7: unknown network plugin 'flanel-vxlan': expected one of flannel-vxlan, flannel-host-gw,"
                + " calico-bgp, calico-ipip, calico-vxlan, bridge", e.getMessage());
        InputError twice = assertThrows(InputError.class, () -> read(CLUSTER + "  cni bridge\n  cni bridge\n}\n"));
        assertTrue(twice.getMessage().startsWith("t.np:7:3: 'cni' is already set at t.np:6:3"), twice.getMessage());
    }

    @Test
    void routesMayNameTheNodeOrThePodsTheyEnterThrough() {
        Intent i = read(CLUSTER + "}\nzone office = 10.141.0.0/16\nzone vpn = 10.8.0.0/24\n"
                + "zone office routes to pods via node node-1\n"
                + "zone vpn routes to pods, services via pods vpn/app=openvpn\n"
                + "zone office routes to 10.96.0.0/12\n");
        List<ZoneRoutes> office = i.routeLines("office");
        assertEquals(2, office.size());
        assertEquals("node-1", ((RouteGateway.ViaNode) office.get(0).via().orElseThrow()).node());
        assertTrue(office.get(1).via().isEmpty());
        RouteGateway.ViaPods pods = (RouteGateway.ViaPods) i.routeLines("vpn").get(0).via().orElseThrow();
        assertEquals("vpn", pods.pods().namespace().orElseThrow());
        assertEquals(2, i.routeLines("vpn").get(0).destinations().size());
    }

    @Test
    void aGatewayNodeMustBeDeclared() {
        InputError e = assertThrows(InputError.class, () -> read(CLUSTER + "}\nzone office = 10.141.0.0/16\n"
                + "zone office routes to pods via node node-3\n"));
        assertEquals("t.np:8:37: unknown node 'node-3': did you mean 'node-1'?", e.getMessage());
    }
}
