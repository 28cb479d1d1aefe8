package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.space.IntervalSet;

/**
 * nft data types netprove reads values of. The first five have a lookup key in the model and parse to
 * {@link IntervalSet}s of their width; the rest are compared symbolically by the lowering.
 */
enum NftType {
    IPV4_ADDR("ipv4_addr", 32, "an IPv4 address, prefix or range"),
    IPV6_ADDR("ipv6_addr", 128, "an IPv6 address, prefix or range"),
    INET_PROTO("inet_proto", 8, "a protocol name or number"),
    INET_SERVICE("inet_service", 16, "a port number or range"),
    MARK("mark", 32, "a mark value"),
    IFNAME("ifname", 0, "an interface name"),
    CT_STATE("ct_state", 0, "a conntrack state"),
    CT_STATUS("ct_status", 0, "a conntrack status"),
    FIB_ADDRTYPE("fib_addrtype", 0, "a route type such as local"),
    ICMP_TYPE("icmp_type", 0, "an ICMP type"),
    ICMPV6_TYPE("icmpv6_type", 0, "an ICMPv6 type"),
    NFPROTO("nf_proto", 0, "ipv4 or ipv6"),
    TCP_FLAG("tcp_flag", 0, "TCP flags"),
    CT_DIR("ct_dir", 0, "original or reply"),
    INTEGER("integer", 64, "a number"),
    OTHER("?", 0, "a value");

    final String nftName;
    final int bits;
    final String expected;

    NftType(String nftName, int bits, String expected) {
        this.nftName = nftName;
        this.bits = bits;
        this.expected = expected;
    }

    /** The type a set declaration names ({@code type ipv4_addr}), or OTHER. */
    static NftType byName(String name) {
        for (NftType t : values()) {
            if (t.nftName.equals(name)) {
                return t;
            }
        }
        return OTHER;
    }

    /** True for the types a model lookup can hold. */
    boolean lookupable() {
        return this == IPV4_ADDR || this == IPV6_ADDR || this == INET_PROTO || this == INET_SERVICE || this == MARK;
    }

    AddressFamily family() {
        return this == IPV4_ADDR ? AddressFamily.IPV4 : this == IPV6_ADDR ? AddressFamily.IPV6 : null;
    }

    /** The values {@code e} stands for: a point, a prefix or a range ({@code a-b}, JSON prefix/range objects). */
    IntervalSet values(Expr e) {
        if (e instanceof Expr.Prefix p) {
            if (family() == null) {
                throw new InputError(p.at(), "a prefix is not " + expected + ": expected " + expected);
            }
            IpAddress a = address(p.address());
            if (p.length() < 0 || p.length() > a.family().bits()) {
                throw new InputError(p.at(), "prefix length " + p.length() + " is out of range: expected 0 to "
                        + a.family().bits());
            }
            return IntervalSet.of(new IpPrefix(a, p.length()));
        }
        if (e instanceof Expr.Range r) {
            IntervalSet lo = values(r.low());
            IntervalSet hi = values(r.high());
            return range(lo, hi, r.at());
        }
        if (!(e instanceof Expr.Literal l)) {
            throw new InputError(e.at(), "'" + NftText.render(e) + "' is not " + expected + ": expected "
                    + expected);
        }
        String s = l.text();
        IntervalSet whole = point(s, l.at());
        if (whole != null) {
            return whole;
        }
        if (family() != null && s.indexOf('/') > 0) {
            IpPrefix p = IpPrefix.tryParse(s);
            if (p == null || p.family() != family()) {
                throw bad(s, l.at());
            }
            return IntervalSet.of(p);
        }
        int dash = s.indexOf('-', 1);
        if (dash > 0) {
            IntervalSet lo = point(s.substring(0, dash), l.at());
            IntervalSet hi = point(s.substring(dash + 1), l.at());
            if (lo == null || hi == null) {
                throw bad(s, l.at());
            }
            return range(lo, hi, l.at());
        }
        throw bad(s, l.at());
    }

    private IntervalSet range(IntervalSet lo, IntervalSet hi, SourceLocation at) {
        if (!lo.isPoint() || !hi.isPoint()) {
            throw new InputError(at, "a range needs single values at both ends: expected " + expected);
        }
        long[] a = lo.first();
        long[] b = hi.first();
        IntervalSet r = IntervalSet.range(bits, a[0], a[1], b[0], b[1]);
        if (r.isEmpty()) {
            throw new InputError(at, "range ends before it starts: expected LOW-HIGH");
        }
        return r;
    }

    private IpAddress address(Expr e) {
        if (e instanceof Expr.Literal l) {
            IpAddress a = IpAddress.tryParse(l.text());
            if (a != null && a.family() == family()) {
                return a;
            }
            throw bad(l.text(), l.at());
        }
        throw new InputError(e.at(), "expected " + expected);
    }

    /** One value as a one-point set, or null when {@code s} is not a single value of this type. */
    private IntervalSet point(String s, SourceLocation at) {
        switch (this) {
            case IPV4_ADDR, IPV6_ADDR -> {
                IpAddress a = IpAddress.tryParse(s);
                if (a == null) {
                    return null;
                }
                if (a.family() != family()) {
                    throw bad(s, at);
                }
                return IntervalSet.of(a);
            }
            case INET_PROTO -> {
                Protocol p = Protocol.lookup(s);
                return p == null ? null : IntervalSet.point(8, 0, p.number());
            }
            case INET_SERVICE -> {
                Integer p = NftValues.service(s);
                return p == null ? null : IntervalSet.point(16, 0, p);
            }
            case MARK -> {
                Long v = NftValues.parseNumber(s);
                if (v == null) {
                    return null;
                }
                if ((v >>> 32) != 0) {
                    throw new InputError(at, "mark " + s + " does not fit in 32 bits: expected a 32-bit value");
                }
                return IntervalSet.point(32, 0, v);
            }
            default -> throw new IllegalStateException(this + " has no interval values");
        }
    }

    private InputError bad(String s, SourceLocation at) {
        return new InputError(at, "'" + s + "' is not " + expected + ": expected " + expected);
    }
}
