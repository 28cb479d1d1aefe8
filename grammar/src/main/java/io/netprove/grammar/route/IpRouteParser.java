package io.netprove.grammar.route;

import io.netprove.grammar.Words;
import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.route.NextHop;
import io.netprove.model.route.NextHopFlag;
import io.netprove.model.route.Route;
import io.netprove.model.route.RouteAttribute;
import io.netprove.model.route.RouteProtocol;
import io.netprove.model.route.RouteScope;
import io.netprove.model.route.RouteTableId;
import io.netprove.model.route.RouteType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code ip route show [table all|T]} and {@code ip -6 route ...} output, one route per line with
 * {@code nexthop} lines (tab-indented) for multipath routes. iproute2 leaves out what is default: type unicast,
 * table main (or the one asked for: {@code defaultTable}), proto boot, scope global; those are filled in.
 * Recognised words that are not modelled are kept as {@link RouteAttribute}s, with a warning when they can
 * change forwarding ({@code encap}, a non-medium {@code pref}, a {@code nhid} without next-hop details).
 */
final class IpRouteParser {

    /** iproute2's route metrics (RTAX_*), printed as {@code NAME [lock] VALUE}. */
    private static final Set<String> METRICS = Set.of("mtu", "advmss", "reordering", "window", "rtt", "rttvar",
            "ssthresh", "cwnd", "initcwnd", "initrwnd", "quickack", "congctl", "rto_min", "hoplimit", "features",
            "fastopen_no_cookie", "tcp_usec_ts");

    /** Words that take one value and are kept without a warning. */
    private static final Set<String> KEPT = Set.of("expires", "error", "realm", "realms", "mark", "uid", "iif",
            "ttl-propagate", "users", "used", "age", "ipid", "ts", "tsage");

    private static final String KEYWORDS = "expected via, dev, table, proto, scope, src, metric, a flag such as "
            + "onlink, or another ip route attribute";

    private final String file;
    private final AddressFamily familyHint;
    private final RouteTableId defaultTable;
    private final List<Diagnostic> diagnostics;
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param familyHint the family of routes whose destination is {@code default} and that have no gateway (the
     *                   {@code -6} of the command); null means IPv4
     * @param defaultTable the table of routes that print none: main for {@code ip route} and {@code show table
     *                     all}, T for {@code show table T}
     */
    IpRouteParser(String file, AddressFamily familyHint, RouteTableId defaultTable, List<Diagnostic> diagnostics) {
        this.file = file;
        this.familyHint = familyHint;
        this.defaultTable = defaultTable;
        this.diagnostics = diagnostics;
    }

    /** The next hop being read: a plain route's or one {@code nexthop} group's. */
    private static final class Hop {
        IpAddress gateway;
        String device;
        int weight = 1;
        Set<NextHopFlag> flags = EnumSet.noneOf(NextHopFlag.class);
        boolean viaOtherFamily;

        boolean isEmpty() {
            return gateway == null && device == null;
        }

        NextHop build() {
            return new NextHop(Optional.ofNullable(gateway), Optional.ofNullable(device), weight, flags);
        }
    }

    /** A route while its line (and nexthop lines) are read. */
    private final class Pending {
        RouteType type = RouteType.UNICAST;
        IpPrefix destination;
        boolean destinationDefault;
        int destinationColumn;
        IpPrefix source;
        RouteTableId table = defaultTable;
        int tos;
        Hop top = new Hop();
        List<Hop> group = new ArrayList<>();
        IpAddress preferredSource;
        RouteProtocol protocol = RouteProtocol.BOOT;
        RouteScope scope = RouteScope.GLOBAL;
        long metric;
        List<RouteAttribute> attributes = new ArrayList<>();
        boolean nhid;
        SourceLocation location;
    }

