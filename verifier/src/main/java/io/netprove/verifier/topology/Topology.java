package io.netprove.verifier.topology;

import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Cni;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.route.InterfaceAddress;
import io.netprove.model.route.NetworkInterface;
import io.netprove.model.route.PolicyRule;
import io.netprove.model.route.Route;
import io.netprove.model.route.RouteDecision;
import io.netprove.model.route.RouteQuery;
import io.netprove.model.route.RoutingState;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.check.ClusterContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where a packet goes when it leaves a node. With the node's routes captured ({@code ip route show table all},
 * {@code ip rule}), the kernel's route lookup decides: a blackhole or missing route drops the packet, a gateway that
 * is another node (or a pod-subnet gateway on a tunnel device, as flannel writes them) sends it there, any other
 * gateway sends it out of the cluster. Without them, the cluster's pod subnets decide (a destination in another
 * node's subnet goes to that node, wrapped as the declared CNI wraps it). MAC-VLAN pods sit on the nodes' parent
 * network: packets reach them without passing a node's netfilter, except from their own node, whose parent interface
 * cannot talk to its MAC-VLAN children.
 */
public final class Topology {

    /** The pseudo-node of probes that enter on the nodes' parent network and go straight to MAC-VLAN pods. */
    public static final String LAN = "(parent network)";

    /** Nodes a packet may cross before netprove stops following it (and says so). */
    public static final int MAX_NODES = 4;

    /** Destinations that share next hops on one node. */
    public record Region(IntervalSet addresses, List<NextHop> hops) {
    }

    private final ClusterContext ctx;
    private final Optional<Cni> cni;
    private final List<IpPrefix> macvlan;
    private final Map<IpAddress, String> macvlanHosts = new HashMap<>();
    private final Map<String, List<Region>> regions = new HashMap<>();
    private final Set<String> notes = Collections.synchronizedSet(new LinkedHashSet<>());
    /** Notes that belong to a next hop: recorded when a path takes the hop, not when it is classified. */
    private final Map<NextHop, String> hopNotes = new java.util.concurrent.ConcurrentHashMap<>();

    public Topology(ClusterContext ctx) {
        this.ctx = ctx;
        ClusterSpec spec = ctx.intent().cluster().orElse(null);
        this.cni = spec == null ? Optional.empty() : spec.cni();
        this.macvlan = spec == null ? List.of() : spec.macvlanNetworks();
        for (Pod p : ctx.objects().pods()) {
            for (IpAddress a : p.podIPs()) {
                if (isMacvlan(a)) {
                    macvlanHosts.put(a, p.nodeName().orElse(null));
                }
            }
        }
    }

    public ClusterContext context() {
        return ctx;
    }

