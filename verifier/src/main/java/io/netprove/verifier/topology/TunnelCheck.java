package io.netprove.verifier.topology;

import io.netprove.model.intent.Cni;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the tunnel packets that carry pod traffic between two nodes get through both nodes' netfilter: the outer
 * packet (node address to node address, VXLAN over UDP or IPIP) must leave the sending node (OUTPUT, POSTROUTING)
 * and be taken in by the receiving one (PREROUTING, INPUT). Every VXLAN source port the kernel may pick is checked
 * (Linux picks it from a hash of the inner flow, in the local port range 32768-60999 by default).
 */
final class TunnelCheck {

    /** How many of the tunnel packets get through. */
    enum Kind {
        PASSES,
        BLOCKED,
        PARTLY
    }

    /** The answer: how many pass, what the first blocking path did, and what it depended on. */
    record Result(Kind kind, String text, List<TraceStep> steps, List<String> unknowns) {
    }

    static final IntervalSet VXLAN_SOURCE_PORTS = IntervalSet.range(16, 32768, 60999);

    private final ClusterContext ctx;
    private final int maxPaths;
    private final Map<String, Result> cache = new HashMap<>();

    TunnelCheck(ClusterContext ctx, int maxPaths) {
        this.ctx = ctx;
        this.maxPaths = maxPaths;
    }

    synchronized Result check(String from, NextHop.ToNode hop, AddressFamily f) {
        String key = from + ">" + hop.node() + ">" + hop.encapsulation() + ">" + hop.udpPort() + ">" + f;
        Result r = cache.get(key);
        if (r == null) {
            r = compute(from, hop, f);
            cache.put(key, r);
        }
        return r;
    }

    private Result compute(String from, NextHop.ToNode hop, AddressFamily f) {
        ClusterContext.NodeInfo a = ctx.node(from).orElseThrow();
        ClusterContext.NodeInfo b = ctx.node(hop.node()).orElseThrow();
        IpAddress src = first(a, f);
        IpAddress dst = first(b, f);
        String what = (hop.encapsulation() == Cni.Encapsulation.VXLAN ? "VXLAN (UDP " + hop.udpPort() + ")" : "IPIP")
                + " packets from " + from + " to " + hop.node();
        if (src == null || dst == null) {
            return new Result(Kind.PASSES, what + ": not checked, a node has no " + f + " address", List.of(),
                    List.of());
        }
        Protocol proto = hop.encapsulation() == Cni.Encapsulation.VXLAN ? Protocol.UDP : Protocol.IPIP;
        Packet template = Packet.newConnection(src, dst, proto, hop.udpPort());
        HeaderSpace space = HeaderSpace.all(f).with(Field.SRC_ADDR, IntervalSet.of(src))
                .with(Field.DST_ADDR, IntervalSet.of(dst));
        if (proto.hasPorts()) {
            space = space.with(Field.SRC_PORT, VXLAN_SOURCE_PORTS)
                    .with(Field.DST_PORT, IntervalSet.range(16, hop.udpPort(), hop.udpPort()));
        }
        Side out = side(a.simulator(f), template, space, Disposition.FORWARDED);
        Side in = side(b.simulator(f), template, space, Disposition.LOCAL);
        Set<String> unknowns = new LinkedHashSet<>();
        unknowns.addAll(out.unknowns);
        unknowns.addAll(in.unknowns);
        if (out.passing == 0 || in.passing == 0) {
            Side blocking = out.passing == 0 ? out : in;
            String where = out.passing == 0 ? from + " does not send them" : hop.node() + " does not take them in";
            return new Result(Kind.BLOCKED, what + " are dropped: " + where + " (" + blocking.failure + ")",
                    blocking.steps, List.copyOf(unknowns));
        }
        if (out.failing == 0 && in.failing == 0) {
            return new Result(Kind.PASSES, what + " pass both nodes", List.of(), List.copyOf(unknowns));
        }
        Side partial = out.failing > 0 ? out : in;
        return new Result(Kind.PARTLY, "some " + what + " are dropped on " + (out.failing > 0 ? from : hop.node())
                + " (" + partial.failure + ")", partial.steps, List.copyOf(unknowns));
    }

    private static IpAddress first(ClusterContext.NodeInfo n, AddressFamily f) {
        for (IpAddress x : n.addresses()) {
            if (x.family() == f) {
                return x;
            }
        }
        return null;
    }

    /** The tunnel packets' paths on one node: how many end as wanted, and the first that does not. */
    private static final class Side {
        int passing;
        int failing;
        String failure = "";
        List<TraceStep> steps = List.of();
        final List<String> unknowns = new ArrayList<>();
    }

    private Side side(NetfilterSimulator sim, Packet template, HeaderSpace space, Disposition wanted) {
        Side s = new Side();
        if (sim == null) {
            s.passing = 1;
            return s;
        }
        NetfilterSimulator.Exploration ex = sim.explore(template, space, maxPaths);
        for (SymbolicOutcome p : ex.paths()) {
            s.unknowns.addAll(p.unknowns());
            if (p.disposition() == wanted) {
                s.passing++;
            } else {
                if (s.failing == 0) {
                    s.failure = p.disposition().name() + lastRule(p.steps());
                    s.steps = p.steps();
                }
                s.failing++;
            }
        }
        return s;
    }

    private static String lastRule(List<TraceStep> steps) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            TraceStep t = steps.get(i);
            if (!t.rule().isEmpty()) {
                return " by " + t.table() + " " + t.chain() + " at " + t.location() + ": " + t.rule();
            }
        }
        return "";
    }
}
