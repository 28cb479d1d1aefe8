package io.netprove.grammar.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.route.NextHop;
import io.netprove.model.route.NextHopFlag;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.Route;
import io.netprove.model.route.RouteAttribute;
import io.netprove.model.route.RouteProtocol;
import io.netprove.model.route.RouteScope;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RouteType;

import java.util.List;

/**
 * Writes routes and rules back in the form {@code ip route show table all} and {@code ip rule} print them;
 * reading the output back gives the same routes and rules.
 */
public final class IpRouteWriter {

    private IpRouteWriter() {
    }

    public static String routes(List<Route> routes) {
        StringBuilder sb = new StringBuilder();
        for (Route r : routes) {
            sb.append(route(r)).append('\n');
        }
        return sb.toString();
    }

    /** One route, with its {@code nexthop} lines for a multipath route. */
    public static String route(Route r) {
        StringBuilder sb = new StringBuilder();
        if (r.type() != RouteType.UNICAST) {
            sb.append(r.type().keyword()).append(' ');
        }
        sb.append(r.destination().length() == 0 ? "default" : r.destination().toShortString()).append(' ');
        r.source().ifPresent(s -> sb.append("from ").append(s.toShortString()).append(' '));
        for (RouteAttribute a : r.attributes()) {
            if (a.keyword().equals("nhid") || a.keyword().equals("encap")) {
                sb.append(a).append(' ');
            }
        }
        if (r.tos() != 0) {
            sb.append("tos 0x").append(Integer.toHexString(r.tos())).append(' ');
        }
        if (!r.multipath() && r.nextHops().size() == 1) {
            hop(sb, r, r.nextHops().get(0), false);
        }
        if (!r.table().equals(RouteTableId.MAIN)) {
            sb.append("table ").append(r.table()).append(' ');
        }
        if (!r.protocol().equals(RouteProtocol.BOOT)) {
            sb.append("proto ").append(r.protocol()).append(' ');
        }
        if (!r.scope().equals(RouteScope.GLOBAL)) {
            sb.append("scope ").append(r.scope()).append(' ');
        }
        r.preferredSource().ifPresent(s -> sb.append("src ").append(s).append(' '));
        if (r.metric() != 0) {
            sb.append("metric ").append(r.metric()).append(' ');
        }
        if (!r.multipath() && r.nextHops().size() == 1) {
            flags(sb, r.nextHops().get(0));
        }
        for (RouteAttribute a : r.attributes()) {
            if (!a.keyword().equals("nhid") && !a.keyword().equals("encap")) {
                sb.append(a).append(' ');
            }
        }
        if (r.multipath()) {
            for (NextHop n : r.nextHops()) {
                sb.append("\n\tnexthop ");
                hop(sb, r, n, true);
                flags(sb, n);
            }
        }
        return sb.toString().stripTrailing();
    }

    private static void hop(StringBuilder sb, Route r, NextHop n, boolean multipath) {
        n.gateway().ifPresent(g -> sb.append("via ")
                .append(g.family() != r.family() ? (g.family() == AddressFamily.IPV6 ? "inet6 " : "inet ") : "")
                .append(g).append(' '));
        n.device().ifPresent(d -> sb.append("dev ").append(d).append(' '));
        if (multipath) {
            sb.append("weight ").append(n.weight()).append(' ');
        }
    }

    private static void flags(StringBuilder sb, NextHop n) {
        for (NextHopFlag f : NextHopFlag.values()) {
            if (n.has(f)) {
                sb.append(f.keyword()).append(' ');
            }
        }
    }

    private static String marker(PolicyRule r, String keyword, String value) {
        for (RouteAttribute a : r.attributes()) {
            if (a.keyword().equals(keyword) && a.value().equals(value)) {
                return " [" + keyword + "] ";
            }
        }
        return " ";
    }

    public static String rules(List<PolicyRule> rules) {
        StringBuilder sb = new StringBuilder();
        for (PolicyRule r : rules) {
            sb.append(rule(r)).append('\n');
        }
        return sb.toString();
    }

    /** One rule as {@code ip rule} prints it. */
    public static String rule(PolicyRule r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.priority()).append(":\t");
        if (r.not()) {
            sb.append("not ");
        }
        sb.append("from ").append(r.from().map(p -> p.toShortString()).orElse("all")).append(' ');
        r.to().ifPresent(p -> sb.append("to ").append(p.toShortString()).append(' '));
        if (r.tos() != 0) {
            sb.append("tos 0x").append(Integer.toHexString(r.tos())).append(' ');
        }
        r.fwmark().ifPresent(m -> {
            sb.append("fwmark 0x").append(Long.toHexString(m));
            if (r.fwmask() != 0xffffffffL) {
                sb.append("/0x").append(Long.toHexString(r.fwmask()));
            }
            sb.append(' ');
        });
        r.iif().ifPresent(d -> sb.append("iif ").append(d).append(marker(r, "detached", "iif")));
        r.oif().ifPresent(d -> sb.append("oif ").append(d).append(marker(r, "detached", "oif")));
        if (r.l3mdev()) {
            sb.append("lookup [l3mdev-table] ");
        }
        r.uidRange().ifPresent(u -> sb.append("uidrange ").append(u.first()).append('-').append(u.last())
                .append(' '));
        r.ipProtocol().ifPresent(p -> sb.append("ipproto ").append(p.name()).append(' '));
        r.sourcePorts().ifPresent(p -> sb.append("sport ").append(p.first())
                .append(p.isSingle() ? "" : "-" + p.last()).append(' '));
        r.destinationPorts().ifPresent(p -> sb.append("dport ").append(p.first())
                .append(p.isSingle() ? "" : "-" + p.last()).append(' '));
        switch (r.action()) {
            case LOOKUP:
                if (!r.l3mdev()) {
                    sb.append("lookup ").append(r.table().get()).append(' ');
                }
                r.suppressPrefixLength().ifPresent(n -> sb.append("suppress_prefixlength ").append(n).append(' '));
                break;
            case GOTO:
                sb.append("goto ").append(r.gotoTarget().getAsLong()).append(marker(r, "unresolved", ""));
                break;
            default:
                sb.append(r.action().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
                break;
        }
        for (RouteAttribute a : r.attributes()) {
            if (a.keyword().equals("detached") || a.keyword().equals("unresolved")) {
                continue;
            }
            sb.append(a).append(' ');
        }
        return sb.toString().stripTrailing();
    }
}
