package io.netprove.verifier.check;

import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.PortSpec;
import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.ServicePort;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.space.IntervalSet;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.topology.PathExtender;
import io.netprove.verifier.topology.Topology;
import io.netprove.model.intent.RouteGateway;
import io.netprove.model.intent.ZoneRoutes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides the statements of an intent on the cluster's nodes. A statement becomes probes (which packets enter which
 * node) and a judge (which outcomes falsify it); {@link ReachChecker} explores, asks Z3, and replays witnesses.
 * <ul>
 * <li>{@code A can reach T}: packets from A to T's addresses (a service's frontends) on the given ports; every path
 * must arrive at T (a service's endpoints), and with {@code directly} without DNAT or source NAT.</li>
 * <li>{@code A cannot reach T}: packets from A to any destination A's traffic can carry into the cluster (for a
 * zone outside the cluster: the node's addresses, load-balancer and external IPs, and the zone's declared routes);
 * no path may arrive at T.</li>
 * <li>{@code some address of A ...}: a source of A for which the statement holds exists (shown as the witness).</li>
 * <li>exposure statements: whether packets from outside the cluster arrive at the service through each frontend
 * kind.</li>
 * </ul>
 * Traffic is followed from the node where it enters to the next nodes ({@link PathExtender}): by the nodes' routes
 * when captured, else by the pod subnets and the declared CNI, with tunnel packets checked on both nodes.
 */
public final class StatementChecker implements AutoCloseable {

    static final String PATHS = "traffic is followed from node to node (routes, tunnels, the next node's rules; at most "
            + Topology.MAX_NODES + " nodes); replies and their return path are not checked";

    private final ClusterContext ctx;
    private final Topology topology;
    private final ReachChecker checker;
    private final ProxiedPaths proxies;

    public StatementChecker(ClusterContext ctx, int timeoutMillis, int maxPaths) {
        this.ctx = ctx;
        this.topology = new Topology(ctx);
        this.checker = new ReachChecker(ctx.nodeStates(), new PathExtender(topology, maxPaths), timeoutMillis,
                maxPaths);
        this.proxies = new ProxiedPaths(this);
    }

    ClusterContext context() {
        return ctx;
    }

    public Verdict check(Statement s) {
        long t0 = System.nanoTime();
        CheckResult r;
        if (s instanceof ReachStatement rs) {
            r = reach(rs);
        } else {
            r = exposure((ExposureStatement) s);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        List<String> approx = new ArrayList<>(r.approximations());
        approx.add(0, PATHS);
        for (String n : topology.notes()) {
            if (!approx.contains(n)) {
                approx.add(n);
            }
        }
        return new Verdict(s.name().orElse(s.text()), s.text(), s.location(), r.status(), r.summary(), r.witnesses(),
                r.reasons(), approx, ms);
    }

    @Override
    public void close() {
        checker.close();
    }

    // ------------------------------------------------------------------ sources and entry points

    /**
     * Part of a source set entering at one node ({@code node} null: on the parent network, straight to MAC-VLAN pods);
     * {@code external} when it comes from outside the cluster; {@code carry} the destinations it can address there.
     */
    record Entry(ClusterContext.NodeInfo node, IntervalSet sources, boolean external, IntervalSet carry) {
        String nodeName() {
            return node == null ? Topology.LAN : node.name();
        }
    }

    /**
     * Where the sources enter and what they can address there. A node's own addresses enter at that node; pod
     * addresses at their node (or at every node when no node's pod subnet holds them); MAC-VLAN pods, like sources
     * outside the cluster, at every node (but a MAC-VLAN pod cannot address its own node) and on the parent
     * network; a zone's {@code routes to ... via pods} also out of the gateway pods' nodes.
     */
    List<Entry> entries(IntervalSet src, AddressFamily f, Optional<String> zone) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : allEntries(src, f, zone)) {
            if (e.node() == null || e.node().entry()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every entry, including those at nodes another shard checks. */
    private List<Entry> allEntries(IntervalSet src, AddressFamily f, Optional<String> zone) {
        List<Entry> out = new ArrayList<>();
        IntervalSet full = IntervalSet.full(f.bits());
        IntervalSet rest = src;
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            IntervalSet own = n.addressSet(f).intersect(rest);
            if (!own.isEmpty()) {
                out.add(new Entry(n, own, false, full));
                rest = rest.minus(own);
            }
        }
        IntervalSet mv = rest.intersect(topology.macvlanNetworks(f));
        rest = rest.minus(mv);
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            IntervalSet pods = ClusterContext.prefixes(n.podCidrs(), f).intersect(rest);
            if (!pods.isEmpty()) {
                out.add(new Entry(n, pods, false, full));
                rest = rest.minus(pods);
            }
        }
        IntervalSet unplaced = rest.intersect(ctx.podNetwork(f));
        if (!unplaced.isEmpty()) {
            for (ClusterContext.NodeInfo n : ctx.nodes()) {
                out.add(new Entry(n, unplaced, false, full));
            }
            rest = rest.minus(unplaced);
        }
        if (!mv.isEmpty()) {
            IntervalSet placed = IntervalSet.empty(f.bits());
            for (ClusterContext.NodeInfo host : ctx.nodes()) {
                IntervalSet hosted = mv.intersect(macvlanPodsOn(host.name(), f));
                placed = placed.union(hosted);
                if (!hosted.isEmpty()) {
                    outsideEntries(hosted, f, zone, host.name(), out);
                }
            }
            if (!mv.minus(placed).isEmpty()) {
                outsideEntries(mv.minus(placed), f, zone, null, out);
            }
        }
        if (!rest.isEmpty()) {
            outsideEntries(rest, f, zone, null, out);
        }
        if (zone.isPresent()) {
            for (ZoneRoutes r : ctx.intent().routeLines(zone.get())) {
                if (r.via().isPresent() && r.via().get() instanceof RouteGateway.ViaPods gw) {
                    IntervalSet dst = routed(r, f);
                    IntervalSet srcs = src.intersect(ctx.zone(new ZoneExpr.ZoneRef(zone.get(),
                            io.netprove.model.netfilter.SourceLocation.NONE), f));
                    for (String host : gatewayNodes(gw)) {
                        ctx.node(host).ifPresent(n -> {
                            if (!srcs.isEmpty() && !dst.isEmpty()) {
                                out.add(new Entry(n, srcs, false, dst));
                            }
                        });
                    }
                }
            }
        }
        return out;
    }

