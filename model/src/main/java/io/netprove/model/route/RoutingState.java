package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Diagnostic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The routing state of one node: the routes of every table (both families), the policy rules, and the interfaces
 * with their addresses. A family without any rule uses the kernel's default rules.
 */
public record RoutingState(List<Route> routes, List<PolicyRule> rules, List<NetworkInterface> interfaces,
                           List<String> sources, List<Diagnostic> diagnostics) {

    public RoutingState {
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
        interfaces = List.copyOf(interfaces);
        sources = List.copyOf(sources);
        diagnostics = List.copyOf(diagnostics);
    }

    /** The rules of {@code family} in evaluation order; the kernel defaults when none was read. */
    public List<PolicyRule> rules(AddressFamily family) {
        List<PolicyRule> out = new ArrayList<>();
        for (PolicyRule r : rules) {
            if (r.family() == family) {
                out.add(r);
            }
        }
        if (out.isEmpty()) {
            return PolicyRule.defaults(family);
        }
        out.sort(Comparator.comparingLong(PolicyRule::priority));
        return out;
    }

    /** The routes of one table and family, in the order read. */
    public List<Route> table(RouteTableId table, AddressFamily family) {
        List<Route> out = new ArrayList<>();
        for (Route r : routes) {
            if (r.table().equals(table) && r.family() == family) {
                out.add(r);
            }
        }
        return out;
    }

    /** The route a packet takes; see {@link RouteLookup} for the rules followed. */
    public RouteDecision lookup(RouteQuery query) {
        return lookup(query, LookupOptions.DEFAULT);
    }

    public RouteDecision lookup(RouteQuery query, LookupOptions options) {
        return RouteLookup.lookup(this, query, options);
    }

    /** The most specific route of {@code table} for {@code query}, without rules. */
    public Optional<Route> lookupInTable(RouteTableId table, RouteQuery query) {
        return RouteLookup.lookupTable(routes, table, query, LookupOptions.DEFAULT);
    }

    /**
     * The addresses this host owns: the destinations of {@code local} routes of the local table (whole blocks
     * such as 127.0.0.0/8 included) and every interface address (as a host prefix).
     */
    public Set<IpPrefix> localAddresses() {
        Set<IpPrefix> out = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.type() == RouteType.LOCAL && r.table().equals(RouteTableId.LOCAL)) {
                out.add(r.destination());
            }
        }
        for (NetworkInterface i : interfaces) {
            for (InterfaceAddress a : i.addresses()) {
                out.add(IpPrefix.host(a.local()));
            }
        }
        return out;
    }

    /** True when {@code address} is one of {@link #localAddresses()}. */
    public boolean isLocal(IpAddress address) {
        for (IpPrefix p : localAddresses()) {
            if (p.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The interface named {@code name}, if any. */
    public Optional<NetworkInterface> interfaceNamed(String name) {
        for (NetworkInterface i : interfaces) {
            if (i.name().equals(name)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
