package io.netprove.properties;

import io.netprove.grammar.iptables.IptablesSaveWriter;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.CtStatus;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generated iptables rule sets, as model objects, including hostile ones: user chains that jump deeper and deeper
 * (always forwards, so there is no loop), gotos whose chains RETURN (back to the caller of the goto's chain), marks
 * and connmarks set in one table and tested in the next, overlapping DNATs behind random statistic branches,
 * negations, multiport lists, addrtype, iprange and conntrack state. Addresses and ports come from small pools so
 * that rules overlap and shadow each other. Three flavours:
 * <ul>
 *   <li>{@link Flavour#KERNEL}: only what the kernel loads and the kernel oracle can compare (new TCP/UDP
 *       connections from the oracle's clients; no interfaces, no free choices other than random statistic);</li>
 *   <li>{@link Flavour#SEMANTIC}: also the modelled criteria whose answer is a free choice or a template field
 *       (interfaces, nth statistic, recent, limit, conntrack direction);</li>
 *   <li>{@link Flavour#PRINTABLE}: every criterion and target the iptables front end reads, for the round trip,
 *       in either address family.</li>
 * </ul>
 */
final class IptablesRulesets {

    /** How wide the generated language is. */
    enum Flavour { KERNEL, SEMANTIC, PRINTABLE }

    /** The generating node's addresses: the kernel oracle topology's two node addresses. */
    static final List<IpAddress> NODE = List.of(IpAddress.parse("192.168.0.2"), IpAddress.parse("192.168.99.11"));

    private static final List<Long> V4_BASES = List.of(ip("10.0.0.0"), ip("10.96.0.0"), ip("10.244.1.0"),
            ip("192.168.0.0"), ip("203.0.113.0"), ip("127.0.0.0"), ip("192.168.99.0"));
    private static final List<Long> OFFSETS = List.of(0L, 1L, 2L, 5L, 10L, 11L, 127L, 128L, 130L, 255L, 256L, 4095L);
    private static final List<Integer> PORTS = List.of(1, 22, 53, 79, 80, 81, 443, 1023, 1024, 5432, 8080, 30000,
            30080, 32767, 65535);
    private static final List<Long> MARKS = List.of(0x1L, 0x2L, 0x10L, 0x4000L, 0x8000L, 0xff00L);

    private IptablesRulesets() {
    }

    /**
     * Arbitraries built inside flatMap are cached by what they depend on: jqwik memoizes generators per arbitrary,
     * and a fresh (but equal) arbitrary per generated value makes that table grow and its lookups compare lambdas.
     */
    private static final Map<Object, Arbitrary<?>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> Arbitrary<T> cached(Object key, java.util.function.Supplier<Arbitrary<T>> make) {
        Arbitrary<?> a = CACHE.get(key);
        if (a == null) {
            a = make.get();
            Arbitrary<?> raced = CACHE.putIfAbsent(key, a);
            a = raced != null ? raced : a;
        }
        return (Arbitrary<T>) a;
    }

    private static long ip(String dotted) {
        return IpAddress.parse(dotted).lo();
    }

    // ------------------------------------------------------------------ values

    /** Addresses of the kernel flavour: no loopback (route_localnet), no address a kernel-oracle client owns. */
    static Arbitrary<IpAddress> address(Flavour flavour, AddressFamily f) {
        if (flavour != Flavour.KERNEL || f != AddressFamily.IPV4) {
            return address(f);
        }
        return address(f).filter(a -> !a.isLoopback() && !KERNEL_CLIENTS.contains(a));
    }

    /** The kernel oracle's client addresses (an outside client and a pod), which rules never rewrite to. */
    static final List<IpAddress> KERNEL_CLIENTS = List.of(IpAddress.parse("203.0.113.2"), IpAddress.parse("10.0.0.2"));

    static Arbitrary<IpAddress> address(AddressFamily f) {
        if (f == AddressFamily.IPV6) {
            return Combinators.combine(Arbitraries.of(0x20010db800000000L, 0xfd00000000000000L, 0L),
                    Arbitraries.of(OFFSETS)).as((hi, off) -> IpAddress.v6(hi, hi == 0 ? 1 + off : off));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(Arbitraries.of(V4_BASES), Arbitraries.of(OFFSETS))
                        .as((b, o) -> IpAddress.v4(b + o))),
                Tuple.of(2, Arbitraries.of(NODE)));
    }

    static Arbitrary<IpPrefix> prefix(AddressFamily f) {
        Arbitrary<Integer> lengths = f == AddressFamily.IPV4 ? Arbitraries.of(8, 12, 16, 24, 25, 28, 30, 31, 32)
                : Arbitraries.of(32, 64, 120, 127, 128);
        return Combinators.combine(address(f), lengths).as(IpPrefix::new);
    }

    static Arbitrary<IpRange> range(AddressFamily f) {
        return Combinators.combine(address(f), Arbitraries.of(0L, 1L, 3L, 100L, 300L))
                .as((a, n) -> new IpRange(a, a.isV4() && a.lo() + n > 0xffffffffL ? a : a.plus(n)));
    }

    static Arbitrary<Integer> port() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(PORTS)),
                Tuple.of(1, Arbitraries.integers().between(0, 65535)));
    }

    static Arbitrary<PortRange> portRange() {
        return Combinators.combine(port(), port(), Arbitraries.integers().between(0, 2))
                .as((a, b, single) -> single == 0 ? PortRange.single(a) : new PortRange(Math.min(a, b),
                        Math.max(a, b)));
    }

    /** The source ports the kernel oracle sends its probes from (its PROBE_PORTS). */
    static final PortRange ORACLE_PROBE_PORTS = new PortRange(61000, 64999);

    /**
     * Port ranges of the kernel flavour: no end inside the oracle's probe ports, so that every range holds all of
     * them or none, and a probe's source port (which the oracle picks among them) decides nothing.
     */
    private static Arbitrary<PortRange> portRange(Flavour flavour) {
        if (flavour != Flavour.KERNEL) {
            return portRange();
        }
        return portRange().map(r -> new PortRange(outsideProbePorts(r.first(), ORACLE_PROBE_PORTS.first() - 1),
                outsideProbePorts(r.last(), ORACLE_PROBE_PORTS.last() + 1)));
    }

    private static int outsideProbePorts(int port, int instead) {
        return port >= ORACLE_PROBE_PORTS.first() && port <= ORACLE_PROBE_PORTS.last() ? instead : port;
    }

    static Arbitrary<Long> mark() {
        return Arbitraries.of(MARKS);
    }

    private static Arbitrary<Boolean> negated(int percent) {
        return Arbitraries.integers().between(1, 100).map(n -> n <= percent);
    }

    private static Arbitrary<Direction> direction() {
        return Arbitraries.of(Direction.SOURCE, Direction.DESTINATION);
    }

    // ------------------------------------------------------------------ criteria

    /** The protocol a rule tests ({@code null}: none); criteria that need one only follow a matching -p. */
    private static Arbitrary<Match.ProtocolIs> protocol(AddressFamily f) {
        Protocol icmp = f == AddressFamily.IPV4 ? Protocol.ICMP : Protocol.ICMPV6;
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(null)),
                Tuple.of(4, Arbitraries.just(new Match.ProtocolIs(Protocol.TCP, false))),
                Tuple.of(3, Arbitraries.just(new Match.ProtocolIs(Protocol.UDP, false))),
                Tuple.of(1, Arbitraries.just(new Match.ProtocolIs(icmp, false))),
                Tuple.of(1, Arbitraries.just(new Match.ProtocolIs(Protocol.TCP, true))));
    }

    private static boolean ports(Match.ProtocolIs p) {
        return p != null && !p.negated() && p.protocol().hasPorts();
    }

    private static boolean tcp(Match.ProtocolIs p) {
        return p != null && !p.negated() && p.protocol().equals(Protocol.TCP);
    }

    private static Arbitrary<Match> criterion(Flavour flavour, AddressFamily f, Match.ProtocolIs proto,
                                              boolean natTable) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Match>>> c = new ArrayList<>();
        c.add(Tuple.of(6, Combinators.combine(direction(), prefix(f), negated(25)).as(Match.Address::new)));
        c.add(Tuple.of(2, Combinators.combine(direction(), range(f), negated(25)).as(Match.IpRangeIs::new)));
        c.add(Tuple.of(2, Combinators.combine(mark(), Arbitraries.of(0xffffffffL, 0xffffL, -1L), negated(25))
                .as((v, m, n) -> new Match.Mark(v, m == -1L ? v : m, n))));
        c.add(Tuple.of(1, Combinators.combine(mark(), negated(25))
                .as((v, n) -> new Match.Connmark(v, v, n))));
        // the kernel oracle enumerates the branches of "--probability P" rules only, not of "! --probability P"
        // ones (which it leaves random: one branch observed); the kernel flavour keeps to the former
        c.add(Tuple.of(2, Combinators.combine(Arbitraries.of(0.5, 0.25, 0.33333333349, 0.1),
                        flavour == Flavour.KERNEL ? Arbitraries.just(false) : negated(10))
                .as((p, n) -> new Match.Statistic(Match.Statistic.Mode.RANDOM, p, probability(p), 0, 0, n))));
        c.add(Tuple.of(2, Combinators.combine(direction(),
                        Arbitraries.of(Set.of(AddrType.LOCAL), Set.of(AddrType.UNICAST), Set.of(AddrType.BROADCAST),
                                Set.of(AddrType.LOCAL, AddrType.MULTICAST)), negated(30))
                .as((d, t, n) -> new Match.AddrTypeIs(d, t, n, Match.AddrTypeIs.LimitIface.NONE))));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Set.of(CtState.NEW), Set.of(CtState.ESTABLISHED,
                        CtState.RELATED), Set.of(CtState.INVALID), Set.of(CtState.DNAT), Set.of(CtState.NEW,
                        CtState.ESTABLISHED)), negated(20))
                .as((s, n) -> new Match.CtStateIs(s, n, false))));
        c.add(Tuple.of(1, Arbitraries.of("fz", "no endpoints", "a \"quoted\" word")
                .map(Match.Comment::new)));
        if (ports(proto)) {
            String module = proto.protocol().name();
            c.add(Tuple.of(6, Combinators.combine(direction(), portRange(flavour), negated(20))
                    .as((d, r, n) -> new Match.Port(module, d, r, n))));
            c.add(Tuple.of(2, Combinators.combine(Arbitraries.of(Match.Multiport.Kind.values()),
                            portRange(flavour).list().ofMinSize(1).ofMaxSize(4), negated(20))
                    .as(Match.Multiport::new)));
        }
        if (tcp(proto)) {
            c.add(Tuple.of(1, negated(20).map(n -> new Match.TcpFlags(0x17, 0x02, n, true))));
        }
        if (flavour != Flavour.KERNEL) {
            c.add(Tuple.of(1, Combinators.combine(direction(), Arbitraries.of("eth0", "cni0", "lo", "veth+"),
                    negated(30)).as(Match.Interface::new)));
            c.add(Tuple.of(1, Combinators.combine(Arbitraries.integers().between(2, 4), negated(10))
                    .as((every, n) -> new Match.Statistic(Match.Statistic.Mode.NTH, 0, null, every, 0, n))));
            // recent lists under the source or the destination, before and after NAT, so that symbolic keys
            // (the original addresses) and concrete ones (NAT's) meet: verifier's RecentListAliasingTest. A list
            // is always used with one mask (the walk leaves a list read under two masks of one variable a choice)
            Arbitrary<IpAddress> mask = f == AddressFamily.IPV4
                    ? Arbitraries.just(IpAddress.parse("255.255.255.0")).injectNull(0.8) : Arbitraries.just(null);
            c.add(Tuple.of(2, Combinators.combine(Arbitraries.of(Match.Recent.Mode.values()), Arbitraries.of(false,
                            true), mask, negated(20))
                    .as((m, dest, k, n) -> new Match.Recent(k == null ? "fz" : "fz24", m, 0, 0, false, false, dest,
                            k, n))));
            c.add(Tuple.of(1, negated(20).map(n -> new Match.Limit("10/second", 5, n))));
            c.add(Tuple.of(1, Arbitraries.of(true, false).map(Match.CtDirection::new)));
        }
        if (flavour == Flavour.PRINTABLE) {
            c.addAll(printableOnly(f, proto));
        }
        return Arbitraries.frequencyOf(c.toArray(Tuple.Tuple2[]::new));
    }

    /** How iptables-save prints a probability (kube-proxy's spelling). */
    private static String probability(double p) {
        return String.format(java.util.Locale.ROOT, "%.11f", p);
    }

    private static List<Tuple.Tuple2<Integer, Arbitrary<? extends Match>>> printableOnly(AddressFamily f,
                                                                                          Match.ProtocolIs proto) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Match>>> c = new ArrayList<>();
        c.add(Tuple.of(1, negated(30).map(Match.Fragment::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Match.Owner.Kind.UID, Match.Owner.Kind.GID),
                Arbitraries.of("0", "1000", "nobody"), negated(30)).as(Match.Owner::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Match.Physdev.Kind.IN, Match.Physdev.Kind.OUT),
                Arbitraries.of("eth0", "veth1"), negated(30)).as(Match.Physdev::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of("KUBE-CLUSTER-IP", "fz-set"),
                Arbitraries.of(List.of(Direction.DESTINATION), List.of(Direction.DESTINATION, Direction.DESTINATION),
                        List.of(Direction.SOURCE)), negated(30))
                .as((n, d, neg) -> new Match.SetIs(n, d, neg, List.of()))));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of("00:11:22:33:44:55", "AA:BB:CC:DD:EE:FF"),
                negated(30)).as(Match.MacSource::new)));
        c.add(Tuple.of(1, Arbitraries.of("fz-acct", "kube-proxy").map(Match.Nfacct::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(EnumSet.of(CtStatus.ASSURED),
                EnumSet.of(CtStatus.SEEN_REPLY, CtStatus.CONFIRMED)), negated(30)).as(Match.CtStatusIs::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Protocol.TCP, Protocol.UDP, Protocol.SCTP),
                negated(30)).as(Match.CtProto::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Match.CtTuple.values()), prefix(f), negated(30))
                .as(Match.CtAddress::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(Match.CtTuple.values()), portRange(), negated(30))
                .as(Match.CtPort::new)));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.longs().between(0, 100), Arbitraries.of(0L, 50L),
                negated(30)).as((a, d, n) -> new Match.CtExpire(a, a + d, n))));
        c.add(Tuple.of(1, Combinators.combine(Arbitraries.just(Set.of(CtState.NEW)), negated(30))
                .as((s, n) -> new Match.CtStateIs(s, n, true))));
        c.add(Tuple.of(1, Arbitraries.of(List.of("--hashlimit-upto", "50/sec", "--hashlimit-name", "fz"),
                        List.of("!", "--hashlimit-above", "5/min", "--hashlimit-name", "x"))
                .map(a -> new Match.Unknown("hashlimit", a, SourceLocation.NONE))));
        if (tcp(proto)) {
            c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(0x3f, 0x12, 0xff), Arbitraries.of(0x02, 0, 0x10),
                    negated(30)).as((m, v, n) -> new Match.TcpFlags(m, v & m, n, false))));
            c.add(Tuple.of(1, Combinators.combine(Arbitraries.of(2, 8), negated(30)).as(Match.TcpOption::new)));
        }
        if (proto != null && !proto.negated() && proto.protocol().isIcmp() && f == AddressFamily.IPV4) {
            c.add(Tuple.of(2, Combinators.combine(Arbitraries.of(new int[] {8, 0, 255}, new int[] {3, 3, 3},
                    new int[] {0, 0, 255}), negated(30)).as((t, n) -> new Match.IcmpType(f, t[0], t[1], t[2],
                    t[0] == 8 ? "echo-request" : t[0] == 3 ? "port-unreachable" : "echo-reply", n))));
        }
        return c;
    }

    // ------------------------------------------------------------------ targets

    /** Where a chain sits: what its rules may do and which chains they may call. */
    enum Role { FILTER, MANGLE, RAW, NAT_DESTINATION, NAT_SOURCE, NAT_INPUT }

    private static Arbitrary<Target> target(Flavour flavour, AddressFamily f, Role role, List<String> callable,
                                            Match.ProtocolIs proto) {
        List<Tuple.Tuple2<Integer, Arbitrary<? extends Target>>> t = new ArrayList<>();
        if (!callable.isEmpty()) {
            t.add(Tuple.of(5, Arbitraries.of(callable).map(Target.Jump::new)));
            t.add(Tuple.of(2, Arbitraries.of(callable).map(Target.Goto::new)));
        }
        t.add(Tuple.of(2, Arbitraries.just(new Target.Return())));
        t.add(Tuple.of(1, Arbitraries.just(new Target.None())));
        t.add(Tuple.of(2, markTarget()));
        switch (role) {
            case FILTER -> {
                t.add(Tuple.of(3, Arbitraries.just(new Target.Accept())));
                t.add(Tuple.of(3, Arbitraries.just(new Target.Drop())));
                t.add(Tuple.of(2, Arbitraries.of("icmp-port-unreachable", "icmp-host-prohibited")
                        .map(Target.Reject::new)));
                t.add(Tuple.of(1, connmarkTarget()));
            }
            case MANGLE -> {
                t.add(Tuple.of(2, Arbitraries.just(new Target.Accept())));
                t.add(Tuple.of(1, Arbitraries.just(new Target.Drop())));
                t.add(Tuple.of(3, connmarkTarget()));
            }
            case RAW -> {
                t.add(Tuple.of(2, Arbitraries.just(new Target.Accept())));
                t.add(Tuple.of(1, Arbitraries.of("NOTRACK", "CT --notrack").map(Target.NoTrack::new)));
            }
            case NAT_DESTINATION -> {
                t.add(Tuple.of(1, Arbitraries.just(new Target.Accept())));
                int ranges = flavour == Flavour.PRINTABLE ? 2 : 1;
                t.add(Tuple.of(7, natRange(flavour, f, ports(proto)).list().ofMinSize(1).ofMaxSize(ranges)
                        .map(r -> new Target.Dnat(r, false, false))));
                if (ports(proto) && flavour != Flavour.KERNEL) {
                    t.add(Tuple.of(1, portRange().map(p -> new Target.Redirect(p, false))));
                }
            }
            case NAT_SOURCE -> {
                t.add(Tuple.of(1, Arbitraries.just(new Target.Accept())));
                t.add(Tuple.of(3, natRange(flavour, f, false)
                        .map(r -> new Target.Snat(List.of(r), false, false, false))));
                // the kernel oracle traces probes by their source ports: a node probe to itself whose port
                // --random-fully rewrote is traced through the oracle's tproxy rule, which xtables-monitor cannot
                // print (it exits), so the kernel flavour masquerades without it
                t.add(Tuple.of(3, (flavour == Flavour.KERNEL ? Arbitraries.just(false) : Arbitraries.of(true, false))
                        .map(rf -> new Target.Masquerade(null, false, rf))));
            }
            case NAT_INPUT -> t.add(Tuple.of(1, Arbitraries.just(new Target.Accept())));
            default -> throw new IllegalStateException(role.name());
        }
        if (flavour == Flavour.PRINTABLE) {
            t.add(Tuple.of(1, Arbitraries.of(new Target.Log("LOG", List.of("--log-prefix", "fz: x")),
                    new Target.Log("NFLOG", List.of()), new Target.Continue("CHECKSUM", List.of("--checksum-fill")),
                    new Target.Ct(List.of("--zone", "3")),
                    new Target.Unknown("NFQUEUE", List.of("--queue-num", "3"), SourceLocation.NONE))));
        }
        return Arbitraries.frequencyOf(t.toArray(Tuple.Tuple2[]::new));
    }

    private static Arbitrary<NatRange> natRange(Flavour flavour, AddressFamily f, boolean withPort) {
        Arbitrary<PortRange> ports = withPort ? Arbitraries.frequencyOf(Tuple.of(3, port().map(PortRange::single)),
                Tuple.of(1, Arbitraries.just(null))) : Arbitraries.just(null);
        return Combinators.combine(address(flavour, f), ports).as((a, p) -> new NatRange(IpRange.single(a), p));
    }

    /** MARK in each spelling, normalised as the front end does. */
    private static Arbitrary<Target> markTarget() {
        return Combinators.combine(Arbitraries.of("--set-xmark", "--set-mark", "--or-mark", "--and-mark",
                "--xor-mark"), mark()).as(IptablesRulesets::setMark);
    }

    static Target.SetMark setMark(String option, long v) {
        return switch (option) {
            case "--set-xmark" -> new Target.SetMark(v, 0xffffffffL, option + " 0x" + Long.toHexString(v)
                    + "/0xffffffff");
            case "--set-mark" -> new Target.SetMark(v, v | v, option + " 0x" + Long.toHexString(v) + "/0x"
                    + Long.toHexString(v));
            case "--or-mark" -> new Target.SetMark(v, v, option + " 0x" + Long.toHexString(v));
            case "--and-mark" -> new Target.SetMark(0, ~v & 0xffffffffL, option + " 0x" + Long.toHexString(v));
            default -> new Target.SetMark(v, 0, option + " 0x" + Long.toHexString(v));
        };
    }

    private static Arbitrary<Target> connmarkTarget() {
        return Arbitraries.oneOf(
                mark().map(v -> new Target.ConnMark(Target.ConnMark.Op.SET_XMARK, v, v, 0xffffffffL, 0xffffffffL,
                        "--or-mark 0x" + Long.toHexString(v))),
                Arbitraries.just(new Target.ConnMark(Target.ConnMark.Op.SAVE, 0, 0, 0xffffffffL, 0xffffffffL,
                        "--save-mark")),
                Arbitraries.just(new Target.ConnMark(Target.ConnMark.Op.RESTORE, 0, 0, 0xffffffffL, 0xffffffffL,
                        "--restore-mark")));
    }

    // ------------------------------------------------------------------ rules, chains, tables

    /** A rule before it is placed: criteria and target. */
    record Spec(List<Match> matches, Target target) {
    }

    private static Arbitrary<Spec> rule(Flavour flavour, AddressFamily f, Role role, List<String> callable) {
        return cached(List.of("rule", flavour, f, role, callable), () -> protocol(f).flatMap(p -> cached(
                java.util.Arrays.asList("rule-of", flavour, f, role, callable, p), () -> ruleOf(flavour, f, role,
                        callable, p))));
    }

    private static Arbitrary<Spec> ruleOf(Flavour flavour, AddressFamily f, Role role, List<String> callable,
                                          Match.ProtocolIs p) {
        boolean nat = role == Role.NAT_DESTINATION || role == Role.NAT_SOURCE || role == Role.NAT_INPUT;
        return Combinators.combine(
                criterion(flavour, f, p, nat).list().ofMaxSize(3),
                target(flavour, f, role, callable, p)).as((ms, t) -> {
                    List<Match> all = new ArrayList<>();
                    if (p != null) {
                        all.add(p);
                    }
                    Set<String> once = new java.util.HashSet<>();
                    List<String> markModules = new ArrayList<>();
                    for (Match m : ms) {
                        // iptables takes -s, -d, -i, -o and -f once per rule
                        String key = m instanceof Match.Address a ? "address " + a.direction()
                                : m instanceof Match.Interface i ? "interface " + i.direction()
                                : m instanceof Match.Fragment ? "fragment" : null;
                        if (key != null && !once.add(key)) {
                            continue;
                        }
                        if (flavour == Flavour.KERNEL && !loadable(markModules, m)) {
                            continue;
                        }
                        if (flavour == Flavour.KERNEL && m instanceof Match.Statistic st
                                && (st.negated() || !once.add("statistic"))) {
                            // the kernel oracle's --enumerate forces only a plain "--mode random --probability P",
                            // one per rule; a negated or second one would stay random in the kernel
                            continue;
                        }
                        all.add(m);
                    }
                    if (flavour == Flavour.KERNEL && all.isEmpty() && t instanceof Target.None) {
                        all.add(new Match.Comment("counts every packet")); // the oracle needs a rule specification
                    }
                    return new Spec(all, t);
                });
    }

    /**
     * False for a criterion the kernel oracle's iptables-nft-restore (1.8.9) does not load as written: a mark or
     * connmark criterion that comes back after the other module's ({@code -m mark --mark A -m connmark --mark B -m
     * mark --mark C} fails with "mark: option --mark can only be used once", legacy iptables too, as both modules
     * spell their option --mark), and a negated tcp/udp port match of every port ({@code ! --sport 0:65535}, which
     * iptables-nft drops from the rule, so that it matches every packet). Records the module of a kept mark or
     * connmark criterion in {@code seen}.
     */
    static boolean loadable(List<String> seen, Match m) {
        if (m instanceof Match.Port p && p.negated() && p.range().equals(PortRange.ALL)) {
            return false;
        }
        String module = m instanceof Match.Mark ? "mark" : m instanceof Match.Connmark ? "connmark" : null;
        if (module == null) {
            return true;
        }
        if (seen.contains(module) && !seen.get(seen.size() - 1).equals(module)) {
            return false;
        }
        seen.add(module);
        return true;
    }

    private static Arbitrary<List<Spec>> rules(Flavour flavour, AddressFamily f, Role role, List<String> callable) {
        return rule(flavour, f, role, callable).list().ofMaxSize(5);
    }

    /** A table's chains: built-in ones, then user chains of each group; a chain calls only later chains. */
    private record Group(Role role, String prefix, int size, List<String> builtins) {
    }

    private static Arbitrary<Map<String, List<Spec>>> chains(Flavour flavour, AddressFamily f, List<Group> groups,
                                                             List<String> plainBuiltins, Role plainRole) {
        return Arbitraries.integers().between(0, 4).list().ofSize(groups.size()).flatMap(sizes -> cached(
                java.util.Arrays.asList("chains", flavour, f, groups, plainBuiltins, plainRole, sizes),
                () -> chainsOfSizes(flavour, f, groups, plainBuiltins, plainRole, sizes)));
    }

    private static Arbitrary<Map<String, List<Spec>>> chainsOfSizes(Flavour flavour, AddressFamily f,
                                                                    List<Group> groups, List<String> plainBuiltins,
                                                                    Role plainRole, List<Integer> sizes) {
        {
            List<String> names = new ArrayList<>();
            List<Arbitrary<List<Spec>>> arbs = new ArrayList<>();
            for (String b : plainBuiltins) {
                names.add(b);
                arbs.add(rules(flavour, f, plainRole, List.of()));
            }
            for (int g = 0; g < groups.size(); g++) {
                Group group = groups.get(g);
                List<String> users = new ArrayList<>();
                for (int i = 0; i < sizes.get(g); i++) {
                    users.add(group.prefix() + i);
                }
                for (String b : group.builtins()) {
                    names.add(b);
                    arbs.add(rules(flavour, f, group.role(), users));
                }
                for (int i = 0; i < users.size(); i++) {
                    names.add(users.get(i));
                    arbs.add(rules(flavour, f, group.role(), users.subList(i + 1, users.size())));
                }
            }
            return Combinators.combine(arbs).as(lists -> {
                Map<String, List<Spec>> out = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    out.put(names.get(i), lists.get(i));
                }
                return out;
            });
        }
    }

    /** A whole rule set of family {@code f}: filter, mangle, nat and (not for the kernel) raw. */
    static Arbitrary<Ruleset> rulesets(Flavour flavour, AddressFamily f) {
        return cached(List.of("rulesets", flavour, f), () -> rulesetsOf(flavour, f));
    }

    private static Arbitrary<Ruleset> rulesetsOf(Flavour flavour, AddressFamily f) {
        Arbitrary<Map<String, List<Spec>>> filter = chains(flavour, f,
                List.of(new Group(Role.FILTER, "FZ-F", 0, List.of("INPUT", "FORWARD", "OUTPUT"))), List.of(), null);
        Arbitrary<Map<String, List<Spec>>> mangle = chains(flavour, f,
                List.of(new Group(Role.MANGLE, "FZ-M", 0, List.of("PREROUTING", "INPUT", "FORWARD", "OUTPUT",
                        "POSTROUTING"))), List.of(), null);
        Arbitrary<Map<String, List<Spec>>> nat = chains(flavour, f,
                List.of(new Group(Role.NAT_DESTINATION, "FZ-D", 0, List.of("PREROUTING", "OUTPUT")),
                        new Group(Role.NAT_SOURCE, "FZ-S", 0, List.of("POSTROUTING"))),
                List.of("INPUT"), Role.NAT_INPUT);
        Arbitrary<Map<String, List<Spec>>> raw = flavour == Flavour.KERNEL ? Arbitraries.just(Map.of())
                : chains(flavour, f, List.of(), List.of("PREROUTING", "OUTPUT"), Role.RAW);
        Arbitrary<List<Policy>> policies = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(Policy.ACCEPT)),
                Tuple.of(1, Arbitraries.just(Policy.DROP))).list().ofSize(3);
        return Combinators.combine(filter, mangle, nat, raw, policies).as((fi, ma, na, ra, pol) -> {
            Builder b = new Builder(f);
            b.table(TableName.FILTER, fi, pol);
            b.table(TableName.MANGLE, ma, List.of());
            b.table(TableName.NAT, na, List.of());
            if (!ra.isEmpty()) {
                b.table(TableName.RAW, ra, List.of());
            }
            return b.build();
        });
    }

    /** Places specs into chains with one line number each, as if read from a file named "generated". */
    private static final class Builder {
        private final AddressFamily family;
        private final Map<TableName, Table> tables = new LinkedHashMap<>();
        private int line = 1;

        Builder(AddressFamily family) {
            this.family = family;
        }

        void table(TableName name, Map<String, List<Spec>> generated, List<Policy> policies) {
            line++;
            Map<String, List<Spec>> chains = new LinkedHashMap<>();
            for (io.netprove.model.netfilter.Hook h : name.hooks()) {
                if (generated.containsKey(h.name())) {
                    chains.put(h.name(), generated.get(h.name()));
                }
            }
            chains.putAll(generated);
            Map<String, Chain> out = new LinkedHashMap<>();
            int builtin = 0;
            for (Map.Entry<String, List<Spec>> e : chains.entrySet()) {
                boolean isBuiltin = name.isBuiltin(e.getKey());
                Policy p = !isBuiltin ? null : builtin < policies.size() ? policies.get(builtin) : Policy.ACCEPT;
                if (isBuiltin) {
                    builtin++;
                }
                out.put(e.getKey(), new Chain(e.getKey(), p, Counters.ZERO, List.of(),
                        new SourceLocation("generated", line++, 0)));
            }
            for (Map.Entry<String, List<Spec>> e : chains.entrySet()) {
                List<Rule> rules = new ArrayList<>();
                for (Spec s : e.getValue()) {
                    Rule r = new Rule(s.matches(), s.target(), Counters.ZERO, new SourceLocation("generated", line++,
                            0), "");
                    rules.add(new Rule(r.matches(), r.target(), r.counters(), r.location(),
                            IptablesSaveWriter.rule(r)));
                }
                Chain c = out.get(e.getKey());
                out.put(e.getKey(), new Chain(c.name(), c.policy(), c.counters(), rules, c.declared()));
            }
            line++;
            tables.put(name, new Table(name, out));
        }

        Ruleset build() {
            return new Ruleset(family, tables, List.of("generated"), List.of(), List.of());
        }
    }
}
