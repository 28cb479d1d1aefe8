package io.netprove.verifier.topology;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows symbolic paths across nodes. A path that leaves its node is split by where its destination goes
 * ({@link Topology#regions}); a part that goes to another node is checked for its tunnel ({@link TunnelCheck}) and
 * explored again there as a new connection arriving from outside (fields still the original packet's stay
 * variables, with every constraint collected so far); its steps join the path's, after a step that says which hop
 * it took. At most {@link Topology#MAX_NODES} nodes are crossed; a path that comes back to a node with the same
 * destination is a forwarding loop and is reported as dropped (its TTL runs out).
 */
public final class PathExtender {

    private final Topology topology;
    private final TunnelCheck tunnels;
    private final PolicyGate policies;
    private final int maxPaths;

    public PathExtender(Topology topology, int maxPaths) {
        this.topology = topology;
        this.tunnels = new TunnelCheck(topology.context(), maxPaths);
        this.policies = PolicyGate.of(topology);
        this.maxPaths = maxPaths;
        if (policies != null) {
            policies.approximations().forEach(topology::note);
        }
    }

    PolicyGate policies() {
        return policies;
    }

    public Topology topology() {
        return topology;
    }

    TunnelCheck tunnels() {
        return tunnels;
    }

    /** Every path of {@code paths} (explored on {@code node}) followed to its end across nodes. */
    public List<SymbolicOutcome> extend(String node, List<SymbolicOutcome> paths) {
        List<SymbolicOutcome> out = new ArrayList<>(paths.size());
        for (SymbolicOutcome first : paths) {
            for (SymbolicOutcome p : policies == null ? List.of(first) : policies.egress(first)) {
                if (p.disposition() != Disposition.FORWARDED) {
                    out.add(p);
                } else {
                    List<String> chain = new ArrayList<>();
                    chain.add(node + " " + destinationKey(p));
                    follow(node, p, 1, chain, out);
                }
            }
        }
        return out;
    }

    /**
     * The path of packets that enter on the parent network and go straight to MAC-VLAN pods: no node's netfilter
     * sees them.
     */
    public SymbolicOutcome lanDelivery(Packet template, int varMask, HeaderSpace space) {
        TraceStep step = hop("on the parent network: the destination is a MAC-VLAN pod, reached without passing any"
                + " node's netfilter");
        return new SymbolicOutcome(Disposition.FORWARDED, template, varMask, false, false, false, space, List.of(),
                List.of(step), List.of(), List.of());
    }

    private void follow(String node, SymbolicOutcome p, int crossed, List<String> chain, List<SymbolicOutcome> out) {
        AddressFamily f = p.header().family();
        if (p.isOriginal(Field.DST_ADDR)) {
            for (Topology.Region r : topology.regions(node, f)) {
                HeaderSpace s = p.space().restrict(Field.DST_ADDR, r.addresses());
                if (!s.isEmpty()) {
                    take(node, withSpace(p, s), r.hops(), crossed, chain, out);
                }
            }
        } else {
            take(node, p, topology.next(node, p.header().destination()), crossed, chain, out);
        }
    }

    private void take(String node, SymbolicOutcome p, List<NextHop> hops, int crossed, List<String> chain,
                      List<SymbolicOutcome> out) {
        for (NextHop h : hops) {
            topology.taken(h);
            SymbolicOutcome q = p;
            if (hops.size() > 1) {
                q = with(q, q.disposition(), List.of(), List.of("a multipath route on " + node + " may send the"
                        + " packet to any of its next hops; this path takes: " + h.why()), List.of());
            }
            if (h instanceof NextHop.Deliver d && d.node() != null && policies != null) {
                out.addAll(policies.ingress(d.node(), with(q, Disposition.FORWARDED, List.of(hop(h.why())),
                        List.of(), List.of())));
            } else if (h instanceof NextHop.Deliver || h instanceof NextHop.Leave) {
                out.add(with(q, Disposition.FORWARDED, List.of(hop(h.why())), List.of(), List.of()));
            } else if (h instanceof NextHop.Drop) {
                out.add(with(q, Disposition.DROPPED, List.of(hop(h.why())), List.of(), List.of()));
            } else if (h instanceof NextHop.Unknown) {
                out.add(with(q, Disposition.UNKNOWN, List.of(hop(h.why())), List.of(), List.of(h.why())));
            } else {
                cross(node, q, (NextHop.ToNode) h, crossed, chain, out);
            }
        }
    }

    private void cross(String node, SymbolicOutcome p, NextHop.ToNode h, int crossed, List<String> chain,
                       List<SymbolicOutcome> out) {
        TraceStep leave = hop("leaves " + node + " for " + h.node() + ": " + h.why());
        if (crossed >= Topology.MAX_NODES) {
            String why = "the path crosses more than " + Topology.MAX_NODES + " nodes; netprove stops following it";
            out.add(with(p, Disposition.UNKNOWN, List.of(leave), List.of(), List.of(why)));
            return;
        }
        String key = h.node() + " " + destinationKey(p);
        if (chain.contains(key)) {
            String loop = "forwarding loop: " + String.join(" -> ", chain.stream().map(c -> c.split(" ")[0])
                    .toList()) + " -> " + h.node() + " for " + destinationText(p);
            out.add(with(p, Disposition.DROPPED, List.of(leave, hop(loop + "; the packet circles until its TTL"
                    + " runs out")), List.of(loop), List.of()));
            return;
        }
        AddressFamily f = p.header().family();
        ClusterContext.NodeInfo next = topology.context().node(h.node()).orElseThrow();
        NetfilterSimulator sim = next.simulator(f);
        if (sim == null) {
            String why = "no " + (f == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " forwarding state was captured for"
                    + " node " + h.node() + ", where the path goes next";
            out.add(with(p, Disposition.UNKNOWN, List.of(leave), List.of(), List.of(why)));
            return;
        }
        List<String> unknowns = List.of();
        if (h.encapsulation() != io.netprove.model.intent.Cni.Encapsulation.NONE) {
            TunnelCheck.Result t = tunnels.check(node, h, f);
            unknowns = t.unknowns();
            if (t.kind() == TunnelCheck.Kind.BLOCKED) {
                List<TraceStep> steps = new ArrayList<>();
                steps.add(leave);
                steps.addAll(t.steps());
                steps.add(hop(t.text()));
                out.add(with(p, Disposition.DROPPED, steps, List.of(), unknowns));
                return;
            }
            if (t.kind() == TunnelCheck.Kind.PARTLY) {
                List<TraceStep> steps = new ArrayList<>();
                steps.add(leave);
                steps.addAll(t.steps());
                steps.add(hop(t.text()));
                out.add(with(p, Disposition.DROPPED, steps, List.of("the tunnel packet's source port (a hash of"
                        + " the inner flow) is one that is dropped"), unknowns));
            }
        }
        Packet arriving = p.header();
        int varMask = p.varMask();
        if (p.masquerade()) {
            IpAddress src = topology.masqueradeSource(node, addressOf(next, f, p));
            arriving = arriving.withSource(src, arriving.sourcePort());
            varMask &= ~(1 << Field.SRC_ADDR.ordinal());
        }
        arriving = arriving.withInterfaces(h.inInterface(), null).withMark(0).withCtState(CtState.NEW);
        NetfilterSimulator.Exploration ex = sim.exploreContinued(arriving, varMask, p.space(), p.residual(),
                maxPaths);
        List<TraceStep> prefix = new ArrayList<>();
        prefix.add(leave);
        prefix.add(hop("arrives on " + h.node() + (h.inInterface() == null ? "" : " through " + h.inInterface())
                + " as " + arriving));
        List<String> nextChain = new ArrayList<>(chain);
        nextChain.add(key);
        for (SymbolicOutcome c : ex.paths()) {
            SymbolicOutcome merged = merge(p, prefix, c, unknowns);
            if (merged.disposition() == Disposition.FORWARDED) {
                follow(h.node(), merged, crossed + 1, nextChain, out);
            } else {
                out.add(merged);
            }
        }
        if (!ex.complete()) {
            out.add(with(p, Disposition.UNKNOWN, prefix, List.of(), List.of("more than " + maxPaths + " paths on "
                    + h.node() + "; the rest were not explored")));
        }
    }

    /** The destination the route lookup for the masquerade source uses: a representative of the path's region. */
    private static IpAddress addressOf(ClusterContext.NodeInfo n, AddressFamily f, SymbolicOutcome p) {
        if (!p.isOriginal(Field.DST_ADDR)) {
            return p.header().destination();
        }
        long[] first = p.space().get(Field.DST_ADDR).first();
        return f == AddressFamily.IPV4 ? IpAddress.v4(first[1]) : IpAddress.v6(first[0], first[1]);
    }

    private static String destinationKey(SymbolicOutcome p) {
        return p.isOriginal(Field.DST_ADDR) ? "dst=" + p.space().get(Field.DST_ADDR) : "dst=" + p.header()
                .destination();
    }

    private static String destinationText(SymbolicOutcome p) {
        return p.isOriginal(Field.DST_ADDR) ? "destinations " + p.space().get(Field.DST_ADDR)
                : p.header().destination().toString();
    }

    static TraceStep hop(String text) {
        return new TraceStep("HOP", "routing", "", SourceLocation.NONE, "", text);
    }

    private static SymbolicOutcome withSpace(SymbolicOutcome p, HeaderSpace s) {
        return new SymbolicOutcome(p.disposition(), p.header(), p.varMask(), p.masquerade(), p.dnat(), p.snat(), s,
                p.residual(), p.steps(), p.assumptions(), p.unknowns());
    }

    private static SymbolicOutcome with(SymbolicOutcome p, Disposition d, List<TraceStep> more,
                                        List<String> assumptions, List<String> unknowns) {
        List<TraceStep> steps = new ArrayList<>(p.steps());
        steps.addAll(more);
        return new SymbolicOutcome(d, p.header(), p.varMask(), p.masquerade(), p.dnat(), p.snat(), p.space(),
                p.residual(), steps, union(p.assumptions(), assumptions), union(p.unknowns(), unknowns));
    }

    private static SymbolicOutcome merge(SymbolicOutcome first, List<TraceStep> between, SymbolicOutcome next,
                                         List<String> unknowns) {
        List<TraceStep> steps = new ArrayList<>(first.steps());
        steps.addAll(between);
        steps.addAll(next.steps());
        return new SymbolicOutcome(next.disposition(), next.header(), next.varMask(),
                first.masquerade() || next.masquerade(), first.dnat() || next.dnat(), first.snat() || next.snat(),
                next.space(), next.residual(), steps, union(first.assumptions(), next.assumptions()),
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