    /** True if {@code a} is on a MAC-VLAN network of the cluster block. */
    public boolean isMacvlan(IpAddress a) {
        for (IpPrefix p : macvlan) {
            if (p.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /** The MAC-VLAN networks, in one family. */
    public IntervalSet macvlanNetworks(AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (IpPrefix p : macvlan) {
            if (p.family() == f) {
                s = s.union(IntervalSet.of(p));
            }
        }
        return s;
    }

    /** The node a MAC-VLAN pod address runs on, if a pod has it. */
    public Optional<String> macvlanHost(IpAddress a) {
        return Optional.ofNullable(macvlanHosts.get(a));
    }

    /** What the verdicts should say about how paths across nodes were worked out. */
    public List<String> notes() {
        synchronized (notes) {
            return List.copyOf(notes);
        }
    }

    /** Adds a sentence for the verdicts' notes. */
    void note(String text) {
        notes.add(text);
    }

    /** Records the note of a next hop a path has taken (what it assumed), if it has one. */
    void taken(NextHop hop) {
        String n = hopNotes.get(hop);
        if (n != null) {
            notes.add(n);
        }
    }

    private NextHop withNote(NextHop hop, String note) {
        hopNotes.put(hop, note);
        return hop;
    }

    /** Where a packet to {@code dst} goes when it leaves {@code node}: one next hop, or one per multipath route. */
    public List<NextHop> next(String node, IpAddress dst) {
        return next(node, dst, dst.toString());
    }

    /** {@link #next(String, IpAddress)} with the destination called {@code what} in the reasons. */
    private List<NextHop> next(String node, IpAddress dst, String what) {
        ClusterContext.NodeInfo n = ctx.node(node).orElseThrow(() -> new IllegalArgumentException(node));
        if (isMacvlan(dst)) {
            String host = macvlanHosts.get(dst);
            if (node.equals(host)) {
                return List.of(new NextHop.Drop("MAC-VLAN: " + what + " is a MAC-VLAN pod on " + node + ", and a"
                        + " node's parent interface cannot exchange traffic with its own MAC-VLAN children"));
            }
            return List.of(new NextHop.Deliver(null, what + " is on a MAC-VLAN network: the packet reaches it on the"
                    + " parent network, without passing " + (host == null ? "a node's" : host + "'s") + " netfilter"));
        }
        Optional<RoutingState> rs = routing(n, dst.family());
        if (rs.isPresent()) {
            return byRoute(n, rs.get(), dst, what);
        }
        return List.of(byOwnership(n, dst, what));
    }

    private static Optional<RoutingState> routing(ClusterContext.NodeInfo n, AddressFamily f) {
        if (n.state() == null || n.state().routing().isEmpty()) {
            return Optional.empty();
        }
        RoutingState rs = n.state().routing().get();
        return rs.routes().stream().anyMatch(r -> r.family() == f) ? Optional.of(rs) : Optional.empty();
    }

    private NextHop byOwnership(ClusterContext.NodeInfo n, IpAddress dst, String what) {
        for (IpPrefix p : n.podCidrs()) {
            if (p.contains(dst)) {
                return new NextHop.Deliver(n.name(), what + " is in " + n.name() + "'s pod subnet " + p);
            }
        }
        for (ClusterContext.NodeInfo m : ctx.nodes()) {
            if (m == n) {
                continue;
            }
            for (IpPrefix p : m.podCidrs()) {
                if (p.contains(dst)) {
                    return toNodeByPlugin(n, m, what + " is in " + m.name() + "'s pod subnet " + p);
                }
            }
        }
        for (ClusterContext.NodeInfo m : ctx.nodes()) {
            if (m != n && m.addresses().contains(dst)) {
                return new NextHop.ToNode(m.name(), Cni.Encapsulation.NONE, 0, null, what + " is " + m.name()
                        + "'s address");
            }
        }
        if (ctx.podNetwork(dst.family()).contains(dst.hi(), dst.lo())) {
            return withNote(new NextHop.Deliver(null, "the destination is in the pod network but in no declared"
                    + " node's pod subnet: taken to arrive (its node is not part of this check)"), "pod addresses"
                    + " outside the pod subnets of the declared nodes are taken to arrive: the nodes that hold them"
                    + " are not part of this check");
        }
        return new NextHop.Leave(what + " is outside the nodes and their pod subnets: the packet leaves the cluster"
                + " towards the network" + (n.state() == null ? "" : " (" + n.name() + "'s routes were not captured)"));
    }

    private NextHop toNodeByPlugin(ClusterContext.NodeInfo from, ClusterContext.NodeInfo to, String why) {
        if (cni.isEmpty()) {
            return withNote(new NextHop.ToNode(to.name(), Cni.Encapsulation.NONE, 0, null, why), "the network"
                    + " plugin is not declared ('cni ...' in the cluster block) and the routes of the nodes were not"
                    + " captured: pod subnets are taken to be routed between nodes without encapsulation");
        }
        Cni c = cni.get();
        return new NextHop.ToNode(to.name(), c.encapsulation(), c.udpPort(), c.tunnelDevice().orElse(null),
                why + ", carried by " + c.keyword());
    }

    private List<NextHop> byRoute(ClusterContext.NodeInfo n, RoutingState rs, IpAddress dst, String what) {
        if (!defaultRulesOnly(rs, dst.family())) {
            notes.add("policy routing rules of " + n.name() + " are applied with the packet's destination only"
                    + " (its source, mark and input device are not known at that point)");
        }
        RouteDecision d = rs.lookup(RouteQuery.forwarded(null, dst, null));
        String route = d.route().map(Topology::describe).orElse("no route");
        if (d.isDrop()) {
            return List.of(new NextHop.Drop(n.name() + "'s routes drop " + what + ": " + kind(d.kind()) + " ("
                    + route + ")"));
        }
        if (d.isLocalDelivery()) {
            return List.of(new NextHop.Deliver(n.name(), what + " is local on " + n.name() + " (" + route + ")"));
        }
        if (d.kind() != RouteDecision.Kind.UNICAST || d.route().isEmpty()) {
            return List.of(new NextHop.Unknown(n.name() + "'s route to " + what + " is of a kind netprove does not"
                    + " follow: " + d.kind() + " (" + route + ")"));
        }
        Route r = d.route().get();
        List<io.netprove.model.route.NextHop> hops = r.usableNextHops(false);
        if (hops.isEmpty()) {
            hops = r.nextHops();
        }
        List<NextHop> out = new ArrayList<>();
        for (io.netprove.model.route.NextHop h : hops) {
            out.add(classify(n, dst, what, r, h, route));
        }
        if (out.isEmpty()) {
            out.add(new NextHop.Unknown(n.name() + "'s route to " + what + " has no next hop (" + route + ")"));
        }
        return out;
    }

    private NextHop classify(ClusterContext.NodeInfo n, IpAddress dst, String what, Route r,
                             io.netprove.model.route.NextHop h, String route) {
        String dev = h.device().orElse(null);
        if (h.gateway().isPresent()) {
            IpAddress gw = h.gateway().get();
            for (ClusterContext.NodeInfo m : ctx.nodes()) {
                if (m != n && (m.addresses().contains(gw) || m.podCidrs().stream().anyMatch(p -> p.contains(gw)))) {
                    return toNode(m, dev, n.name() + " routes " + what + " to " + m.name() + " (" + route + ")");
                }
            }
            return new NextHop.Leave(n.name() + " routes " + what + " to gateway " + gw + ", which is not a node: the"
                    + " packet leaves the cluster (" + route + ")");
        }
        for (IpPrefix p : n.podCidrs()) {
            if (p.contains(dst)) {
                return new NextHop.Deliver(n.name(), what + " is a pod of " + n.name() + " (" + route + ")");
            }
        }
        for (ClusterContext.NodeInfo m : ctx.nodes()) {
            if (m != n && (m.addresses().contains(dst) || m.podCidrs().stream().anyMatch(p -> p.contains(dst)))) {
                return toNode(m, dev, n.name() + " sends " + what + " to " + m.name() + " on the link (" + route + ")");
            }
        }
        return new NextHop.Leave(n.name() + " sends " + what + " out of " + (dev == null ? "the node" : dev)
                + " to a host on the link, outside the cluster (" + route + ")");
    }

    /** A next hop to node {@code m} through device {@code dev}: the device tells the encapsulation. */
    private NextHop toNode(ClusterContext.NodeInfo m, String dev, String why) {
        if (dev != null) {
            if (dev.equals("flannel.1")) {
                return new NextHop.ToNode(m.name(), Cni.Encapsulation.VXLAN, 8472, dev, why + ", VXLAN UDP 8472");
            }
            if (dev.equals("vxlan.calico")) {
                return new NextHop.ToNode(m.name(), Cni.Encapsulation.VXLAN, 4789, dev, why + ", VXLAN UDP 4789");
            }
            if (dev.equals("tunl0")) {
                return new NextHop.ToNode(m.name(), Cni.Encapsulation.IPIP, 0, dev, why + ", IPIP");
            }
        }
        return new NextHop.ToNode(m.name(), Cni.Encapsulation.NONE, 0, null, why);
    }

    private static boolean defaultRulesOnly(RoutingState rs, AddressFamily f) {
        List<PolicyRule> defaults = PolicyRule.defaults(f);
        List<PolicyRule> actual = rs.rules(f);
        if (actual.size() != defaults.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (actual.get(i).priority() != defaults.get(i).priority()
                    || !actual.get(i).action().equals(defaults.get(i).action())) {
                return false;
            }
        }
        return true;
    }

    private static String kind(RouteDecision.Kind k) {
        return switch (k) {
            case BLACKHOLE -> "blackhole route";
            case UNREACHABLE -> "unreachable route";
            case PROHIBIT -> "prohibit route";
            case NO_ROUTE -> "no route";
            default -> k.name();
        };
    }

    static String describe(Route r) {
        StringBuilder sb = new StringBuilder();
        if (r.type() != io.netprove.model.route.RouteType.UNICAST) {
            sb.append(r.type().name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        }
        sb.append(r.destination());
        for (io.netprove.model.route.NextHop h : r.nextHops()) {
            h.gateway().ifPresent(g -> sb.append(" via ").append(g));
            h.device().ifPresent(d -> sb.append(" dev ").append(d));
        }
        if (r.location() != null && r.location().line() > 0) {
            sb.append(" at ").append(r.location());
        }
        return sb.toString();
    }

    /**
     * The destinations of {@code family} split by where they go when they leave {@code node}: every region has one
     * list of next hops. The regions are exact: their borders are every prefix that can change the answer (pod
     * subnets, node and MAC-VLAN pod addresses, MAC-VLAN networks, and every route of the node).
     */
    public List<Region> regions(String node, AddressFamily f) {
        String key = node + "/" + f;
        synchronized (regions) {
            List<Region> r = regions.get(key);
            if (r == null) {
                r = computeRegions(node, f);
                regions.put(key, r);
            }
            return r;
        }
    }

    private List<Region> computeRegions(String node, AddressFamily f) {
        List<IpPrefix> borders = new ArrayList<>();
        for (ClusterContext.NodeInfo m : ctx.nodes()) {
            borders.addAll(m.podCidrs());
            for (IpAddress a : m.addresses()) {
                borders.add(IpPrefix.host(a));
            }
        }
        borders.addAll(macvlan);
        for (IpAddress a : macvlanHosts.keySet()) {
            borders.add(IpPrefix.host(a));
        }
        ClusterContext.NodeInfo n = ctx.node(node).orElseThrow();
        routing(n, f).ifPresent(rs -> {
            for (Route r : rs.routes()) {
                if (r.family() == f) {
                    borders.add(r.destination());
                }
            }
        });
        for (IpPrefix p : ctx.intent().cluster().map(ClusterSpec::podNetworks).orElse(List.of())) {
            borders.add(p);
        }
        List<long[]> points = new ArrayList<>();
        points.add(new long[] {0, 0});
        for (IpPrefix p : borders) {
            if (p.family() != f) {
                continue;
            }
            IntervalSet s = IntervalSet.of(p);
            points.add(new long[] {s.startHi(0), s.startLo(0)});
            long hi = s.endHi(0);
            long lo = s.endLo(0);
            if (!isMax(f, hi, lo)) {
                long nlo = lo + 1;
                long nhi = nlo == 0 ? hi + 1 : hi;
                points.add(new long[] {nhi, nlo});
            }
        }
        points.sort((a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compareUnsigned(a[1], b[1]));
        Map<List<NextHop>, IntervalSet> grouped = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            long[] start = points.get(i);
            if (i > 0 && start[0] == points.get(i - 1)[0] && start[1] == points.get(i - 1)[1]) {
                continue;
            }
            long[] end = null;
            for (int j = i + 1; j < points.size(); j++) {
                if (points.get(j)[0] != start[0] || points.get(j)[1] != start[1]) {
                    end = points.get(j);
                    break;
                }
            }
            long endHi;
            long endLo;
            if (end == null) {
                endHi = f == AddressFamily.IPV4 ? 0 : -1L;
                endLo = f == AddressFamily.IPV4 ? 0xffffffffL : -1L;
            } else {
                endLo = end[1] - 1;
                endHi = end[1] == 0 ? end[0] - 1 : end[0];
            }
            IpAddress rep = f == AddressFamily.IPV4 ? IpAddress.v4(start[1]) : IpAddress.v6(start[0], start[1]);
            List<NextHop> hops = next(node, rep, "the destination");
            IntervalSet atom = IntervalSet.range(f.bits(), start[0], start[1], endHi, endLo);
            grouped.merge(hops, atom, IntervalSet::union);
        }
        List<Region> out = new ArrayList<>();
        grouped.forEach((hops, set) -> out.add(new Region(set, List.copyOf(hops))));
        return List.copyOf(out);
    }

    private static boolean isMax(AddressFamily f, long hi, long lo) {
        return f == AddressFamily.IPV4 ? lo == 0xffffffffL : hi == -1L && lo == -1L;
    }

    /**
     * The address a masqueraded packet leaves {@code node} with towards {@code dst}: the route's preferred source,
     * else an address of the route's device, else the node's first declared address of the family.
     */
    public IpAddress masqueradeSource(String node, IpAddress dst) {
        ClusterContext.NodeInfo n = ctx.node(node).orElseThrow();
        Optional<RoutingState> rs = routing(n, dst.family());
        if (rs.isPresent()) {
            RouteDecision d = rs.get().lookup(RouteQuery.forwarded(null, dst, null));
            if (d.route().isPresent()) {
                Route r = d.route().get();
                if (r.preferredSource().isPresent()) {
                    return r.preferredSource().get();
                }
                for (io.netprove.model.route.NextHop h : r.nextHops()) {
                    if (h.device().isPresent()) {
                        for (NetworkInterface i : rs.get().interfaces()) {
                            if (i.name().equals(h.device().get())) {
                                for (InterfaceAddress a : i.addresses()) {
                                    if (a.local().family() == dst.family()) {
                                        return a.local();
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (IpAddress a : n.addresses()) {
            if (a.family() == dst.family()) {
                return a;
            }
        }
        return dst.isV4() ? IpAddress.v4(0) : IpAddress.v6(0, 0);
    }
}
