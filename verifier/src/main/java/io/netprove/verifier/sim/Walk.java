package io.netprove.verifier.sim;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
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
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk of one packet through the node, with every free choice decided by {@link Choices}. The walk follows the
 * kernel's hook order: PREROUTING (raw, mangle, nat), the routing decision, then INPUT (mangle, filter, security,
 * nat) or FORWARD (mangle, filter, security) and POSTROUTING (mangle, nat); a packet the node sends itself takes
 * OUTPUT (raw, mangle, nat, filter, security) and POSTROUTING, and loops back through PREROUTING and INPUT (without
 * nat, which conntrack has already set up) when its destination is local. nat chains see only the first packet of
 * a connection.
 */
final class Walk {

    private static final int TRUE = 1;
    private static final int FALSE = 0;
    private static final int CHOICE = 2;
    private static final int MAX_RULE_VISITS = 1_000_000;

    private enum Verdict { ACCEPT, DROP, REJECT, UNKNOWN }

    private static final TableName[] PREROUTING = {TableName.RAW, TableName.MANGLE, TableName.NAT};
    private static final TableName[] INPUT = {TableName.MANGLE, TableName.FILTER, TableName.SECURITY, TableName.NAT};
    private static final TableName[] FORWARD = {TableName.MANGLE, TableName.FILTER, TableName.SECURITY};
    private static final TableName[] OUTPUT = {TableName.RAW, TableName.MANGLE, TableName.NAT, TableName.FILTER,
            TableName.SECURITY};
    private static final TableName[] POSTROUTING = {TableName.MANGLE, TableName.NAT};

    private final CompiledRuleset rules;
    private final NodeContext node;
    private final Choices choices;
    private final Evaluator evaluator = new Evaluator();
    private int[] results = new int[16];

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
    private double probability;
    private boolean probabilityKnown;
    private Hook hook;
    private TableName table;
    private boolean deciding;
    private int visits;
    private Rule currentRule;
    private final List<TraceStep> steps = new ArrayList<>();
    private final List<String> assumptions = new ArrayList<>();
    private final List<String> unknowns = new ArrayList<>();
    private final Map<String, Boolean> recent = new HashMap<>();
    // runChain's stack of (chain, next candidate, candidates), kept between calls (a walk runs one chain at a time)
    private ChainIndex[] stackChains = new ChainIndex[8];
    private int[] stackNext = new int[8];
    private int[][] stackCandidates = new int[8][];

    Walk(CompiledRuleset rules, NodeContext node, Choices choices) {
        this.rules = rules;
        this.node = node;
        this.choices = choices;
    }

    /** Walks {@code start} once, with the decisions {@link Choices} gives. */
    Outcome run(Packet start) {
        packet = start;
        original = start;
        ctmark = 0;
        dnat = false;
        snat = false;
        untracked = start.ctState() == CtState.UNTRACKED;
        masquerade = false;
        loopbackPass = false;
        probability = 1.0;
        probabilityKnown = true;
        visits = 0;
        steps.clear();
        assumptions.clear();
        unknowns.clear();
        recent.clear();
        localOrigin = node.isLocal(start.source()) && !start.source().isLoopback()
                || start.source().isLoopback() && start.inInterface() == null;
        Disposition d = localOrigin ? fromNode() : fromOutside();
        return new Outcome(d, packet, masquerade, probabilityKnown ? probability : null, steps, assumptions,
                unknowns);
    }

