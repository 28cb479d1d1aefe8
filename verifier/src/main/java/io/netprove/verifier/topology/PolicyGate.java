package io.netprove.verifier.topology;

import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.policy.Allowance;
import io.netprove.verifier.policy.NetworkPolicyEngine;
import io.netprove.verifier.policy.PeerBox;
import io.netprove.verifier.policy.PolicyRef;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * NetworkPolicy on a path, where the network plugin enforces it: egress of the sending pod on its own node, after
 * kube-proxy's DNAT there (the destination the policy sees is the chosen endpoint); ingress of the receiving pod
 * where the packet is delivered, with the source it has then (after any masquerade). Packets a pod's own node sends
 * to it pass ingress ({@link NetworkPolicyEngine#nodeOriginBypassesIngress}). A symbolic path is split into the
 * packets the policies let through, which go on, and those they deny, which end DROPPED with a step naming the
 * isolating policies. MAC-VLAN pods are outside the node's netfilter, where plugins enforce policy: their traffic is
 * not gated, which the verdict notes say.
 */
final class PolicyGate {

    private final NetworkPolicyEngine engine;
    private final Topology topology;
    private final Map<IpAddress, Pod> pods = new HashMap<>();

    private PolicyGate(NetworkPolicyEngine engine, Topology topology) {
        this.engine = engine;
        this.topology = topology;
        for (Pod p : topology.context().objects().pods()) {
            if (!p.hostNetwork()) {
                for (IpAddress a : p.podIPs()) {
                    pods.putIfAbsent(a, p);
                }
            }
        }
    }

    /** The gate of the cluster, or null when it has no NetworkPolicy (then nothing is gated). */
    static PolicyGate of(Topology topology) {
        ClusterContext ctx = topology.context();
        if (ctx.objects().networkPolicies().isEmpty()) {
            return null;
        }
        return new PolicyGate(NetworkPolicyEngine.of(ctx.objects()), topology);
    }

    /** What the verdicts should say about how policy was applied. */
    List<String> approximations() {
        return engine.approximations();
    }

    // ------------------------------------------------------------------------------------------- symbolic

    /** The path split by the egress policies of the pods it may come from (judged on the entry node). */
    List<SymbolicOutcome> egress(SymbolicOutcome p) {
        if (p.disposition() != Disposition.FORWARDED && p.disposition() != Disposition.LOCAL) {
            return List.of(p);
        }
        AddressFamily f = p.header().family();
        IntervalSet sources = p.space().get(Field.SRC_ADDR);
        Map<Allowance, List<Pod>> groups = new LinkedHashMap<>();
        for (Map.Entry<IpAddress, Pod> e : pods.entrySet()) {
            IpAddress a = e.getKey();
            if (a.family() == f && sources.contains(a.hi(), a.lo()) && engine.isolated(e.getValue(),
                    PolicyType.EGRESS)) {
                groups.computeIfAbsent(engine.egress(e.getValue(), f), k -> new ArrayList<>()).add(e.getValue());
            }
        }
        if (groups.isEmpty()) {
            return List.of(p);
        }
        List<SymbolicOutcome> out = new ArrayList<>();
        IntervalSet rest = sources;
        for (Map.Entry<Allowance, List<Pod>> g : groups.entrySet()) {
            IntervalSet ips = addresses(g.getValue(), f);
            rest = rest.minus(ips);
            SymbolicOutcome part = restrict(p, Field.SRC_ADDR, ips);
            if (part == null) {
                continue;
            }
            if (p.isOriginal(Field.DST_ADDR)) {
                split(part, Field.DST_ADDR, g.getKey(), "egress of " + names(g.getValue()), out);
            } else {
                splitConcretePeer(part, p.header().destination(), g.getKey(), "egress of " + names(g.getValue())
                        + " to " + p.header().destination(), out);
            }
        }
        if (!rest.isEmpty()) {
            out.add(restrict(p, Field.SRC_ADDR, rest));
        }
        return out;
    }

    /**
     * The path split by the ingress policies of the pods its destination may be (judged where it is delivered, on
     * {@code node}); a part whose source is that node itself passes.
     */
    List<SymbolicOutcome> ingress(String node, SymbolicOutcome p) {
        AddressFamily f = p.header().family();
        List<SymbolicOutcome> out = new ArrayList<>();
        if (!p.isOriginal(Field.DST_ADDR)) {
            Pod d = pods.get(p.header().destination());
            if (d == null || !engine.isolated(d, PolicyType.INGRESS)) {
                return List.of(p);
            }
            ingressOf(node, p, d, out);
            return out;
        }
        IntervalSet rest = p.space().get(Field.DST_ADDR);
        for (Map.Entry<IpAddress, Pod> e : pods.entrySet()) {
            IpAddress a = e.getKey();
            if (a.family() == f && rest.contains(a.hi(), a.lo()) && engine.isolated(e.getValue(),
                    PolicyType.INGRESS)) {
                IntervalSet one = IntervalSet.of(a);
                rest = rest.minus(one);
                ingressOf(node, restrict(p, Field.DST_ADDR, one), e.getValue(), out);
            }
        }
        if (!rest.isEmpty()) {
            out.add(restrict(p, Field.DST_ADDR, rest));
        }
        return out;
    }

    private void ingressOf(String node, SymbolicOutcome p, Pod d, List<SymbolicOutcome> out) {
        AddressFamily f = p.header().family();
        Allowance a = engine.ingress(d, f);
        IpAddress seen = seenSource(node, p, d);
        SymbolicOutcome q = p;
        if (seen == null && a instanceof Allowance.Restricted r && !r.nodeOrigin().isEmpty()) {
            // packets the pod's own node sends (its own addresses as sources) pass
            IntervalSet own = r.nodeOrigin().intersect(p.space().get(Field.SRC_ADDR));
            if (!own.isEmpty()) {
                out.add(step(restrict(p, Field.SRC_ADDR, own), Disposition.FORWARDED, "NetworkPolicy: packets"
                        + " from pod " + name(d) + "'s own node pass its ingress policies", null));
                q = restrict(p, Field.SRC_ADDR, p.space().get(Field.SRC_ADDR).minus(own));
                if (q == null) {
                    return;
                }
            }
        }
        if (seen != null) {
            splitConcretePeer(q, seen, a, "ingress of " + name(d), out);
        } else {
            split(q, Field.SRC_ADDR, a, "ingress of " + name(d), out);
        }
    }

    /** The source address the receiving pod sees when it is no longer the original one; null when it is. */
    private IpAddress seenSource(String node, SymbolicOutcome p, Pod d) {
        if (p.masquerade() && p.isOriginal(Field.SRC_ADDR)) {
            return topology.masqueradeSource(node, d.podIPs().get(0));
        }
        return p.isOriginal(Field.SRC_ADDR) ? null : p.header().source();
    }

    /** Splits the path by the allowance on the peer field (a variable) and the destination port. */
    private void split(SymbolicOutcome p, Field peer, Allowance a, String what, List<SymbolicOutcome> out) {
        if (p == null) {
            return;
        }
        if (!(a instanceof Allowance.Restricted r)) {
            out.add(p);
            return;
        }
        Protocol proto = p.header().protocol();
        List<HeaderSpace> remaining = new ArrayList<>(List.of(p.space()));
        for (PeerBox b : r.boxes()) {
            if (!admitsProtocol(b, proto)) {
                continue;
            }
            List<HeaderSpace> next = new ArrayList<>();
            for (HeaderSpace s : remaining) {
                HeaderSpace in = s.restrict(peer, b.peers());
                in = restrictPort(p, in, b.ports());
                if (in != null && !in.isEmpty()) {
                    out.add(step(withSpace(p, in), p.disposition(), "NetworkPolicy " + what + ": allowed by "
                            + b.grantedBy(), null));
                }
                HeaderSpace outside = s.restrict(peer, s.get(peer).minus(b.peers()));
                if (!outside.isEmpty()) {
                    next.add(outside);
                }
                HeaderSpace inPeerOtherPort = restrictPort(p, s.restrict(peer, b.peers()), b.ports().complement());
                if (inPeerOtherPort != null && !inPeerOtherPort.isEmpty()) {
                    next.add(inPeerOtherPort);
                }
            }
            remaining = next;
        }
        for (HeaderSpace s : remaining) {
            out.add(step(withSpace(p, s), Disposition.DROPPED, "NetworkPolicy " + what + ": denied (isolated by "
                    + isolators(r) + "; no rule allows this peer, protocol and port)", r.isolatedBy()));
        }
    }

    /** The same with a known peer address (the masqueraded or SNATed source). */
    private void splitConcretePeer(SymbolicOutcome p, IpAddress peer, Allowance a, String what,
                                   List<SymbolicOutcome> out) {
        if (!(a instanceof Allowance.Restricted r)) {
            out.add(p);
            return;
        }
        Protocol proto = p.header().protocol();
        IntervalSet allowedPorts = IntervalSet.empty(16);
        String grant = "";
        for (PeerBox b : r.boxes()) {
            if (admitsProtocol(b, proto) && b.peers().contains(peer.hi(), peer.lo())) {
                allowedPorts = allowedPorts.union(b.ports());
                grant = b.grantedBy();
            }
        }
        HeaderSpace allowed = restrictPort(p, p.space(), allowedPorts);
        HeaderSpace denied = restrictPort(p, p.space(), allowedPorts.complement());
        if (allowed != null && !allowed.isEmpty()) {
            out.add(step(withSpace(p, allowed), p.disposition(), "NetworkPolicy " + what + ": peer " + peer
                    + " allowed by " + grant, null));
        }
        if (denied != null && !denied.isEmpty()) {
            out.add(step(withSpace(p, denied), Disposition.DROPPED, "NetworkPolicy " + what + ": peer " + peer
                    + " denied (isolated by " + isolators(r) + ")", r.isolatedBy()));
        }
    }

    /** The space with the destination port in {@code ports}: null when a known port is outside them. */
    private static HeaderSpace restrictPort(SymbolicOutcome p, HeaderSpace s, IntervalSet ports) {
        if (!p.header().protocol().hasPorts()) {
            return ports.contains(0) ? s : null;
        }
        if (p.isOriginal(Field.DST_PORT)) {
            return s.restrict(Field.DST_PORT, ports);
        }
        return ports.contains(p.header().destinationPort()) ? s : null;
    }

    private static boolean admitsProtocol(PeerBox b, Protocol proto) {
        return b.protocol().equals(Protocol.ALL) || b.protocol().equals(proto);
    }

    // ------------------------------------------------------------------------------------------- concrete

    /** The concrete counterpart of {@link #egress(SymbolicOutcome)}: {@code original} is the packet as sent. */
    Outcome egress(Packet original, Outcome o) {
        if (o.disposition() != Disposition.FORWARDED && o.disposition() != Disposition.LOCAL) {
            return o;
        }
        Pod s = pods.get(original.source());
        if (s == null || !engine.isolated(s, PolicyType.EGRESS)) {
            return o;
        }
        Allowance a = engine.egress(s, original.family());
        Packet fin = o.finalPacket();
        int port = fin.protocol().hasPorts() ? fin.destinationPort() : 0;
        return judge(o, a, fin.destination(), fin.protocol(), port, "egress of " + name(s));
    }

    /** The concrete counterpart of {@link #ingress}: {@code original} is the packet as sent at the entry. */
    Outcome ingress(String node, Packet original, Outcome o) {
        Packet fin = o.finalPacket();
        Pod d = pods.get(fin.destination());
        if (d == null || !engine.isolated(d, PolicyType.INGRESS)) {
            return o;
        }
        Allowance a = engine.ingress(d, fin.family());
        IpAddress seen = fin.source();
        if (o.masquerade() && fin.source().equals(original.source())) {
            seen = topology.masqueradeSource(node, fin.destination());
        }
        if (seen.equals(original.source()) && a instanceof Allowance.Restricted r
                && r.nodeOrigin().contains(seen.hi(), seen.lo())) {
            return with(o, o.disposition(), "NetworkPolicy: packets from pod " + name(d) + "'s own node pass its"
                    + " ingress policies", null);
        }
        int port = fin.protocol().hasPorts() ? fin.destinationPort() : 0;
        return judge(o, a, seen, fin.protocol(), port, "ingress of " + name(d));
    }

    private Outcome judge(Outcome o, Allowance a, IpAddress peer, Protocol proto, int port, String what) {
        if (!(a instanceof Allowance.Restricted r)) {
            return o;
        }
        for (PeerBox b : r.boxes()) {
            if (b.admits(proto, port) && b.peers().contains(peer.hi(), peer.lo())) {
                return with(o, o.disposition(), "NetworkPolicy " + what + ": peer " + peer + " allowed by "
                        + b.grantedBy(), null);
            }
        }
        return with(o, Disposition.DROPPED, "NetworkPolicy " + what + ": peer " + peer + " denied on "
                + proto.name() + (proto.hasPorts() ? "/" + port : "") + " (isolated by " + isolators(r)
                + "; no rule allows this peer, protocol and port)", r.isolatedBy());
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static String isolators(Allowance.Restricted r) {
        return r.isolatedBy().stream().map(PolicyRef::toString).collect(Collectors.joining(", "));
    }

    private static String name(Pod p) {
        return "pod " + p.metadata().namespace().orElse("default") + "/" + p.metadata().name();
    }

    private static String names(List<Pod> ps) {
        return ps.size() == 1 ? name(ps.get(0)) : name(ps.get(0)) + " and " + (ps.size() - 1) + " other pods";
    }

    private static IntervalSet addresses(List<Pod> ps, AddressFamily f) {
        List<IpAddress> ips = new ArrayList<>();
        for (Pod p : ps) {
            for (IpAddress a : p.podIPs()) {
                if (a.family() == f) {
                    ips.add(a);
                }
            }
        }
        return IntervalSet.points(f.bits(), ips);
    }

    private static TraceStep policyStep(String text, List<PolicyRef> refs) {
        SourceLocation at = refs == null || refs.isEmpty() ? SourceLocation.NONE : refs.get(0).location();
        String chain = refs == null || refs.isEmpty() ? "" : refs.get(0).namespace() + "/" + refs.get(0).name();
        return new TraceStep("POLICY", "netpol", chain, at, "", text);
    }

    private static SymbolicOutcome restrict(SymbolicOutcome p, Field f, IntervalSet set) {
        HeaderSpace s = p.space().restrict(f, set);
        return s.isEmpty() ? null : withSpace(p, s);
    }

    private static SymbolicOutcome withSpace(SymbolicOutcome p, HeaderSpace s) {
        return new SymbolicOutcome(p.disposition(), p.header(), p.varMask(), p.masquerade(), p.dnat(), p.snat(), s,
                p.residual(), p.steps(), p.assumptions(), p.unknowns());
    }

    private static SymbolicOutcome step(SymbolicOutcome p, Disposition d, String text, List<PolicyRef> refs) {
        List<TraceStep> steps = new ArrayList<>(p.steps());
        steps.add(policyStep(text, refs));
        return new SymbolicOutcome(d, p.header(), p.varMask(), p.masquerade(), p.dnat(), p.snat(), p.space(),
                p.residual(), steps, p.assumptions(), p.unknowns());
    }

    private static Outcome with(Outcome o, Disposition d, String text, List<PolicyRef> refs) {
        List<TraceStep> steps = new ArrayList<>(o.steps());
        steps.add(policyStep(text, refs));
        return new Outcome(d, o.finalPacket(), o.masquerade(), o.probability(), steps, o.assumptions(),
                o.unknowns());
    }
}
