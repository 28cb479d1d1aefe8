package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's route lookup on the model (fib_rules_lookup over fib_table_lookup / fib6_lookup):
 * <ol>
 * <li>rules of the packet's family in priority order (file order for equal priorities); a rule applies when its
 *     selector matches (see {@link PolicyRule#selects});
 * <li>{@code lookup T}: the most specific route of table T containing the destination (IPv6: then the most
 *     specific {@code from} prefix containing the source), skipping TOS routes of another TOS and routes whose
 *     next hops are all dead; among equal prefixes the lowest metric, then the first read. No route, or a
 *     {@code throw} route, continues with the next rule; so does a successful result whose prefix is not longer
 *     than the rule's {@code suppress_prefixlength}. Blackhole, unreachable and prohibit routes end the lookup
 *     (they are not suppressed, as in the kernel);
 * <li>{@code goto N} continues at the rule with priority N (skipped when there is none), {@code nop} continues,
 *     and blackhole, unreachable and prohibit rules end the lookup;
 * <li>when the rules run out the packet has no route.
 * </ol>
 */
final class RouteLookup {

    private RouteLookup() {
    }

    static RouteDecision lookup(RoutingState state, RouteQuery q, LookupOptions options) {
        AddressFamily family = q.destination().family();
        List<PolicyRule> rules = state.rules(family);
        List<String> trace = new ArrayList<>();
        int i = 0;
        while (i < rules.size()) {
            PolicyRule r = rules.get(i);
            String name = "rule " + r.priority();
            if (!r.selects(q)) {
                i++;
                continue;
            }
            switch (r.action()) {
                case NOP:
                    trace.add(name + ": nop");
                    i++;
                    continue;
                case GOTO: {
                    long target = r.gotoTarget().getAsLong();
                    int j = -1;
                    for (int k = i + 1; k < rules.size(); k++) {
                        if (rules.get(k).priority() == target) {
                            j = k;
                            break;
                        }
                    }
                    trace.add(name + ": goto " + target + (j < 0 ? " (no such rule, skipped)" : ""));
                    i = j < 0 ? i + 1 : j;
                    continue;
                }
                case BLACKHOLE:
                    trace.add(name + ": blackhole");
                    return new RouteDecision(RouteDecision.Kind.BLACKHOLE, Optional.empty(), Optional.of(r), trace);
                case UNREACHABLE:
                    trace.add(name + ": unreachable");
                    return new RouteDecision(RouteDecision.Kind.UNREACHABLE, Optional.empty(), Optional.of(r),
                            trace);
                case PROHIBIT:
                    trace.add(name + ": prohibit");
                    return new RouteDecision(RouteDecision.Kind.PROHIBIT, Optional.empty(), Optional.of(r), trace);
                default:
                    break;
            }
            RouteTableId table = r.table().get();
            Optional<Route> found = lookupTable(state.routes(), table, q, options);
            if (found.isEmpty()) {
                trace.add(name + ": lookup " + table + ": no route");
                i++;
                continue;
            }
            Route route = found.get();
            String at = name + ": lookup " + table + ": " + describe(route);
            switch (route.type()) {
                case THROW:
                    trace.add(at + " (throw: next rule)");
                    i++;
                    continue;
                case BLACKHOLE:
                    trace.add(at);
                    return decide(RouteDecision.Kind.BLACKHOLE, route, r, trace);
                case UNREACHABLE:
                    trace.add(at);
                    return decide(RouteDecision.Kind.UNREACHABLE, route, r, trace);
                case PROHIBIT:
                    trace.add(at);
                    return decide(RouteDecision.Kind.PROHIBIT, route, r, trace);
                default:
                    break;
            }
            if (r.suppressPrefixLength().isPresent()
                    && route.destination().length() <= r.suppressPrefixLength().getAsInt()) {
                trace.add(at + " (suppressed: prefix length " + route.destination().length()
                        + " <= suppress_prefixlength " + r.suppressPrefixLength().getAsInt() + ")");
                i++;
                continue;
            }
            trace.add(at);
            return decide(kind(route.type()), route, r, trace);
        }
        trace.add("no rule produced a route");
        return new RouteDecision(RouteDecision.Kind.NO_ROUTE, Optional.empty(), Optional.empty(), trace);
    }

    private static RouteDecision decide(RouteDecision.Kind kind, Route route, PolicyRule rule, List<String> trace) {
        return new RouteDecision(kind, Optional.of(route), Optional.of(rule), trace);
    }

    private static RouteDecision.Kind kind(RouteType type) {
        switch (type) {
            case UNICAST: return RouteDecision.Kind.UNICAST;
            case LOCAL: return RouteDecision.Kind.LOCAL;
            case BROADCAST: return RouteDecision.Kind.BROADCAST;
            case MULTICAST: return RouteDecision.Kind.MULTICAST;
            case ANYCAST: return RouteDecision.Kind.ANYCAST;
            default: return RouteDecision.Kind.UNSUPPORTED;
        }
    }

    private static String describe(Route r) {
        String s = (r.type() == RouteType.UNICAST ? "" : r.type().keyword() + " ")
                + (r.destination().length() == 0 ? "default" : r.destination().toShortString());
        if (r.source().isPresent()) {
            s += " from " + r.source().get();
        }
        if (r.nextHops().size() == 1) {
            NextHop n = r.nextHops().get(0);
            s += n.gateway().map(g -> " via " + g).orElse("") + n.device().map(d -> " dev " + d).orElse("");
        } else if (r.nextHops().size() > 1) {
            s += " (" + r.nextHops().size() + " nexthops)";
        }
        return s + " (" + r.location() + ")";
    }

    /** The route of {@code table} a packet takes, or empty. */
    static Optional<Route> lookupTable(List<Route> routes, RouteTableId table, RouteQuery q, LookupOptions options) {
        AddressFamily family = q.destination().family();
        List<Route> candidates = new ArrayList<>();
        for (Route r : routes) {
            if (r.family() != family || !r.table().equals(table) || !r.destination().contains(q.destination())) {
                continue;
            }
            if (r.source().isPresent() && !r.source().get().contains(q.effectiveSource())) {
                continue;
            }
            if (r.tos() != 0 && r.tos() != q.tos()) {
                continue;
            }
            if (!r.usable(options.ignoreLinkdown())) {
                continue;
            }
            candidates.add(r);
        }
        Comparator<Route> order = Comparator.<Route>comparingInt(r -> -r.destination().length())
                .thenComparingInt(r -> -r.source().map(p -> p.length()).orElse(0))
                .thenComparingInt(r -> r.tos() != 0 ? 0 : 1)
                .thenComparingLong(Route::metric);
        candidates.sort(order);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }
}
