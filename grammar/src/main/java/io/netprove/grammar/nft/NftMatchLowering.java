package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.CtStatus;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers the matching statements of a rule (relations, set lookups, set updates from the packet path, limits) to
 * model criteria. Each choice is exact unless a comment says otherwise; what has no exact model becomes
 * {@link Match.Unknown} with a warning naming the rule's file and line.
 *
 * <p>Conventions: {@code !=} is a negated criterion. A one-element anonymous set is the element itself (nft itself
 * stores {@code ip daddr { 10.0.0.0/8 }} as {@code ip daddr 10.0.0.0/8}, and lists it that way). A single value
 * becomes the plain criterion (Address for a CIDR block, IpRangeIs for any other address range, Port, ProtocolIs,
 * Mark); several values become one {@link Match.Lookup} with one element per value. Elements of every lookup are
 * sorted by value, so that a listing (which orders elements its own way) lowers like the text that created it;
 * elements of a set or map never overlap (nft refuses overlapping intervals), so their order does not matter.
 */
final class NftMatchLowering {

    /** The criteria one statement stands for: all must hold, or (for a set of names) one of several must. */
    record Lowered(List<Match> matches, List<List<Match>> alternatives, boolean disjoint) {
        static Lowered of(List<Match> matches) {
            return new Lowered(matches, null, true);
        }
    }

    private static final long ALL_MARK = 0xffffffffL;

    private final TableScope scope;

    NftMatchLowering(TableScope scope) {
        this.scope = scope;
    }

    /** The unknown criterion for an unmodelled construct, with its warning. */
    Match unknown(String what, String text, SourceLocation at) {
        scope.warn(at, what + ": '" + text + "' is not modelled; answers that depend on it are unknown");
        return new Match.Unknown("nft", List.of(text), at);
    }

    Lowered relation(Stmt.Relation r, Set<AddressFamily> guards) {
        return relation(r, guards, List.of());
    }

    /** Lowers a relation; {@code before} are the criteria the rule has before it (for the th check). */
    Lowered relation(Stmt.Relation r, Set<AddressFamily> guards, List<Match> before) {
        String text = NftText.statement(r);
        Expr left = r.left();
        boolean negated = r.op().equals("!=");
        if (left instanceof Expr.Numgen n) {
            return Lowered.of(List.of(numgen(n, r, text)));
        }
        if (left instanceof Expr.Concat c) {
            return Lowered.of(concatenation(c, r, guards, text));
        }
        if (left instanceof Expr.Binary b) {
            return Lowered.of(masked(b, r, guards, text));
        }
        if (!(left instanceof Expr.Field f)) {
            return Lowered.of(List.of(unknown("expression", text, r.at())));
        }
        NftFields.Info info = NftFields.of(f.name());
        if (info == null) {
            return Lowered.of(List.of(unknown("field '" + f.name() + "'", text, r.at())));
        }
        if (scope.needsGuard(info.family())) {
            guards.add(info.family());
        }
        List<Match> out = new ArrayList<>();
        if (info.requires() != null) {
            // nft makes the field depend on its protocol: 'tcp dport != 80' matches TCP packets only.
            out.add(new Match.ProtocolIs(info.requires(), false));
        }
        if (info.type().lookupable()) {
            if ("th".equals(info.module()) && !portProtocolPinned(before)) {
                scope.warn(r.at(), "'" + text + "' compares a 'th' port without a protocol that has ports; the "
                        + "model assumes packets without ports (ICMP, ...) do not match, where the kernel reads "
                        + "other header bytes");
            }
            out.addAll(value(info, r, text));
            return Lowered.of(out);
        }
        switch (info.type()) {
            case IFNAME -> {
                return interfaces(info, r, text);
            }
            case CT_STATE -> out.add(ctState(r, text));
            case CT_STATUS -> out.add(ctStatus(r, text));
            case FIB_ADDRTYPE -> out.add(fib(info, r, text));
            case ICMP_TYPE, ICMPV6_TYPE -> {
                return icmp(info, r, out, text);
            }
            case NFPROTO -> out.add(nfproto(r, text));
            case CT_DIR -> out.add(ctDirection(r, text));
            case TCP_FLAG -> out.add(tcpFlags(0xff, r.right(), r, text));
            default -> out.add(unknown("field '" + f.name() + "'", text, r.at()));
        }
        return Lowered.of(out);
    }

