package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.IpRange;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Target;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Lowers one nftables rule to one or more model rules (a model rule has criteria and a single target).
 *
 * <ul>
 * <li>Matching statements become criteria in order; counters become the rule's counters; a comment becomes a
 * {@link Match.Comment} (always true) at the end; family guards (see {@link NftMatchLowering#guard}) come first.</li>
 * <li>The verdict or terminal statement (accept, drop, reject, return, jump, goto, continue, dnat, snat,
 * masquerade, redirect) is the target; without one the target is {@link Target.None}.</li>
 * <li>{@code KEY vmap MAP} becomes one rule per element, each with a one-element {@link Match.Lookup} (or, for a key
 * the model cannot look up, such as ct state, the element's own criterion) and the element's verdict; map elements
 * never overlap, so at most one of these rules matches, as in nft. An empty map gives one rule that never matches.
 * {@code numgen random mod N vmap { ... }} becomes one rule per branch with chances as {@link NumgenSplit} says.</li>
 * <li>Actions that let the packet go on (mark set, ct mark set, log, notrack, ...) before the final statement each
 * become a rule of their own with the criteria written before them, followed by the rest. That repeats criteria,
 * which is exact only when they give the same answer the second time: no random, limit or recent criterion, and
 * none reading what the action changed ({@code mark and 0x4000 == 0 mark set mark or 0x4000 accept} cannot be
 * split); otherwise the rule is unknown. Splitting a rule into several (vmap, a set of interface names) repeats its
 * criteria likewise and has the same condition.</li>
 * </ul>
 */
final class NftRuleLowering {

    private final TableScope scope;
    private final NftMatchLowering lower;

    NftRuleLowering(TableScope scope) {
        this.scope = scope;
        this.lower = new NftMatchLowering(scope);
    }

    /** A non-final action and the criteria written before it. */
    private record Step(List<Match> before, Target action) {
    }

    /** One lowered rule with the text of the element it stands for (empty when it is the whole rule). */
    private record Branch(List<Match> matches, Target target, String element) {
    }

    List<Rule> lower(NftState.RuleDef def) {
        SourceLocation at = def.at();
        Set<AddressFamily> guards = EnumSet.noneOf(AddressFamily.class);
        List<Match> front = new ArrayList<>();
        List<Match> current = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        NftMatchLowering.Lowered alternatives = null;
        int alternativesAt = 0;
        Stmt last = null;
        Target target = null;
        List<Match> finalExtra = new ArrayList<>();
        Counters counters = Counters.ZERO;
        String comment = null;
        for (Stmt s : def.statements()) {
            if (s instanceof Stmt.Counter c) {
                counters = new Counters(c.packets(), c.bytes());
                continue;
            }
            if (s instanceof Stmt.Comment c) {
                comment = c.text();
                continue;
            }
            if (last != null) {
                scope.warn(s.at(), "'" + NftText.statement(s) + "' follows the rule's verdict and never runs");
                continue;
            }
            if (s instanceof Stmt.Relation r) {
                NftMatchLowering.Lowered l = lower.relation(r, guards, current);
                if (l.alternatives() != null) {
                    if (alternatives != null) {
                        return unknown(def, counters, current, "two sets of alternatives in one rule");
                    }
                    alternatives = l;
                    alternativesAt = current.size();
                } else {
                    current.addAll(l.matches());
                }
            } else if (s instanceof Stmt.SetUpdate u) {
                current.add(setUpdate(u));
            } else if (s instanceof Stmt.Limit l) {
                // A token bucket: whether it holds depends on recent traffic, a free choice for the model.
                current.add(new Match.Limit(l.rate(), l.burst(), l.over()));
            } else if (s instanceof Stmt.Assign a) {
                steps.add(new Step(List.copyOf(current), assign(a)));
            } else if (s instanceof Stmt.Log l) {
                steps.add(new Step(List.copyOf(current), new Target.Log(l.group() ? "NFLOG" : "LOG", l.arguments())));
            } else if (s instanceof Stmt.Notrack) {
                steps.add(new Step(List.copyOf(current), new Target.NoTrack("notrack")));
            } else if (s instanceof Stmt.Unsupported u) {
                if (u.action()) {
                    scope.warn(u.at(), "'" + u.text() + "' is not modelled; answers that depend on it are unknown");
                    target = new Target.Unknown("nft", List.of(u.text()), u.at());
                    last = s;
                } else {
                    current.add(lower.unknown("statement", u.text(), u.at()));
                }
            } else {
                last = s;
                if (s instanceof Stmt.Verdict v) {
                    target = verdict(v);
                } else if (s instanceof Stmt.Reject r) {
                    target = reject(r, front, guards);
                } else if (s instanceof Stmt.Nat n) {
                    target = nat(n, finalExtra, guards);
                }
            }
        }
        if (alternatives != null && (!steps.isEmpty() || last instanceof Stmt.VerdictMap)) {
            return unknown(def, counters, current, "a set of names together with actions or a verdict map");
        }
        List<Match> head = new ArrayList<>();
        for (AddressFamily f : guards) {
            head.add(NftMatchLowering.guard(f, false));
        }
        head.addAll(front);
        List<Match> tail = comment == null ? List.of() : List.of(new Match.Comment(comment));

        List<Branch> branches = new ArrayList<>();
        for (Step st : steps) {
            branches.add(new Branch(st.before(), st.action(), ""));
        }
        List<Match> all = new ArrayList<>(current);
        all.addAll(finalExtra);
        if (last instanceof Stmt.VerdictMap m) {
            branches.addAll(verdictMap(m, all, guards));
        } else if (alternatives != null) {
            Target t = target == null ? new Target.None() : target;
            if (!alternatives.disjoint() && !terminal(t)) {
                return unknown(def, counters, current, "overlapping interface patterns with a verdict that "
                        + "lets the packet go on");
            }
            for (List<Match> alt : alternatives.alternatives()) {
                List<Match> ms = new ArrayList<>(all.subList(0, alternativesAt));
                ms.addAll(alt);
                ms.addAll(all.subList(alternativesAt, all.size()));
                branches.add(new Branch(ms, t, ""));
            }
        } else if (target != null || steps.isEmpty()
                || current.size() > steps.get(steps.size() - 1).before().size()) {
            branches.add(new Branch(all, target == null ? new Target.None() : target, ""));
        }
        // else: the rule ends with an action and nothing after it; a final rule without a target would only count.
        if (branches.size() > 1) {
            String why = repeatable(current, steps);
            if (why != null) {
                return unknown(def, counters, current, why);
            }
        }
        List<Rule> out = new ArrayList<>();
        for (Branch b : branches) {
            List<Match> ms = new ArrayList<>(head);
            for (Match m : b.matches()) {
                // A protocol dependency or family guard written twice (tcp reset after tcp dport) says nothing new.
                boolean pure = m instanceof Match.ProtocolIs
                        || m instanceof Match.Address a && a.prefix().length() == 0;
                if (!(pure && ms.contains(m))) {
                    ms.add(m);
                }
            }
            ms.addAll(tail);
            String text = b.element().isEmpty() ? def.text() : def.text() + "  [" + b.element() + "]";
            out.add(new Rule(ms, b.target(), counters, at, text));
        }
        return out;
    }

    private List<Rule> unknown(NftState.RuleDef def, Counters counters, List<Match> matches, String why) {
        scope.warn(def.at(), "rule '" + def.text() + "' is not modelled (" + why + "); answers that depend on it "
                + "are unknown");
        return List.of(new Rule(matches, new Target.Unknown("nft", List.of(def.text()), def.at()), counters,
                def.at(), def.text()));
    }

    /**
     * Why the criteria cannot be evaluated again after the actions, or null when they can: they must not draw
     * chances or read recent lists or token buckets (each evaluation would be a new draw), nor read what an action
     * wrote (the packet mark, the connection mark, the conntrack state).
     */
    private static String repeatable(List<Match> criteria, List<Step> steps) {
        Set<String> written = new java.util.HashSet<>();
        for (Step s : steps) {
            written.addAll(writes(s.action()));
        }
        for (Match m : criteria) {
            if (m instanceof Match.Statistic || m instanceof Match.Limit || m instanceof Match.Recent) {
                return "a random, limit or recent criterion would be evaluated more than once";
            }
            for (String r : reads(m)) {
                if (written.contains(r) || written.contains("*")) {
                    return "an action changes the " + r + " that a criterion of the same rule reads";
                }
            }
        }
        return null;
    }

    private static Set<String> writes(Target t) {
        if (t instanceof Target.SetMark) {
            return Set.of("mark");
        }
        if (t instanceof Target.ConnMark c) {
            return c.op() == Target.ConnMark.Op.RESTORE ? Set.of("mark") : Set.of("connection mark");
        }
        if (t instanceof Target.NoTrack || t instanceof Target.Ct) {
            return Set.of("conntrack state");
        }
        if (t instanceof Target.Log || t instanceof Target.Continue) {
            return Set.of();
        }
        return Set.of("*");
    }

    private static Set<String> reads(Match m) {
        if (m instanceof Match.Mark) {
            return Set.of("mark");
        }
        if (m instanceof Match.Lookup l && l.keys().contains(Match.LookupKey.MARK)) {
            return Set.of("mark");
        }
        if (m instanceof Match.Connmark) {
            return Set.of("connection mark", "conntrack state");
        }
        if (m instanceof Match.CtStateIs || m instanceof Match.CtStatusIs || m instanceof Match.CtDirection
                || m instanceof Match.CtProto) {
            return Set.of("conntrack state");
        }
        return Set.of();
    }

    /** True for targets after which no later rule of the chain sees the packet. */
    private static boolean terminal(Target t) {
        return t instanceof Target.Accept || t instanceof Target.Drop || t instanceof Target.Reject
                || t instanceof Target.Goto || t instanceof Target.Return || t instanceof Target.Dnat
                || t instanceof Target.Snat || t instanceof Target.Masquerade || t instanceof Target.Redirect;
    }

    // ---- verdicts

    Target verdict(Stmt.Verdict v) {
        switch (v.kind()) {
            case "accept" -> {
                return new Target.Accept();
            }
            case "drop" -> {
                return new Target.Drop();
            }
            case "return" -> {
                return new Target.Return();
            }
            case "continue" -> {
                return new Target.None();
            }
            case "jump" -> {
                scope.checkChain(v.chain(), v.at());
                return new Target.Jump(v.chain());
            }
            case "goto" -> {
                scope.checkChain(v.chain(), v.at());
                return new Target.Goto(v.chain());
            }
            default -> {
                // queue: a userspace program decides.
                scope.warn(v.at(), "verdict '" + v.text() + "' hands the packet to userspace; not modelled");
                return new Target.Unknown("nft", List.of(v.text()), v.at());
            }
        }
    }

    /**
     * {@code reject}: with no type nft sends port-unreachable in the table's family (icmpx in inet tables);
     * {@code with tcp reset} makes the rule TCP-only, {@code with icmp ...}/{@code icmpv6 ...} IPv4-/IPv6-only, as
     * nft adds those dependencies. The text follows iptables' names where they exist (icmp-port-unreachable,
     * tcp-reset).
     */
    private Target reject(Stmt.Reject r, List<Match> front, Set<AddressFamily> guards) {
        if (r.type() == null) {
            return new Target.Reject(switch (scope.family()) {
                case "ip" -> "icmp-port-unreachable";
                case "ip6" -> "icmp6-port-unreachable";
                default -> "icmpx-port-unreachable";
            });
        }
        switch (r.type()) {
            case "tcp" -> {
                front.add(new Match.ProtocolIs(Protocol.TCP, false));
                return new Target.Reject("tcp-reset");
            }
            case "icmp" -> {
                if (scope.needsGuard(AddressFamily.IPV4)) {
                    guards.add(AddressFamily.IPV4);
                }
                return new Target.Reject("icmp-" + r.code());
            }
            case "icmpv6" -> {
                if (scope.needsGuard(AddressFamily.IPV6)) {
                    guards.add(AddressFamily.IPV6);
                }
                return new Target.Reject("icmp6-" + r.code());
            }
            default -> {
                return new Target.Reject(r.type() + "-" + r.code());
            }
        }
    }

    // ---- NAT

    /**
     * dnat/snat/masquerade/redirect end the chain like iptables' NAT targets. In an inet table
     * {@code dnat ip to A} does nothing to IPv6 packets and lets them go on, so the rule gets an IPv4 guard just
     * before its target. nft's fully-random on dnat is the model's random (which only the trace reports).
     */
    private Target nat(Stmt.Nat n, List<Match> finalExtra, Set<AddressFamily> guards) {
        AddressFamily family = n.family() == null ? null
                : n.family().equals("ip") ? AddressFamily.IPV4 : AddressFamily.IPV6;
        IpRange addresses = null;
        if (n.address() != null) {
            addresses = addressRange(n.address());
            if (family == null) {
                family = addresses.family();
            } else if (family != addresses.family()) {
                throw new InputError(n.address().at(), "address " + addresses + " is not of family " + n.family()
                        + ": expected an " + (family == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " address");
            }
        }
        if (family != null && scope.needsGuard(family) && !guards.contains(family)) {
            finalExtra.add(NftMatchLowering.guard(family, false));
        }
        PortRange ports = n.port() == null ? null : portRange(n.port());
        boolean random = n.flags().contains("random");
        boolean fully = n.flags().contains("fully-random");
        boolean persistent = n.flags().contains("persistent");
        switch (n.kind()) {
            case "dnat" -> {
                if (addresses == null && ports == null) {
                    throw new InputError(n.at(), "dnat needs a destination: expected 'dnat to ADDRESS[:PORT]'");
                }
                return new Target.Dnat(List.of(new NatRange(addresses, ports)), random || fully, persistent);
            }
            case "snat" -> {
                if (addresses == null && ports == null) {
                    throw new InputError(n.at(), "snat needs a source: expected 'snat to ADDRESS[:PORT]'");
                }
                return new Target.Snat(List.of(new NatRange(addresses, ports)), random, fully, persistent);
            }
            case "masquerade" -> {
                return new Target.Masquerade(ports, random, fully);
            }
            default -> {
                return new Target.Redirect(ports, random || fully);
            }
        }
    }

    private static IpRange addressRange(Expr e) {
        if (e instanceof Expr.Prefix p && p.address() instanceof Expr.Literal l) {
            IpAddress a = IpAddress.tryParse(l.text());
            if (a != null && p.length() >= 0 && p.length() <= a.family().bits()) {
                IpPrefix px = new IpPrefix(a, p.length());
                return new IpRange(px.network(), px.last());
            }
        }
        if (e instanceof Expr.Range r && r.low() instanceof Expr.Literal lo && r.high() instanceof Expr.Literal hi) {
            IpAddress a = IpAddress.tryParse(lo.text());
            IpAddress b = IpAddress.tryParse(hi.text());
            if (a != null && b != null && a.family() == b.family() && a.compareTo(b) <= 0) {
                return new IpRange(a, b);
            }
        }
        if (e instanceof Expr.Literal l) {
            String s = l.text();
            IpAddress one = IpAddress.tryParse(s);
            if (one != null) {
                return IpRange.single(one);
            }
            IpPrefix px = s.contains("/") ? IpPrefix.tryParse(s) : null;
            if (px != null) {
                return new IpRange(px.network(), px.last());
            }
            int dash = s.indexOf('-');
            if (dash > 0) {
                IpAddress a = IpAddress.tryParse(s.substring(0, dash));
                IpAddress b = IpAddress.tryParse(s.substring(dash + 1));
                if (a != null && b != null && a.family() == b.family() && a.compareTo(b) <= 0) {
                    return new IpRange(a, b);
                }
            }
        }
        throw new InputError(e.at(), "'" + NftText.render(e) + "' is not a NAT address: expected an address, "
                + "a range A-B or a prefix");
    }

    private static PortRange portRange(Expr e) {
        IntervalSet s = NftType.INET_SERVICE.values(e);
        if (s.intervals() != 1) {
            throw new InputError(e.at(), "expected one port or port range");
        }
        return new PortRange((int) s.startLo(0), (int) s.endLo(0));
    }

    // ---- actions that let the packet go on

    /**
     * {@code meta mark set E} where E is built from the current mark with and/or/xor and constants is the function
     * m -> (m & K) ^ X, which is the model's MARK with mask ~K and value X; {@code meta mark set ct mark [and M]}
     * copies the connection mark (CONNMARK restore); {@code ct mark set ...} likewise sets the connection mark, or
     * saves the packet mark into it. Helpers, zones, timeouts and events continue like iptables' CT target;
     * tracing, priority, secmark and DSCP changes touch nothing the model follows. Other fields are unknown.
     */
    private Target assign(Stmt.Assign a) {
        String spelling = NftText.statement(a);
        String field = a.field().name();
        switch (field) {
            case "meta mark" -> {
                long[] f = markFunction(a.value(), "meta mark");
                if (f != null) {
                    return new Target.SetMark(f[1], ~f[0] & 0xffffffffL, spelling);
                }
                Long ctmask = copyOf(a.value(), "ct mark");
                if (ctmask != null) {
                    return new Target.ConnMark(Target.ConnMark.Op.RESTORE, 0, 0, 0xffffffffL, ctmask, spelling);
                }
            }
            case "ct mark" -> {
                long[] f = markFunction(a.value(), "ct mark");
                if (f != null) {
                    return new Target.ConnMark(Target.ConnMark.Op.SET_XMARK, f[1], ~f[0] & 0xffffffffL, 0, 0,
                            spelling);
                }
                Long nfmask = copyOf(a.value(), "meta mark");
                if (nfmask != null) {
                    return new Target.ConnMark(Target.ConnMark.Op.SAVE, 0, 0, nfmask, 0xffffffffL, spelling);
                }
            }
            case "ct helper", "ct zone", "ct timeout", "ct expectation", "ct event", "ct label" -> {
                return new Target.Ct(List.of(field, NftText.render(a.value())));
            }
            case "meta nftrace", "meta priority", "meta secmark", "ct secmark", "ip dscp", "ip6 dscp",
                    "meta pkttype" -> {
                return new Target.Continue(field, List.of(NftText.render(a.value())));
            }
            default -> {
            }
        }
        scope.warn(a.at(), "'" + spelling + "' is not modelled; answers that depend on it are unknown");
        return new Target.Unknown("nft", List.of(spelling), a.at());
    }

    /** {K, X} with f(m) = (m & K) ^ X for an expression over {@code self} and constants, or null. */
    private static long[] markFunction(Expr e, String self) {
        if (e instanceof Expr.Literal l && !l.quoted()) {
            Long v = NftValues.parseNumber(l.text());
            return v == null || (v >>> 32) != 0 ? null : new long[] {0, v};
        }
        if (e instanceof Expr.Field f) {
            return f.name().equals(self) ? new long[] {0xffffffffL, 0} : null;
        }
        if (e instanceof Expr.Binary b && b.right() instanceof Expr.Literal l && !l.quoted()) {
            long[] in = markFunction(b.left(), self);
            Long c = NftValues.parseNumber(l.text());
            if (in == null || c == null || (c >>> 32) != 0) {
                return null;
            }
            return switch (b.op()) {
                case "&" -> new long[] {in[0] & c, in[1] & c};
                case "|" -> new long[] {in[0] & ~c & 0xffffffffL, in[1] | c};
                case "^" -> new long[] {in[0], in[1] ^ c};
                default -> null;
            };
        }
        return null;
    }

    /** The mask M of {@code other} or {@code other & M}, or null. */
    private static Long copyOf(Expr e, String other) {
        if (e instanceof Expr.Field f && f.name().equals(other)) {
            return 0xffffffffL;
        }
        if (e instanceof Expr.Binary b && b.op().equals("&") && b.left() instanceof Expr.Field f
                && f.name().equals(other) && b.right() instanceof Expr.Literal l) {
            Long m = NftValues.parseNumber(l.text());
            return m == null || (m >>> 32) != 0 ? null : m;
        }
        return null;
    }

    /**
     * {@code update @set { ip saddr }} (or add): the packet path records the address in a set with a timeout, the
     * way kube-proxy keeps session affinity; it is the recent list "set" of {@link Match.Recent}, and lookups in
     * that set read the same list.
     */
    private Match setUpdate(Stmt.SetUpdate u) {
        NftState.SetDef s = scope.set(u.set(), u.at());
        String text = NftText.statement(u);
        if (!(u.op().equals("add") || u.op().equals("update")) || !(u.key() instanceof Expr.Field f)) {
            return lower.unknown("set update", text, u.at());
        }
        NftFields.Info info = NftFields.of(f.name());
        if (info == null || info.type().family() == null) {
            return lower.unknown("set update with key '" + f.name() + "'", text, u.at());
        }
        lower.checkKeyType(s, List.of(info), u.at());
        return new Match.Recent(lower.recentName(s.name), Match.Recent.Mode.SET, 0, 0, false, false,
                info.direction() == io.netprove.model.netfilter.Direction.DESTINATION, null, false);
    }

    // ---- verdict maps

    private List<Branch> verdictMap(Stmt.VerdictMap m, List<Match> base, Set<AddressFamily> guards) {
        String setName;
        List<Expr.SetItem> items = new ArrayList<>();
        NftState.SetDef named = null;
        if (m.map() instanceof Expr.SetRef ref) {
            named = scope.set(ref.name(), ref.at());
            if (!named.map || !"verdict".equals(named.dataType)) {
                throw new InputError(ref.at(), named.kind() + " '" + named.name + "' does not map to verdicts: "
                        + "expected a map declared with ': verdict' after 'vmap'");
            }
            setName = named.name;
            for (NftState.ElementDef e : named.elements) {
                items.add(new Expr.SetItem(e.key(), e.verdict(), e.data(), e.at()));
            }
        } else if (m.map() instanceof Expr.SetLiteral lit) {
            setName = "";
            items.addAll(lit.items());
        } else {
            throw new InputError(m.map().at(), "expected '@map' or '{ key : verdict, ... }' after 'vmap'");
        }
        for (Expr.SetItem i : items) {
            if (i.verdict() == null) {
                throw new InputError(i.at(), "element '" + NftText.render(i.key()) + "' has no verdict: expected "
                        + "KEY : accept|drop|return|continue|jump CHAIN|goto CHAIN");
            }
        }
        if (m.key() instanceof Expr.Numgen n) {
            return numgenMap(n, items, base, m);
        }
        List<Expr> parts = m.key() instanceof Expr.Concat c ? c.parts() : List.of(m.key());
        List<NftFields.Info> fields = new ArrayList<>();
        for (Expr p : parts) {
            NftFields.Info i = p instanceof Expr.Field f ? NftFields.of(f.name()) : null;
            fields.add(i != null && i.key() != null ? i : null);
        }
        if (!fields.contains(null)) {
            if (named != null) {
                lower.checkKeyType(named, fields, m.map().at());
            }
            List<Match> pre = new ArrayList<>(base);
            pre.addAll(lower.dependencies(fields, guards));
            record Entry(Match.LookupElement element, Stmt.Verdict verdict, String text) {
            }
            List<Entry> entries = new ArrayList<>();
            for (Expr.SetItem i : items) {
                entries.add(new Entry(lower.element(fields, i.key()), i.verdict(), NftText.item(i)));
            }
            entries.sort(Comparator.comparing(Entry::element, NftMatchLowering.ELEMENT_ORDER));
            List<Match.LookupKey> keys = new ArrayList<>();
            for (NftFields.Info f : fields) {
                keys.add(f.key());
            }
            List<Branch> out = new ArrayList<>();
            if (entries.isEmpty()) {
                List<Match> ms = new ArrayList<>(pre);
                ms.add(new Match.Lookup(keys, List.of(), false, setName));
                out.add(new Branch(ms, new Target.None(), "no elements"));
                return out;
            }
            lower.checkThPorts(fields, items, m.at());
            for (Entry e : entries) {
                List<Match> ms = new ArrayList<>(pre);
                ms.add(new Match.Lookup(keys, List.of(e.element()), false, setName));
                out.add(new Branch(ms, verdict(e.verdict()), e.text()));
            }
            return out;
        }
        if (parts.size() == 1 && m.key() instanceof Expr.Field) {
            // A key the model cannot look up (ct state, an interface name, ...): each element is its own criterion.
            List<Expr.SetItem> sorted = new ArrayList<>(items);
            sorted.sort(Comparator.comparing(i -> NftText.render(i.key())));
            List<Branch> out = new ArrayList<>();
            for (Expr.SetItem i : sorted) {
                NftMatchLowering.Lowered l = lower.relation(new Stmt.Relation(m.key(), "==", i.key(), i.at()),
                        guards);
                List<Match> ms = new ArrayList<>(base);
                if (l.alternatives() != null) {
                    ms.add(lower.unknown("verdict map element", NftText.item(i), i.at()));
                } else {
                    ms.addAll(l.matches());
                }
                out.add(new Branch(ms, verdict(i.verdict()), NftText.item(i)));
            }
            return out;
        }
        List<Match> ms = new ArrayList<>(base);
        ms.add(lower.unknown("verdict map key", NftText.render(m.key()), m.at()));
        return List.of(new Branch(ms, new Target.Unknown("nft", List.of(NftText.statement(m)), m.at()), ""));
    }

    private List<Branch> numgenMap(Expr.Numgen n, List<Expr.SetItem> items, List<Match> base, Stmt.VerdictMap m) {
        if (!n.mode().equals("random") || n.modulus() <= 0) {
            List<Match> ms = new ArrayList<>(base);
            ms.add(lower.unknown("numgen " + n.mode(), NftText.statement(m), m.at()));
            return List.of(new Branch(ms, new Target.Unknown("nft", List.of(NftText.statement(m)), m.at()), ""));
        }
        record Entry(IntervalSet values, Expr.SetItem item) {
        }
        List<Entry> entries = new ArrayList<>();
        for (Expr.SetItem i : items) {
            entries.add(new Entry(NftType.MARK.values(i.key()), i));
        }
        entries.sort(Comparator.comparing(e -> new Match.LookupElement(List.of(e.values())),
                NftMatchLowering.ELEMENT_ORDER));
        IntervalSet left = IntervalSet.range(32, n.offset(), n.offset() + n.modulus() - 1);
        List<Branch> out = new ArrayList<>();
        for (Entry e : entries) {
            long remaining = left.sizeSaturated();
            IntervalSet mine = e.values().intersect(left);
            long part = mine.sizeSaturated();
            if (part == 0) {
                continue;
            }
            List<Match> ms = new ArrayList<>(base);
            if (part != remaining) {
                ms.add(NumgenSplit.statistic(part, remaining, false));
            }
            out.add(new Branch(ms, verdict(e.item().verdict()), NftText.item(e.item())));
            left = left.minus(mine);
        }
        return out;
    }
}