    private Disposition fromOutside() {
        Verdict v = hook(Hook.PREROUTING, PREROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        if (packet.source().isLoopback()) {
            routing("source " + packet.source() + " is a loopback address arriving from outside: martian, dropped");
            return Disposition.DROPPED;
        }
        boolean local = node.isLocal(packet.destination());
        if (local && packet.destination().isLoopback() && !routeLocalnet()) {
            routing("destination " + packet.destination() + " is a loopback address and route_localnet is off:"
                    + " martian, dropped");
            return Disposition.DROPPED;
        }
        if (local) {
            routing("destination " + packet.destinationText() + " is local: INPUT");
            v = hook(Hook.INPUT, INPUT);
            return v == Verdict.ACCEPT ? Disposition.LOCAL : disposition(v);
        }
        routing("destination " + packet.destinationText() + " is not local: FORWARD (assuming a route exists"
                + " and ip_forward=1)");
        v = hook(Hook.FORWARD, FORWARD);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        v = hook(Hook.POSTROUTING, POSTROUTING);
        return v == Verdict.ACCEPT ? Disposition.FORWARDED : disposition(v);
    }

    private Disposition fromNode() {
        Verdict v = hook(Hook.OUTPUT, OUTPUT);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        boolean local = node.isLocal(packet.destination());
        if (!local && packet.source().isLoopback() && !routeLocalnet()) {
            routing("source " + packet.source() + " is a loopback address but the destination "
                    + packet.destinationText() + " is not local and route_localnet is off: dropped");
            return Disposition.DROPPED;
        }
        routing(local ? "destination " + packet.destinationText() + " is local: loopback"
                : "destination " + packet.destinationText() + " is not local: leaves the node");
        v = hook(Hook.POSTROUTING, POSTROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        if (!local) {
            return Disposition.FORWARDED;
        }
        loopbackPass = true;
        v = hook(Hook.PREROUTING, PREROUTING);
        if (v != Verdict.ACCEPT) {
            return disposition(v);
        }
        v = hook(Hook.INPUT, INPUT);
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

    private static Disposition disposition(Verdict v) {
        return switch (v) {
            case DROP -> Disposition.DROPPED;
            case REJECT -> Disposition.REJECTED;
            case UNKNOWN -> Disposition.UNKNOWN;
            case ACCEPT -> throw new IllegalStateException("ACCEPT is not a final disposition");
        };
    }

    private void routing(String text) {
        steps.add(new TraceStep(hook == null ? "" : hook.name(), "routing", "", SourceLocation.NONE, "", text));
    }

    private Verdict hook(Hook h, TableName[] tables) {
        hook = h;
        for (TableName t : tables) {
            if (t == TableName.NAT && (untracked || loopbackPass || packet.ctState() != CtState.NEW)) {
                continue;
            }
            ChainIndex chain = rules.builtin(t, h);
            if (chain == null) {
                continue;
            }
            table = t;
            Verdict v = runChain(chain);
            if (v != Verdict.ACCEPT) {
                return v;
            }
        }
        return Verdict.ACCEPT;
    }

    /** Runs a built-in chain with jumps, gotos and returns; the chain's policy applies when it falls off the end. */
    private Verdict runChain(ChainIndex start) {
        Chain builtin = start.chain();
        int sp = 0;
        Chain chain = builtin;
        ChainIndex index = start;
        int[] candidates = index.candidates(packet.destination(), packet.destinationPort());
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
                candidates = index.candidates(packet.destination(), packet.destinationPort());
                next = 0;
                continue;
            }
            if (target instanceof Target.Goto) {
                step(chain, rule, index.effect(ruleIndex));
                index = index.target(ruleIndex);
                chain = index.chain();
                candidates = index.candidates(packet.destination(), packet.destinationPort());
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

    private Verdict policy(Chain builtin) {
        if (builtin.policy() == Policy.DROP) {
            steps.add(new TraceStep(hook.name(), table.lowerName(), builtin.name(), builtin.declared(), "",
                    "policy DROP"));
            return Verdict.DROP;
        }
        if (!builtin.rules().isEmpty()) {
            steps.add(new TraceStep(hook.name(), table.lowerName(), builtin.name(), builtin.declared(), "",
                    "policy ACCEPT"));
        }
        return Verdict.ACCEPT;
    }

    private void step(Chain chain, Rule rule, String effect) {
        steps.add(new TraceStep(hook.name(), table.lowerName(), chain.name(), rule.location(), rule.text(), effect));
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
            dnat = true;
            step(chain, rule, "DNAT to " + packet.destinationText());
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Redirect r) {
            IpAddress to = hook == Hook.OUTPUT ? loopbackOf(packet.family()) : primaryLocal();
            int port = r.ports() == null ? packet.destinationPort() : r.ports().first();
            packet = packet.withDestination(to, packet.protocol().hasPorts() ? port : packet.destinationPort());
            dnat = true;
            step(chain, rule, "REDIRECT to " + packet.destinationText());
            return Verdict.ACCEPT;
        }
        if (target instanceof Target.Snat s) {
            NatRange r = s.ranges().get(0);
            IpAddress to = r.addresses() == null ? packet.source() : r.addresses().first();
            int port = r.ports() == null ? packet.sourcePort() : r.ports().first();
            packet = packet.withSource(to, packet.protocol().hasPorts() ? port : packet.sourcePort());
            snat = true;
            step(chain, rule, "SNAT to " + packet.sourceText());
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
        if (n > results.length) {
            results = new int[n * 2];
        }
        boolean second = false;
        deciding = false;
        for (int i = 0; i < n; i++) {
            Match m = ms.get(i);
            if (m instanceof Match.Comment) {
                continue; // always true; most kube-proxy rules carry one
            }
            int r = m.accept(evaluator);
            if (r == FALSE) {
                return false;
            }
            second |= r == CHOICE || m instanceof Match.Recent;
        }
        if (!second) {
            return true;
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
        }
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

    private boolean portsKnown() {
        return packet.protocol().hasPorts() && packet.sourcePort() >= 0;
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

    /** Evaluates one criterion against the walk's current packet and state. */
    private final class Evaluator implements Match.Visitor<Integer> {

        @Override
        public Integer visit(Match.Address x) {
            IpAddress a = x.direction() == Direction.SOURCE ? packet.source() : packet.destination();
            return bool(x.prefix().contains(a) != x.negated());
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
                } else if (node.isLocal(packet.destination()) && hook != Hook.FORWARD) {
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
            if (!portsKnown()) {
                return FALSE;
            }
            int p = x.direction() == Direction.SOURCE ? packet.sourcePort() : packet.destinationPort();
            return bool(x.range().contains(p) != x.negated());
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
            if (!portsKnown()) {
                return FALSE;
            }
            boolean m = false;
            for (PortRange r : x.ports()) {
                switch (x.kind()) {
                    case SOURCE -> m |= r.contains(packet.sourcePort());
                    case DESTINATION -> m |= r.contains(packet.destinationPort());
                    case EITHER -> m |= r.contains(packet.sourcePort()) || r.contains(packet.destinationPort());
                }
            }
            return bool(m != x.negated());
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
            IpAddress a = switch (x.tuple()) {
                case ORIGSRC -> original.source();
                case ORIGDST -> original.destination();
                case REPLSRC -> packet.destination();
                case REPLDST -> packet.source();
            };
            return bool(x.prefix().contains(a) != x.negated());
        }

        @Override
        public Integer visit(Match.CtPort x) {
            if (untracked || !portsKnown()) {
                return FALSE;
            }
            int p = switch (x.tuple()) {
                case ORIGSRC -> original.sourcePort();
                case ORIGDST -> original.destinationPort();
                case REPLSRC -> packet.destinationPort();
                case REPLDST -> packet.sourcePort();
            };
            return bool(x.range().contains(p) != x.negated());
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
            IpAddress a = x.direction() == Direction.SOURCE ? packet.source() : packet.destination();
            AddrType t = addrType(a);
            boolean hit = x.types().contains(t);
            if (hit && t == AddrType.LOCAL && x.limit() != Match.AddrTypeIs.LimitIface.NONE) {
                String side = x.limit() == Match.AddrTypeIs.LimitIface.IN ? "incoming" : "outgoing";
                int c = choice(null, a + " assumed to be on the " + side + " interface",
                        a + " assumed not to be on the " + side + " interface");
                if (c == CHOICE) {
                    return CHOICE;
                }
                hit = c == TRUE;
            }
            return bool(hit != x.negated());
        }

        @Override
        public Integer visit(Match.Recent x) {
            IpAddress a = x.rdest() ? packet.destination() : packet.source();
            String key = x.name() + "|" + a;
            switch (x.mode()) {
                case SET -> {
                    if (deciding) {
                        recent.put(key, Boolean.TRUE);
                    }
                    return bool(!x.negated());
                }
                case RCHECK, UPDATE, REMOVE -> {
                    Boolean known = recent.get(key);
                    int r;
                    if (known != null && (x.hitcount() <= 1 || !known)) {
                        r = bool(known);
                    } else {
                        r = choice(null, a + " assumed in recent list " + x.name()
                                        + (x.seconds() > 0 ? " within " + x.seconds() + "s" : ""),
                                a + " assumed not in recent list " + x.name()
                                        + (x.seconds() > 0 ? " within " + x.seconds() + "s" : ""));
                        if (r == CHOICE) {
                            return CHOICE;
                        }
                        recent.put(key, r == TRUE);
                    }
                    if (deciding && r == TRUE && x.mode() == Match.Recent.Mode.REMOVE) {
                        recent.put(key, Boolean.FALSE);
                    }
                    return bool((r == TRUE) != x.negated());
                }
                default -> throw new IllegalStateException();
            }
        }

        @Override
        public Integer visit(Match.SetIs x) {
            return unknown("ipset '" + x.setName() + "' (contents not captured)", currentRule.location());
        }

        @Override
        public Integer visit(Match.IpRangeIs x) {
            IpAddress a = x.direction() == Direction.SOURCE ? packet.source() : packet.destination();
            return bool(x.range().contains(a) != x.negated());
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
        public Integer visit(Match.Unknown x) {
            return unknown("match module '" + x.module() + "'", x.location());
        }
    }
}
