package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteLookupTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static Route route(RouteType type, String dst, RouteTableId table, long metric, int tos, NextHop... hops) {
        IpPrefix p = IpPrefix.parse(dst);
        return new Route(type, p.family(), p, Optional.empty(), table, tos, List.of(hops), hops.length > 1,
                Optional.empty(), RouteProtocol.STATIC, RouteScope.GLOBAL, metric, List.of(),
                new SourceLocation("test", 1, 1));
    }

    private static Route via(String dst, String gw, String dev) {
        return route(RouteType.UNICAST, dst, RouteTableId.MAIN, 0, 0, NextHop.via(ip(gw), dev));
    }

    private static PolicyRule rule(long prio, RuleAction action, RouteTableId table, long gotoTarget,
                                   OptionalLong mark, long mask, String iif, OptionalInt suppress) {
        return new PolicyRule(AddressFamily.IPV4, prio, false, Optional.empty(), Optional.empty(), 0, mark, mask,
                Optional.ofNullable(iif), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, action, Optional.ofNullable(table),
                gotoTarget < 0 ? OptionalLong.empty() : OptionalLong.of(gotoTarget), suppress, List.of(),
                SourceLocation.NONE);
    }

    private static RoutingState state(List<Route> routes, List<PolicyRule> rules) {
        return new RoutingState(routes, rules, List.of(), List.of(), List.of());
    }

    @Test
    void longestPrefixThenLowestMetric() {
        RoutingState s = state(List.of(
                via("0.0.0.0/0", "10.0.0.1", "eth0"),
                route(RouteType.UNICAST, "10.8.0.0/16", RouteTableId.MAIN, 200, 0, NextHop.via(ip("10.0.0.2"), "eth0")),
                route(RouteType.UNICAST, "10.8.0.0/16", RouteTableId.MAIN, 100, 0, NextHop.via(ip("10.0.0.3"), "eth0")),
                via("10.8.1.0/24", "10.0.0.4", "eth1")), List.of());
        assertEquals(Optional.of(ip("10.0.0.4")), gateway(s, "10.8.1.9"));
        assertEquals(Optional.of(ip("10.0.0.3")), gateway(s, "10.8.2.9"));
        assertEquals(Optional.of(ip("10.0.0.1")), gateway(s, "192.0.2.1"));
    }

    private static Optional<IpAddress> gateway(RoutingState s, String dst) {
        RouteDecision d = s.lookup(RouteQuery.local(null, ip(dst)));
        return d.route().orElseThrow().nextHops().get(0).gateway();
    }

    @Test
    void deadRoutesAreSkippedAndTheLookupBacktracks() {
        NextHop dead = new NextHop(Optional.of(ip("10.0.0.9")), Optional.of("eth9"), 1, Set.of(NextHopFlag.DEAD));
        RoutingState s = state(List.of(
                via("10.0.0.0/8", "10.0.0.1", "eth0"),
                route(RouteType.UNICAST, "10.8.0.0/16", RouteTableId.MAIN, 0, 0, dead)), List.of());
        assertEquals(Optional.of(ip("10.0.0.1")), gateway(s, "10.8.0.1"));
    }

    @Test
    void tosRoutesOnlyServeTheirTos() {
        RoutingState s = state(List.of(
                via("10.0.0.0/8", "10.0.0.1", "eth0"),
                route(RouteType.UNICAST, "10.0.0.0/8", RouteTableId.MAIN, 0, 0x10, NextHop.via(ip("10.0.0.2"), "eth1"))),
                List.of());
        RouteQuery q = RouteQuery.local(null, ip("10.5.5.5"));
        assertEquals(Optional.of(ip("10.0.0.1")), s.lookup(q).route().orElseThrow().nextHops().get(0).gateway());
        assertEquals(Optional.of(ip("10.0.0.2")),
                s.lookup(q.withTos(0x10)).route().orElseThrow().nextHops().get(0).gateway());
    }

    @Test
    void withoutRulesTheKernelDefaultsApply() {
        RoutingState s = state(List.of(
                route(RouteType.LOCAL, "10.0.0.5/32", RouteTableId.LOCAL, 0, 0, NextHop.device("eth0")),
                via("0.0.0.0/0", "10.0.0.1", "eth0"),
                route(RouteType.UNICAST, "10.7.0.0/16", RouteTableId.DEFAULT, 0, 0, NextHop.device("eth7"))),
                List.of());
        assertEquals(3, s.rules(AddressFamily.IPV4).size());
        assertEquals(2, s.rules(AddressFamily.IPV6).size());
        assertEquals(RouteDecision.Kind.LOCAL, s.lookup(RouteQuery.local(null, ip("10.0.0.5"))).kind());
        RouteDecision noV6 = s.lookup(RouteQuery.local(null, ip("2001:db8::1")));
        assertEquals(RouteDecision.Kind.NO_ROUTE, noV6.kind());
        assertTrue(noV6.isDrop());
        assertEquals(List.of("rule 0: lookup local: no route", "rule 32766: lookup main: no route",
                "no rule produced a route"), noV6.trace());
    }

    @Test
    void rulesWithMarksIifGotoAndSuppression() {
        RouteTableId t10 = RouteTableId.of("10");
        List<Route> routes = List.of(
                via("0.0.0.0/0", "10.0.0.1", "eth0"),
                via("0.0.0.0/0", "10.9.0.1", "tun0"),
                route(RouteType.UNICAST, "0.0.0.0/0", t10, 0, 0, NextHop.via(ip("10.9.0.1"), "tun0")),
                route(RouteType.UNICAST, "10.9.0.0/24", t10, 0, 0, NextHop.device("tun0")));
        List<PolicyRule> rules = new ArrayList<>(PolicyRule.defaults(AddressFamily.IPV4));
        rules.add(rule(50, RuleAction.LOOKUP, t10, -1, OptionalLong.empty(), 0xffffffffL, null, OptionalInt.of(0)));
        rules.add(rule(60, RuleAction.GOTO, null, 70, OptionalLong.of(0x100), 0xf00, "lo", OptionalInt.empty()));
        rules.add(rule(65, RuleAction.UNREACHABLE, null, -1, OptionalLong.empty(), 0xffffffffL, null,
                OptionalInt.empty()));
        rules.add(rule(70, RuleAction.LOOKUP, t10, -1, OptionalLong.empty(), 0xffffffffL, null, OptionalInt.empty()));
        rules.add(rule(80, RuleAction.GOTO, null, 85, OptionalLong.empty(), 0xffffffffL, null, OptionalInt.empty()));
        RoutingState s = state(routes, rules);

        RouteDecision tunnelNet = s.lookup(RouteQuery.local(null, ip("10.9.0.7")));
        assertEquals(50, tunnelNet.rule().orElseThrow().priority(), "a /24 is longer than suppress_prefixlength 0");

        RouteDecision markedLocal = s.lookup(RouteQuery.local(null, ip("8.8.8.8")).withMark(0x1ff));
        assertEquals(70, markedLocal.rule().orElseThrow().priority(), "mark 0x1ff & 0xf00 = 0x100: goto 70");
        assertEquals(Optional.of("tun0"), markedLocal.route().orElseThrow().nextHops().get(0).device());

        RouteDecision forwarded = s.lookup(RouteQuery.forwarded(ip("10.1.1.1"), ip("8.8.8.8"), "eth1").withMark(0x100));
        assertEquals(RouteDecision.Kind.UNREACHABLE, forwarded.kind(), "iif lo does not match a forwarded packet");
        assertEquals(65, forwarded.rule().orElseThrow().priority());
    }

    @Test
    void unresolvedGotoIsSkipped() {
        List<PolicyRule> rules = new ArrayList<>(PolicyRule.defaults(AddressFamily.IPV4));
        rules.add(rule(10, RuleAction.GOTO, null, 15, OptionalLong.empty(), 0xffffffffL, null, OptionalInt.empty()));
        rules.add(rule(20, RuleAction.BLACKHOLE, null, -1, OptionalLong.empty(), 0xffffffffL, null,
                OptionalInt.empty()));
        RoutingState s = state(List.of(via("0.0.0.0/0", "10.0.0.1", "eth0")), rules);
        RouteDecision d = s.lookup(RouteQuery.local(null, ip("8.8.8.8")));
        assertEquals(RouteDecision.Kind.BLACKHOLE, d.kind());
        assertEquals("rule 10: goto 15 (no such rule, skipped)", d.trace().get(1));
    }

    @Test
    void ruleSelectorsAndInversion() {
        PolicyRule r = new PolicyRule(AddressFamily.IPV4, 5, true, Optional.of(IpPrefix.parse("10.0.0.0/8")),
                Optional.empty(), 0, OptionalLong.empty(), 0xffffffffL, Optional.empty(), Optional.empty(),
                Optional.of(Protocol.UDP), Optional.empty(), Optional.empty(), Optional.empty(), false,
                RuleAction.NOP, Optional.empty(), OptionalLong.empty(), OptionalInt.empty(), List.of(),
                SourceLocation.NONE);
        RouteQuery udp = RouteQuery.forwarded(ip("10.1.1.1"), ip("1.1.1.1"), "eth0").withPorts(Protocol.UDP, 1, 53);
        assertEquals(false, r.selects(udp));
        assertEquals(true, r.selects(udp.withPorts(Protocol.TCP, 1, 53)));
        assertEquals(true, r.selects(RouteQuery.forwarded(ip("11.1.1.1"), ip("1.1.1.1"), "eth0")
                .withPorts(Protocol.UDP, 1, 53)));
        assertEquals("lo", RouteQuery.local(null, ip("1.1.1.1")).effectiveInputInterface());
        assertEquals(ip("0.0.0.0"), RouteQuery.local(null, ip("1.1.1.1")).effectiveSource());
    }

    @Test
    void namesOfTablesScopesAndProtocols() {
        assertEquals(RouteTableId.MAIN, RouteTableId.of("254"));
        assertEquals(RouteTableId.LOCAL, RouteTableId.of("255"));
        assertEquals(OptionalLong.of(254), RouteTableId.MAIN.number());
        assertEquals(OptionalLong.of(100), RouteTableId.of("100").number());
        assertEquals(OptionalLong.empty(), RouteTableId.of("wg").number());
        assertEquals(RouteScope.LINK, RouteScope.lookup("link"));
        assertEquals(RouteScope.GLOBAL, RouteScope.lookup("universe"));
        assertEquals("host", RouteScope.HOST.toString());
        assertEquals(new RouteProtocol("bird"), new RouteProtocol("12"));
        assertEquals("kernel", new RouteProtocol("2").toString());
    }
}
