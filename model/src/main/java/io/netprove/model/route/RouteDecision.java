package io.netprove.model.route;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a route lookup: what happens to the packet, the route and the rule that decided (when there is
 * one), and a readable trace of the rules and tables that were consulted, in order.
 */
public record RouteDecision(Kind kind, Optional<Route> route, Optional<PolicyRule> rule, List<String> trace) {

    /** What the lookup decided. */
    public enum Kind {
        /** Forward through the route's next hop(s). */
        UNICAST,
        /** Deliver locally ({@code local} route). */
        LOCAL,
        /** Deliver as broadcast. */
        BROADCAST,
        /** Multicast route. */
        MULTICAST,
        /** IPv6 anycast address of this host: delivered locally. */
        ANYCAST,
        /** Dropped silently by a blackhole route or rule. */
        BLACKHOLE,
        /** Dropped with host unreachable by an unreachable route or rule. */
        UNREACHABLE,
        /** Dropped with administratively prohibited by a prohibit route or rule. */
        PROHIBIT,
        /** No rule produced a route (network unreachable). */
        NO_ROUTE,
        /** The route is of a type this model does not follow (nat, xresolve, unspec). */
        UNSUPPORTED
    }

    public RouteDecision {
        trace = List.copyOf(trace);
    }

    /** True for the outcomes that deliver the packet to this host. */
    public boolean isLocalDelivery() {
        return kind == Kind.LOCAL || kind == Kind.BROADCAST || kind == Kind.ANYCAST;
    }

    /** True for the outcomes that drop the packet. */
    public boolean isDrop() {
        return kind == Kind.BLACKHOLE || kind == Kind.UNREACHABLE || kind == Kind.PROHIBIT || kind == Kind.NO_ROUTE;
    }
}
