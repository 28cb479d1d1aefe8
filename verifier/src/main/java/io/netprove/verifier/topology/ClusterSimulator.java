package io.netprove.verifier.topology;

import io.netprove.model.intent.Cni;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.sim.NetfilterSimulator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The concrete counterpart of {@link PathExtender}: every outcome of one packet entering a node, followed across
 * nodes the same way (the same next hops, tunnel checks, loop and depth limits). Witnesses found symbolically are
 * replayed here before they are reported.
 */
public final class ClusterSimulator {

    private final PathExtender extender;

    public ClusterSimulator(PathExtender extender) {
        this.extender = extender;
    }

    /** Every outcome of {@code packet} entering {@code node} (from outside, or sent by the node itself). */
    public List<Outcome> simulate(String node, Packet packet) {
        NetfilterSimulator sim = extender.topology().context().node(node).map(n -> n.simulator(packet.family()))
                .orElse(null);
        if (sim == null) {
            return List.of();
        }
        List<Outcome> out = new ArrayList<>();
        PolicyGate gate = extender.policies();
        for (Outcome first : sim.simulate(packet)) {
            Outcome o = gate == null ? first : gate.egress(packet, first);
            List<String> chain = new ArrayList<>();
            chain.add(node + " dst=" + o.finalPacket().destination());
            follow(packet, node, o, 1, chain, out);
        }
        return out;
    }

    /** The outcome of a packet that enters on the parent network and reaches a MAC-VLAN pod directly. */
    public Outcome lanDelivery(Packet packet) {
        return new Outcome(Disposition.FORWARDED, packet, false, 1.0, List.of(PathExtender.hop("on the parent"
                + " network: the destination is a MAC-VLAN pod, reached without passing any node's netfilter")),
                List.of(), List.of());
    }

    private void follow(Packet original, String node, Outcome o, int crossed, List<String> chain,
                        List<Outcome> out) {
        if (o.disposition() != Disposition.FORWARDED) {
            out.add(o);
            return;
        }
        List<NextHop> hops = extender.topology().next(node, o.finalPacket().destination());
        for (NextHop h : hops) {
            extender.topology().taken(h);
            Outcome q = o;
            if (hops.size() > 1) {
                q = with(q, q.disposition(), List.of(), List.of("a multipath route on " + node + " may send the"
                        + " packet to any of its next hops; this path takes: " + h.why()), List.of());
            }
            if (h instanceof NextHop.Deliver d && d.node() != null && extender.policies() != null) {
                out.add(extender.policies().ingress(d.node(), original, with(q, Disposition.FORWARDED,
                        List.of(PathExtender.hop(h.why())), List.of(), List.of())));
            } else if (h instanceof NextHop.Deliver || h instanceof NextHop.Leave) {
                out.add(with(q, Disposition.FORWARDED, List.of(PathExtender.hop(h.why())), List.of(), List.of()));
            } else if (h instanceof NextHop.Drop) {
                out.add(with(q, Disposition.DROPPED, List.of(PathExtender.hop(h.why())), List.of(), List.of()));
            } else if (h instanceof NextHop.Unknown) {
                out.add(with(q, Disposition.UNKNOWN, List.of(PathExtender.hop(h.why())), List.of(),
                        List.of(h.why())));
            } else {
                cross(original, node, q, (NextHop.ToNode) h, crossed, chain, out);
            }
        }
    }

    private void cross(Packet original, String node, Outcome o, NextHop.ToNode h, int crossed, List<String> chain,
                       List<Outcome> out) {
        TraceStep leave = PathExtender.hop("leaves " + node + " for " + h.node() + ": " + h.why());
        if (crossed >= Topology.MAX_NODES) {
            out.add(with(o, Disposition.UNKNOWN, List.of(leave), List.of(), List.of("the path crosses more than "
                    + Topology.MAX_NODES + " nodes; netprove stops following it")));
            return;
        }
        String key = h.node() + " dst=" + o.finalPacket().destination();
        if (chain.contains(key)) {
            String loop = "forwarding loop: " + String.join(" -> ", chain.stream().map(c -> c.split(" ")[0])
                    .toList()) + " -> " + h.node() + " for " + o.finalPacket().destination();
            out.add(with(o, Disposition.DROPPED, List.of(leave, PathExtender.hop(loop + "; the packet circles until"
                    + " its TTL runs out")), List.of(loop), List.of()));
            return;
        }
        AddressFamily f = o.finalPacket().family();
        ClusterContext.NodeInfo next = extender.topology().context().node(h.node()).orElseThrow();
        NetfilterSimulator sim = next.simulator(f);
        if (sim == null) {
            out.add(with(o, Disposition.UNKNOWN, List.of(leave), List.of(), List.of("no "
                    + (f == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " forwarding state was captured for node "
                    + h.node() + ", where the path goes next")));
            return;
        }
        List<String> unknowns = List.of();
        if (h.encapsulation() != Cni.Encapsulation.NONE) {
            TunnelCheck.Result t = extender.tunnels().check(node, h, f);
            unknowns = t.unknowns();
            List<TraceStep> steps = new ArrayList<>();
            steps.add(leave);
            steps.addAll(t.steps());
            steps.add(PathExtender.hop(t.text()));
            if (t.kind() == TunnelCheck.Kind.BLOCKED) {
                out.add(with(o, Disposition.DROPPED, steps, List.of(), unknowns));
                return;
            }
            if (t.kind() == TunnelCheck.Kind.PARTLY) {
                out.add(with(o, Disposition.DROPPED, steps, List.of("the tunnel packet's source port (a hash of the"
                        + " inner flow) is one that is dropped"), unknowns));
            }
        }
        Packet arriving = o.finalPacket();
        if (o.masquerade()) {
            IpAddress dst = arriving.destination();
            arriving = arriving.withSource(extender.topology().masqueradeSource(node, dst), arriving.sourcePort());
        }
        arriving = arriving.withInterfaces(h.inInterface(), null).withMark(0).withCtState(CtState.NEW);
        List<TraceStep> prefix = List.of(leave, PathExtender.hop("arrives on " + h.node()
                + (h.inInterface() == null ? "" : " through " + h.inInterface()) + " as " + arriving));
        List<String> nextChain = new ArrayList<>(chain);
        nextChain.add(key);
        for (Outcome c : sim.simulateArriving(arriving)) {
            follow(original, h.node(), merge(o, prefix, c, unknowns), crossed + 1, nextChain, out);
        }
    }

    private static Outcome with(Outcome o, Disposition d, List<TraceStep> more, List<String> assumptions,
                                List<String> unknowns) {
        List<TraceStep> steps = new ArrayList<>(o.steps());
        steps.addAll(more);
        return new Outcome(d, o.finalPacket(), o.masquerade(), o.probability(), steps,
                union(o.assumptions(), assumptions), union(o.unknowns(), unknowns));
    }

    private static Outcome merge(Outcome first, List<TraceStep> between, Outcome next, List<String> unknowns) {
        List<TraceStep> steps = new ArrayList<>(first.steps());
        steps.addAll(between);
        steps.addAll(next.steps());
        Double p = first.probability() == null || next.probability() == null ? null
                : first.probability() * next.probability();
        return new Outcome(next.disposition(), next.finalPacket(), first.masquerade() || next.masquerade(), p, steps,
                union(first.assumptions(), next.assumptions()),
                union(union(first.unknowns(), next.unknowns()), unknowns));
    }

    private static List<String> union(List<String> a, List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