    List<Route> read(String text) {
        String[] lines = text.split("\n", -1);
        Pending pending = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            List<Words.Word> words = Words.split(file, lineNo, line);
            if (words.isEmpty()) {
                continue;
            }
            boolean indented = line.startsWith(" ") || line.startsWith("\t");
            if (indented) {
                if (pending == null) {
                    throw at(lineNo, words.get(0).column(), "indented line '" + words.get(0).text()
                            + "' before any route: expected a route line first (a nexthop line continues one)");
                }
                keywords(pending, lineNo, line, words, 0);
                continue;
            }
            if (pending != null) {
                finish(pending);
            }
            pending = start(lineNo, line, words);
        }
        if (pending != null) {
            finish(pending);
        }
        return routes;
    }

    private Pending start(int lineNo, String line, List<Words.Word> words) {
        Pending p = new Pending();
        p.location = new SourceLocation(file, lineNo, words.get(0).column());
        int i = 0;
        Words.Word first = words.get(0);
        if (first.text().equals("Deleted")) {
            throw at(lineNo, first.column(), "'Deleted' route (ip monitor output): expected ip route show output");
        }
        RouteType type = RouteType.lookup(first.text());
        if (type != null) {
            p.type = type;
            i = 1;
        }
        Words.Word dst = wordAt(lineNo, line, words, i, type == null ? "a destination" : "a destination after "
                + first.text());
        p.destinationColumn = dst.column();
        if (dst.text().equals("default")) {
            p.destinationDefault = true;
        } else {
            p.destination = Values.prefix(dst.text(), familyHint);
            if (p.destination == null) {
                throw at(lineNo, dst.column(), "bad destination '" + dst.text() + "': expected 'default', an "
                        + "address or ADDRESS/LENGTH" + (type == null && Character.isLetter(dst.text().charAt(0))
                        && !dst.text().contains(":") ? " (or a route type such as blackhole)" : ""));
            }
        }
        keywords(p, lineNo, line, words, i + 1);
        return p;
    }

    private void keywords(Pending p, int lineNo, String line, List<Words.Word> words, int from) {
        Hop hop = p.group.isEmpty() ? p.top : p.group.get(p.group.size() - 1);
        for (int i = from; i < words.size(); i++) {
            Words.Word w = words.get(i);
            String k = w.text();
            switch (k) {
                case "\\":
                    break;
                case "nexthop":
                    hop = new Hop();
                    p.group.add(hop);
                    break;
                case "via": {
                    Words.Word v = value(lineNo, line, words, i, "a gateway address");
                    boolean other = false;
                    if (v.text().equals("inet") || v.text().equals("inet6")) {
                        other = true;
                        i++;
                        v = value(lineNo, line, words, i, "a gateway address after 'via " + v.text() + "'");
                    }
                    IpAddress gw = IpAddress.tryParse(v.text());
                    if (gw == null) {
                        throw at(lineNo, v.column(), "bad gateway '" + v.text() + "': expected an IP address");
                    }
                    hop.gateway = gw;
                    hop.viaOtherFamily = other;
                    i++;
                    break;
                }
                case "dev":
                case "oif":
                    hop.device = value(lineNo, line, words, i, "an interface name").text();
                    i++;
                    break;
                case "weight": {
                    Words.Word v = value(lineNo, line, words, i, "a weight from 1 to 256");
                    long n = Values.number(v.text(), 256);
                    if (n < 1) {
                        throw at(lineNo, v.column(), "bad weight '" + v.text() + "': expected 1 to 256");
                    }
                    hop.weight = (int) n;
                    i++;
                    break;
                }
                case "from": {
                    Words.Word v = value(lineNo, line, words, i, "a source prefix");
                    p.source = Values.prefix(v.text(), familyHint);
                    if (p.source == null) {
                        throw at(lineNo, v.column(), "bad source prefix '" + v.text()
                                + "': expected ADDRESS[/LENGTH]");
                    }
                    i++;
                    break;
                }
                case "table": {
                    Words.Word v = value(lineNo, line, words, i, "a table name or number");
                    p.table = RouteTableId.of(v.text());
                    i++;
                    break;
                }
                case "proto":
                case "protocol":
                    p.protocol = new RouteProtocol(value(lineNo, line, words, i, "a protocol name").text());
                    i++;
                    break;
                case "scope": {
                    Words.Word v = value(lineNo, line, words, i, "a scope");
                    p.scope = RouteScope.lookup(v.text());
                    if (p.scope == null) {
                        throw at(lineNo, v.column(), "unknown scope '" + v.text()
                                + "': expected global, site, link, host, nowhere or a number");
                    }
                    i++;
                    break;
                }
                case "src": {
                    Words.Word v = value(lineNo, line, words, i, "a source address");
                    p.preferredSource = IpAddress.tryParse(v.text());
                    if (p.preferredSource == null) {
                        throw at(lineNo, v.column(), "bad source address '" + v.text()
                                + "': expected an IP address");
                    }
                    i++;
                    break;
                }
                case "metric":
                case "preference":
                case "priority": {
                    Words.Word v = value(lineNo, line, words, i, "a metric");
                    p.metric = Values.number(v.text(), 0xffffffffL);
                    if (p.metric < 0) {
                        throw at(lineNo, v.column(), "bad metric '" + v.text()
                                + "': expected a number from 0 to 4294967295");
                    }
                    i++;
                    break;
                }
                case "tos":
                case "dsfield": {
                    Words.Word v = value(lineNo, line, words, i, "a TOS value");
                    long t = Values.number(v.text(), 255);
                    if (t < 0) {
                        throw at(lineNo, v.column(), "bad TOS '" + v.text() + "': expected a number or 0x-hex "
                                + "value from 0 to 255");
                    }
                    p.tos = (int) t;
                    i++;
                    break;
                }
                case "pref": {
                    Words.Word v = value(lineNo, line, words, i, "low, medium or high");
                    boolean matters = !v.text().equals("medium");
                    keep(p, "pref", v.text(), matters, lineNo, w.column(),
                            "IPv6 router preference '" + v.text() + "' is kept but not used to choose routes");
                    i++;
                    break;
                }
                case "nhid": {
                    Words.Word v = value(lineNo, line, words, i, "a nexthop id");
                    p.nhid = true;
                    p.attributes.add(new RouteAttribute("nhid", v.text(), false));
                    i++;
                    break;
                }
                case "encap": {
                    StringBuilder sb = new StringBuilder();
                    int j = i + 1;
                    while (j < words.size() && !isRouteKeyword(words.get(j).text())) {
                        sb.append(sb.length() == 0 ? "" : " ").append(words.get(j).text());
                        j++;
                    }
                    keep(p, "encap", sb.toString(), true, lineNo, w.column(),
                            "lightweight tunnel encapsulation '" + sb + "' is kept but not modelled");
                    i = j - 1;
                    break;
                }
                case "cache":
                    p.attributes.add(new RouteAttribute("cache", "", false));
                    break;
                default:
                    if (METRICS.contains(k)) {
                        Words.Word v = value(lineNo, line, words, i, "a value for " + k);
                        String value = v.text();
                        if (value.equals("lock")) {
                            i++;
                            value = "lock " + value(lineNo, line, words, i, "a value for " + k + " lock").text();
                        }
                        p.attributes.add(new RouteAttribute(k, value, false));
                        i++;
                        break;
                    }
                    if (KEPT.contains(k)) {
                        p.attributes.add(new RouteAttribute(k, value(lineNo, line, words, i, "a value").text(),
                                false));
                        i++;
                        break;
                    }
                    NextHopFlag flag = NextHopFlag.lookup(k);
                    if (flag != null) {
                        hop.flags.add(flag);
                        break;
                    }
                    throw at(lineNo, w.column(), "unknown route attribute '" + k + "': " + KEYWORDS);
            }
        }
    }

    private static boolean isRouteKeyword(String w) {
        switch (w) {
            case "via": case "dev": case "table": case "proto": case "scope": case "src": case "metric":
            case "tos": case "nexthop": case "weight": case "pref": case "expires": case "onlink":
                return true;
            default:
                return METRICS.contains(w) || NextHopFlag.lookup(w) != null;
        }
    }

    private void keep(Pending p, String keyword, String value, boolean warn, int lineNo, int column, String message) {
        p.attributes.add(new RouteAttribute(keyword, value, warn));
        if (warn) {
            diagnostics.add(Diagnostic.warning(new SourceLocation(file, lineNo, column), message));
        }
    }

    private void finish(Pending p) {
        AddressFamily family;
        if (p.destination != null) {
            family = p.destination.family();
        } else if (p.top.gateway != null && !p.top.viaOtherFamily) {
            family = p.top.gateway.family();
        } else if (!p.group.isEmpty() && p.group.get(0).gateway != null && !p.group.get(0).viaOtherFamily) {
            family = p.group.get(0).gateway.family();
        } else {
            family = familyHint == null ? AddressFamily.IPV4 : familyHint;
        }
        IpPrefix dst = p.destinationDefault ? IpPrefix.any(family) : p.destination;
        List<NextHop> hops = new ArrayList<>();
        boolean multipath = !p.group.isEmpty();
        if (multipath) {
            if (!p.top.isEmpty()) {
                throw new InputError(p.location, "route " + dst + " has both a single next hop and nexthop "
                        + "groups: expected one or the other");
            }
            for (Hop h : p.group) {
                h.flags.addAll(p.top.flags);
                checkGateway(p, h, family);
                hops.add(h.build());
            }
        } else if (!p.top.isEmpty()) {
            checkGateway(p, p.top, family);
            hops.add(p.top.build());
        } else {
            for (NextHopFlag f : p.top.flags) {
                p.attributes.add(new RouteAttribute(f.keyword(), "", false));
            }
        }
        if (p.source != null && p.source.family() != family) {
            throw new InputError(p.location, "route " + dst + " has source prefix " + p.source
                    + " of the other family: expected a " + family + " prefix");
        }
        if (p.nhid && hops.isEmpty() && p.type == RouteType.UNICAST) {
            diagnostics.add(Diagnostic.warning(p.location, "route " + dst + " uses a nexthop object whose gateways "
                    + "are not in this dump (nexthop_compat_mode off?); it is kept without next hops"));
        }
        routes.add(new Route(p.type, family, dst, Optional.ofNullable(p.source), p.table, p.tos, hops, multipath,
                Optional.ofNullable(p.preferredSource), p.protocol, p.scope, p.metric, p.attributes, p.location));
    }

    private void checkGateway(Pending p, Hop h, AddressFamily family) {
        if (h.gateway != null && h.gateway.family() != family && !h.viaOtherFamily) {
            throw new InputError(p.location, "gateway " + h.gateway + " is not " + family + " like the route: "
                    + "expected a gateway of the same family, or 'via inet6 ADDRESS'");
        }
    }

    /** The word after the keyword at {@code i}. */
    private Words.Word value(int lineNo, String line, List<Words.Word> words, int i, String expected) {
        if (i + 1 >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "'" + words.get(i).text() + "' needs a value: "
                    + "expected " + expected + " (truncated line?)");
        }
        return words.get(i + 1);
    }

    /** The word at {@code i}. */
    private Words.Word wordAt(int lineNo, String line, List<Words.Word> words, int i, String expected) {
        if (i >= words.size()) {
            throw at(lineNo, line.stripTrailing().length() + 1, "line ends early: expected " + expected
                    + " (truncated line?)");
        }
        return words.get(i);
    }

    private InputError at(int lineNo, int column, String message) {
        return new InputError(new SourceLocation(file, lineNo, column), message);
    }
}
