package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.route.LookupOptions;
import io.netprove.model.route.NextHop;
import io.netprove.model.route.RouteDecision;
import io.netprove.model.route.RouteQuery;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RoutingState;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Route lookups on the node fixtures: the answers a kernel with that state gives. */
class RouteLookupScenarioTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static RoutingState node(String dir, String routes, String rules, String addresses) {
        RoutingStateReader r = new RoutingStateReader();
        r.routes(dir + "/" + routes, Fixtures.text(dir + "/" + routes), null);
        if (rules != null) {
            r.rules(dir + "/" + rules, Fixtures.text(dir + "/" + rules), AddressFamily.IPV4);
        }
        if (addresses != null) {
            r.addresses(dir + "/" + addresses, Fixtures.text(dir + "/" + addresses));
        }
        return r.state();
    }

    private static NextHop hop(RouteDecision d) {
        return d.route().orElseThrow().nextHops().get(0);
    }

    @Test
    void flannelVxlanPodTraffic() {
        RoutingState s = node("flannel-vxlan", "ip-route-show-table-all.txt", "ip-rule.txt", "ip-addr.txt");
        RouteDecision remote = s.lookup(RouteQuery.forwarded(ip("10.244.1.5"), ip("10.244.2.9"), "cni0"));
        assertEquals(RouteDecision.Kind.UNICAST, remote.kind());
        assertEquals(Optional.of("flannel.1"), hop(remote).device());
        assertEquals(Optional.of(ip("10.244.2.0")), hop(remote).gateway());
        assertEquals(32766, remote.rule().orElseThrow().priority());
        RouteDecision local = s.lookup(RouteQuery.forwarded(ip("10.244.1.5"), ip("10.244.1.7"), "cni0"));
        assertEquals(Optional.of("cni0"), hop(local).device());
        assertEquals(Optional.empty(), hop(local).gateway());
        RouteDecision service = s.lookup(RouteQuery.forwarded(ip("10.244.1.5"), ip("10.96.0.10"), "cni0"));
        assertEquals(RouteDecision.Kind.LOCAL, service.kind(), "kube-ipvs0 addresses are local");
        assertTrue(service.isLocalDelivery());
        assertEquals(0, service.rule().orElseThrow().priority());
        RouteDecision internet = s.lookup(RouteQuery.local(null, ip("8.8.8.8")));
        assertEquals(Optional.of(ip("192.168.56.1")), hop(internet).gateway());
        assertEquals(2, internet.trace().size(), internet.trace().toString());
        assertTrue(internet.trace().get(0).startsWith("rule 0: lookup local: no route"), internet.trace().toString());
        assertTrue(s.isLocal(ip("10.96.0.1")));
        assertTrue(s.isLocal(ip("127.3.2.1")));
        assertTrue(s.isLocal(ip("fe80::a00:27ff:fe4e:1a9c")), "interface addresses count too");
        assertFalse(s.isLocal(ip("10.244.1.5")));
        assertTrue(s.localAddresses().contains(IpPrefix.parse("127.0.0.0/8")));
    }

    @Test
    void calicoBlackholesUnknownPodsOfItsBlock() {
        RoutingState s = node("calico-ipip", "ip-route-show-table-all.txt", null, "ip-d-addr.txt");
        RouteDecision known = s.lookup(RouteQuery.forwarded(ip("10.0.0.13"), ip("192.168.84.130"), "tunl0"));
        assertEquals(Optional.of("calia9a07b1e42e"), hop(known).device());
        RouteDecision unknown = s.lookup(RouteQuery.forwarded(ip("10.0.0.13"), ip("192.168.84.150"), "tunl0"));
        assertEquals(RouteDecision.Kind.BLACKHOLE, unknown.kind());
        assertTrue(unknown.isDrop());
        RouteDecision borrowed = s.lookup(RouteQuery.forwarded(ip("192.168.84.130"), ip("192.168.84.140"),
                "calia9a07b1e42e"));
        assertEquals(Optional.of("tunl0"), hop(borrowed).device(), "a /32 beats the local /26 blackhole");
        assertEquals(Optional.of(ip("10.0.0.14")), hop(borrowed).gateway());
        RouteDecision other = s.lookup(RouteQuery.forwarded(ip("192.168.84.130"), ip("192.168.120.70"),
                "calia9a07b1e42e"));
        assertEquals(Optional.of(ip("10.0.0.13")), hop(other).gateway());
        assertTrue(s.isLocal(ip("192.168.84.128")));
    }

    @Test
    void hostGwAndMacvlan() {
        RoutingState gw = node("flannel-host-gw", "ip-route.txt", null, "ip-j-addr.json");
        RouteDecision d = gw.lookup(RouteQuery.forwarded(ip("10.244.2.3"), ip("10.244.0.8"), "cni0"));
        assertEquals(Optional.of(ip("192.168.56.20")), hop(d).gateway());
        assertEquals(Optional.of("enp0s8"), hop(d).device());
        RoutingState mv = node("macvlan", "ip-route.txt", null, "ip-d-addr.txt");
        RouteDecision pod = mv.lookup(RouteQuery.local(null, ip("192.168.1.200")));
        assertEquals(RouteDecision.Kind.UNICAST, pod.kind(), "no local table given: the shim address routes");
        assertEquals(Optional.of("macvlan-shim"), hop(mv.lookup(RouteQuery.local(null, ip("192.168.1.201")))).device());
        assertEquals(Optional.of("eth0"), hop(mv.lookup(RouteQuery.local(null, ip("192.168.1.20")))).device());
        assertTrue(mv.isLocal(ip("192.168.1.51")));
    }

    @Test
    void policyRoutingOnTheBridgeNode() {
        RoutingState s = node("bridge", "ip-route-show-table-all.txt", "ip-rule.txt", null);
        RouteQuery lan = RouteQuery.forwarded(ip("192.168.100.20"), ip("8.8.8.8"), "br0");
        RouteDecision plain = s.lookup(lan);
        assertEquals(RouteDecision.Kind.UNICAST, plain.kind());
        assertTrue(plain.route().orElseThrow().multipath());
        assertEquals(2, plain.route().orElseThrow().usableNextHops(false).size());
        assertEquals(1, plain.route().orElseThrow().usableNextHops(true).size());

        RouteDecision marked = s.lookup(lan.withMark(0x4001));
        assertEquals(100, marked.rule().orElseThrow().priority());
        assertEquals(Optional.of("eth1"), hop(marked).device());

        RouteDecision thrown = s.lookup(RouteQuery.forwarded(ip("192.168.100.20"), ip("10.50.1.1"), "br0"));
        assertEquals(32766, thrown.rule().orElseThrow().priority(), "throw in table 100 goes on to main");
        assertEquals(Optional.of(ip("10.1.0.254")), hop(thrown).gateway(), "the dead lower-metric route is skipped");
        assertTrue(thrown.trace().get(1).contains("(throw: next rule)"), thrown.trace().toString());

        assertEquals(RouteDecision.Kind.BLACKHOLE,
                s.lookup(RouteQuery.forwarded(ip("192.168.100.66"), ip("8.8.8.8"), "br0")).kind());
        RouteQuery web = RouteQuery.forwarded(ip("10.1.0.5"), ip("10.77.1.1"), "eth0");
        assertEquals(RouteDecision.Kind.PROHIBIT, s.lookup(web.withPorts(Protocol.TCP, 40000, 8080)).kind());
        assertEquals(RouteDecision.Kind.UNICAST, s.lookup(web.withPorts(Protocol.TCP, 40000, 9090)).kind());
        assertEquals(RouteDecision.Kind.UNREACHABLE,
                s.lookup(RouteQuery.forwarded(ip("10.1.0.5"), ip("10.99.0.1"), "eth0")).kind());
        assertEquals(RouteDecision.Kind.PROHIBIT,
                s.lookup(RouteQuery.forwarded(ip("10.1.0.5"), ip("10.98.0.1"), "eth0")).kind());

        RouteDecision tosFromWan = s.lookup(RouteQuery.forwarded(ip("10.1.0.5"), ip("8.8.8.8"), "eth0").withTos(0x10));
        assertEquals(RouteDecision.Kind.UNICAST, tosFromWan.kind(), "'not ... goto 32766' skips the tos rule");
        assertTrue(tosFromWan.trace().stream().anyMatch(t -> t.equals("rule 140: goto 32766")),
                tosFromWan.trace().toString());
        RouteDecision tosFromLan = s.lookup(lan.withTos(0x10));
        assertEquals(RouteDecision.Kind.BLACKHOLE, tosFromLan.kind());
        assertEquals(RouteTableId.of("200"), tosFromLan.route().orElseThrow().table());

        RouteDecision v6gw = s.lookup(lan.withMark(0x4000).withTos(0));
        assertEquals(Optional.of("eth1"), hop(v6gw).device());
        RouteDecision v4viaV6 = s.lookup(RouteQuery.local(null, ip("10.60.1.1")).withMark(0x4000));
        assertEquals(Optional.of(ip("fe80::1")), hop(v4viaV6).gateway());
    }

    @Test
    void suppressPrefixLengthKeepsOnlySpecificRoutes() {
        RoutingState s = node("bridge", "ip-route-show-table-all.txt", "ip-rule.txt", null);
        RouteQuery boundToWg = new RouteQuery(ip("8.8.8.8"), null, 0, null, "wg0", Protocol.ALL, -1, -1, 0, 0);
        RouteDecision d = s.lookup(boundToWg);
        assertTrue(d.trace().get(1).contains("suppressed: prefix length 0 <= suppress_prefixlength 0"),
                d.trace().toString());
        assertEquals(32766, d.rule().orElseThrow().priority());
        RouteQuery lanBound = new RouteQuery(ip("192.168.100.7"), null, 0, null, "wg0", Protocol.ALL, -1, -1, 0, 0);
        assertEquals(90, s.lookup(lanBound).rule().orElseThrow().priority());
    }

    @Test
    void ipv6SourceSpecificRoutesAndDefaults() {
        RoutingState s = new RoutingStateReader()
                .routes("v6", Fixtures.text("bridge/ip-6-route-show-table-all.txt"), AddressFamily.IPV6)
                .rules("v6rules", Fixtures.text("bridge/ip-6-rule.txt"), AddressFamily.IPV6).state();
        RouteDecision fromLan = s.lookup(RouteQuery.forwarded(ip("2001:db8:10::5"), ip("2001:db8:20::9"), "eth0"));
        assertEquals(Optional.of(ip("fe80::2")), hop(fromLan).gateway());
        RouteDecision fromElsewhere = s.lookup(RouteQuery.forwarded(ip("2001:db8:99::5"), ip("2001:db8:20::9"),
                "eth0"));
        assertEquals(Optional.of(ip("fe80::1")), hop(fromElsewhere).gateway(), "the source does not match: default");
        assertEquals(RouteDecision.Kind.ANYCAST,
                s.lookup(RouteQuery.local(null, ip("2001:db8:10::"))).kind());
        assertEquals(RouteDecision.Kind.UNREACHABLE,
                s.lookup(RouteQuery.local(null, ip("2001:db8:ff::1"))).kind());
        assertEquals(RouteDecision.Kind.LOCAL, s.lookup(RouteQuery.local(null, ip("::1"))).kind());
    }

    @Test
    void linkdownIsIgnoredOnlyWhenAsked() {
        RoutingState s = node("bridge", "ip-route-show-table-all.txt", null, null);
        RouteQuery q = RouteQuery.forwarded(ip("10.1.0.5"), ip("10.2.0.7"), "eth0");
        assertEquals(Optional.of("eth1"), hop(s.lookup(q)).device());
        RouteDecision ignoring = s.lookup(q, new LookupOptions(true));
        assertEquals(Optional.of("eth0"), hop(ignoring).device(), "falls back to the default's live nexthop");
    }
}