    // ---- fields with interval values: addresses, protocols, ports, marks

    private List<Match> value(NftFields.Info info, Stmt.Relation r, String text) {
        boolean negated = r.op().equals("!=");
        Expr right = r.right();
        boolean several = right instanceof Expr.SetRef
                || right instanceof Expr.SetLiteral sl && sl.items().size() != 1;
        if (info.key() == null && several) {
            return List.of(unknown("set of " + info.name() + " values", text, r.at()));
        }
        if (right instanceof Expr.SetRef ref) {
            return named(List.of(info), ref, negated, text, r.at());
        }
        if (right instanceof Expr.SetLiteral s) {
            if (s.items().size() == 1 && s.items().get(0).verdict() == null && s.items().get(0).data() == null) {
                right = s.items().get(0).key();
            } else {
                return List.of(lookup(List.of(info), s.items(), negated, "", r.at()));
            }
        }
        if (right instanceof Expr.FlagList) {
            throw new InputError(right.at(), "'" + NftText.render(right) + "' is a list of flags, but "
                    + info.name() + " is not a bitmask: expected one value or a set { a, b }");
        }
        if (right instanceof Expr.Unsupported) {
            return List.of(unknown("value", text, r.at()));
        }
        IntervalSet values = info.type().values(right);
        switch (r.op()) {
            case "<", "<=", ">", ">=" -> {
                values = ordered(info.type(), r.op(), values, r.at());
                negated = false;
            }
            default -> {
            }
        }
        if (info.name().equals("ct mark") || info.name().equals("ct protocol")) {
            if (!values.isPoint()) {
                return List.of(unknown("range of " + info.name(), text, r.at()));
            }
            long v = values.first()[1];
            return List.of(info.name().equals("ct mark") ? new Match.Connmark(v, ALL_MARK, negated)
                    : new Match.CtProto(new Protocol((int) v), negated));
        }
        return List.of(simple(info, values, negated));
    }

    /** {@code < v} and friends as the interval they select. */
    private static IntervalSet ordered(NftType type, String op, IntervalSet v, SourceLocation at) {
        if (!v.isPoint()) {
            throw new InputError(at, "'" + op + "' needs a single value: expected for example " + op + " 1024");
        }
        IntervalSet all = IntervalSet.full(type.bits);
        long[] p = v.first();
        IntervalSet atMost = IntervalSet.range(type.bits, 0, 0, p[0], p[1]);
        return switch (op) {
            case "<=" -> atMost;
            case "<" -> atMost.minus(v);
            case ">" -> all.minus(atMost);
            default -> all.minus(atMost).union(v);
        };
    }

    /** The plain criterion for a value set of one field, or a one-element lookup when none fits. */
    Match simple(NftFields.Info info, IntervalSet values, boolean negated) {
        if (values.intervals() == 1) {
            long[] s = {values.startHi(0), values.startLo(0)};
            long[] e = {values.endHi(0), values.endLo(0)};
            switch (info.type()) {
                case IPV4_ADDR, IPV6_ADDR -> {
                    IpAddress first = address(info.type(), s);
                    IpAddress last = address(info.type(), e);
                    IpPrefix p = prefixOf(first, last);
                    return p != null ? new Match.Address(info.direction(), p, negated)
                            : new Match.IpRangeIs(info.direction(), new IpRange(first, last), negated);
                }
                case INET_SERVICE -> {
                    return new Match.Port(info.module(), info.direction(), new PortRange((int) s[1], (int) e[1]),
                            negated);
                }
                case INET_PROTO -> {
                    if (values.isPoint()) {
                        return new Match.ProtocolIs(new Protocol((int) s[1]), negated);
                    }
                }
                case MARK -> {
                    if (values.isPoint()) {
                        return new Match.Mark(s[1], ALL_MARK, negated);
                    }
                }
                default -> {
                }
            }
        }
        return new Match.Lookup(List.of(info.key()), List.of(new Match.LookupElement(List.of(values))), negated, "");
    }

    private static IpAddress address(NftType t, long[] v) {
        return t == NftType.IPV4_ADDR ? IpAddress.v4(v[1]) : IpAddress.v6(v[0], v[1]);
    }

    /** The CIDR block spanning exactly first..last, or null. */
    private static IpPrefix prefixOf(IpAddress first, IpAddress last) {
        int bits = first.family().bits();
        for (int len = 0; len <= bits; len++) {
            IpPrefix p = new IpPrefix(first, len);
            if (p.network().equals(first) && p.last().equals(last)) {
                return p;
            }
        }
        return null;
    }

