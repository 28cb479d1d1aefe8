package io.netprove.verifier.sim;

import io.netprove.model.ipvs.ForwardingMethod;
import io.netprove.model.ipvs.IpvsProtocol;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.AddrType;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.CtStatus;
import io.netprove.model.netfilter.Direction;
import io.netprove.model.netfilter.Hook;
import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.NatRange;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Target;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.List;
import java.util.Map;

/**
 * One walk of one packet through the node, with every free choice decided by {@link Choices}. The walk follows the
 * kernel's hook order: PREROUTING (raw, mangle, nat), the routing decision, then INPUT (mangle, filter, security,
 * nat) or FORWARD (mangle, filter, security) and POSTROUTING (mangle, nat); a packet the node sends itself takes
 * OUTPUT (raw, mangle, nat, filter, security) and POSTROUTING, and loops back through PREROUTING and INPUT (without
 * nat, which conntrack has already set up) when its destination is local. nat chains see only the first packet of
 * a connection.
 * <p>
 * The same walk runs concretely (every field known) or symbolically: then the source and destination addresses and
 * ports may still be the original packet's variables, constrained by a {@link HeaderSpace} and residual
 * {@link Condition}s. A test on a variable field that neither surely holds nor surely fails splits the walk in two,
 * through the same {@link Choices} that explore statistic branches, so both modes share one semantics.
 */
final class Walk {

    private static final int TRUE = 1;
    private static final int FALSE = 0;
    private static final int CHOICE = 2;
    private static final int SPLIT = 3;
    private static final int SYMBOLIC_FIELDS = bit(Field.SRC_ADDR) | bit(Field.DST_ADDR) | bit(Field.SRC_PORT)
            | bit(Field.DST_PORT);
    private static final int MAX_RULE_VISITS = 1_000_000;

    private enum Verdict { ACCEPT, DROP, REJECT, UNKNOWN, IPVS }


    private final CompiledRuleset rules;
    private final NodeContext node;
    private final Choices choices;
    private final Evaluator evaluator = new Evaluator();
    private final Map<Object, IntervalSet> sets = new HashMap<>();

    // symbolic part of the state: which fields are still the original variables, and their constraints
    private int vars;
    private int originalVars;
    private HeaderSpace space;
    private final List<Condition> residual = new ArrayList<>();
    private final List<Condition> pending = new ArrayList<>();
    private boolean committed;

    // state of the walk
    private Packet packet;
    private Packet original;
    private long ctmark;
    private boolean dnat;
    private boolean snat;
    private boolean untracked;
    private boolean masquerade;
    private boolean localOrigin;
    private boolean loopbackPass;
    private boolean ipvsPass;
    private double probability;
    private boolean probabilityKnown;
    private Hook hook;
    private String table;
    private boolean deciding;
    private int visits;
    private Rule currentRule;
    private final List<TraceStep> steps = new ArrayList<>();
    private final List<String> assumptions = new ArrayList<>();
    private final List<String> unknowns = new ArrayList<>();
    // what this walk did to or assumed about recent lists, oldest first
    private final List<RecentEntry> recent = new ArrayList<>();
    // runChain's stack of (chain, next candidate, candidates), kept between calls (a walk runs one chain at a time)
    private ChainIndex[] stackChains = new ChainIndex[8];
    private int[] stackNext = new int[8];
    private int[][] stackCandidates = new int[8][];

    Walk(CompiledRuleset rules, NodeContext node, Choices choices) {
        this.rules = rules;
        this.node = node;
        this.choices = choices;
    }

    /** Walks {@code start} once, concretely, with the decisions {@link Choices} gives. */
    Outcome run(Packet start) {
        boolean local = node.isLocal(start.source()) && !start.source().isLoopback()
                || start.source().isLoopback() && start.inInterface() == null;
        reset(start, 0, null, local);
        Disposition d = localOrigin ? fromNode() : fromOutside();
        return new Outcome(d, packet, masquerade, probabilityKnown ? probability : null, steps, assumptions,
                unknowns);
    }

    /** Walks {@code start} once, concretely, as a packet arriving from outside whatever its source. */
    Outcome runArriving(Packet start) {
        reset(start, 0, null, false);
        Disposition d = fromOutside();
        return new Outcome(d, packet, masquerade, probabilityKnown ? probability : null, steps, assumptions,
                unknowns);
    }

    /**
     * Walks once symbolically: the addresses and ports of {@code template} are replaced by the original packet's
     * variables constrained to {@code start}; protocol, ICMP type, state, mark and interfaces come from the template.
     * {@code fromNode} says whether the node itself sends the packet (the caller splits the sources accordingly).
     */
    SymbolicOutcome runSymbolic(Packet template, HeaderSpace start, boolean fromNode) {
        reset(template, SYMBOLIC_FIELDS, start, fromNode);
        Disposition d = localOrigin ? fromNode() : fromOutside();
        return new SymbolicOutcome(d, packet, vars, masquerade, dnat, snat, space, residual, steps, assumptions,
                unknowns);
    }

    /**
     * Walks once symbolically, continuing a path that left another node: the packet arrives as that path left
     * (fields in {@code varMask} still the original variables, under {@code start} and {@code carried}), as a new
     * connection on this node, with no mark.
     */
    SymbolicOutcome runContinued(Packet arriving, int varMask, HeaderSpace start, List<Condition> carried) {
        reset(arriving, varMask, start, false);
        residual.addAll(carried);
        Disposition d = fromOutside();
        return new SymbolicOutcome(d, packet, vars, masquerade, dnat, snat, space, residual, steps, assumptions,
                unknowns);
    }

    private void reset(Packet start, int varMask, HeaderSpace startSpace, boolean fromNode) {
        packet = start;
        original = start;
        vars = varMask;
        originalVars = varMask;
        space = startSpace;
        residual.clear();
        ctmark = 0;
        dnat = false;
        snat = false;
        untracked = start.ctState() == CtState.UNTRACKED;
        masquerade = false;
        loopbackPass = false;
        ipvsPass = false;
        probability = 1.0;
        probabilityKnown = true;
        visits = 0;
        steps.clear();
        assumptions.clear();
        unknowns.clear();
        recent.clear();
        localOrigin = fromNode;
    }

    private static int bit(Field f) {
        return 1 << f.ordinal();
    }

    private boolean isVar(Field f) {
        return (vars & bit(f)) != 0;
    }

    private String dstText() {
        if (!isVar(Field.DST_ADDR)) {
            return isVar(Field.DST_PORT) ? packet.destination() + " (any port of the query)" : packet.destinationText();
        }
        return "the destination";
    }

    /**
     * Decides whether {@code field} lies in {@code set}: directly for a known value, and for a variable by splitting
     * the walk when the constraints allow both answers (the answer then narrows the variable).
     */
    private boolean decideField(Field field, IntervalSet set, boolean concreteAnswer) {
        if (!isVar(field)) {
            return concreteAnswer;
        }
        return splitVariable(field, set);
    }

    /**
     * Decides whether the original packet's {@code field} (whatever NAT has written over it since) lies in
     * {@code set}, splitting the walk when its constraints allow both answers.
     */
    private boolean splitVariable(Field field, IntervalSet set) {
        IntervalSet a = space.get(field);
        if (set.containsAll(a)) {
            return true;
        }
        if (a.disjoint(set)) {
            return false;
        }
        boolean yes = choices.choose();
        space = space.restrict(field, yes ? set : set.complement());
        return yes;
    }

    private IntervalSet localSet(Field f) {
        return rules.localSet(node, packet.family());
    }

    private IntervalSet loopbackSet() {
        return IntervalSet.of(packet.family() == AddressFamily.IPV4 ? IpPrefix.parse("127.0.0.0/8")
                : IpPrefix.parse("::1/128"));
    }

    private boolean dstIsLocal() {
        return decideField(Field.DST_ADDR, localSet(Field.DST_ADDR),
                !isVar(Field.DST_ADDR) && node.isLocal(packet.destination()));
    }

    private boolean dstIsLoopback() {
        return decideField(Field.DST_ADDR, loopbackSet(),
                !isVar(Field.DST_ADDR) && packet.destination().isLoopback());
    }

    private boolean srcIsLoopback() {
        return decideField(Field.SRC_ADDR, loopbackSet(), !isVar(Field.SRC_ADDR) && packet.source().isLoopback());
    }

