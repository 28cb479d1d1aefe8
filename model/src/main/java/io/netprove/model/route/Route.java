package io.netprove.model.route;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One route of one table. {@code nextHops} has one entry for a single-path route (none for blackhole and the other
 * types that send nowhere) and one per {@code nexthop} line for a multipath route ({@code multipath} true).
 * {@code source} is the IPv6 source prefix of {@code from} (source-specific routing); {@code preferredSource} is
 * {@code src}, the address locally generated packets get. {@code tos} is 0 unless the route is TOS-specific.
 * The metric is 0 when not printed (IPv4's default). {@code attributes} are the recognised but unmodelled words.
 */
public record Route(RouteType type, AddressFamily family, IpPrefix destination, Optional<IpPrefix> source,
                    RouteTableId table, int tos, List<NextHop> nextHops, boolean multipath,
                    Optional<IpAddress> preferredSource, RouteProtocol protocol, RouteScope scope, long metric,
                    List<RouteAttribute> attributes, SourceLocation location) {

    public Route {
        if (destination.family() != family) {
            throw new IllegalArgumentException("destination " + destination + " is not " + family);
        }
        nextHops = List.copyOf(nextHops);
        attributes = List.copyOf(attributes);
    }

    /** The next hops the kernel may use (not dead; not link-down when {@code ignoreLinkdown}). */
    public List<NextHop> usableNextHops(boolean ignoreLinkdown) {
        List<NextHop> out = new ArrayList<>();
        for (NextHop n : nextHops) {
            if (n.usable(ignoreLinkdown)) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * False when the kernel passes over this route in a lookup: all its next hops are dead (or link-down when
     * {@code ignoreLinkdown}). Routes without next hops (blackhole, unreachable, ...) are always usable.
     */
    public boolean usable(boolean ignoreLinkdown) {
        return nextHops.isEmpty() || !usableNextHops(ignoreLinkdown).isEmpty();
    }

    /** The value of the kept attribute {@code keyword}, if any. */
    public Optional<String> attribute(String keyword) {
        for (RouteAttribute a : attributes) {
            if (a.keyword().equals(keyword)) {
                return Optional.of(a.value());
            }
        }
        return Optional.empty();
    }
}