    // ---- lookups

    /** The fields of a concatenated key, each lookup-able, or null (with the first that is not). */
    private List<NftFields.Info> keyFields(List<Expr> parts, List<String> notModelled) {
        List<NftFields.Info> out = new ArrayList<>();
        for (Expr p : parts) {
            NftFields.Info i = p instanceof Expr.Field f ? NftFields.of(f.name()) : null;
            if (i == null || i.key() == null) {
                notModelled.add(NftText.render(p));
                return null;
            }
            out.add(i);
        }
        return out;
    }

    private List<Match> concatenation(Expr.Concat c, Stmt.Relation r, Set<AddressFamily> guards, String text) {
        List<String> missing = new ArrayList<>();
        List<NftFields.Info> fields = keyFields(c.parts(), missing);
        if (fields == null) {
            return List.of(unknown("key component '" + missing.get(0) + "'", text, r.at()));
        }
        boolean negated = r.op().equals("!=");
        if (!r.op().equals("!=") && !r.op().equals("==") && !r.op().equals("implicit")) {
            return List.of(unknown("operator " + r.op() + " on a concatenation", text, r.at()));
        }
        List<Match> out = new ArrayList<>(dependencies(fields, guards));
        Expr right = r.right();
        if (right instanceof Expr.SetRef ref) {
            out.addAll(named(fields, ref, negated, text, r.at()));
            return out;
        }
        List<Expr.SetItem> items = right instanceof Expr.SetLiteral s ? s.items()
                : List.of(new Expr.SetItem(right, null, null, right.at()));
        out.add(lookup(fields, items, negated, "", r.at()));
        return out;
    }

    /** Protocol dependencies and family guards of lookup key fields. */
    List<Match> dependencies(List<NftFields.Info> fields, Set<AddressFamily> guards) {
        List<Match> out = new ArrayList<>();
        for (NftFields.Info i : fields) {
            if (scope.needsGuard(i.family())) {
                guards.add(i.family());
            }
            if (i.requires() != null) {
                Match dep = new Match.ProtocolIs(i.requires(), false);
                if (!out.contains(dep)) {
                    out.add(dep);
                }
            }
        }
        return out;
    }

    /** A lookup of the given key in literal elements; {@code set} names the set ("" for an anonymous one). */
    Match.Lookup lookup(List<NftFields.Info> fields, List<Expr.SetItem> items, boolean negated, String set,
                        SourceLocation at) {
        List<Match.LookupElement> elements = new ArrayList<>();
        for (Expr.SetItem item : items) {
            elements.add(element(fields, item.key()));
        }
        List<Match.LookupKey> keys = new ArrayList<>();
        for (NftFields.Info f : fields) {
            keys.add(f.key());
        }
        checkThElements(fields, elements, at);
        return new Match.Lookup(keys, sorted(elements), negated, set);
    }