    private Disposition fromOutside() {
        Verdict v = hook(Hook.PREROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        if (srcIsLoopback()) {
            routing("the source is a loopback address arriving from outside: martian, dropped");
            return Disposition.DROPPED;
        }
        boolean local = dstIsLocal();
        if (local && dstIsLoopback() && !routeLocalnet()) {
            routing("the destination is a loopback address and route_localnet is off: martian, dropped");
            return Disposition.DROPPED;
        }
        if (local) {
            routing("destination " + dstText() + " is local: INPUT");
            v = hook(Hook.INPUT);
            if (v == Verdict.IPVS) {
                return afterIpvs();
            }
            return v == Verdict.ACCEPT ? Disposition.LOCAL : disposition(v);
        }
        routing("destination " + dstText() + " is not local: FORWARD (assuming a route exists"
                + " and ip_forward=1)");
        v = hook(Hook.FORWARD);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        v = hook(Hook.POSTROUTING);
        return v == Verdict.ACCEPT ? Disposition.FORWARDED : disposition(v);
    }

    private Disposition fromNode() {
        dstIsLocal(); // the route is chosen before OUTPUT; for a variable destination this splits the walk
        Verdict v = hook(Hook.OUTPUT);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        boolean local = dstIsLocal();
        if (!local && srcIsLoopback() && !routeLocalnet()) {
            routing("the source is a loopback address but the destination " + dstText()
                    + " is not local and route_localnet is off: dropped");
            return Disposition.DROPPED;
        }
        routing(local ? "destination " + dstText() + " is local: loopback"
                : "destination " + dstText() + " is not local: leaves the node");
        v = hook(Hook.POSTROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        if (!local) {
            return Disposition.FORWARDED;
        }
        loopbackPass = true;
        v = hook(Hook.PREROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        v = hook(Hook.INPUT);
        if (v == Verdict.IPVS) {
            return afterIpvs();
        }
        return v == Verdict.ACCEPT ? Disposition.LOCAL : disposition(v);
    }

    /** The route_localnet sysctl as given, or inferred from kube-proxy's guard rule (with a note saying so). */
    private boolean routeLocalnet() {
        if (node.routeLocalnet() != null) {
            return node.routeLocalnet();
        }
        if (rules.kubeProxyLocalnetGuard) {
            note("route_localnet=1 inferred: kube-proxy's \"block incoming localnet connections\" rule is present,"
                    + " and kube-proxy adds it exactly when it turns route_localnet on");
            return true;
        }
        note("route_localnet=0 assumed (the kernel default; not captured)");
        return false;
    }

    /**
     * After IPVS rewrote the destination to a real server, the packet leaves through LOCAL_OUT: the OUTPUT chains
     * (NAT there is already bound by conntrack), routing towards the real server, and POSTROUTING, where kube-proxy
     * masquerades.
     */
    private Disposition afterIpvs() {
        ipvsPass = true;
        Verdict v = hook(Hook.OUTPUT);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        boolean local = dstIsLocal();
        routing(local ? "IPVS real server " + dstText() + " is local" : "IPVS sends to real server " + dstText());
        v = hook(Hook.POSTROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        return local ? Disposition.LOCAL : Disposition.FORWARDED;
    }

    /**
     * IPVS at LOCAL_IN: the virtual service the packet is for (by firewall mark, then protocol, address and port,
     * then the address's port-0 service), and one of its real servers that accept new connections (each is an
     * alternative). No virtual service: the packet goes on to the local stack. A service without usable real
     * servers answers ICMP port unreachable (ip_vs_leave).
     */
    private Verdict ipvs() {
        IpvsState st = node.ipvs();
        IpvsProtocol proto = switch (packet.protocol().number()) {
            case 6 -> IpvsProtocol.TCP;
            case 17 -> IpvsProtocol.UDP;
            case 132 -> IpvsProtocol.SCTP;
            default -> null;
        };
        Optional<VirtualService> found = Optional.empty();
        if (packet.mark() != 0) {
            found = st.service(new VirtualServiceKey.ByFwmark(packet.mark(), packet.family()));
        }
        if (found.isEmpty() && proto != null) {
            found = ipvsByAddress(st, proto);
        }
        if (found.isEmpty()) {
            return Verdict.ACCEPT;
        }
        VirtualService vs = found.get();
        List<RealServer> servers = vs.schedulableServers();
        if (servers.isEmpty()) {
            steps.add(rules.shared(new TraceStep(hook.name(), "ipvs", vs.key().toString(), SourceLocation.NONE, "",
                    "virtual service " + vs.key() + " has no real server accepting connections: ICMP port"
                            + " unreachable")));
            return Verdict.REJECT;
        }
        int pick = servers.size() == 1 ? 0 : choices.choose(servers.size());
        RealServer rs = servers.get(pick);
        if (servers.size() > 1) {
            String sched = vs.scheduler().name();
            if (sched.equals("rr") || sched.equals("wrr")) {
                long total = 0;
                for (RealServer r : servers) {
                    total += sched.equals("rr") ? 1 : r.weight();
                }
                probability *= (sched.equals("rr") ? 1.0 : rs.weight()) / total;
            } else {
                probabilityKnown = false;
                assumptions.add("IPVS scheduler " + sched + " of " + vs.key() + " picked " + rs.endpoint()
                        + " (its choice depends on connection counts or hashing)");
            }
        }
        if (rs.method() != ForwardingMethod.MASQ) {
            String what = "IPVS forwarding method " + rs.method() + " of " + vs.key() + " is not modelled";
            if (!unknowns.contains(what)) {
                unknowns.add(what);
            }
        }
        int port = rs.port() == 0 ? packet.destinationPort() : rs.port();
        packet = packet.withDestination(rs.address(), packet.protocol().hasPorts() ? port : packet.destinationPort());
        vars &= ~bit(Field.DST_ADDR);
        if (rs.port() != 0) {
            vars &= ~bit(Field.DST_PORT);
        }
        dnat = true;
        steps.add(rules.shared(new TraceStep(hook.name(), "ipvs", vs.key().toString(), SourceLocation.NONE, "",
                "virtual service " + vs.key() + " (" + vs.scheduler().name() + ") -> real server " + dstText())));
        return Verdict.IPVS;
    }

    /**
     * The address-keyed virtual service for the packet. With a variable destination the walk splits over the
     * virtual addresses it may equal (then over their ports), exactly like an indexed chain.
     */
    private Optional<VirtualService> ipvsByAddress(IpvsState st, IpvsProtocol proto) {
        if (!isVar(Field.DST_ADDR) && !isVar(Field.DST_PORT)) {
            return st.find(packet.family(), 0, proto, packet.destination(), packet.destinationPort());
        }
        TreeMap<IpAddress, TreeSet<Integer>> byAddress = new TreeMap<>();
        for (VirtualService vs : st.services()) {
            if (vs.key() instanceof VirtualServiceKey.ByAddress a && a.protocol() == proto
                    && a.address().family() == packet.family()) {
                byAddress.computeIfAbsent(a.address(), k -> new TreeSet<>()).add(a.port());
            }
        }
        IpAddress addr;
        if (isVar(Field.DST_ADDR)) {
            IntervalSet a = space.get(Field.DST_ADDR);
            List<IpAddress> in = new ArrayList<>();
            for (IpAddress x : byAddress.keySet()) {
                if (a.contains(x.hi(), x.lo())) {
                    in.add(x);
                }
            }
            IntervalSet rest = a.minus(IntervalSet.points(a.bits(), in));
            int options = in.size() + (rest.isEmpty() ? 0 : 1);
            if (options == 0) {
                return Optional.empty();
            }
            int pick = choices.choose(options);
            if (pick == in.size()) {
                space = space.with(Field.DST_ADDR, rest);
                return Optional.empty();
            }
            addr = in.get(pick);
            space = space.with(Field.DST_ADDR, IntervalSet.of(addr));
        } else {
            addr = packet.destination();
        }
        TreeSet<Integer> ports = byAddress.getOrDefault(addr, new TreeSet<>());
        int port;
        if (isVar(Field.DST_PORT) && packet.protocol().hasPorts()) {
            IntervalSet p = space.get(Field.DST_PORT);
            List<Integer> in = new ArrayList<>();
            IntervalSet named = IntervalSet.empty(16);
            for (int x : ports) {
                if (x != 0 && p.contains(x)) {
                    in.add(x);
                    named = named.union(IntervalSet.range(16, x, x));
                }
            }
            IntervalSet rest = p.minus(named);
            int options = in.size() + (rest.isEmpty() ? 0 : 1);
            int pick = options <= 1 ? 0 : choices.choose(options);
            if (pick < in.size()) {
                port = in.get(pick);
                space = space.with(Field.DST_PORT, IntervalSet.range(16, port, port));
            } else {
                space = space.with(Field.DST_PORT, rest);
                port = -1;
            }
        } else {
            port = packet.destinationPort();
        }
        if (port >= 0) {
            Optional<VirtualService> exact = st.service(new VirtualServiceKey.ByAddress(proto, addr, port));
            if (exact.isPresent()) {
                return exact;
            }
        }
        return st.service(new VirtualServiceKey.ByAddress(proto, addr, 0));
    }

    private static Disposition disposition(Verdict v) {
        return switch (v) {
            case DROP -> Disposition.DROPPED;
            case REJECT -> Disposition.REJECTED;
            case UNKNOWN -> Disposition.UNKNOWN;
            case ACCEPT, IPVS -> throw new IllegalStateException(v + " is not a final disposition");
        };
    }

    private void routing(String text) {
        steps.add(rules.shared(new TraceStep(hook == null ? "" : hook.name(), "routing", "", SourceLocation.NONE, "",
                text)));
    }

    /** IPVS takes packets at LOCAL_IN just before SNAT (NF_IP_PRI_NAT_SRC - 2). */
    private static final int IPVS_PRIORITY = 98;

    private Verdict hook(Hook h) {
        hook = h;
        boolean ipvsDone = h != Hook.INPUT || node.ipvs() == null || ipvsPass;
        for (CompiledRuleset.HookEntry e : rules.hook(h)) {
            if (!ipvsDone && e.priority() >= IPVS_PRIORITY) {
                ipvsDone = true;
                Verdict v = ipvs();
                if (v != Verdict.ACCEPT) {
                    return v;
                }
            }
            if (e.type() == io.netprove.model.netfilter.BaseChain.Type.NAT
                    && (untracked || loopbackPass || packet.ctState() != CtState.NEW
                    || (ipvsPass && h == Hook.OUTPUT))) {
                continue;
            }
            table = e.table();
            Verdict v = runChain(e.chain());
            if (v != Verdict.ACCEPT) {
                return v;
            }
        }
        if (!ipvsDone) {
            return ipvs();
        }
        return Verdict.ACCEPT;
    }

    /** Runs a built-in chain with jumps, gotos and returns; the chain's policy applies when it falls off the end. */
    private Verdict runChain(ChainIndex start) {
        Chain builtin = start.chain();
        int sp = 0;
        Chain chain = builtin;
        ChainIndex index = start;
        int[] candidates = candidates(index);
        int next = 0;
        while (true) {
            if (next >= candidates.length) {
                if (sp == 0) {
                    return policy(builtin);
                }
                sp--;
                index = stackChains[sp];
                chain = index.chain();
                next = stackNext[sp];
                candidates = stackCandidates[sp];
                continue;
            }
            int ruleIndex = candidates[next++];
            Rule rule = chain.rules().get(ruleIndex);
            if (++visits > MAX_RULE_VISITS) {
                throw new IllegalStateException("more than " + MAX_RULE_VISITS + " rule evaluations for one packet");
            }
            if (!matches(rule)) {
                continue;
            }
            Target target = rule.target();
            if (target instanceof Target.Jump) {
                step(chain, rule, index.effect(ruleIndex));
                if (sp == stackChains.length) {
                    stackChains = java.util.Arrays.copyOf(stackChains, sp * 2);
                    stackNext = java.util.Arrays.copyOf(stackNext, sp * 2);
                    stackCandidates = java.util.Arrays.copyOf(stackCandidates, sp * 2);
                }
                stackChains[sp] = index;
                stackNext[sp] = next;
                stackCandidates[sp] = candidates;
                sp++;
                index = index.target(ruleIndex);
                chain = index.chain();
                candidates = candidates(index);
                next = 0;
                continue;
            }
            if (target instanceof Target.Goto) {
                step(chain, rule, index.effect(ruleIndex));
                index = index.target(ruleIndex);
                chain = index.chain();
                candidates = candidates(index);
                next = 0;
                continue;
            }
            if (target instanceof Target.Return) {
                step(chain, rule, "RETURN");
                if (sp == 0) {
                    return policy(builtin);
                }
                sp--;
                index = stackChains[sp];
                chain = index.chain();
                next = stackNext[sp];
                candidates = stackCandidates[sp];
                continue;
            }
            Verdict v = apply(chain, rule, target);
            if (v != null) {
                return v;
            }
        }
    }

    /**
     * The rules of {@code chain} that can match. When the chain is indexed by a field that is still a variable, the
     * walk splits into one branch per key the variable can equal, plus one for "none of the keys".
     */
    private int[] candidates(ChainIndex index) {
        Field f = switch (index.key()) {
            case NONE -> null;
            case DESTINATION_ADDRESS -> Field.DST_ADDR;
            case DESTINATION_PORT -> Field.DST_PORT;
        };
        if (f == null || !isVar(f)) {
            return index.candidates(packet.destination(), packet.destinationPort());
        }
        if (f == Field.DST_PORT && !packet.protocol().hasPorts()) {
            return index.rest();
        }
        IntervalSet a = space.get(f);
        ForkKey fk = new ForkKey(index, a);
        Fork fork = forks.get(fk);
        if (fork == null) {
            fork = new Fork(index.keysWithin(a), a.minus(index.keySet(a.bits())));
            forks.put(fk, fork);
        }
        int[] keys = fork.keys();
        IntervalSet rest = fork.rest();
        if (f == Field.DST_PORT && keys.length > 1) {
            // a port key whose own rules cannot match this packet whatever its port (their destination address or
            // type excludes every destination the packet can have) behaves as "none of the keys": it joins that
            // branch instead of becoming a branch of its own (otherwise every path meeting a port-indexed chain
            // is multiplied by its number of ports). Worked out once per fork and destination set: replays of the
            // walk meet the same ones
            IntervalSet dst = isVar(Field.DST_ADDR) ? space.get(Field.DST_ADDR) : IntervalSet.of(packet.destination());
            PortFilterKey pk = new PortFilterKey(fk, dst, packet.protocol());
            Fork filtered = portFilters.get(pk);
            if (filtered == null) {
                int[] kept = new int[keys.length];
                int n = 0;
                IntervalSet joined = rest;
                for (int k : keys) {
                    if (keyCanMatch(index, k, dst)) {
                        kept[n++] = k;
                    } else {
                        joined = joined.union(IntervalSet.point(a.bits(), index.keyHi(k), index.keyLo(k)));
                    }
                }
                filtered = n == keys.length ? fork : new Fork(java.util.Arrays.copyOf(kept, n), joined);
                portFilters.put(pk, filtered);
            }
            keys = filtered.keys();
            rest = filtered.rest();
        }
        int options = keys.length + (rest.isEmpty() ? 0 : 1);
        if (options == 0) {
            return index.rest();
        }
        int pick = choices.choose(options);
        if (pick < keys.length) {
            int k = keys[pick];
            space = space.with(f, IntervalSet.point(a.bits(), index.keyHi(k), index.keyLo(k)));
            return index.candidatesOfKey(k);
        }
        space = space.with(f, rest);
        return index.rest();
    }

    /**
     * False when no rule filed under key {@code k} (beyond the rules every key shares) can match the current packet:
     * each has a protocol, destination address or destination address type criterion that no destination the packet
     * can still have satisfies. Conservative: any other criterion counts as possibly matching.
     */
    private boolean keyCanMatch(ChainIndex index, int k, IntervalSet dst) {
        int[] own = index.candidatesOfKey(k);
        int[] shared = index.rest();
        for (int r : own) {
            if (java.util.Arrays.binarySearch(shared, r) >= 0) {
                continue;
            }
            if (!excluded(index.chain().rules().get(r), dst)) {
                return true;
            }
        }
        return false;
    }

    /** True if one criterion of {@code rule} is false for every destination in {@code dst} (and this protocol). */
    private boolean excluded(Rule rule, IntervalSet dst) {
        for (Match m : rule.matches()) {
            if (m instanceof Match.ProtocolIs p) {
                boolean same = p.protocol().number() == 0 || p.protocol().equals(packet.protocol());
                if (same == p.negated()) {
                    return true;
                }
            } else if (m instanceof Match.Address d && d.direction() == Direction.DESTINATION
                    && d.prefix().family() == packet.family()) {
                IntervalSet s = IntervalSet.of(d.prefix());
                if (d.negated() ? s.containsAll(dst) : s.intersect(dst).isEmpty()) {
                    return true;
                }
            } else if (m instanceof Match.AddrTypeIs t && t.direction() == Direction.DESTINATION
                    && t.limit() == Match.AddrTypeIs.LimitIface.NONE) {
                IntervalSet s = addrTypeSet(t.types());
                if (t.negated() ? s.containsAll(dst) : s.intersect(dst).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A port fork narrowed to the keys that can match: per fork, destination set and protocol. */
    private record PortFilterKey(ForkKey fork, IntervalSet destinations, Protocol protocol) {
    }

    private final Map<PortFilterKey, Fork> portFilters = new HashMap<>();

    /** A chain's index split against a set of key values: which keys lie in it, and what of it is no key. */
    private record Fork(int[] keys, IntervalSet rest) {
    }

    /** Identifies a fork: the chain index (by identity) and the set (by value). */
    private record ForkKey(ChainIndex index, IntervalSet set) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ForkKey k && k.index == index && k.set.equals(set);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(index) * 31 + set.hashCode();
        }
    }

    /**
     * Forks already computed in this exploration: every replay of a symbolic walk reaches the same forks with the
     * same sets, and splitting a large set against thousands of keys is worth doing once.
     */
    private final Map<ForkKey, Fork> forks = new HashMap<>();

    private Verdict policy(Chain builtin) {
        if (builtin.policy() == Policy.DROP) {
            steps.add(rules.shared(new TraceStep(hook.name(), table, builtin.name(), builtin.declared(), "",
                    "policy DROP")));
            return Verdict.DROP;
        }
        if (!builtin.rules().isEmpty()) {
            steps.add(rules.shared(new TraceStep(hook.name(), table, builtin.name(), builtin.declared(), "",
                    "policy ACCEPT")));
        }
        return Verdict.ACCEPT;
    }

    private void step(Chain chain, Rule rule, String effect) {
        steps.add(rules.step(hook, table, chain.name(), rule, effect));
    }

    /** Applies a non-jump target; returns the table's verdict, or null to continue with the next rule. */
    private Verdict apply(Chain chain, Rule rule, Target target) {
        if (target instanceof Target.Accept) {
            step(chain, rule, "ACCEPT");
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Drop) {
            step(chain, rule, "DROP");
            return Verdict.DROP;
        }
        if (target instanceof Target.Reject r) {
            step(chain, rule, "REJECT with " + r.rejectWith());
            return Verdict.REJECT;
        }
        if (target instanceof Target.SetMark m) {
            long before = packet.mark();
            packet = packet.withMark(m.apply(before));
            step(chain, rule, "MARK " + m.spelling() + ": mark " + hex(before) + " -> " + hex(packet.mark()));
            return null;
        }
        if (target instanceof Target.ConnMark c) {
            if (untracked) {
                step(chain, rule, "CONNMARK ignored: packet is untracked");
                return null;
            }
            switch (c.op()) {
                case SET_XMARK -> ctmark = ((ctmark & ~c.mask()) ^ c.value()) & 0xffffffffL;
                case SAVE -> ctmark = ((ctmark & ~c.ctmask()) ^ (packet.mark() & c.nfmask())) & 0xffffffffL;
                case RESTORE -> packet = packet.withMark((packet.mark() & ~c.nfmask()) ^ (ctmark & c.ctmask()));
            }
            step(chain, rule, "CONNMARK " + c.spelling() + ": mark " + hex(packet.mark()) + ", connmark "
                    + hex(ctmark));
            return null;
        }
        if (target instanceof Target.Dnat d) {
            NatRange r = d.ranges().get(0);
            if (d.ranges().size() > 1 || (r.addresses() != null && !r.addresses().isSingle())
                    || (r.ports() != null && !r.ports().isSingle())) {
                note("DNAT to a range: the kernel picks one member; the first is shown");
            }
            IpAddress to = r.addresses() == null ? packet.destination() : r.addresses().first();
            int port = r.ports() == null ? packet.destinationPort() : r.ports().first();
            packet = packet.withDestination(to, packet.protocol().hasPorts() ? port : packet.destinationPort());
            if (r.addresses() != null) {
                vars &= ~bit(Field.DST_ADDR);
            }
            if (r.ports() != null) {
                vars &= ~bit(Field.DST_PORT);
            }
            dnat = true;
            step(chain, rule, "DNAT to " + dstText());
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Redirect r) {
            IpAddress to = hook == Hook.OUTPUT ? loopbackOf(packet.family()) : primaryLocal();
            int port = r.ports() == null ? packet.destinationPort() : r.ports().first();
            packet = packet.withDestination(to, packet.protocol().hasPorts() ? port : packet.destinationPort());
            vars &= ~bit(Field.DST_ADDR);
            if (r.ports() != null) {
                vars &= ~bit(Field.DST_PORT);
            }
            dnat = true;
            step(chain, rule, "REDIRECT to " + dstText());
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Snat s) {
            NatRange r = s.ranges().get(0);
            IpAddress to = r.addresses() == null ? packet.source() : r.addresses().first();
            int port = r.ports() == null ? packet.sourcePort() : r.ports().first();
            packet = packet.withSource(to, packet.protocol().hasPorts() ? port : packet.sourcePort());
            if (r.addresses() != null) {
                vars &= ~bit(Field.SRC_ADDR);
            }
            if (r.ports() != null) {
                vars &= ~bit(Field.SRC_PORT);
            }
            snat = true;
            step(chain, rule, "SNAT to " + (isVar(Field.SRC_ADDR) ? "the same source address" : packet.sourceText()));
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Masquerade) {
            masquerade = true;
            snat = true;
            step(chain, rule, "MASQUERADE: source becomes the address of the outgoing interface");
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.NoTrack n) {
            untracked = true;
            step(chain, rule, n.spelling() + ": packet is untracked (no NAT)");
            return null;
        }
        if (target instanceof Target.Unknown u) {
            String what = "target " + u.name() + " at " + rule.location() + " is not modelled";
            if (!unknowns.contains(what)) {
                unknowns.add(what);
            }
            deciding = true;
            boolean takes = decide(null, "target " + u.name() + " at " + rule.location() + " takes the packet",
                    "target " + u.name() + " at " + rule.location() + " lets the packet continue");
            deciding = false;
            step(chain, rule, u.name() + (takes ? " (unmodelled) takes the packet" : " (unmodelled) continues"));
            return takes ? Verdict.UNKNOWN : null;
        }
        if (target instanceof Target.None) {
            step(chain, rule, "no target: counted, continue");
            return null;
        }
        // LOG, NFLOG, CT options, CHECKSUM, TCPMSS, ...: observe and continue
        step(chain, rule, target.name() + ": continue");
        return null;
    }

    private IpAddress primaryLocal() {
        IpAddress best = null;
        for (IpAddress a : node.localAddresses()) {
            if (a.family() == packet.family() && (best == null || a.compareTo(best) < 0)) {
                best = a;
            }
        }
        if (best == null) {
            note("REDIRECT: no local address of this family is known; 127.0.0.1/::1 assumed");
            return loopbackOf(packet.family());
        }
        note("REDIRECT: the incoming interface's primary address is taken to be " + best);
        return best;
    }

    private static IpAddress loopbackOf(AddressFamily f) {
        return f == AddressFamily.IPV4 ? IpAddress.v4(0x7f000001L) : IpAddress.v6(0, 1);
    }

    private void note(String text) {
        if (!assumptions.contains(text)) {
            assumptions.add(text);
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    // ---------------------------------------------------------------- matching

    private boolean matches(Rule rule) {
        currentRule = rule;
        List<Match> ms = rule.matches();
        int n = ms.size();
        boolean second = false;
        deciding = false;
        committed = false;
        pending.clear();
        for (int i = 0; i < n; i++) {
            Match m = ms.get(i);
            if (m instanceof Match.Comment) {
                continue; // always true; most kube-proxy rules carry one
            }
            int r = m.accept(evaluator);
            if (r == FALSE) {
                return false;
            }
            second |= r == CHOICE || r == SPLIT || m instanceof Match.Recent;
        }
        if (!second) {
            return true;
        }
        if (!pending.isEmpty() && !commitSplit()) {
            return false;
        }
        deciding = true;
        try {
            for (int i = 0; i < n; i++) {
                if (ms.get(i).accept(evaluator) == FALSE) {
                    return false;
                }
            }
            return true;
        } finally {
            deciding = false;
            committed = false;
        }
    }

    /**
     * The rule's criteria on variable fields can go either way: split the walk. Returns true on the branch where
     * they hold (their constraints are added), false on the other (their negation is added).
     */
    private boolean commitSplit() {
        List<Condition> conds = new ArrayList<>(pending);
        HeaderSpace matched = space;
        List<Condition> extra = new ArrayList<>();
        for (Condition c : conds) {
            if (c instanceof Condition.InSet in) {
                matched = matched.restrict(in.field(), in.set());
            } else {
                extra.add(c);
            }
        }
        if (matched.isEmpty()) {
            pending.clear();
            return false;
        }
        boolean yes = choices.choose();
        pending.clear();
        if (yes) {
            space = matched;
            residual.addAll(extra);
            committed = true;
            return true;
        }
        Condition all = conds.size() == 1 ? conds.get(0) : new Condition.And(conds);
        if (all instanceof Condition.InSet in) {
            space = space.restrict(in.field(), in.set().complement());
        } else {
            residual.add(new Condition.Not(all));
        }
        return false;
    }

    /** Tests a variable field against a set: TRUE, FALSE, or SPLIT with the condition queued for the rule. */
    private int split(Field f, IntervalSet set, boolean negated) {
        IntervalSet s = negated ? set.complement() : set;
        IntervalSet a = space.get(f);
        if (s.containsAll(a)) {
            return TRUE;
        }
        if (a.disjoint(s)) {
            return FALSE;
        }
        if (committed) {
            return TRUE;
        }
        pending.add(new Condition.InSet(f, s));
        return SPLIT;
    }

    private IntervalSet set(Object key, Supplier<IntervalSet> make) {
        IntervalSet s = sets.get(key);
        if (s == null) {
            s = make.get();
            sets.put(key, s);
        }
        return s;
    }

    private IntervalSet prefixSet(IpPrefix p) {
        return set(p, () -> IntervalSet.of(p));
    }

    private IntervalSet portSet(PortRange r) {
        return set(r, () -> IntervalSet.range(16, r.first(), r.last()));
    }

    /** Tests the current source or destination address. */
    private int address(Direction d, IpPrefix p, boolean negated) {
        Field f = d == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR;
        if (!isVar(f)) {
            return bool(p.contains(d == Direction.SOURCE ? packet.source() : packet.destination()) != negated);
        }
        if (p.family() != packet.family()) {
            return bool(negated);
        }
        return split(f, prefixSet(p), negated);
    }

    /** Tests the current source or destination port (the protocol is known to carry ports). */
    private int port(Direction d, PortRange r, boolean negated) {
        Field f = d == Direction.SOURCE ? Field.SRC_PORT : Field.DST_PORT;
        if (!isVar(f)) {
            return bool(r.contains(d == Direction.SOURCE ? packet.sourcePort() : packet.destinationPort()) != negated);
        }
        return split(f, portSet(r), negated);
    }

    /** Tests a field of the original packet (conntrack's ORIG tuple). */
    private int originalAddress(Direction d, IpPrefix p, boolean negated) {
        Field f = d == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR;
        if (space == null || (originalVars & bit(f)) == 0) {
            return bool(p.contains(d == Direction.SOURCE ? original.source() : original.destination()) != negated);
        }
        return splitOriginal(f, prefixSet(p), negated);
    }

    private int originalPort(Direction d, PortRange r, boolean negated) {
        Field f = d == Direction.SOURCE ? Field.SRC_PORT : Field.DST_PORT;
        if (space == null || (originalVars & bit(f)) == 0) {
            return bool(r.contains(d == Direction.SOURCE ? original.sourcePort() : original.destinationPort())
                    != negated);
        }
        return splitOriginal(f, portSet(r), negated);
    }

    /** In a symbolic walk the original fields are always the variables, whatever NAT did since. */
    private int splitOriginal(Field f, IntervalSet set, boolean negated) {
        return split(f, set, negated);
    }

    /**
     * A free choice. While only testing ({@code deciding} false) it reports CHOICE; while deciding it takes the next
     * decision, records what was assumed and the probability, and reports TRUE or FALSE.
     */
    private int choice(Double chanceTrue, String ifTrue, String ifFalse) {
        if (!deciding) {
            return CHOICE;
        }
        return decide(chanceTrue, ifTrue, ifFalse) ? TRUE : FALSE;
    }

    private boolean decide(Double chanceTrue, String ifTrue, String ifFalse) {
        boolean d = choices.choose();
        if (chanceTrue == null) {
            probabilityKnown = false;
        } else {
            probability *= d ? chanceTrue : 1.0 - chanceTrue;
        }
        String text = d ? ifTrue : ifFalse;
        if (text != null) {
            assumptions.add(text);
        }
        return d;
    }

    private int unknown(String what, SourceLocation at) {
        String text = what + " at " + at + " is not modelled";
        if (deciding && !unknowns.contains(text)) {
            unknowns.add(text);
        }
        return choice(null, what + " at " + at + " assumed to match", what + " at " + at + " assumed not to match");
    }

    private static int bool(boolean b) {
        return b ? TRUE : FALSE;
    }

    private boolean hasPorts() {
        return packet.protocol().hasPorts();
    }

    private boolean outputSide() {
        return hook == Hook.OUTPUT || hook == Hook.POSTROUTING;
    }

    private AddrType addrType(IpAddress a) {
        if (node.isLocal(a)) {
            return AddrType.LOCAL;
        }
        if (a.isMulticast()) {
            return AddrType.MULTICAST;
        }
        if (a.isV4() && a.lo() == 0xffffffffL) {
            return AddrType.BROADCAST;
        }
        return AddrType.UNICAST;
    }

    /** The addresses whose {@link #addrType} is in {@code types}. */
    private IntervalSet addrTypeSet(java.util.Set<AddrType> types) {
        return set(types, () -> {
            int bits = packet.family().bits();
            IntervalSet local = rules.localSet(node, packet.family());
            IntervalSet multicast = IntervalSet.of(packet.family() == AddressFamily.IPV4
                    ? IpPrefix.parse("224.0.0.0/4") : IpPrefix.parse("ff00::/8")).minus(local);
            IntervalSet broadcast = packet.family() == AddressFamily.IPV4
                    ? IntervalSet.range(32, 0xffffffffL, 0xffffffffL).minus(local) : IntervalSet.empty(bits);
            IntervalSet unicast = IntervalSet.full(bits).minus(local).minus(multicast).minus(broadcast);
            IntervalSet out = IntervalSet.empty(bits);
            if (types.contains(AddrType.LOCAL)) {
                out = out.union(local);
            }
            if (types.contains(AddrType.MULTICAST)) {
                out = out.union(multicast);
            }
            if (types.contains(AddrType.BROADCAST)) {
                out = out.union(broadcast);
            }
            if (types.contains(AddrType.UNICAST)) {
                out = out.union(unicast);
            }
            return out;
        });
    }

    private static Field lookupField(Match.LookupKey k) {
        return switch (k) {
            case SRC_ADDR -> Field.SRC_ADDR;
            case DST_ADDR -> Field.DST_ADDR;
            case SRC_PORT -> Field.SRC_PORT;
            case DST_PORT -> Field.DST_PORT;
            default -> null;
        };
    }

    /** The concrete value of a lookup key component, or null when the packet has none (ports of ICMP). */
    private long[] lookupValue(Match.LookupKey k) {
        return switch (k) {
            case SRC_ADDR -> new long[] {packet.source().hi(), packet.source().lo()};
            case DST_ADDR -> new long[] {packet.destination().hi(), packet.destination().lo()};
            case SRC_PORT -> hasPorts() ? new long[] {0, packet.sourcePort()} : null;
            case DST_PORT -> hasPorts() ? new long[] {0, packet.destinationPort()} : null;
            case L4PROTO -> new long[] {0, packet.protocol().number()};
            case MARK -> new long[] {0, packet.mark()};
        };
    }

    /**
     * {@code -m set --match-set NAME FLAGS} through the captured set contents: the kernel's lookup for known fields
     * (most specific element, {@code nomatch}, {@code --return-nomatch}); for variable fields, the disjunction over
     * the set's members (sets with nomatch entries or a netmask are then left unknown).
     */
    private int ipsetMatch(Match.SetIs x) {
        io.netprove.model.ipset.IpSets sets = node.ipsets();
        if (sets == null) {
            return unknown("ipset '" + x.setName() + "' (ipset contents not captured)", currentRule.location());
        }
        Optional<io.netprove.model.ipset.IpSet> set = sets.get(x.setName());
        if (set.isEmpty()) {
            return unknown("ipset '" + x.setName() + "' (not in the ipset capture)", currentRule.location());
        }
        for (String o : x.options()) {
            if (o.contains("packets-") || o.contains("bytes-")) {
                return unknown("ipset counter test '" + o + "'", currentRule.location());
            }
        }
        boolean returnNomatch = x.options().stream().anyMatch(o -> o.equals("--return-nomatch"));
        boolean symbolic = false;
        for (Direction d : x.flags()) {
            symbolic |= isVar(d == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR)
                    || isVar(d == Direction.SOURCE ? Field.SRC_PORT : Field.DST_PORT);
        }
        if (!symbolic) {
            io.netprove.model.ipset.IpSetMatch m = sets.test(x.setName(),
                    io.netprove.model.ipset.IpSetTuple.of(packet, x.flags()));
            boolean hit = m == io.netprove.model.ipset.IpSetMatch.MATCH
                    || (m == io.netprove.model.ipset.IpSetMatch.NOMATCH_ENTRY && returnNomatch);
            return bool(hit != x.negated());
        }
        Condition c = ipsetCondition(sets, set.get(), x.flags(), 0);
        if (c == null) {
            return unknown("ipset '" + x.setName() + "' on symbolic fields (nomatch entries, netmask or"
                    + " interface/MAC elements)", currentRule.location());
        }
        if (c instanceof Condition.And a && a.parts().isEmpty()) {
            return bool(!x.negated());
        }
        if (c instanceof Condition.Or o && o.parts().isEmpty()) {
            return bool(x.negated());
        }
        if (committed) {
            return TRUE;
        }
        if (x.negated()) {
            c = c instanceof Condition.InSet in ? new Condition.InSet(in.field(), in.set().complement())
                    : new Condition.Not(c);
        }
        pending.add(c);
        return SPLIT;
    }

    /**
     * The condition under which the packet's fields (selected by {@code flags}) are in the set: an Or over members of
     * an And over their components; an empty And is "always", an empty Or "never"; null when not expressible.
     */
    private Condition ipsetCondition(io.netprove.model.ipset.IpSets sets, io.netprove.model.ipset.IpSet set,
                                     List<Direction> flags, int depth) {
        io.netprove.model.ipset.IpSetType type = set.type();
        List<Condition> members = new ArrayList<>();
        if (type == io.netprove.model.ipset.IpSetType.LIST_SET) {
            if (depth > 0) {
                return new Condition.Or(List.of());
            }
            for (io.netprove.model.ipset.IpSetMember m : set.members()) {
                String name = ((io.netprove.model.ipset.IpSetElement.SetName) m.elements().get(0)).name();
                Optional<io.netprove.model.ipset.IpSet> member = sets.get(name);
                if (member.isEmpty()) {
                    continue;
                }
                Condition c = ipsetCondition(sets, member.get(), flags, depth + 1);
                if (c == null) {
                    return null;
                }
                if (c instanceof Condition.And a && a.parts().isEmpty()) {
                    return c;
                }
                if (!(c instanceof Condition.Or o && o.parts().isEmpty())) {
                    members.add(c);
                }
            }
            return new Condition.Or(members);
        }
        if (set.options().netmask().isPresent()) {
            return null;
        }
        List<io.netprove.model.ipset.IpSetDimension> dims = type.dimensions();
        long needed = dims.stream().filter(d -> d != io.netprove.model.ipset.IpSetDimension.MARK).count();
        if (flags.size() < needed) {
            return new Condition.Or(List.of());
        }
        if (type == io.netprove.model.ipset.IpSetType.BITMAP_PORT && !packet.protocol().equals(Protocol.TCP)
                && !packet.protocol().equals(Protocol.UDP)) {
            return new Condition.Or(List.of());
        }
        for (io.netprove.model.ipset.IpSetMember m : set.members()) {
            if (m.nomatch()) {
                return null;
            }
            List<Condition> parts = new ArrayList<>();
            boolean possible = true;
            int flag = 0;
            for (int i = 0; i < dims.size() && possible; i++) {
                io.netprove.model.ipset.IpSetDimension d = dims.get(i);
                io.netprove.model.ipset.IpSetElement e = m.elements().get(i);
                if (d == io.netprove.model.ipset.IpSetDimension.MARK) {
                    long mask = set.options().effectiveMarkmask();
                    possible = (packet.mark() & mask)
                            == (((io.netprove.model.ipset.IpSetElement.Mark) e).value() & mask);
                    continue;
                }
                Direction dir = flags.get(flag++);
                IntervalSet values;
                Field f;
                long[] concrete;
                switch (d) {
                    case IP, NET -> {
                        f = dir == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR;
                        if (e instanceof io.netprove.model.ipset.IpSetElement.Prefix p) {
                            values = p.prefix().family() == packet.family() ? IntervalSet.of(p.prefix())
                                    : IntervalSet.empty(packet.family().bits());
                        } else if (e instanceof io.netprove.model.ipset.IpSetElement.Range r) {
                            values = r.range().family() == packet.family() ? IntervalSet.of(r.range())
                                    : IntervalSet.empty(packet.family().bits());
                        } else {
                            return null;
                        }
                        IpAddress a = dir == Direction.SOURCE ? packet.source() : packet.destination();
                        concrete = new long[] {a.hi(), a.lo()};
                    }
                    case PORT -> {
                        f = dir == Direction.SOURCE ? Field.SRC_PORT : Field.DST_PORT;
                        io.netprove.model.ipset.IpSetElement.Port p = (io.netprove.model.ipset.IpSetElement.Port) e;
                        if (!packet.protocol().hasPorts() || (type != io.netprove.model.ipset.IpSetType.BITMAP_PORT
                                && !p.protocol().equals(packet.protocol()))) {
                            possible = false;
                            continue;
                        }
                        values = IntervalSet.range(16, p.ports().first(), p.ports().last());
                        concrete = new long[] {0, dir == Direction.SOURCE ? packet.sourcePort()
                                : packet.destinationPort()};
                    }
                    default -> {
                        return null;
                    }
                }
                if (isVar(f)) {
                    IntervalSet a = space.get(f);
                    if (a.disjoint(values)) {
                        possible = false;
                    } else if (!values.containsAll(a)) {
                        parts.add(new Condition.InSet(f, values));
                    }
                } else {
                    possible = values.contains(concrete[0], concrete[1]);
                }
            }
            if (!possible) {
                continue;
            }
            if (parts.isEmpty()) {
                return new Condition.And(List.of());
            }
            members.add(parts.size() == 1 ? parts.get(0) : new Condition.And(parts));
        }
        return members.size() == 1 ? members.get(0) : new Condition.Or(members);
    }

    /**
     * The key a recent list entry is stored under: a concrete address (already masked), or a variable of the original
     * packet with the mask the kernel will apply to it (null: all bits).
     */
    private record RecentKey(Field variable, IpAddress address, IpAddress mask) {
    }

    /** One thing the walk did to or assumed about a recent list: after it, {@code key} is or is not in the list. */
    private record RecentEntry(String list, RecentKey key, boolean present) {
    }

    /** The key of the current packet for {@code x}: its masked address, or the variable it still is. */
    private RecentKey recentKey(Match.Recent x) {
        Field f = x.rdest() ? Field.DST_ADDR : Field.SRC_ADDR;
        IpAddress mask = x.mask() == null || x.mask().family() != packet.family()
                || IpPrefix.contiguousMaskLength(x.mask()) == packet.family().bits() ? null : x.mask();
        if (isVar(f)) {
            return new RecentKey(f, null, mask);
        }
        IpAddress a = x.rdest() ? packet.destination() : packet.source();
        return new RecentKey(null, mask == null ? a : new IpAddress(a.family(), a.hi() & mask.hi(),
                a.lo() & mask.lo()), mask);
    }

    /**
     * What the walk knows about {@code key} in {@code list}: the newest entry of the list stored under the same
     * address. An entry stored under a variable and a key that is a concrete address (or another variable) may be
     * the same address: the walk then splits on it and, on the branch where they are equal, takes the entry; on the
     * other it looks further back. Null when nothing is known (the list's contents before the walk are a free
     * choice). The splits are taken at once, before the rule's other free choices, as a concrete walk knows the
     * answer before them too.
     */
    private Boolean recentLookup(String list, RecentKey key) {
        for (int i = recent.size() - 1; i >= 0; i--) {
            RecentEntry e = recent.get(i);
            if (!e.list().equals(list)) {
                continue;
            }
            int same = sameRecentKey(e.key(), key);
            if (same == TRUE) {
                return e.present();
            }
            if (same == CHOICE) {
                String what = "recent list " + list + " read and written under differently masked addresses"
                        + " of the symbolic packet";
                if (deciding && !unknowns.contains(what)) {
                    unknowns.add(what);
                }
                return null;
            }
        }
        return null;
    }

    /**
     * TRUE if two recent keys are the same address (splitting the walk when that is open), FALSE if not, CHOICE if
     * the walk cannot say (variables under different masks, or a mask that is not a prefix).
     */
    private int sameRecentKey(RecentKey a, RecentKey b) {
        if (a.variable() == null && b.variable() == null) {
            return bool(a.address().equals(b.address()));
        }
        if (a.variable() == null) {
            return variableEquals(b.variable(), b.mask(), a.address());
        }
        if (b.variable() == null) {
            return variableEquals(a.variable(), a.mask(), b.address());
        }
        if (!java.util.Objects.equals(a.mask(), b.mask())) {
            return CHOICE;
        }
        if (a.variable() == b.variable()) {
            return TRUE;
        }
        return variablesEqual(a.mask());
    }

    /** Splits on "the original {@code f}, masked, is {@code address}" (an address the mask leaves intact). */
    private int variableEquals(Field f, IpAddress mask, IpAddress address) {
        IntervalSet set;
        if (mask == null) {
            set = IntervalSet.of(address);
        } else {
            int length = IpPrefix.contiguousMaskLength(mask);
            if (length < 0) {
                return CHOICE;
            }
            if ((address.hi() & ~mask.hi()) != 0 || (address.lo() & ~mask.lo()) != 0) {
                return FALSE;
            }
            set = IntervalSet.of(new IpPrefix(address, length));
        }
        return bool(splitVariable(f, set));
    }

    /** Splits on "the original source and destination addresses agree under {@code mask}" (null: are equal). */
    private int variablesEqual(IpAddress mask) {
        IpAddress m = mask != null ? mask : packet.family() == AddressFamily.IPV4 ? IpAddress.v4(0xffffffffL)
                : IpAddress.v6(-1L, -1L);
        Condition same = new Condition.SameUnderMask(Field.SRC_ADDR, Field.DST_ADDR, m);
        if (residual.contains(same)) {
            return TRUE;
        }
        if (residual.contains(new Condition.Not(same))) {
            return FALSE;
        }
        if (mask == null) {
            IntervalSet src = space.get(Field.SRC_ADDR);
            IntervalSet dst = space.get(Field.DST_ADDR);
            if (src.disjoint(dst)) {
                return FALSE;
            }
            if (src.isPoint() && src.equals(dst)) {
                return TRUE;
            }
        }
        if (choices.choose()) {
            residual.add(same);
            return TRUE;
        }
        residual.add(new Condition.Not(same));
        return FALSE;
    }

    /** Evaluates one criterion against the walk's current packet and state. */
    private final class Evaluator implements Match.Visitor<Integer> {

        @Override
        public Integer visit(Match.Address x) {
            return address(x.direction(), x.prefix(), x.negated());
        }

        @Override
        public Integer visit(Match.Interface x) {
            boolean in = x.direction() == Direction.SOURCE;
            String name;
            if (in) {
                if (hook == Hook.OUTPUT || hook == Hook.POSTROUTING) {
                    name = "";
                } else if (loopbackPass) {
                    name = "lo";
                } else {
                    name = packet.inInterface();
                }
            } else {
                if (hook == Hook.PREROUTING || hook == Hook.INPUT) {
                    name = "";
                } else if (hook != Hook.FORWARD && (loopbackPass || localDestinationForOutput())) {
                    name = "lo";
                } else {
                    name = packet.outInterface();
                }
            }
            if (name == null) {
                String dir = in ? "arrives on" : "leaves through";
                return choice(null, "packet " + dir + " an interface matching " + x.pattern(),
                        "packet " + dir + " an interface not matching " + x.pattern());
            }
            return bool(x.patternMatches(name) != x.negated());
        }

        @Override
        public Integer visit(Match.ProtocolIs x) {
            return bool((x.protocol().number() == 0 || x.protocol().equals(packet.protocol())) != x.negated());
        }

        @Override
        public Integer visit(Match.Fragment x) {
            return bool(x.negated());
        }

        @Override
        public Integer visit(Match.Port x) {
            if (!hasPorts()) {
                return FALSE;
            }
            return port(x.direction(), x.range(), x.negated());
        }

        @Override
        public Integer visit(Match.TcpFlags x) {
            if (!packet.protocol().equals(Protocol.TCP)) {
                return FALSE;
            }
            return bool(((packet.tcpFlags() & x.mask()) == x.compare()) != x.negated());
        }

        @Override
        public Integer visit(Match.TcpOption x) {
            if (!packet.protocol().equals(Protocol.TCP)) {
                return FALSE;
            }
            return choice(null, "TCP option " + x.option() + " assumed " + (x.negated() ? "absent" : "present"),
                    "TCP option " + x.option() + " assumed " + (x.negated() ? "present" : "absent"));
        }

        @Override
        public Integer visit(Match.IcmpType x) {
            boolean icmp = x.family() == AddressFamily.IPV4 ? packet.protocol().equals(Protocol.ICMP)
                    : packet.protocol().equals(Protocol.ICMPV6);
            if (!icmp) {
                return FALSE;
            }
            boolean m = x.type() < 0 || (packet.icmpType() == x.type() && packet.icmpCode() >= x.codeMin()
                    && packet.icmpCode() <= x.codeMax());
            return bool(m != x.negated());
        }

        @Override
        public Integer visit(Match.Multiport x) {
            if (!hasPorts()) {
                return FALSE;
            }
            IntervalSet s = set(x, () -> {
                IntervalSet u = IntervalSet.empty(16);
                for (PortRange r : x.ports()) {
                    u = u.union(IntervalSet.range(16, r.first(), r.last()));
                }
                return u;
            });
            if (x.kind() != Match.Multiport.Kind.EITHER) {
                Field f = x.kind() == Match.Multiport.Kind.SOURCE ? Field.SRC_PORT : Field.DST_PORT;
                if (!isVar(f)) {
                    int p = f == Field.SRC_PORT ? packet.sourcePort() : packet.destinationPort();
                    return bool(s.contains(p) != x.negated());
                }
                return split(f, s, x.negated());
            }
            int src = isVar(Field.SRC_PORT) ? split3(Field.SRC_PORT, s) : bool(s.contains(packet.sourcePort()));
            int dst = isVar(Field.DST_PORT) ? split3(Field.DST_PORT, s) : bool(s.contains(packet.destinationPort()));
            int either = src == TRUE || dst == TRUE ? TRUE : src == FALSE && dst == FALSE ? FALSE : SPLIT;
            if (either != SPLIT) {
                return bool((either == TRUE) != x.negated());
            }
            if (committed) {
                return TRUE;
            }
            List<Condition> alts = new ArrayList<>();
            if (src == SPLIT) {
                alts.add(new Condition.InSet(Field.SRC_PORT, s));
            }
            if (dst == SPLIT) {
                alts.add(new Condition.InSet(Field.DST_PORT, s));
            }
            Condition c = alts.size() == 1 ? alts.get(0) : new Condition.Or(alts);
            if (x.negated()) {
                if (c instanceof Condition.InSet in) {
                    c = new Condition.InSet(in.field(), in.set().complement());
                } else {
                    c = new Condition.Not(c);
                }
            }
            pending.add(c);
            return SPLIT;
        }

        /** TRUE if the variable surely lies in the set, FALSE if surely not, SPLIT otherwise (nothing queued). */
        private int split3(Field f, IntervalSet s) {
            IntervalSet a = space.get(f);
            return s.containsAll(a) ? TRUE : a.disjoint(s) ? FALSE : SPLIT;
        }

        @Override
        public Integer visit(Match.Comment x) {
            return TRUE;
        }

        @Override
        public Integer visit(Match.Statistic x) {
            return choice(x.chance(), null, null);
        }

        @Override
        public Integer visit(Match.Mark x) {
            return bool(((packet.mark() & x.mask()) == x.value()) != x.negated());
        }

        @Override
        public Integer visit(Match.Connmark x) {
            if (untracked) {
                return FALSE;
            }
            return bool(((ctmark & x.mask()) == x.value()) != x.negated());
        }

        @Override
        public Integer visit(Match.CtStateIs x) {
            CtState base = untracked ? CtState.UNTRACKED : packet.ctState();
            boolean hit = x.states().contains(base) || (dnat && x.states().contains(CtState.DNAT))
                    || (snat && x.states().contains(CtState.SNAT));
            boolean established = base == CtState.ESTABLISHED || base == CtState.RELATED;
            if (!hit && established && (x.states().contains(CtState.DNAT) || x.states().contains(CtState.SNAT))) {
                return choice(null, "the established connection was assumed to be NATed",
                        "the established connection was assumed not to be NATed");
            }
            return bool(hit != x.negated());
        }

        @Override
        public Integer visit(Match.CtStatusIs x) {
            if (untracked) {
                return FALSE;
            }
            CtState base = packet.ctState();
            if (base == CtState.NEW) {
                return bool(x.negated());
            }
            boolean hit = x.statuses().contains(CtStatus.SEEN_REPLY) || x.statuses().contains(CtStatus.CONFIRMED);
            if (!hit && x.statuses().contains(CtStatus.ASSURED)) {
                return choice(null, "connection assumed ASSURED", "connection assumed not ASSURED");
            }
            return bool(hit != x.negated());
        }

        @Override
        public Integer visit(Match.CtProto x) {
            if (untracked) {
                return FALSE;
            }
            return bool(x.protocol().equals(packet.protocol()) != x.negated());
        }

        @Override
        public Integer visit(Match.CtAddress x) {
            if (untracked) {
                return FALSE;
            }
            return switch (x.tuple()) {
                case ORIGSRC -> originalAddress(Direction.SOURCE, x.prefix(), x.negated());
                case ORIGDST -> originalAddress(Direction.DESTINATION, x.prefix(), x.negated());
                case REPLSRC -> address(Direction.DESTINATION, x.prefix(), x.negated());
                case REPLDST -> address(Direction.SOURCE, x.prefix(), x.negated());
            };
        }

        @Override
        public Integer visit(Match.CtPort x) {
            if (untracked || !hasPorts()) {
                return FALSE;
            }
            return switch (x.tuple()) {
                case ORIGSRC -> originalPort(Direction.SOURCE, x.range(), x.negated());
                case ORIGDST -> originalPort(Direction.DESTINATION, x.range(), x.negated());
                case REPLSRC -> port(Direction.DESTINATION, x.range(), x.negated());
                case REPLDST -> port(Direction.SOURCE, x.range(), x.negated());
            };
        }

        @Override
        public Integer visit(Match.CtDirection x) {
            return bool(x.original());
        }

        @Override
        public Integer visit(Match.CtExpire x) {
            if (untracked) {
                return FALSE;
            }
            return choice(null, "conntrack timeout assumed within " + x.min() + ":" + x.max(),
                    "conntrack timeout assumed outside " + x.min() + ":" + x.max());
        }

        @Override
        public Integer visit(Match.AddrTypeIs x) {
            Field f = x.direction() == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR;
            int r;
            boolean local;
            if (!isVar(f)) {
                IpAddress a = x.direction() == Direction.SOURCE ? packet.source() : packet.destination();
                AddrType t = addrType(a);
                r = bool(x.types().contains(t));
                local = t == AddrType.LOCAL;
            } else {
                if (x.limit() != Match.AddrTypeIs.LimitIface.NONE) {
                    String what = "addrtype --limit-iface on a symbolic address";
                    if (deciding && !unknowns.contains(what)) {
                        unknowns.add(what);
                    }
                }
                return split(f, addrTypeSet(x.types()), x.negated());
            }
            if (r == TRUE && local && x.limit() != Match.AddrTypeIs.LimitIface.NONE) {
                String side = x.limit() == Match.AddrTypeIs.LimitIface.IN ? "incoming" : "outgoing";
                int c = choice(null, "the address assumed to be on the " + side + " interface",
                        "the address assumed not to be on the " + side + " interface");
                if (c == CHOICE) {
                    return CHOICE;
                }
                r = c;
            }
            if (r == SPLIT) {
                return SPLIT;
            }
            return bool((r == TRUE) != x.negated());
        }

        @Override
        public Integer visit(Match.Recent x) {
            RecentKey key = recentKey(x);
            switch (x.mode()) {
                case SET -> {
                    if (deciding) {
                        recent.add(new RecentEntry(x.name(), key, true));
                    }
                    return bool(!x.negated());
                }
                case RCHECK, UPDATE, REMOVE -> {
                    Boolean known = recentLookup(x.name(), key);
                    int r;
                    String who = x.rdest() ? "the destination" : "the source";
                    if (known != null && (x.hitcount() <= 1 || !known)) {
                        r = bool(known);
                    } else {
                        r = choice(null, who + " assumed in recent list " + x.name()
                                        + (x.seconds() > 0 ? " within " + x.seconds() + "s" : ""),
                                who + " assumed not in recent list " + x.name()
                                        + (x.seconds() > 0 ? " within " + x.seconds() + "s" : ""));
                        if (r == CHOICE) {
                            return CHOICE;
                        }
                        recent.add(new RecentEntry(x.name(), key, r == TRUE));
                    }
                    if (deciding && r == TRUE && x.mode() == Match.Recent.Mode.REMOVE) {
                        recent.add(new RecentEntry(x.name(), key, false));
                    }
                    return bool((r == TRUE) != x.negated());
                }
                default -> throw new IllegalStateException();
            }
        }

        @Override
        public Integer visit(Match.SetIs x) {
            return ipsetMatch(x);
        }

        @Override
        public Integer visit(Match.IpRangeIs x) {
            Field f = x.direction() == Direction.SOURCE ? Field.SRC_ADDR : Field.DST_ADDR;
            if (x.range().family() != packet.family()) {
                return bool(x.negated());
            }
            if (!isVar(f)) {
                IpAddress a = x.direction() == Direction.SOURCE ? packet.source() : packet.destination();
                return bool(x.range().contains(a) != x.negated());
            }
            return split(f, set(x.range(), () -> IntervalSet.of(x.range())), x.negated());
        }

        @Override
        public Integer visit(Match.Physdev x) {
            if (deciding) {
                note("packets are routed, not bridged: physdev criteria see no bridge port");
            }
            return bool(x.negated());
        }

        @Override
        public Integer visit(Match.Nfacct x) {
            return TRUE;
        }

        @Override
        public Integer visit(Match.Limit x) {
            return choice(null, "rate limit " + x.rate() + " assumed not exceeded",
                    "rate limit " + x.rate() + " assumed exceeded");
        }

        @Override
        public Integer visit(Match.Owner x) {
            if (!(localOrigin && outputSide())) {
                return bool(x.negated());
            }
            return choice(null, "sending socket assumed to match owner " + x.kind() + " " + x.value(),
                    "sending socket assumed not to match owner " + x.kind() + " " + x.value());
        }

        @Override
        public Integer visit(Match.MacSource x) {
            if (outputSide() || loopbackPass) {
                return FALSE;
            }
            if (packet.sourceMac() != null) {
                return bool(packet.sourceMac().equalsIgnoreCase(x.mac()) != x.negated());
            }
            return choice(null, "source MAC assumed to be " + x.mac(), "source MAC assumed not to be " + x.mac());
        }

        @Override
        public Integer visit(Match.Lookup x) {
            boolean anyUndecided = false;
            List<Condition> alternatives = new ArrayList<>();
            for (Match.LookupElement e : x.elements()) {
                List<Condition> parts = new ArrayList<>();
                boolean possible = true;
                for (int i = 0; i < x.keys().size() && possible; i++) {
                    IntervalSet comp = e.components().get(i);
                    Match.LookupKey key = x.keys().get(i);
                    Field f = lookupField(key);
                    if ((key == Match.LookupKey.SRC_PORT || key == Match.LookupKey.DST_PORT) && !hasPorts()) {
                        possible = false;
                    } else if ((key == Match.LookupKey.SRC_ADDR || key == Match.LookupKey.DST_ADDR)
                            && comp.bits() != packet.family().bits()) {
                        possible = false; // an element of the other address family
                    } else if (f != null && isVar(f)) {
                        IntervalSet a = space.get(f);
                        if (a.disjoint(comp)) {
                            possible = false;
                        } else if (!comp.containsAll(a)) {
                            parts.add(new Condition.InSet(f, comp));
                        }
                    } else {
                        long[] v = lookupValue(key);
                        possible = v != null && comp.contains(v[0], v[1]);
                    }
                }
                if (!possible) {
                    continue;
                }
                if (parts.isEmpty()) {
                    return bool(!x.negated());
                }
                anyUndecided = true;
                alternatives.add(parts.size() == 1 ? parts.get(0) : new Condition.And(parts));
            }
            if (!anyUndecided) {
                return bool(x.negated());
            }
            if (committed) {
                return TRUE;
            }
            Condition c = alternatives.size() == 1 ? alternatives.get(0) : new Condition.Or(alternatives);
            if (x.negated()) {
                c = c instanceof Condition.InSet in ? new Condition.InSet(in.field(), in.set().complement())
                        : new Condition.Not(c);
            }
            pending.add(c);
            return SPLIT;
        }

        @Override
        public Integer visit(Match.Unknown x) {
            return unknown("match module '" + x.module() + "'", x.location());
        }
    }

    /**
     * For the OUTPUT side of a packet the node sends: true if its (current) destination is local, so it leaves
     * through lo. The walk decided a variable destination's locality before OUTPUT, so this never splits.
     */
    private boolean localDestinationForOutput() {
        if (!isVar(Field.DST_ADDR)) {
            return node.isLocal(packet.destination());
        }
        return rules.localSet(node, packet.family()).containsAll(space.get(Field.DST_ADDR));
    }
}
