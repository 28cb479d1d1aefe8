package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.route.NextHop;
import io.netprove.model.route.NextHopFlag;
import io.netprove.model.route.Route;
import io.netprove.model.route.RouteAttribute;
import io.netprove.model.route.RouteProtocol;
import io.netprove.model.route.RouteScope;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RouteType;
import io.netprove.model.route.RoutingState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpRouteParserTest {

    private static RoutingState routes(String file, AddressFamily family) {
        return new RoutingStateReader().routes(file, Fixtures.text(file), family).state();
    }

    private static Route find(RoutingState s, RouteTableId table, String destination) {
        IpPrefix p = destination.equals("default") ? null : IpPrefix.parse(destination);
        for (Route r : s.routes()) {
            if (r.table().equals(table) && (p == null ? r.destination().length() == 0 : r.destination().equals(p))) {
                return r;
            }
        }
        throw new AssertionError("no route " + destination + " in table " + table);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void flannelVxlanRoutes() {
        RoutingState s = routes("flannel-vxlan/ip-route-show-table-all.txt", null);
        assertEquals(16, s.routes().size());
        assertEquals(6, s.table(RouteTableId.MAIN, AddressFamily.IPV4).size());
        Route def = find(s, RouteTableId.MAIN, "default");
        assertEquals(RouteType.UNICAST, def.type());
        assertEquals(List.of(new NextHop(Optional.of(ip("192.168.56.1")), Optional.of("enp0s8"), 1, Set.of())),
                def.nextHops());
        assertEquals(new RouteProtocol("dhcp"), def.protocol());
        assertEquals(Optional.of(ip("192.168.56.21")), def.preferredSource());
        assertEquals(100, def.metric());
        assertEquals(RouteScope.GLOBAL, def.scope());
        assertEquals(1, def.location().line());
        Route remote = find(s, RouteTableId.MAIN, "10.244.2.0/24");
        NextHop hop = remote.nextHops().get(0);
        assertEquals(Optional.of(ip("10.244.2.0")), hop.gateway());
        assertEquals(Optional.of("flannel.1"), hop.device());
        assertTrue(hop.has(NextHopFlag.ONLINK));
        assertEquals(RouteProtocol.BOOT, remote.protocol(), "proto boot is what iproute2 leaves out");
        Route cni = find(s, RouteTableId.MAIN, "10.244.1.0/24");
        assertEquals(RouteScope.LINK, cni.scope());
        assertEquals(RouteProtocol.KERNEL, cni.protocol());
        assertEquals(Optional.empty(), cni.nextHops().get(0).gateway());
        Route loopback = find(s, RouteTableId.LOCAL, "127.0.0.0/8");
        assertEquals(RouteType.LOCAL, loopback.type());
        assertEquals(RouteScope.HOST, loopback.scope());
        Route brd = find(s, RouteTableId.LOCAL, "10.244.1.255");
        assertEquals(RouteType.BROADCAST, brd.type());
        assertTrue(s.diagnostics().isEmpty(), s.diagnostics().toString());
    }

    @Test
    void calicoBirdRoutesBlackholeAndTunnel() {
        RoutingState s = routes("calico-ipip/ip-route-show-table-all.txt", null);
        Route block = find(s, RouteTableId.MAIN, "192.168.84.128/26");
        assertEquals(RouteType.BLACKHOLE, block.type());
        assertEquals(new RouteProtocol("bird"), block.protocol());
        assertTrue(block.nextHops().isEmpty());
        Route pod = find(s, RouteTableId.MAIN, "192.168.84.130/32");
        assertEquals(Optional.of("calia9a07b1e42e"), pod.nextHops().get(0).device());
        assertEquals(RouteScope.LINK, pod.scope());
        Route remote = find(s, RouteTableId.MAIN, "192.168.120.64/26");
        assertEquals(Optional.of("tunl0"), remote.nextHops().get(0).device());
        assertEquals(Optional.of(ip("10.0.0.13")), remote.nextHops().get(0).gateway());
        assertTrue(remote.nextHops().get(0).has(NextHopFlag.ONLINK));
    }

    @Test
    void multipathPolicyTablesAndDropTypes() {
        RoutingState s = routes("bridge/ip-route-show-table-all.txt", null);
        Route def = find(s, RouteTableId.MAIN, "default");
        assertTrue(def.multipath());
        assertEquals(2, def.nextHops().size());
        assertEquals(Optional.of(ip("10.2.0.1")), def.nextHops().get(1).gateway());
        assertEquals(2, def.nextHops().get(1).weight());
        assertTrue(def.nextHops().get(1).has(NextHopFlag.LINKDOWN));
        assertFalse(def.nextHops().get(0).has(NextHopFlag.LINKDOWN));
        assertEquals(50, def.metric());
        assertEquals(RouteProtocol.STATIC, def.protocol());
        assertEquals(RouteType.UNREACHABLE, find(s, RouteTableId.MAIN, "10.99.0.0/16").type());
        assertEquals(RouteType.PROHIBIT, find(s, RouteTableId.MAIN, "10.98.0.0/16").type());
        RouteTableId t100 = RouteTableId.of("100");
        assertEquals(RouteType.THROW, find(s, t100, "10.50.0.0/16").type());
        Route v6gw = find(s, t100, "10.60.0.0/16");
        assertEquals(Optional.of(ip("fe80::1")), v6gw.nextHops().get(0).gateway(), "via inet6 on an IPv4 route");
        assertEquals(AddressFamily.IPV4, v6gw.family());
        Route hole = find(s, RouteTableId.of("200"), "default");
        assertEquals(RouteType.BLACKHOLE, hole.type());
        assertEquals(3, s.table(t100, AddressFamily.IPV4).size());
    }

    @Test
    void ipv6RoutesKeepUnmodelledWords() {
        RoutingState s = routes("bridge/ip-6-route-show-table-all.txt", AddressFamily.IPV6);
        assertEquals(12, s.routes().size());
        Route def = find(s, RouteTableId.MAIN, "default");
        assertEquals(AddressFamily.IPV6, def.family());
        assertEquals(new RouteProtocol("ra"), def.protocol());
        assertEquals(Optional.of("1793sec"), def.attribute("expires"));
        assertEquals(Optional.of("1500"), def.attribute("mtu"));
        assertEquals(Optional.of("64"), def.attribute("hoplimit"));
        assertEquals(Optional.of("high"), def.attribute("pref"));
        Route specific = find(s, RouteTableId.MAIN, "2001:db8:20::/64");
        assertEquals(Optional.of(IpPrefix.parse("2001:db8:10::/64")), specific.source());
        Route unreachable = find(s, RouteTableId.MAIN, "2001:db8:ff::/48");
        assertEquals(RouteType.UNREACHABLE, unreachable.type());
        assertEquals(Optional.of("-113"), unreachable.attribute("error"));
        assertEquals(RouteType.ANYCAST, find(s, RouteTableId.LOCAL, "fe80::/128").type());
        assertEquals(RouteType.MULTICAST, find(s, RouteTableId.LOCAL, "ff00::/8").type());
        assertEquals(1, s.diagnostics().size(), "only pref high can change forwarding");
        Diagnostic d = s.diagnostics().get(0);
        assertEquals(Diagnostic.Severity.WARNING, d.severity());
        assertEquals(5, d.location().line());
        assertEquals(87, d.location().column());
    }

    @Test
    void tableOfASingleTableDumpAndUnmodelledMetrics() {
        RoutingState s = new RoutingStateReader().routes("local.txt", String.join("\n",
                "local 10.0.0.5 dev eth0 proto kernel scope host src 10.0.0.5",
                "10.8.0.0/16 via 10.0.0.1 dev eth0 mtu lock 1400 rto_min 5ms initcwnd 10 congctl lock cubic",
                "10.9.0.0/16 nhid 12 via 10.0.0.1 dev eth0",
                "10.10.0.0/16 nhid 13",
                "10.11.0.0/16 encap ip id 100 dst 192.0.2.1 ttl 64 dev vxlan0",
                "default dev wg0 tos 0x10 realm 7 expires 30sec",
                ""), null, RouteTableId.LOCAL).state();
        Route first = s.routes().get(0);
        assertEquals(RouteTableId.LOCAL, first.table());
        Route metrics = s.routes().get(1);
        assertEquals(List.of(new RouteAttribute("mtu", "lock 1400", false), new RouteAttribute("rto_min", "5ms", false),
                new RouteAttribute("initcwnd", "10", false), new RouteAttribute("congctl", "lock cubic", false)),
                metrics.attributes());
        assertEquals(Optional.of("12"), s.routes().get(2).attribute("nhid"));
        assertEquals(1, s.routes().get(2).nextHops().size());
        assertTrue(s.routes().get(3).nextHops().isEmpty());
        Route encap = s.routes().get(4);
        assertEquals(Optional.of("ip id 100 dst 192.0.2.1 ttl 64"), encap.attribute("encap"));
        assertEquals(Optional.of("vxlan0"), encap.nextHops().get(0).device());
        Route tos = s.routes().get(5);
        assertEquals(0x10, tos.tos());
        assertEquals(IpPrefix.any(AddressFamily.IPV4), tos.destination());
        assertEquals(2, s.diagnostics().size(), "nhid without next hops and encap are warned about");
        assertEquals(4, s.diagnostics().get(0).location().line());
        assertEquals(5, s.diagnostics().get(1).location().line());
    }

    @Test
    void mainOnlyDumpsOfHostGwAndMacvlanNodes() {
        RoutingState hostGw = routes("flannel-host-gw/ip-route.txt", null);
        Route peer = find(hostGw, RouteTableId.MAIN, "10.244.1.0/24");
        assertEquals(List.of(NextHop.via(ip("192.168.56.21"), "enp0s8")), peer.nextHops());
        RoutingState macvlan = routes("macvlan/ip-route.txt", null);
        Route shim = find(macvlan, RouteTableId.MAIN, "192.168.1.192/27");
        assertEquals(List.of(NextHop.device("macvlan-shim")), shim.nextHops());
        assertEquals(RouteScope.LINK, shim.scope());
    }
}