    /** One element's components, parsed with the key fields' types. */
    Match.LookupElement element(List<NftFields.Info> fields, Expr key) {
        List<Expr> parts = key instanceof Expr.Concat c ? c.parts() : List.of(key);
        if (parts.size() != fields.size()) {
            throw new InputError(key.at(), "element '" + NftText.render(key) + "' has " + parts.size()
                    + " component(s): expected " + fields.size() + " (" + typeText(fields) + ")");
        }
        List<IntervalSet> comps = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            comps.add(fields.get(i).type().values(parts.get(i)));
        }
        return new Match.LookupElement(comps);
    }

    static String typeText(List<NftFields.Info> fields) {
        List<String> t = new ArrayList<>();
        for (NftFields.Info f : fields) {
            t.add(f.type().nftName);
        }
        return String.join(" . ", t);
    }

    /** Elements in value order, component by component. */
    static List<Match.LookupElement> sorted(List<Match.LookupElement> elements) {
        List<Match.LookupElement> out = new ArrayList<>(elements);
        out.sort(ELEMENT_ORDER);
        return out;
    }

    static final Comparator<Match.LookupElement> ELEMENT_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.components().size(), b.components().size()); i++) {
            IntervalSet x = a.components().get(i);
            IntervalSet y = b.components().get(i);
            int c = compare(x, y);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.components().size(), b.components().size());
    };

    private static int compare(IntervalSet x, IntervalSet y) {
        int n = Math.min(x.intervals(), y.intervals());
        for (int i = 0; i < n; i++) {
            int c = Long.compareUnsigned(x.startHi(i), y.startHi(i));
            c = c != 0 ? c : Long.compareUnsigned(x.startLo(i), y.startLo(i));
            c = c != 0 ? c : Long.compareUnsigned(x.endHi(i), y.endHi(i));
            c = c != 0 ? c : Long.compareUnsigned(x.endLo(i), y.endLo(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.intervals(), y.intervals());
    }

    /**
     * {@code th dport} reads two bytes of the transport header whatever the protocol; the model's packets of
     * protocols without ports (ICMP, ...) have none, so it treats them as not matching. That is exact when the
     * element pins the protocol to one with ports (kube-proxy's {@code meta l4proto . th dport} elements always do);
     * otherwise say so.
     */
    void checkThPorts(List<NftFields.Info> fields, List<Expr.SetItem> items, SourceLocation at) {
        List<Match.LookupElement> elements = new ArrayList<>();
        for (Expr.SetItem i : items) {
            elements.add(element(fields, i.key()));
        }
        checkThElements(fields, elements, at);
    }

    private void checkThElements(List<NftFields.Info> fields, List<Match.LookupElement> elements,
                                 SourceLocation at) {
        int proto = -1;
        boolean th = false;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).key() == Match.LookupKey.L4PROTO) {
                proto = i;
            }
            th |= "th".equals(fields.get(i).module());
        }
        if (!th) {
            return;
        }
        for (Match.LookupElement e : elements) {
            if (proto < 0 || !portProtocolsOnly(e.components().get(proto))) {
                scope.warn(at, "a 'th' port is compared for packets whose protocol may have no ports; the model "
                        + "assumes such packets do not match");
                return;
            }
        }
    }

    /** True if an earlier criterion lets only protocols with ports through. */
    private static boolean portProtocolPinned(List<Match> before) {
        for (Match m : before) {
            if (m instanceof Match.ProtocolIs p && !p.negated() && p.protocol().hasPorts()) {
                return true;
            }
            if (m instanceof Match.Lookup l && !l.negated() && l.keys().size() == 1
                    && l.keys().get(0) == Match.LookupKey.L4PROTO && !l.elements().isEmpty()) {
                boolean all = true;
                for (Match.LookupElement e : l.elements()) {
                    all &= portProtocolsOnly(e.components().get(0));
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portProtocolsOnly(IntervalSet protocols) {
        for (long[] r : protocols.ranges()) {
            for (long p = r[1]; p <= r[3]; p++) {
                if (!new Protocol((int) p).hasPorts()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The name the model's recent lists use for a set the packet path fills. */
    String recentName(String set) {
        return scope.table().key() + " @" + set;
    }

    /** A lookup in a named set: checked against the set's key type; a set the packet path fills is a recent list. */
    List<Match> named(List<NftFields.Info> fields, Expr.SetRef ref, boolean negated, String text,
                      SourceLocation at) {
        NftState.SetDef s = scope.set(ref.name(), ref.at());
        checkKeyType(s, fields, ref.at());
        if (scope.dynamicSets().contains(s.name)) {
            if (fields.size() == 1 && fields.get(0).type().family() != null) {
                // kube-proxy's session affinity: rules add source addresses with a timeout; which addresses are in
                // the set depends on earlier connections, which is what a recent list stands for.
                return List.of(new Match.Recent(recentName(s.name), Match.Recent.Mode.RCHECK,
                        (int) Math.min(Integer.MAX_VALUE, s.timeoutSeconds), 0, false, false,
                        fields.get(0).direction() == Direction.DESTINATION, null, negated));
            }
            return List.of(unknown("lookup in a set the packet path changes", text, at));
        }
        List<Expr.SetItem> items = new ArrayList<>();
        for (NftState.ElementDef e : s.elements) {
            items.add(new Expr.SetItem(e.key(), null, null, e.at()));
        }
        return List.of(lookup(fields, items, negated, s.name, at));
    }

    /** Refuses a lookup whose key does not have the set's type (nft refuses to load such a rule). */
    void checkKeyType(NftState.SetDef s, List<NftFields.Info> fields, SourceLocation at) {
        List<String> setTypes = new ArrayList<>();
        for (String k : s.keyTypes) {
            setTypes.add(s.typeof ? NftFields.typeOf(k).nftName : k);
        }
        List<String> keyTypes = new ArrayList<>();
        for (NftFields.Info f : fields) {
            keyTypes.add(f.type().nftName);
        }
        if (!setTypes.equals(keyTypes)) {
            List<String> names = new ArrayList<>();
            for (NftFields.Info f : fields) {
                names.add(f.name());
            }
            throw new InputError(at, s.kind() + " '" + s.name + "' has key type " + String.join(" . ", setTypes)
                    + " but the lookup key '" + String.join(" . ", names) + "' has type "
                    + String.join(" . ", keyTypes) + ": expected a key of the " + s.kind() + "'s type");
        }
    }

    // ---- masked comparisons

    private List<Match> masked(Expr.Binary b, Stmt.Relation r, Set<AddressFamily> guards, String text) {
        boolean negated = r.op().equals("!=");
        boolean equality = r.op().equals("==") || r.op().equals("!=") || r.op().equals("implicit");
        if (!(b.left() instanceof Expr.Field f) || !b.op().equals("&") || !equality) {
            return List.of(unknown("expression", text, r.at()));
        }
        switch (f.name()) {
            case "meta mark", "ct mark" -> {
                Long mask = constant(b.right());
                Long value = constant(r.right());
                if (mask == null || value == null || (mask >>> 32) != 0 || (value >>> 32) != 0) {
                    return List.of(unknown("masked mark comparison", text, r.at()));
                }
                // (mark & MASK) == VALUE is exactly the model's Mark(VALUE, MASK).
                return List.of(f.name().equals("meta mark") ? new Match.Mark(value, mask, negated)
                        : new Match.Connmark(value, mask, negated));
            }
            case "tcp flags" -> {
                Integer mask = flags(b.right());
                if (mask == null) {
                    return List.of(unknown("TCP flag mask", text, r.at()));
                }
                List<Match> out = new ArrayList<>();
                out.add(new Match.ProtocolIs(Protocol.TCP, false));
                Integer v = flags(r.right());
                out.add(v == null ? unknown("TCP flags", text, r.at()) : new Match.TcpFlags(mask, v, negated, false));
                return out;
            }
            default -> {
                return List.of(unknown("masked comparison of '" + f.name() + "'", text, r.at()));
            }
        }
    }

    private static Long constant(Expr e) {
        return e instanceof Expr.Literal l && !l.quoted() ? NftValues.parseNumber(l.text()) : null;
    }

    /** A TCP flag combination: a name, a number, {@code a|b}, {@code a,b} or a JSON list; null if not one. */
    private static Integer flags(Expr e) {
        if (e instanceof Expr.FlagList fl) {
            int v = 0;
            for (Expr i : fl.items()) {
                Integer x = flags(i);
                if (x == null) {
                    return null;
                }
                v |= x;
            }
            return v;
        }
        if (e instanceof Expr.Binary b && b.op().equals("|")) {
            Integer x = flags(b.left());
            Integer y = flags(b.right());
            return x == null || y == null ? null : x | y;
        }
        if (!(e instanceof Expr.Literal l)) {
            return null;
        }
        int v = 0;
        for (String part : l.text().split("[|,]")) {
            Integer x = switch (part.trim()) {
                case "fin" -> Match.TcpFlags.FIN;
                case "syn" -> Match.TcpFlags.SYN;
                case "rst" -> Match.TcpFlags.RST;
                case "psh" -> Match.TcpFlags.PSH;
                case "ack" -> Match.TcpFlags.ACK;
                case "urg" -> Match.TcpFlags.URG;
                case "ecn" -> Match.TcpFlags.ECE;
                case "cwr" -> Match.TcpFlags.CWR;
                default -> {
                    Long n = NftValues.parseNumber(part.trim());
                    yield n == null || n > 255 ? null : n.intValue();
                }
            };
            if (x == null) {
                return null;
            }
            v |= x;
        }
        return v;
    }

    /**
     * {@code tcp flags F} (no operator) tests that any of F is set: exact as TcpFlags only for one flag;
     * {@code == F} and {@code != F} compare all eight bits.
     */
    private Match tcpFlags(int mask, Expr right, Stmt.Relation r, String text) {
        Integer v = flags(right);
        if (v == null) {
            return unknown("TCP flags", text, r.at());
        }
        if (r.op().equals("implicit")) {
            if (Integer.bitCount(v) != 1) {
                return unknown("test for any of several TCP flags", text, r.at());
            }
            return new Match.TcpFlags(v, v, false, false);
        }
        if (r.op().equals("==") || r.op().equals("!=")) {
            return new Match.TcpFlags(mask, v, r.op().equals("!="), false);
        }
        return unknown("operator " + r.op() + " on TCP flags", text, r.at());
    }

    // ---- symbolic fields

    /** The names of a relation's right side: one value, a flag list, or an anonymous set. */
    private static List<Expr.Literal> names(Expr right) {
        List<Expr> items = new ArrayList<>();
        if (right instanceof Expr.FlagList f) {
            items.addAll(f.items());
        } else if (right instanceof Expr.SetLiteral s) {
            for (Expr.SetItem i : s.items()) {
                items.add(i.key());
            }
        } else {
            items.add(right);
        }
        List<Expr.Literal> out = new ArrayList<>();
        for (Expr e : items) {
            if (!(e instanceof Expr.Literal l)) {
                return null;
            }
            out.add(l);
        }
        return out;
    }

    /**
     * ct state holds exactly one state bit, so: {@code ct state A,B} (a flag test) and {@code ct state { A, B }}
     * match when the state is one of them; {@code != A} and {@code != { A, B }} when it is none of them;
     * {@code == A,B} compares with two bits at once and never matches, {@code != A,B} always does (nft 1.0.6 emits
     * exactly these comparisons; checked with --debug=netlink).
     */
    private Match ctState(Stmt.Relation r, String text) {
        List<Expr.Literal> names = names(r.right());
        if (names == null) {
            return unknown("ct state value", text, r.at());
        }
        Set<CtState> states = EnumSet.noneOf(CtState.class);
        for (Expr.Literal l : names) {
            CtState s = switch (l.text()) {
                case "new" -> CtState.NEW;
                case "established" -> CtState.ESTABLISHED;
                case "related" -> CtState.RELATED;
                case "invalid" -> CtState.INVALID;
                case "untracked" -> CtState.UNTRACKED;
                default -> throw new InputError(l.at(), "unknown ct state '" + l.text()
                        + "': expected new, established, related, invalid or untracked");
            };
            states.add(s);
        }
        boolean flagList = r.right() instanceof Expr.FlagList;
        switch (r.op()) {
            case "implicit" -> {
                return new Match.CtStateIs(states, false, false);
            }
            case "==" -> {
                return new Match.CtStateIs(flagList && states.size() > 1 ? Set.of() : states, false, false);
            }
            case "!=" -> {
                return new Match.CtStateIs(flagList && states.size() > 1 ? Set.of() : states, true, false);
            }
            default -> {
                return unknown("operator " + r.op() + " on ct state", text, r.at());
            }
        }
    }

    /**
     * ct status is a bitmask of which several bits are set at once. Without an operator nft tests whether any of
     * the named bits is set, which is what iptables' --ctstatus does, and for dnat/snat what --ctstate DNAT/SNAT
     * does; so those lower exactly. {@code ==} and {@code !=} compare the whole word and are not modelled.
     */
    private Match ctStatus(Stmt.Relation r, String text) {
        List<Expr.Literal> names = names(r.right());
        if (names == null || !r.op().equals("implicit") || r.right() instanceof Expr.SetLiteral) {
            return unknown("ct status comparison", text, r.at());
        }
        Set<CtState> nat = EnumSet.noneOf(CtState.class);
        Set<CtStatus> bits = EnumSet.noneOf(CtStatus.class);
        for (Expr.Literal l : names) {
            switch (l.text()) {
                case "dnat" -> nat.add(CtState.DNAT);
                case "snat" -> nat.add(CtState.SNAT);
                case "expected" -> bits.add(CtStatus.EXPECTED);
                case "seen-reply" -> bits.add(CtStatus.SEEN_REPLY);
                case "assured" -> bits.add(CtStatus.ASSURED);
                case "confirmed" -> bits.add(CtStatus.CONFIRMED);
                case "dying" -> {
                    return unknown("ct status dying", text, r.at());
                }
                default -> throw new InputError(l.at(), "unknown ct status '" + l.text()
                        + "': expected expected, seen-reply, assured, confirmed, snat, dnat or dying");
            }
        }
        if (!nat.isEmpty() && !bits.isEmpty()) {
            return unknown("ct status test mixing NAT and other bits", text, r.at());
        }
        return nat.isEmpty() ? new Match.CtStatusIs(bits, false) : new Match.CtStateIs(nat, false, false);
    }

    /**
     * {@code fib saddr|daddr [. iif|oif] type T}: the route type of the address, as the addrtype match computes it
     * (with {@code . iif}/{@code . oif} limited to the input/output interface, like --limit-iface-in/out).
     */
    private Match fib(NftFields.Info info, Stmt.Relation r, String text) {
        List<Expr.Literal> names = names(r.right());
        if (names == null || r.right() instanceof Expr.FlagList
                || !(r.op().equals("implicit") || r.op().equals("==") || r.op().equals("!="))) {
            return unknown("fib comparison", text, r.at());
        }
        Set<AddrType> types = EnumSet.noneOf(AddrType.class);
        for (Expr.Literal l : names) {
            AddrType t = NftValues.addrType(l.text());
            if (t == null) {
                throw new InputError(l.at(), "unknown route type '" + l.text() + "': expected unicast, local, "
                        + "broadcast, anycast, multicast, blackhole, unreachable or prohibit");
            }
            types.add(t);
        }
        Match.AddrTypeIs.LimitIface limit = info.name().contains(". iif") ? Match.AddrTypeIs.LimitIface.IN
                : info.name().contains(". oif") ? Match.AddrTypeIs.LimitIface.OUT : Match.AddrTypeIs.LimitIface.NONE;
        return new Match.AddrTypeIs(info.direction(), types, r.op().equals("!="), limit);
    }

    /**
     * Interface names: nft's trailing {@code *} is the model's trailing {@code +}; {@code \*} is a literal star. A
     * literal trailing {@code +} has no spelling in the model and is unknown. {@code iif}/{@code oif} compare
     * interface indexes resolved when the rule was loaded; the model compares the name that index had.
     * A set of names matches when any does (the rule is split, one copy per name); {@code != { a, b }} when none
     * does (one negated criterion per name).
     */
    private Lowered interfaces(NftFields.Info info, Stmt.Relation r, String text) {
        List<Expr.Literal> names = r.right() instanceof Expr.FlagList ? null : names(r.right());
        if (names == null || !(r.op().equals("implicit") || r.op().equals("==") || r.op().equals("!="))) {
            return Lowered.of(List.of(unknown("interface comparison", text, r.at())));
        }
        boolean negated = r.op().equals("!=");
        List<Match> each = new ArrayList<>();
        for (Expr.Literal l : names) {
            if ((info.name().equals("meta iif") || info.name().equals("meta oif")) && !l.quoted()
                    && NftValues.parseNumber(l.text()) != null) {
                return Lowered.of(List.of(unknown("interface index", text, r.at())));
            }
            String pattern = pattern(l.text());
            if (pattern == null) {
                return Lowered.of(List.of(unknown("interface name ending in '+'", text, r.at())));
            }
            each.add(new Match.Interface(info.direction(), pattern, negated));
        }
        if (negated || each.size() == 1) {
            return Lowered.of(each);
        }
        // Alternatives in name order: a listing orders set elements its own way.
        each.sort(Comparator.comparing(m -> ((Match.Interface) m).pattern()));
        List<List<Match>> alternatives = new ArrayList<>();
        boolean disjoint = true;
        for (int i = 0; i < each.size(); i++) {
            alternatives.add(List.of(each.get(i)));
            for (int j = 0; j < i; j++) {
                disjoint &= !overlap(((Match.Interface) each.get(i)).pattern(),
                        ((Match.Interface) each.get(j)).pattern());
            }
        }
        return new Lowered(List.of(), alternatives, disjoint);
    }

    private static String pattern(String nft) {
        if (nft.endsWith("\\*")) {
            return nft.substring(0, nft.length() - 2) + "*";
        }
        if (nft.endsWith("*")) {
            return nft.substring(0, nft.length() - 1) + "+";
        }
        return nft.endsWith("+") ? null : nft;
    }

    private static boolean overlap(String a, String b) {
        String pa = a.endsWith("+") ? a.substring(0, a.length() - 1) : null;
        String pb = b.endsWith("+") ? b.substring(0, b.length() - 1) : null;
        if (pa == null && pb == null) {
            return a.equals(b);
        }
        if (pa != null && pb != null) {
            return pa.startsWith(pb) || pb.startsWith(pa);
        }
        return pa != null ? b.startsWith(pa) : a.startsWith(pb);
    }

    /** ICMP types (any code); a set of types splits the rule like a set of interface names. */
    private Lowered icmp(NftFields.Info info, Stmt.Relation r, List<Match> deps, String text) {
        List<Expr.Literal> names = r.right() instanceof Expr.FlagList ? null : names(r.right());
        if (names == null || !(r.op().equals("implicit") || r.op().equals("==") || r.op().equals("!="))) {
            List<Match> out = new ArrayList<>(deps);
            out.add(unknown("ICMP type comparison", text, r.at()));
            return Lowered.of(out);
        }
        boolean v6 = info.type() == NftType.ICMPV6_TYPE;
        boolean negated = r.op().equals("!=");
        List<Match> each = new ArrayList<>();
        for (Expr.Literal l : names) {
            Integer t = NftValues.icmpType(l.text(), v6);
            if (t == null) {
                throw new InputError(l.at(), "unknown " + (v6 ? "ICMPv6" : "ICMP") + " type '" + l.text()
                        + "': expected a name such as echo-request or a number");
            }
            each.add(new Match.IcmpType(v6 ? AddressFamily.IPV6 : AddressFamily.IPV4, t, 0, 255, l.text(),
                    negated));
        }
        if (negated || each.size() == 1) {
            List<Match> out = new ArrayList<>(deps);
            out.addAll(each);
            return Lowered.of(out);
        }
        each.sort(Comparator.comparingInt(m -> ((Match.IcmpType) m).type()));
        List<List<Match>> alternatives = new ArrayList<>();
        for (Match m : each) {
            List<Match> alt = new ArrayList<>(deps);
            alt.add(m);
            alternatives.add(alt);
        }
        return new Lowered(List.of(), alternatives, true);
    }

    /**
     * {@code meta nfproto ipv4|ipv6}: the model has no family criterion, so the family is written as an address
     * match on the whole address space of that family, which only packets of that family satisfy.
     */
    private Match nfproto(Stmt.Relation r, String text) {
        if (!(r.right() instanceof Expr.Literal l) || !(r.op().equals("implicit") || r.op().equals("==")
                || r.op().equals("!="))) {
            return unknown("nfproto comparison", text, r.at());
        }
        AddressFamily f = switch (l.text()) {
            case "ipv4", "2" -> AddressFamily.IPV4;
            case "ipv6", "10" -> AddressFamily.IPV6;
            default -> null;
        };
        if (f == null) {
            return unknown("nfproto value", text, r.at());
        }
        return guard(f, r.op().equals("!="));
    }

    /** The family criterion: an address match on all of {@code f}'s addresses. */
    static Match guard(AddressFamily f, boolean negated) {
        return new Match.Address(Direction.SOURCE, IpPrefix.any(f), negated);
    }

    private Match ctDirection(Stmt.Relation r, String text) {
        if (!(r.right() instanceof Expr.Literal l) || !(l.text().equals("original") || l.text().equals("reply"))
                || !(r.op().equals("implicit") || r.op().equals("==") || r.op().equals("!="))) {
            return unknown("ct direction comparison", text, r.at());
        }
        return new Match.CtDirection(l.text().equals("original") != r.op().equals("!="));
    }

    /**
     * {@code numgen random mod N [offset O] OP V} alone: a random criterion with the chance that the number lies in
     * the selected values. {@code numgen inc} counts packets, which a per-packet model cannot follow.
     */
    private Match numgen(Expr.Numgen n, Stmt.Relation r, String text) {
        if (!n.mode().equals("random") || n.modulus() <= 0) {
            return unknown("numgen " + n.mode(), text, r.at());
        }
        IntervalSet range = IntervalSet.range(32, n.offset(), n.offset() + n.modulus() - 1);
        List<Expr> values = r.right() instanceof Expr.SetLiteral s ? s.items().stream().map(Expr.SetItem::key)
                .toList() : List.of(r.right());
        IntervalSet hit = IntervalSet.empty(32);
        for (Expr v : values) {
            hit = hit.union(NftType.MARK.values(v));
        }
        switch (r.op()) {
            case "<", "<=", ">", ">=" -> hit = ordered(NftType.MARK, r.op(), hit, r.at());
            default -> {
            }
        }
        long count = hit.intersect(range).sizeSaturated();
        return NumgenSplit.statistic(count, n.modulus(), r.op().equals("!="));
    }
}
