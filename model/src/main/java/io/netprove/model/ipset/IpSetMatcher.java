package io.netprove.model.ipset;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.Protocol;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The kernel's membership test ({@code ip_set_test} and the types' {@code kadt} functions), on the model:
 * <ul>
 * <li>a rule with fewer flags than the type needs never matches, and neither does a packet of the other family;
 * <li>each dimension compares the field its flag selects: addresses (masked by {@code netmask} for hash:ip and
 *     bitmap:ip), CIDR containment for networks, protocol and port (port ranges contain), MAC, interface, mark;
 * <li>bitmap:port answers only for TCP and UDP packets and only inside its {@code range};
 * <li>for types with networks the most specific matching element decides, network by network in dimension order;
 *     when it is flagged nomatch the answer is {@link IpSetMatch#NOMATCH_ENTRY}; among equally specific
 *     elements the one added last decides (as a later {@code add -exist} overwrites);
 * <li>list:set asks its member sets in order and matches when one of them does.
 * </ul>
 */
final class IpSetMatcher {

    private IpSetMatcher() {
    }

    static IpSetMatch test(IpSet set, IpSetTuple tuple, Function<String, Optional<IpSet>> sets) {
        IpSetType type = set.type();
        if (tuple.sides().size() < type.flagsNeeded()) {
            return IpSetMatch.NO_MATCH;
        }
        if (!type.familyFree() && set.family().isPresent() && set.family().get() != tuple.family()) {
            return IpSetMatch.NO_MATCH;
        }
        if (type == IpSetType.LIST_SET) {
            for (IpSetMember m : set.members()) {
                String name = ((IpSetElement.SetName) m.elements().get(0)).name();
                Optional<IpSet> member = sets.apply(name);
                if (member.isPresent() && member.get().type() != IpSetType.LIST_SET
                        && test(member.get(), tuple, sets) == IpSetMatch.MATCH) {
                    return IpSetMatch.MATCH;
                }
            }
            return IpSetMatch.NO_MATCH;
        }
        if (type == IpSetType.BITMAP_PORT) {
            Protocol p = tuple.protocol();
            if (!p.equals(Protocol.TCP) && !p.equals(Protocol.UDP)) {
                return IpSetMatch.NO_MATCH;
            }
            int port = tuple.sides().get(0).port();
            if (set.options().portRange().isPresent() && !set.options().portRange().get().contains(port)) {
                return IpSetMatch.NO_MATCH;
            }
        }
        IpSetMember best = null;
        int[] bestRank = null;
        for (IpSetMember m : set.members()) {
            int[] rank = rank(set, m, tuple);
            if (rank == null) {
                continue;
            }
            if (best == null || compare(rank, bestRank) >= 0) {
                best = m;
                bestRank = rank;
            }
        }
        if (best == null) {
            return IpSetMatch.NO_MATCH;
        }
        return best.nomatch() ? IpSetMatch.NOMATCH_ENTRY : IpSetMatch.MATCH;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /**
     * Null when {@code m} does not match; otherwise the prefix lengths of its network components (the lookup
     * order of the kernel: longer first).
     */
    private static int[] rank(IpSet set, IpSetMember m, IpSetTuple tuple) {
        List<IpSetDimension> dims = set.type().dimensions();
        int nets = 0;
        for (IpSetDimension d : dims) {
            if (d == IpSetDimension.NET) {
                nets++;
            }
        }
        int[] rank = new int[nets];
        int r = 0;
        int flag = 0;
        for (int i = 0; i < dims.size(); i++) {
            IpSetDimension d = dims.get(i);
            IpSetElement e = i < m.elements().size() ? m.elements().get(i) : null;
            if (d == IpSetDimension.MARK) {
                flag++;
                long mask = set.options().effectiveMarkmask();
                if (e == null || (tuple.mark() & mask) != (((IpSetElement.Mark) e).value() & mask)) {
                    return null;
                }
                continue;
            }
            IpSetTuple.Side side = tuple.sides().get(flag++);
            switch (d) {
                case IP:
                    if (e == null || side.address() == null || !hostMatches(set, e, side.address())) {
                        return null;
                    }
                    break;
                case NET: {
                    int len = side.address() == null || e == null ? -1 : netMatch(e, side.address());
                    if (len < 0) {
                        return null;
                    }
                    rank[r++] = len;
                    break;
                }
                case PORT:
                    if (e == null || !portMatches(set.type(), (IpSetElement.Port) e, tuple.protocol(), side.port())) {
                        return null;
                    }
                    break;
                case MAC:
                    if (e == null) {
                        break;
                    }
                    if (side.mac() == null || !((IpSetElement.Mac) e).address().equalsIgnoreCase(side.mac())) {
                        return null;
                    }
                    break;
                case IFACE: {
                    IpSetElement.Interface iface = (IpSetElement.Interface) e;
                    String actual = iface == null ? null : iface.physdev() ? side.physdev() : side.iface();
                    if (actual == null || !actual.equals(iface.name())) {
                        return null;
                    }
                    break;
                }
                default:
                    return null;
            }
        }
        return rank;
    }

    private static boolean hostMatches(IpSet set, IpSetElement e, IpAddress a) {
        int width = a.family().bits();
        int netmask = set.options().netmask().orElse(width);
        if (e instanceof IpSetElement.Prefix) {
            IpPrefix p = ((IpSetElement.Prefix) e).prefix();
            if (p.family() != a.family()) {
                return false;
            }
            return new IpPrefix(p.network(), Math.min(p.length(), netmask)).contains(a);
        }
        IpRange range = ((IpSetElement.Range) e).range();
        if (range.family() != a.family()) {
            return false;
        }
        if (netmask >= width) {
            return range.contains(a);
        }
        IpPrefix block = new IpPrefix(a, netmask);
        return block.network().compareTo(range.last()) <= 0 && block.last().compareTo(range.first()) >= 0;
    }

    /** The prefix length of the block of {@code e} that holds {@code a}, or -1. */
    private static int netMatch(IpSetElement e, IpAddress a) {
        if (e instanceof IpSetElement.Prefix) {
            IpPrefix p = ((IpSetElement.Prefix) e).prefix();
            return p.contains(a) ? p.length() : -1;
        }
        IpRange range = ((IpSetElement.Range) e).range();
        if (!range.contains(a)) {
            return -1;
        }
        return blockLength(range, a);
    }

    /**
     * The length of the CIDR block containing {@code a} when {@code range} is cut into the fewest aligned blocks
     * from its start, as ipset does when a range is added to a network type.
     */
    static int blockLength(IpRange range, IpAddress a) {
        AddressFamily family = range.family();
        int width = family.bits();
        BigInteger cur = range.first().toBigInteger();
        BigInteger last = range.last().toBigInteger();
        BigInteger target = a.toBigInteger();
        while (cur.compareTo(last) <= 0) {
            int len = width;
            while (len > 0) {
                int host = width - (len - 1);
                BigInteger size = BigInteger.ONE.shiftLeft(host);
                boolean aligned = cur.mod(size).signum() == 0;
                if (!aligned || cur.add(size).subtract(BigInteger.ONE).compareTo(last) > 0) {
                    break;
                }
                len--;
            }
            BigInteger end = cur.add(BigInteger.ONE.shiftLeft(width - len)).subtract(BigInteger.ONE);
            if (target.compareTo(cur) >= 0 && target.compareTo(end) <= 0) {
                return len;
            }
            cur = end.add(BigInteger.ONE);
        }
        return -1;
    }

    private static boolean portMatches(IpSetType type, IpSetElement.Port e, Protocol protocol, int port) {
        if (type == IpSetType.BITMAP_PORT) {
            return e.ports().contains(port);
        }
        return e.protocol().equals(protocol) && e.ports().contains(port);
    }
}