    /**
     * Entries for sources outside the cluster (or MAC-VLAN pods hosted on {@code host}): at every node, the node's
     * own addresses (not the host's own, which its MAC-VLAN children cannot reach), load-balancer and external IPs,
     * and the zone's routes that enter anywhere or at that node; on the parent network, the MAC-VLAN pods.
     */
    private void outsideEntries(IntervalSet sources, AddressFamily f, Optional<String> zone, String host,
                                List<Entry> out) {
        IntervalSet macvlan = topology.macvlanNetworks(f);
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            IntervalSet carry = n.name().equals(host) ? IntervalSet.empty(f.bits()) : n.addressSet(f);
            carry = carry.union(ctx.publishedServiceAddresses(f));
            if (zone.isPresent()) {
                for (ZoneRoutes r : ctx.intent().routeLines(zone.get())) {
                    if (r.via().isEmpty() || r.via().get() instanceof RouteGateway.ViaNode v
                            && v.node().equals(n.name())) {
                        carry = carry.union(routed(r, f));
                    }
                }
            }
            out.add(new Entry(n, sources, true, carry.minus(macvlan)));
        }
        if (!macvlan.isEmpty()) {
            IntervalSet lan = macvlan;
            if (host != null) {
                lan = lan.minus(macvlanPodsOn(host, f));
            }
            out.add(new Entry(null, sources, true, lan));
        }
    }

    private IntervalSet routed(ZoneRoutes r, AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (ZoneExpr e : r.destinations()) {
            s = s.union(ctx.zone(e, f));
        }
        return s;
    }

    private IntervalSet macvlanPodsOn(String node, AddressFamily f) {
        List<IpAddress> ips = new ArrayList<>();
        for (Pod p : ctx.objects().pods()) {
            if (p.nodeName().orElse("").equals(node)) {
                for (IpAddress a : p.podIPs()) {
                    if (a.family() == f && topology.isMacvlan(a)) {
                        ips.add(a);
                    }
                }
            }
        }
        return IntervalSet.points(f.bits(), ips);
    }

    private List<String> gatewayNodes(RouteGateway.ViaPods gw) {
        Set<String> nodes = new LinkedHashSet<>();
        for (Pod p : ctx.pods(gw.pods())) {
            p.nodeName().ifPresent(nodes::add);
        }
        return List.copyOf(nodes);
    }

    /** Destinations a packet from this entry can carry when it reaches the node. */
    private static IntervalSet reachableDestinations(Entry e) {
        return e.carry();
    }

    /**
     * Addresses a packet can really come from: not 0.0.0.0/8, loopback, multicast, class E or broadcast (IPv6: not
     * ::, ::1 or multicast), which the kernel drops as martian sources or which no host sends from.
     */
    static IntervalSet validSources(AddressFamily f) {
        if (f == AddressFamily.IPV4) {
            return IntervalSet.full(32).minus(IntervalSet.of(IpPrefix.parse("0.0.0.0/8")))
                    .minus(IntervalSet.of(IpPrefix.parse("127.0.0.0/8")))
                    .minus(IntervalSet.of(IpPrefix.parse("224.0.0.0/3")));
        }
        return IntervalSet.full(128).minus(IntervalSet.of(IpPrefix.parse("::/127")))
                .minus(IntervalSet.of(IpPrefix.parse("ff00::/8")));
    }

    IntervalSet sourceSet(Source s, AddressFamily f) {
        return rawSourceSet(s, f).intersect(validSources(f));
    }

    private IntervalSet rawSourceSet(Source s, AddressFamily f) {
        if (s instanceof Source.ZoneSource z) {
            return ctx.zone(z.zone(), f);
        }
        if (s instanceof Source.PodSetSource p) {
            return ctx.zone(p.podSet(), f);
        }
        if (s instanceof Source.AddressSource a) {
            return a.prefix().family() == f ? IntervalSet.of(a.prefix()) : IntervalSet.empty(f.bits());
        }
        String node = ((Source.NodeSource) s).node();
        return ctx.node(node).map(n -> n.addressSet(f)).orElse(IntervalSet.empty(f.bits()));
    }

    static Optional<String> zoneName(Source s) {
        if (s instanceof Source.ZoneSource z && z.zone() instanceof ZoneExpr.ZoneRef r) {
            return Optional.of(r.name());
        }
        return Optional.empty();
    }

    private List<Ruleset> rulesets(AddressFamily f) {
        List<Ruleset> out = new ArrayList<>();
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            if (n.simulator(f) != null) {
                out.add(n.simulator(f).ruleset());
            }
        }
        return out;
    }

    /** The traffic a statement's {@code on} list covers (everything when it is empty). */
    private List<Traffic> traffic(List<PortSpec> ports, AddressFamily f) {
        if (ports.isEmpty() || ports.stream().anyMatch(PortSpec::isAny)) {
            return Traffic.everything(f, rulesets(f));
        }
        List<Traffic> out = new ArrayList<>();
        for (PortSpec p : ports) {
            Protocol proto = p.protocol().orElseThrow();
            if (proto.isIcmp()) {
                if ((proto.equals(Protocol.ICMP)) == (f == AddressFamily.IPV4)) {
                    out.addAll(Traffic.icmp(f, rulesets(f)));
                }
            } else if (proto.hasPorts()) {
                IntervalSet range = p.ports().map(r -> IntervalSet.range(16, r.first(), r.last()))
                        .orElse(Traffic.ALL_PORTS);
                out.add(new Traffic(proto, -1, range));
            } else {
                out.add(new Traffic(proto, -1, Traffic.ALL_PORTS));
            }
        }
        return out;
    }

    static HeaderSpace space(AddressFamily f, IntervalSet src, IntervalSet dst, IntervalSet ports) {
        HeaderSpace s = HeaderSpace.all(f).with(Field.SRC_ADDR, src).with(Field.DST_ADDR, dst);
        return s.with(Field.DST_PORT, ports);
    }

    // ------------------------------------------------------------------ targets

    /** The arrival points of a target, for the given traffic (ports of the statement apply to non-service targets). */
    private Arrival arrival(Target t, AddressFamily f, IntervalSet ports) {
        IntervalSet allLocal = IntervalSet.empty(f.bits());
        for (ClusterContext.NodeInfo n : ctx.nodes()) {
            allLocal = allLocal.union(n.addressSet(f));
        }
        if (t instanceof Target.ServiceTarget st) {
            return serviceArrival(servicePorts(st, List.of()), f, allLocal);
        }
        IntervalSet addrs;
        IntervalSet p = ports;
        String what;
        if (t instanceof Target.ZoneTarget z) {
            addrs = ctx.zone(z.zone(), f);
            what = "zone " + z.zone();
        } else if (t instanceof Target.PodSetTarget ps) {
            addrs = ctx.zone(ps.podSet(), f);
            what = ps.podSet().toString();
        } else if (t instanceof Target.AddressTarget a) {
            addrs = a.prefix().family() == f ? IntervalSet.of(a.prefix()) : IntervalSet.empty(f.bits());
            if (a.port().isPresent()) {
                p = p.intersect(IntervalSet.range(16, a.port().getAsInt(), a.port().getAsInt()));
            }
            what = a.toString();
        } else {
            Target.NodeTarget n = (Target.NodeTarget) t;
            addrs = ctx.node(n.node()).map(x -> x.addressSet(f)).orElse(IntervalSet.empty(f.bits()));
            what = "node " + n.node();
        }
        // a forwarded packet to a service IP reaches no host (service IPs are virtual); a packet the node takes in
        // at one of the target's addresses (its own address, or a virtual address it owns, as in IPVS mode) arrives
        Arrival.Box box = new Arrival.Box(addrs.minus(ctx.serviceNetwork(f)), p);
        // a node's own address inside the pod network (its bridge, its tunnel device) is not a pod
        Arrival.Box local = new Arrival.Box(t instanceof Target.AddressTarget ? addrs
                : addrs.minus(ctx.podNetwork(f).minus(ctx.nodeAddresses(f))), p);
        return new Arrival(what, f, List.of(box), List.of(local));
    }

    Arrival serviceArrival(List<ServicePortView> views, AddressFamily f, IntervalSet nodeAddrs) {
        Map<Integer, List<IpAddress>> byPort = new TreeMap<>();
        String what = views.isEmpty() ? "the service" : views.get(0).namespace() + "/" + views.get(0).name();
        for (ServicePortView v : views) {
            for (ServiceEndpoint e : v.endpoints()) {
                if (e.address().family() == f) {
                    byPort.computeIfAbsent(e.port(), k -> new ArrayList<>()).add(e.address());
                }
            }
        }
        List<Arrival.Box> boxes = new ArrayList<>();
        List<Arrival.Box> local = new ArrayList<>();
        for (Map.Entry<Integer, List<IpAddress>> e : byPort.entrySet()) {
            IntervalSet a = IntervalSet.points(f.bits(), e.getValue());
            IntervalSet p = IntervalSet.range(16, e.getKey(), e.getKey());
            boxes.add(new Arrival.Box(a, p));
            local.add(new Arrival.Box(a.intersect(nodeAddrs), p));
        }
        return new Arrival("the endpoints of " + what, f, boxes, local);
    }

    /** The service's ports the statement is about: the named/numbered one, else those matching the on-list. */
    List<ServicePortView> servicePorts(Target.ServiceTarget st, List<PortSpec> on) {
        List<ServicePortView> all = ctx.services().ports(st.namespace(), st.name());
        List<ServicePortView> out = new ArrayList<>();
        for (ServicePortView v : all) {
            if (st.port().isPresent()) {
                String want = st.port().get();
                if (!want.equals(v.port().name()) && !want.equals(Integer.toString(v.port().port()))) {
                    continue;
                }
            }
            if (!on.isEmpty() && on.stream().noneMatch(ps -> ps.admits(v.port().protocol(), v.port().port()))) {
                continue;
            }
            out.add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ reachability

    private CheckResult reach(ReachStatement s) {
        if (s.target() instanceof Target.UrlTarget u) {
            return proxies.url(s, u);
        }
        if (s.target() instanceof Target.ServiceTarget st) {
            if (ctx.services().ports(st.namespace(), st.name()).isEmpty()) {
                return unknown("service " + st.qualifiedName() + " is not in the manifests");
            }
            return s.expectsReachable() ? canReachService(s, st) : cannotReachService(s, st);
        }
        return s.expectsReachable() ? canReach(s) : cannotReach(s);
    }

    /**
     * {@code A cannot reach service S [via KINDS]}: no packet to anything A can address arrives at S's endpoints, and
     * no request through a proxy (an ingress controller routing to S, the API server for sources with API access)
     * reaches them. {@code via} narrows both to the kinds it lists.
     */
    private CheckResult cannotReachService(ReachStatement s, Target.ServiceTarget st) {
        List<Exposure> network = s.via().stream().filter(NETWORK::contains).toList();
        List<Exposure> proxied = s.via().isEmpty() ? PROXIED : s.via().stream().filter(PROXIED::contains).toList();
        CheckResult r = s.via().isEmpty() || !network.isEmpty() ? cannotReach(s) : null;
        if (r != null && r.status() == Status.VIOLATED) {
            return r;
        }
        Legs.Sources src = new Legs.Sources(Legs.perFamily(f -> sourceSet(s.source(), f)), zoneName(s.source()),
                s.source().toString());
        List<ServicePortView> views = servicePorts(st, s.ports());
        CheckResult unknownPart = r != null && r.status() == Status.UNKNOWN ? r : null;
        List<String> holds = new ArrayList<>();
        List<String> approx = new ArrayList<>(r == null ? List.of() : r.approximations());
        for (Exposure x : proxied) {
            Optional<CheckResult> p = proxies.cannotReach(src, st, views, x, List.of(), !s.via().isEmpty());
            if (p.isEmpty()) {
                continue;
            }
            if (p.get().status() == Status.VIOLATED) {
                return p.get();
            }
            if (p.get().status() == Status.UNKNOWN && unknownPart == null) {
                unknownPart = p.get();
            }
            if (p.get().status() == Status.HOLDS) {
                holds.add(x + ": " + p.get().summary());
            }
            approx.addAll(p.get().approximations());
        }
        if (unknownPart != null) {
            return unknownPart;
        }
        if (r == null) {
            return new CheckResult(Status.HOLDS, "proven: " + s.source() + " does not reach " + st.qualifiedName()
                    + " via " + s.via() + (holds.isEmpty() ? "" : " (" + String.join("; ", holds) + ")"), List.of(),
                    List.of(), List.copyOf(new LinkedHashSet<>(approx)));
        }
        if (holds.isEmpty()) {
            return r;
        }
        return new CheckResult(Status.HOLDS, r.summary() + "; nor through a proxy (" + String.join("; ", holds) + ")",
                r.witnesses(), r.reasons(), List.copyOf(new LinkedHashSet<>(approx)));
    }

    static CheckResult unknown(String why) {
        return new CheckResult(Status.UNKNOWN, why, List.of(), List.of(why), List.of());
    }

    /** Runs a forall check, or, for "some address of", searches for a source with no bad path. */
    CheckResult decide(ReachStatement s, List<Probe> probes, PathJudge judge, String sourceText) {
        if (s.quantifier() == Quantifier.EVERY) {
            return checker.check(probes, judge);
        }
        ReachChecker.BadSources bad = checker.badSources(probes, judge);
        if (!bad.reasons().isEmpty()) {
            return new CheckResult(Status.UNKNOWN, "could not be decided: " + bad.reasons().get(0), List.of(),
                    bad.reasons(), List.of());
        }
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet all = sourceSet(s.source(), f);
            IntervalSet good = all.minus(bad.sources().getOrDefault(f, IntervalSet.empty(f.bits())));
            if (!good.isEmpty()) {
                long[] w = good.first();
                IpAddress a = f == AddressFamily.IPV4 ? IpAddress.v4(w[1]) : IpAddress.v6(w[0], w[1]);
                String text = "source " + a + " of " + sourceText + " takes no failing path on any probe";
                Witness witness = sampleWitness(probes, a, text);
                return new CheckResult(Status.HOLDS, text, witness == null ? List.of() : List.of(witness),
                        List.of(), List.of());
            }
        }
        if (!bad.exact()) {
            return new CheckResult(Status.UNKNOWN, "every source of " + sourceText + " may take a failing path, but"
                    + " some of those paths depend on conditions netprove could not separate by source", List.of(),
                    List.of("the failing paths' conditions involve more than the source address"), List.of());
        }
        CheckResult every = checker.check(probes, judge);
        return new CheckResult(Status.VIOLATED, "no address of " + sourceText + " works: "
                + every.summary(), every.witnesses(), every.reasons(), every.approximations());
    }

    Witness sampleWitness(List<Probe> probes, IpAddress src, String text) {
        for (Probe p : probes) {
            if (p.template().family() != src.family() || !p.space().get(Field.SRC_ADDR).contains(src.hi(),
                    src.lo())) {
                continue;
            }
            long[] d = p.space().get(Field.DST_ADDR).first();
            IpAddress dst = src.isV4() ? IpAddress.v4(d[1]) : IpAddress.v6(d[0], d[1]);
            Packet packet = p.template().withSource(src, p.template().protocol().hasPorts() ? 40000
                    : p.template().sourcePort());
            packet = packet.withDestination(dst, p.template().protocol().hasPorts()
                    ? (int) p.space().get(Field.DST_PORT).first()[1] : packet.destinationPort());
            return new Witness(p.node(), packet, checker.simulate(p, packet), text);
        }
        return null;
    }

    /** {@code A can reach T} for zone, pod, address and node targets. */
    private CheckResult canReach(ReachStatement s) {
        List<Probe> probes = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet src = sourceSet(s.source(), f);
            if (src.isEmpty()) {
                continue;
            }
            List<Traffic> traffic = reachTraffic(s, f);
            if (traffic.isEmpty()) {
                return unknown("a 'can reach' statement needs 'on PROTOCOL/PORT' for " + s.target()
                        + " (its pods declare no container ports)");
            }
            for (Traffic t : traffic) {
                Arrival target = arrival(s.target(), f, t.ports());
                IntervalSet dst = target.addresses();
                if (dst.isEmpty()) {
                    notes.add(s.target() + " has no " + (f == AddressFamily.IPV4 ? "IPv4" : "IPv6") + " address");
                    continue;
                }
                Map<IntervalSet, IntervalSet> covered = new java.util.LinkedHashMap<>();
                for (Entry e : entries(src, f, zoneName(s.source()))) {
                    covered.merge(e.sources(), e.carry(), IntervalSet::union);
                    IntervalSet need = dst.intersect(e.carry());
                    if (need.isEmpty()) {
                        continue;
                    }
                    probes.add(new Probe(e.nodeName(), t.template(f), space(f, e.sources(), need, t.ports()),
                            s.source() + " to " + target.description() + " (" + t.describe() + ") on "
                                    + e.nodeName()));
                }
                for (Map.Entry<IntervalSet, IntervalSet> c : covered.entrySet()) {
                    if (!c.getValue().containsAll(dst)) {
                        return notCarried(s, f, c.getKey(), dst.minus(c.getValue()));
                    }
                }
                PathJudge judge = canReachJudge(target, s.directly());
                CheckResult partial = null;
                if (!probes.isEmpty() && s.quantifier() == Quantifier.EVERY) {
                    partial = checker.check(probes, judge);
                    if (partial.status() != Status.HOLDS) {
                        return partial;
                    }
                    probes.clear();
                }
            }
        }
        if (s.quantifier() == Quantifier.SOME) {
            if (probes.isEmpty()) {
                return unknown("no traffic to check for " + s.text());
            }
            AddressFamily f = probes.get(0).template().family();
            Arrival target = arrival(s.target(), f, probes.get(0).space().get(Field.DST_PORT));
            return decide(s, probes, canReachJudge(target, s.directly()), s.source().toString());
        }
        if (!notes.isEmpty() && probes.isEmpty()) {
            return new CheckResult(Status.HOLDS, "every checked path arrives", List.of(), List.of(),
                    List.copyOf(notes));
        }
        return new CheckResult(Status.HOLDS, "proven: every packet from " + s.source() + " to " + s.target()
                + " arrives" + (s.directly() ? " directly (no DNAT, source preserved)" : ""), List.of(), List.of(),
                List.copyOf(notes));
    }

    /** A can-reach statement whose sources cannot even address (part of) the target where they enter. */
    private CheckResult notCarried(ReachStatement s, AddressFamily f, IntervalSet sources, IntervalSet missing) {
        String why = "declare 'zone ... routes to' for the networks its routers send to the nodes";
        IntervalSet mv = topology.macvlanNetworks(f);
        if (!mv.isEmpty() && mv.containsAll(sources)) {
            if (!missing.intersect(ctx.nodeAddresses(f)).isEmpty()) {
                why = "a MAC-VLAN pod cannot reach its own node's address: the node's parent interface does not"
                        + " exchange traffic with its MAC-VLAN children";
            } else if (!missing.intersect(ctx.serviceNetwork(f)).isEmpty()) {
                why = "a MAC-VLAN pod's traffic leaves on the parent network, where service IPs are not routed: no"
                        + " kube-proxy rules are on its path unless extra routes send it through a node";
            }
        }
        return new CheckResult(Status.VIOLATED, "traffic from " + sources + " (" + s.source() + ") cannot carry"
                + " destination " + missing + " into the cluster: " + why, List.of(),
                List.of("destination not routed to the cluster from " + s.source()), List.of());
    }

    /**
     * Ports for a can-reach statement: the on-list (ICMP meaning an echo request: reaching is answering a ping),
     * else the target pods' declared container ports.
     */
    private List<Traffic> reachTraffic(ReachStatement s, AddressFamily f) {
        if (!s.ports().isEmpty()) {
            List<Traffic> out = new ArrayList<>();
            for (Traffic t : traffic(s.ports(), f)) {
                if (!t.protocol().isIcmp() || t.icmpType() == (f == AddressFamily.IPV4 ? 8 : 128)) {
                    out.add(t);
                }
            }
            return out;
        }
        if (s.target() instanceof Target.AddressTarget a && a.port().isPresent()) {
            return List.of(new Traffic(Protocol.TCP, -1, IntervalSet.range(16, a.port().getAsInt(),
                    a.port().getAsInt())));
        }
        if (s.target() instanceof Target.PodSetTarget ps) {
            Map<Protocol, IntervalSet> ports = new TreeMap<>((x, y) -> Integer.compare(x.number(), y.number()));
            for (Pod p : ctx.pods(ps.podSet())) {
                for (var c : p.containers()) {
                    for (var cp : c.ports()) {
                        ports.merge(cp.protocol(), IntervalSet.range(16, cp.containerPort(), cp.containerPort()),
                                IntervalSet::union);
                    }
                }
            }
            List<Traffic> out = new ArrayList<>();
            ports.forEach((proto, set) -> out.add(new Traffic(proto, -1, set)));
            return out;
        }
        return List.of();
    }

    static PathJudge canReachJudge(Arrival target, boolean directly) {
        return path -> {
            if (!path.exact() && path.disposition() == io.netprove.model.packet.Disposition.UNKNOWN) {
                return Judgement.undetermined("an unmodelled target decides the packet's fate");
            }
            List<HeaderSpace> arriving = target.arriving(path);
            if (arriving.isEmpty()) {
                return Judgement.bad("it does not arrive at " + target.description() + " ("
                        + path.disposition() + ")");
            }
            if (!target.allArrive(path)) {
                return Judgement.undetermined("only part of the path's packets arrive at " + target.description());
            }
            if (directly && (path.dnat() || path.snat() || path.masquerade())) {
                return Judgement.bad("it arrives, but not directly: " + (path.dnat() ? "its destination is"
                        + " translated (DNAT)" : "its source is translated (" + (path.masquerade() ? "masquerade"
                        : "SNAT") + ")"));
            }
            return Judgement.good();
        };
    }

    /**
     * Every packet a zone can send into the cluster, as probes: all traffic (every protocol, port and ICMP type the
     * rules distinguish) from the zone's addresses to whatever each entry node lets it address.
     */
    public List<Probe> zoneProbes(String zone) {
        Source src = new Source.ZoneSource(new ZoneExpr.ZoneRef(zone, io.netprove.model.netfilter.SourceLocation.NONE));
        List<Probe> probes = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet set = sourceSet(src, f);
            if (set.isEmpty()) {
                continue;
            }
            for (Traffic t : traffic(List.of(), f)) {
                for (Entry e : entries(set, f, Optional.of(zone))) {
                    IntervalSet dst = reachableDestinations(e);
                    probes.add(new Probe(e.nodeName(), t.template(f), space(f, e.sources(), dst,
                            t.protocol().hasPorts() ? t.ports() : Traffic.ALL_PORTS), zone + " ("
                            + t.describe() + ") entering " + e.nodeName()));
                }
            }
        }
        return probes;
    }

    /** A judge that marks the paths arriving at any endpoint of the service {@code ns/name} as BAD. */
    public PathJudge arrivesAtService(String namespace, String name) {
        List<ServicePortView> views = ctx.services().ports(namespace, name);
        Map<Integer, Arrival> arrivals = new TreeMap<>();
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f.ordinal(), serviceArrival(views, f, ctx.nodeAddresses(f)));
        }
        return path -> {
            if (path.disposition() == io.netprove.model.packet.Disposition.UNKNOWN) {
                return Judgement.undetermined("an unmodelled target decides the packet's fate");
            }
            Arrival a = arrivals.get(path.header().family().ordinal());
            return Judgement.badWithin(a.arriving(path), "it arrives at " + a.description());
        };
    }

    /** The explorer and solver this checker uses (shared by callers that decide many questions on one exploration). */
    public ReachChecker reachChecker() {
        return checker;
    }

    /** {@code A cannot reach T}: no packet from A to anything it can address arrives at T. */
    private CheckResult cannotReach(ReachStatement s) {
        List<Probe> probes = new ArrayList<>();
        List<String> approx = new ArrayList<>();
        Arrival lastTarget = null;
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet src = sourceSet(s.source(), f);
            if (src.isEmpty()) {
                continue;
            }
            List<PortSpec> on = s.target() instanceof Target.ServiceTarget ? List.of() : s.ports();
            List<Traffic> traffic = traffic(on, f);
            if (on.isEmpty() || on.stream().anyMatch(PortSpec::isAny)) {
                approx.add("ICMP is checked with code 0 of every type the rules distinguish");
            }
            Arrival target = s.target() instanceof Target.ServiceTarget st
                    ? serviceArrival(servicePorts(st, s.ports()), f, ctx.nodeAddresses(f))
                    : null;
            for (Traffic t : traffic) {
                Arrival a = target != null ? target : arrival(s.target(), f, t.ports());
                lastTarget = a;
                if (a.isEmpty()) {
                    continue;
                }
                for (Entry e : entries(src, f, zoneName(s.source()))) {
                    IntervalSet dst = reachableDestinations(e);
                    dst = viaRestriction(s, e, f, dst);
                    if (dst.isEmpty()) {
                        continue;
                    }
                    probes.add(new Probe(e.nodeName(), t.template(f), space(f, e.sources(), dst,
                            t.protocol().hasPorts() ? t.ports() : Traffic.ALL_PORTS), s.source() + " ("
                            + t.describe() + ") entering " + e.nodeName()));
                }
            }
        }
        if (lastTarget == null) {
            return unknown("the source " + s.source() + " has no address");
        }
        if (probes.isEmpty() && lastTarget.isEmpty()) {
            return new CheckResult(Status.HOLDS, "nothing can arrive at " + lastTarget.description()
                    + ": it has no addresses (a service without endpoints)", List.of(), List.of(), approx);
        }
        final List<Arrival> targets = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            targets.add(s.target() instanceof Target.ServiceTarget st
                    ? serviceArrival(servicePorts(st, s.ports()), f, ctx.nodeAddresses(f))
                    : null);
        }
        // the arrivals for paths over every port and for paths over the statement's ports, made once
        final List<Arrival> anyPort = new ArrayList<>();
        final List<Arrival> onPorts = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            boolean service = s.target() instanceof Target.ServiceTarget;
            anyPort.add(service ? null : arrival(s.target(), f, Traffic.ALL_PORTS));
            onPorts.add(service ? null : arrival(s.target(), f, portsOf(s, f)));
        }
        // a service's endpoints are reached only with the protocols of its ports (UDP to a TCP endpoint is not)
        Set<Protocol> protocols = new java.util.HashSet<>();
        if (s.target() instanceof Target.ServiceTarget st) {
            servicePorts(st, s.ports()).forEach(v -> protocols.add(v.port().protocol()));
        }
        PathJudge judge = path -> {
            AddressFamily f = path.header().family();
            Arrival a = targets.get(f.ordinal()) != null ? targets.get(f.ordinal())
                    : path.space().get(Field.DST_PORT).isFull() ? anyPort.get(f.ordinal()) : onPorts.get(f.ordinal());
            if (!protocols.isEmpty() && !protocols.contains(path.header().protocol())) {
                return Judgement.good();
            }
            if (path.disposition() == io.netprove.model.packet.Disposition.UNKNOWN) {
                return Judgement.undetermined("an unmodelled target decides the packet's fate");
            }
            if (s.directly() && (path.dnat() || path.snat() || path.masquerade())) {
                return Judgement.good(); // "cannot reach directly": translated packets do not count
            }
            return Judgement.badWithin(a.arriving(path), "it arrives at " + a.description()
                    + (s.directly() ? " directly (no DNAT, source preserved)" : ""));
        };
        CheckResult r = decide(s, probes, judge, s.source().toString());
        if (r.status() == Status.HOLDS && s.quantifier() == Quantifier.EVERY) {
            r = new CheckResult(Status.HOLDS, "proven: no packet from " + s.source() + " reaches " + s.target()
                    + (s.directly() ? " directly (every packet that arrives was translated on the way)" : "")
                    + " (" + probes.size() + " probes)", r.witnesses(), r.reasons(), merge(r.approximations(),
                    approx));
        }
        return r;
    }

    private IntervalSet portsOf(ReachStatement s, AddressFamily f) {
        IntervalSet u = IntervalSet.empty(16);
        for (Traffic t : traffic(s.ports(), f)) {
            u = u.union(t.ports());
        }
        return u.isEmpty() ? Traffic.ALL_PORTS : u;
    }

    static List<String> merge(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    /** With {@code via} on a service target, only that service's frontends of those kinds are destinations. */
    private IntervalSet viaRestriction(ReachStatement s, Entry e, AddressFamily f, IntervalSet dst) {
        if (s.via().isEmpty() || !(s.target() instanceof Target.ServiceTarget st)) {
            return dst;
        }
        IntervalSet allowed = IntervalSet.empty(f.bits());
        for (Frontend fe : frontends(servicePorts(st, s.ports()), s.via(), e, f)) {
            allowed = allowed.union(IntervalSet.of(fe.address()));
        }
        return dst.intersect(allowed);
    }

    // ------------------------------------------------------------------ services

    /** The frontends of the given kinds an entry can use (NodePorts only on the entry node's own addresses). */
    List<Frontend> frontends(List<ServicePortView> views, List<Exposure> kinds, Entry e, AddressFamily f) {
        List<Frontend> out = new ArrayList<>();
        if (e.node() == null) {
            return out; // the parent network reaches MAC-VLAN pods, not services
        }
        for (ServicePortView v : views) {
            ServicePort p = v.port();
            for (Exposure k : kinds) {
                switch (k) {
                    case CLUSTERIP -> v.clusterIPs().stream().filter(a -> a.family() == f)
                            .forEach(a -> out.add(new Frontend(k, a, p.port(), p.protocol(), v.key())));
                    case NODEPORT -> {
                        if (v.hasNodePort()) {
                            e.node().addresses().stream().filter(a -> a.family() == f)
                                    .forEach(a -> out.add(new Frontend(k, a, p.nodePort(), p.protocol(), v.key())));
                        }
                    }
                    case LOADBALANCER -> v.loadBalancerIPs().stream().filter(a -> a.family() == f)
                            .forEach(a -> out.add(new Frontend(k, a, p.port(), p.protocol(), v.key())));
                    case EXTERNALIP -> v.externalIPs().stream().filter(a -> a.family() == f)
                            .forEach(a -> out.add(new Frontend(k, a, p.port(), p.protocol(), v.key())));
                    case HOSTPORT, HOSTNETWORK -> {
                        for (Frontend fe : PodFrontends.frontends(ctx, PodFrontends.backing(ctx, v), List.of(k), f,
                                v.key())) {
                            if (e.carry().contains(fe.address().hi(), fe.address().lo())) {
                                out.add(fe);
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
        }
        return out;
    }

    static final List<Exposure> INSIDE_DEFAULT = List.of(Exposure.CLUSTERIP);
    static final List<Exposure> OUTSIDE_DEFAULT = List.of(Exposure.NODEPORT, Exposure.LOADBALANCER,
            Exposure.EXTERNALIP, Exposure.HOSTPORT, Exposure.HOSTNETWORK);
    /** Kinds whose frontends are addresses and ports a packet is sent to. */
    static final List<Exposure> NETWORK = List.of(Exposure.CLUSTERIP, Exposure.NODEPORT, Exposure.LOADBALANCER,
            Exposure.EXTERNALIP, Exposure.HOSTPORT, Exposure.HOSTNETWORK);
    /** Kinds reached through a proxy that opens a second connection (ingress controller, API server). */
    static final List<Exposure> PROXIED = List.of(Exposure.INGRESS, Exposure.PORT_FORWARD, Exposure.API_PROXY);

    /**
     * {@code A can reach service S [via X] [only via X]}: the network kinds through the service's frontends, each
     * proxied kind through its proxy; with {@code only via}, the other kinds must not work for A.
     */
    private CheckResult canReachService(ReachStatement s, Target.ServiceTarget st) {
        List<ServicePortView> views = servicePorts(st, s.ports());
        if (views.isEmpty()) {
            return unknown("service " + st.qualifiedName() + " has no port matching " + s.ports());
        }
        List<Exposure> network = s.via().stream().filter(NETWORK::contains).toList();
        List<Exposure> proxied = s.via().stream().filter(PROXIED::contains).toList();
        CheckResult r = null;
        if (s.via().isEmpty() || !network.isEmpty()) {
            r = canReachNetwork(s, st, views, network);
            if (r.status() != Status.HOLDS) {
                return r;
            }
        }
        for (Exposure x : proxied) {
            CheckResult p = proxies.canReach(s, st, views, x);
            if (p.status() != Status.HOLDS) {
                return p;
            }
            r = r == null ? p : ProxiedPaths.both(r, p);
        }
        if (!s.onlyVia()) {
            return r;
        }
        List<Exposure> others = new ArrayList<>(NETWORK);
        others.removeAll(s.via());
        CheckResult rest = notThrough(s.source(), zoneName(s.source()), st, views, others, null);
        if (rest.status() == Status.HOLDS) {
            Legs.Sources src = new Legs.Sources(Legs.perFamily(f -> sourceSet(s.source(), f)), zoneName(s.source()),
                    s.source().toString());
            for (Exposure x : PROXIED) {
                if (s.via().contains(x)) {
                    continue;
                }
                Optional<CheckResult> p = proxies.cannotReach(src, st, views, x, List.of(), false);
                if (p.isPresent() && p.get().status() != Status.HOLDS) {
                    rest = p.get();
                    break;
                }
                if (p.isPresent()) {
                    rest = new CheckResult(Status.HOLDS, rest.summary(), List.of(), List.of(),
                            merge(rest.approximations(), p.get().approximations()));
                }
            }
        }
        if (rest.status() == Status.HOLDS) {
            return new CheckResult(Status.HOLDS, r.summary() + "; and no other frontend works for " + s.source(),
                    r.witnesses(), List.of(), merge(r.approximations(), rest.approximations()));
        }
        return new CheckResult(rest.status(), "reachable via " + s.via() + ", but also otherwise: "
                + rest.summary(), rest.witnesses(), rest.reasons(), rest.approximations());
    }

    /** {@code A can reach service S [via network kinds]}: every frontend A can send to leads to an endpoint. */
    private CheckResult canReachNetwork(ReachStatement s, Target.ServiceTarget st, List<ServicePortView> views,
                                        List<Exposure> via) {
        List<Probe> probes = new ArrayList<>();
        List<String> used = new ArrayList<>();
        Set<String> hostPorts = new LinkedHashSet<>();
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet src = sourceSet(s.source(), f);
            if (src.isEmpty()) {
                continue;
            }
            for (Entry e : entries(src, f, zoneName(s.source()))) {
                List<Exposure> kinds = via.isEmpty() ? (e.external() ? OUTSIDE_DEFAULT : INSIDE_DEFAULT) : via;
                IntervalSet carry = reachableDestinations(e);
                for (Frontend fe : frontends(views, kinds, e, f)) {
                    if (!carry.contains(fe.address().hi(), fe.address().lo())) {
                        continue;
                    }
                    Traffic t = new Traffic(fe.protocol(), -1, IntervalSet.range(16, fe.port(), fe.port()));
                    probes.add(new Probe(e.nodeName(), t.template(f),
                            space(f, e.sources(), IntervalSet.of(fe.address()), t.ports()),
                            s.source() + " to " + fe.text() + " of " + fe.of() + " on " + e.nodeName()));
                    used.add(fe.text());
                    if (fe.kind() == Exposure.HOSTPORT) {
                        hostPorts.add(fe.address().withPort(fe.port()));
                    }
                }
            }
        }
        if (probes.isEmpty() && ctx.nodes().stream().anyMatch(n -> !n.entry())) {
            return new CheckResult(Status.HOLDS, "no frontend of " + st.qualifiedName() + " is entered at this"
                    + " shard's nodes", List.of(), List.of(), List.of());
        }
        if (probes.isEmpty()) {
            boolean macvlan = false;
            for (AddressFamily f : AddressFamily.values()) {
                IntervalSet src = sourceSet(s.source(), f);
                macvlan |= !src.isEmpty() && topology.macvlanNetworks(f).containsAll(src);
            }
            return new CheckResult(Status.VIOLATED, "service " + st.qualifiedName() + " has no frontend "
                    + s.source() + " can send to" + (via.isEmpty() ? "" : " via " + via) + " (type "
                    + views.get(0).service().type() + ")" + (macvlan ? ": MAC-VLAN pods' traffic leaves on the"
                    + " parent network, where service IPs are not routed" : ""), List.of(),
                    List.of("no ClusterIP, NodePort, load-balancer or external IP, hostPort or host-network pod of"
                            + " the service is reachable from the source's side of the network"), List.of());
        }
        Map<Integer, Arrival> arrivals = new TreeMap<>();
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f.ordinal(), serviceArrival(views, f, ctx.nodeAddresses(f)));
        }
        PathJudge judge = path -> canReachJudge(arrivals.get(path.header().family().ordinal()), s.directly())
                .judge(path);
        CheckResult r = decide(s, probes, judge, s.source().toString());
        if (r.status() == Status.HOLDS && s.quantifier() == Quantifier.EVERY) {
            r = new CheckResult(Status.HOLDS, "proven: every packet from " + s.source() + " to "
                    + String.join(", ", new LinkedHashSet<>(used)) + " arrives at an endpoint of "
                    + st.qualifiedName(), r.witnesses(), r.reasons(), r.approximations());
        }
        return r.status() == Status.VIOLATED ? withHostPortHint(r, hostPorts) : r;
    }

    /**
     * A witness to a hostPort that the node takes in itself means that no DNAT rule publishes the port there: the
     * CNI portmap plugin (its CNI-HOSTPORT-DNAT chain) is missing or does not know the pod.
     */
    private static CheckResult withHostPortHint(CheckResult r, Set<String> hostPorts) {
        for (Witness w : r.witnesses()) {
            String dst = w.packet().destinationText();
            boolean local = w.outcomes().stream().anyMatch(o -> o.disposition()
                    == io.netprove.model.packet.Disposition.LOCAL && o.finalPacket().destinationText().equals(dst));
            if (hostPorts.contains(dst) && local) {
                return new CheckResult(r.status(), r.summary() + "; no DNAT rule on " + w.node() + " publishes"
                        + " hostPort " + dst + " (the CNI portmap plugin's CNI-HOSTPORT-DNAT chain does not send it"
                        + " to the pod), so the node takes the packet in itself", r.witnesses(), r.reasons(),
                        r.approximations());
            }
        }
        return r;
    }

    /**
     * No packet from the source (a {@link Source}, or the fixed address sets when {@code fixed} is given) to the
     * service's frontends of the given kinds arrives at its endpoints.
     */
    private CheckResult notThrough(Object source, Optional<String> zone, Target.ServiceTarget st,
                                   List<ServicePortView> views, List<Exposure> kinds, Map<AddressFamily,
            IntervalSet> fixed) {
        List<Probe> probes = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet src = fixed != null ? fixed.getOrDefault(f, IntervalSet.empty(f.bits()))
                    : sourceSet((Source) source, f);
            if (src.isEmpty()) {
                continue;
            }
            for (Entry e : entries(src, f, zone)) {
                IntervalSet carry = reachableDestinations(e);
                for (Frontend fe : frontends(views, kinds, e, f)) {
                    if (!carry.contains(fe.address().hi(), fe.address().lo())) {
                        continue;
                    }
                    Traffic t = new Traffic(fe.protocol(), -1, IntervalSet.range(16, fe.port(), fe.port()));
                    probes.add(new Probe(e.nodeName(), t.template(f),
                            space(f, e.sources(), IntervalSet.of(fe.address()), t.ports()),
                            source + " to " + fe.text() + " of " + fe.of() + " on " + e.nodeName()));
                }
            }
        }
        Map<Integer, Arrival> arrivals = new TreeMap<>();
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f.ordinal(), serviceArrival(views, f, ctx.nodeAddresses(f)));
        }
        PathJudge judge = path -> {
            Arrival a = arrivals.get(path.header().family().ordinal());
            return Judgement.badWithin(a.arriving(path), "it arrives at " + a.description());
        };
        return checker.check(probes, judge);
    }

    // ------------------------------------------------------------------ exposure statements

    private CheckResult exposure(ExposureStatement s) {
        Target.ServiceTarget st = s.service();
        List<ServicePortView> views = servicePorts(st, List.of());
        if (views.isEmpty()) {
            return unknown("service " + st.qualifiedName() + " is not in the manifests");
        }
        Map<AddressFamily, IntervalSet> outside = new java.util.EnumMap<>(AddressFamily.class);
        for (AddressFamily f : AddressFamily.values()) {
            outside.put(f, ctx.outside(f).intersect(validSources(f)));
        }
        String who = "outside the cluster";
        Legs.Sources from = new Legs.Sources(outside, Optional.empty(), who);
        switch (s.claim()) {
            case NOT_EXPOSED -> {
                CheckResult r = notThrough(who, Optional.empty(), st, views, NETWORK, outside);
                if (r.status() != Status.HOLDS) {
                    return r;
                }
                CheckResult p = notProxied(st, views, PROXIED, from);
                if (p.status() != Status.HOLDS) {
                    return p;
                }
                return new CheckResult(Status.HOLDS, "proven: no packet from outside the cluster arrives at "
                        + st.qualifiedName() + " through its ClusterIP, NodePorts, load-balancer or external IPs,"
                        + " hostPorts or host-network pods" + (p.summary().isEmpty() ? "" : "; " + p.summary()),
                        List.of(), List.of(), merge(r.approximations(), p.approximations()));
            }
            case EXPOSED_AS, EXPOSED_ONLY_VIA -> {
                List<Witness> witnesses = new ArrayList<>();
                List<String> approx = new ArrayList<>();
                List<String> how = new ArrayList<>();
                for (Exposure x : s.exposures()) {
                    CheckResult r = PROXIED.contains(x) ? proxies.exposed(st, views, x, from)
                            : exposedVia(st, views, x, outside);
                    if (r.status() != Status.HOLDS) {
                        return r;
                    }
                    if (PROXIED.contains(x)) {
                        how.add(r.summary());
                    }
                    witnesses.addAll(r.witnesses());
                    approx.addAll(r.approximations());
                }
                if (s.claim() == ExposureStatement.Claim.EXPOSED_ONLY_VIA) {
                    List<Exposure> others = new ArrayList<>(NETWORK);
                    others.removeAll(s.exposures());
                    others.remove(Exposure.CLUSTERIP);
                    CheckResult rest = notThrough(who, Optional.empty(), st, views, others, outside);
                    if (rest.status() == Status.HOLDS) {
                        List<Exposure> otherProxies = new ArrayList<>(PROXIED);
                        otherProxies.removeAll(s.exposures());
                        CheckResult p = notProxied(st, views, otherProxies, from);
                        rest = p.status() == Status.HOLDS ? new CheckResult(Status.HOLDS, rest.summary(), List.of(),
                                List.of(), merge(rest.approximations(), p.approximations())) : p;
                    }
                    if (rest.status() != Status.HOLDS) {
                        return new CheckResult(rest.status(), "exposed as " + s.exposures() + ", but also"
                                + " otherwise: " + rest.summary(), rest.witnesses(), rest.reasons(),
                                rest.approximations());
                    }
                    approx.addAll(rest.approximations());
                }
                return new CheckResult(Status.HOLDS, "exposed as " + s.exposures() + " (a witness packet for each"
                        + (how.isEmpty() ? "" : "; " + String.join("; ", how)) + ")", witnesses, List.of(),
                        List.copyOf(new LinkedHashSet<>(approx)));
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * No request from outside the cluster reaches the service through the given proxied kinds (those that apply:
     * an ingress controller whose Ingresses route to it, the API server for zones outside with API access).
     */
    private CheckResult notProxied(Target.ServiceTarget st, List<ServicePortView> views, List<Exposure> kinds,
                                   Legs.Sources from) {
        List<String> said = new ArrayList<>();
        List<String> approx = new ArrayList<>();
        for (Exposure x : kinds) {
            Optional<CheckResult> p = proxies.cannotReach(from, st, views, x, List.of(), false);
            if (p.isEmpty()) {
                continue;
            }
            if (p.get().status() != Status.HOLDS) {
                return p.get();
            }
            said.add(x + ": " + p.get().summary());
            approx.addAll(p.get().approximations());
        }
        return new CheckResult(Status.HOLDS, String.join("; ", said), List.of(), List.of(), approx);
    }

    /** Some packet (from outside, or from the pods for clusterip) reaches the service through a frontend of kind x. */
    private CheckResult exposedVia(Target.ServiceTarget st, List<ServicePortView> views, Exposure x,
                                   Map<AddressFamily, IntervalSet> outside) {
        List<Probe> probes = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            IntervalSet src = x == Exposure.CLUSTERIP ? ctx.podNetwork(f) : outside.get(f);
            if (src.isEmpty()) {
                continue;
            }
            for (Entry e : entries(src, f, Optional.empty())) {
                for (Frontend fe : frontends(views, List.of(x), e, f)) {
                    Traffic t = new Traffic(fe.protocol(), -1, IntervalSet.range(16, fe.port(), fe.port()));
                    probes.add(new Probe(e.nodeName(), t.template(f),
                            space(f, e.sources(), IntervalSet.of(fe.address()), t.ports()),
                            "to " + fe.text() + " of " + fe.of() + " on " + e.nodeName()));
                }
            }
        }
        String name = x.keyword();
        if (probes.isEmpty()) {
            String why = x == Exposure.HOSTPORT ? "no pod of the service publishes its target port as a hostPort on a"
                    + " declared node" : x == Exposure.HOSTNETWORK ? "no pod of the service runs on the host network"
                    + " of a declared node" : "the service defines no " + name + " address or port";
            return new CheckResult(Status.VIOLATED, st.qualifiedName() + " has no " + name + " frontend",
                    List.of(), List.of(why), List.of());
        }
        Map<Integer, Arrival> arrivals = new TreeMap<>();
        for (AddressFamily f : AddressFamily.values()) {
            arrivals.put(f.ordinal(), serviceArrival(views, f, ctx.nodeAddresses(f)));
        }
        PathJudge wanted = path -> {
            Arrival a = arrivals.get(path.header().family().ordinal());
            return Judgement.badWithin(a.arriving(path), "it arrives at " + a.description());
        };
        return checker.find(probes, wanted, "exposed as " + name,
                "no packet from " + (x == Exposure.CLUSTERIP ? "the pods" : "outside the cluster") + " reaches "
                        + st.qualifiedName() + " through a " + name + " frontend");
    }
}
