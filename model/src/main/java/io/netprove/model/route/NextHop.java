package io.netprove.model.route;

import io.netprove.model.net.IpAddress;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Where a route sends packets: a gateway ({@code via}, possibly of the other family with {@code via inet6}) and/or
 * an output device, the multipath weight (1 for a single path) and the flags ({@code onlink}, {@code dead},
 * {@code linkdown}, ...).
 */
public record NextHop(Optional<IpAddress> gateway, Optional<String> device, int weight, Set<NextHopFlag> flags) {

    public NextHop {
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("nexthop weight out of range: " + weight);
        }
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    public static NextHop device(String dev) {
        return new NextHop(Optional.empty(), Optional.of(dev), 1, Set.of());
    }

    public static NextHop via(IpAddress gateway, String dev) {
        return new NextHop(Optional.of(gateway), Optional.ofNullable(dev), 1, Set.of());
    }

    public boolean has(NextHopFlag flag) {
        return flags.contains(flag);
    }

    /** False when the kernel skips this nexthop: dead, or (if asked) link down. */
    public boolean usable(boolean ignoreLinkdown) {
        return !has(NextHopFlag.DEAD) && !(ignoreLinkdown && has(NextHopFlag.LINKDOWN));
    }
}
