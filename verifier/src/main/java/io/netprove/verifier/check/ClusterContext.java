package io.netprove.verifier.check;

import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.NodeSpec;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.node.NodeState;
import io.netprove.model.space.IntervalSet;
import io.netprove.verifier.cluster.ServiceCatalog;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a statement is checked against: the intent (zones, cluster settings), the cluster's objects and service
 * catalogue, and each node's addresses, pod ranges and simulators. Zones evaluate to sets of addresses here.
 */
public final class ClusterContext {

    /**
     * One node: its addresses, the pod ranges routed to it, its captured state and its simulators. The state of a
     * node a shard does not walk is read only when a path first goes there ({@code entry} false).
     */
    public static final class NodeInfo {
        private final String name;
        private final List<IpAddress> addresses;
        private final List<IpPrefix> podCidrs;
        private final boolean entry;
        private java.util.function.Supplier<NodeState> loader;
        private NodeState state;
        private NetfilterSimulator v4;
        private NetfilterSimulator v6;

        NodeInfo(String name, List<IpAddress> addresses, List<IpPrefix> podCidrs, boolean entry,
                 java.util.function.Supplier<NodeState> loader) {
            this.name = name;
            this.addresses = List.copyOf(addresses);
            this.podCidrs = List.copyOf(podCidrs);
            this.entry = entry;
            this.loader = loader;
        }

        public String name() {
            return name;
        }

        public List<IpAddress> addresses() {
            return addresses;
        }

        public List<IpPrefix> podCidrs() {
            return podCidrs;
        }

        /** True if traffic is checked entering at this node (false: a shard's other nodes, followed into only). */
        public boolean entry() {
            return entry;
        }

        /** The captured state, or null when none was captured. */
        public synchronized NodeState state() {
            if (loader != null) {
                state = loader.get();
                loader = null;
                if (state != null) {
                    NodeContext ctx = nodeContext(addresses, state);
                    v4 = ClusterContext.simulator(state, AddressFamily.IPV4, ctx);
                    v6 = ClusterContext.simulator(state, AddressFamily.IPV6, ctx);
                }
            }
            return state;
        }

        public NetfilterSimulator v4() {
            state();
            return v4;
        }

        public NetfilterSimulator v6() {
            state();
            return v6;
        }

        public NetfilterSimulator simulator(AddressFamily f) {
            return f == AddressFamily.IPV4 ? v4() : v6();
        }

        public IntervalSet addressSet(AddressFamily f) {
            return IntervalSet.points(f.bits(), addresses.stream().filter(a -> a.family() == f).toList());
        }
    }

    private final Intent intent;
    private final ClusterObjects objects;
    private final ServiceCatalog services;
    private final Map<String, NodeInfo> nodes;

    private ClusterContext(Intent intent, ClusterObjects objects, ServiceCatalog services, Map<String, NodeInfo> nodes) {
        this.intent = intent;
        this.objects = objects;
        this.services = services;
        this.nodes = nodes;
    }

    /** Builds the context; {@code states} holds the captured state of the intent's nodes (by name). */
    public static ClusterContext of(Intent intent, ClusterObjects objects, Map<String, NodeState> states) {
        return of(intent, objects, states, null);
    }

    /**
     * Builds the context of a shard: traffic enters only at the nodes of {@code states}; the others' states are read
     * with {@code others} when a path first crosses into them ({@code others} null: every node is an entry node,
     * and a node missing from {@code states} was not captured).
     */
    public static ClusterContext of(Intent intent, ClusterObjects objects, Map<String, NodeState> states,
                                    java.util.function.Function<String, NodeState> others) {
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        ClusterSpec spec = intent.cluster().orElse(null);
        if (spec != null) {
            for (NodeSpec n : spec.nodes()) {
                boolean entry = others == null || states.containsKey(n.name());
                NodeState st = states.get(n.name());
                java.util.function.Supplier<NodeState> loader = entry ? () -> st : () -> others.apply(n.name());
                nodes.put(n.name(), new NodeInfo(n.name(), n.addresses(), podCidrs(n.name(), objects), entry,
                        loader));
            }
        }
        return new ClusterContext(intent, objects, ServiceCatalog.of(objects), nodes);
    }

    /**
     * The node as the simulator sees it: its declared addresses plus the local addresses of its routing capture (or,
     * in IPVS mode without one, the virtual service addresses kube-proxy binds to kube-ipvs0), its IPVS virtual
     * servers and its ipsets.
     */
    public static NodeContext nodeContext(List<IpAddress> declared, NodeState st) {
        java.util.Set<IpAddress> local = new HashSet<>(declared);
        st.routing().ifPresent(r -> r.localAddresses().stream().filter(IpPrefix::isHost)
                .forEach(p -> local.add(p.network())));
        if (st.routing().isEmpty() && st.ipvs().isPresent()) {
            for (io.netprove.model.ipvs.VirtualService vs : st.ipvs().get().services()) {
                if (vs.key() instanceof io.netprove.model.ipvs.VirtualServiceKey.ByAddress a) {
                    local.add(a.address());
                }
            }
        }
        return new NodeContext(local, null, st.ipvs().orElse(null), st.ipsets().orElse(null));
    }

    /**
     * The simulator of a node for one family: its iptables ruleset of that family and its nftables tables, or null
     * when neither was captured.
     */
    static NetfilterSimulator simulator(NodeState st, AddressFamily f, NodeContext ctx) {
        java.util.Optional<io.netprove.model.netfilter.Ruleset> rs = f == AddressFamily.IPV4 ? st.iptables()
                : st.ip6tables();
        List<io.netprove.model.nft.NftTable> nft = st.nft().map(n -> n.tables()).orElse(List.of());
        String own = f == AddressFamily.IPV4 ? "ip" : "ip6";
        boolean anyNft = nft.stream().anyMatch(t -> t.family().equals(own) || t.family().equals("inet"));
        if (rs.isEmpty() && !anyNft) {
            return null;
        }
        io.netprove.model.netfilter.Ruleset base = rs.orElseGet(() -> new io.netprove.model.netfilter.Ruleset(f,
                java.util.Map.of(), List.of(), List.of(), List.of()));
        return new NetfilterSimulator(base, nft, ctx);
    }

    /** The pod ranges of a node: its Node object's podCIDRs, else the addresses of the pods scheduled on it. */
    private static List<IpPrefix> podCidrs(String node, ClusterObjects objects) {
        List<IpPrefix> out = new ArrayList<>();
        for (Node n : objects.nodes()) {
            if (n.metadata().name().equals(node)) {
                out.addAll(n.podCIDRs());
            }
        }
        if (out.isEmpty()) {
            for (Pod p : objects.pods()) {
                if (!p.hostNetwork() && p.nodeName().orElse("").equals(node)) {
                    for (IpAddress a : p.podIPs()) {
                        out.add(IpPrefix.host(a));
                    }
                }
            }
        }
        return out;
    }

    public Intent intent() {
        return intent;
    }

    public ClusterObjects objects() {
        return objects;
    }

    public ServiceCatalog services() {
        return services;
    }

    public List<NodeInfo> nodes() {
        return List.copyOf(nodes.values());
    }

    public Optional<NodeInfo> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The simulator lookup the checker uses. */
    public NodeStates nodeStates() {
        return (name, family) -> {
            NodeInfo n = nodes.get(name);
            return n == null ? null : n.simulator(family);
        };
    }

    private List<IpPrefix> podNetworks() {
        return intent.cluster().map(ClusterSpec::podNetworks).orElse(List.of());
    }

    private List<IpPrefix> serviceNetworks() {
        return intent.cluster().map(ClusterSpec::serviceNetworks).orElse(List.of());
    }

    public IntervalSet podNetwork(AddressFamily f) {
        return prefixes(podNetworks(), f);
    }

    public IntervalSet serviceNetwork(AddressFamily f) {
        IntervalSet s = prefixes(serviceNetworks(), f);
        for (ServicePortView v : services.ports()) {
            for (IpAddress a : v.clusterIPs()) {
                if (a.family() == f) {
                    s = s.union(IntervalSet.of(a));
                }
            }
        }
        return s;
    }

    public IntervalSet nodeAddresses(AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (NodeInfo n : nodes.values()) {
            s = s.union(n.addressSet(f));
        }
        return s;
    }

    /** Pods, services and nodes: what is "inside" the cluster. */
    public IntervalSet cluster(AddressFamily f) {
        return podNetwork(f).union(serviceNetwork(f)).union(nodeAddresses(f));
    }

    /** Everything outside the cluster. */
    public IntervalSet outside(AddressFamily f) {
        return cluster(f).complement();
    }

    /** Load-balancer ingress IPs and external IPs of every service: addresses routed to the nodes from anywhere. */
    public IntervalSet publishedServiceAddresses(AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (ServicePortView v : services.ports()) {
            for (IpAddress a : v.loadBalancerIPs()) {
                if (a.family() == f) {
                    s = s.union(IntervalSet.of(a));
                }
            }
            for (IpAddress a : v.externalIPs()) {
                if (a.family() == f) {
                    s = s.union(IntervalSet.of(a));
                }
            }
        }
        return s;
    }

    /** The extra destinations a zone declares its traffic can carry into the cluster ({@code zone Z routes to}). */
    public IntervalSet routesOf(String zone, AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (ZoneExpr e : intent.routesOf(zone)) {
            s = s.union(zone(e, f));
        }
        return s;
    }

    /** The pods a pod set selects. */
    public List<Pod> pods(ZoneExpr.PodSet set) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : objects.pods()) {
            if (set.matches(p.metadata().namespace().orElse("default"), p.metadata().labels())) {
                out.add(p);
            }
        }
        return out;
    }

    /** The addresses a zone expression stands for, in one family. */
    public IntervalSet zone(ZoneExpr e, AddressFamily f) {
        return zone(e, f, new HashSet<>());
    }

    private IntervalSet zone(ZoneExpr e, AddressFamily f, Set<String> visiting) {
        int bits = f.bits();
        if (e instanceof ZoneExpr.Cidrs c) {
            return prefixes(c.prefixes(), f);
        }
        if (e instanceof ZoneExpr.ZoneRef r) {
            if (!visiting.add(r.name())) {
                throw new IllegalStateException("zone cycle through " + r.name());
            }
            IntervalSet s = intent.zone(r.name()).map(z -> zone(z.expr(), f, visiting))
                    .orElseThrow(() -> new IllegalStateException("unknown zone " + r.name()));
            visiting.remove(r.name());
            return s;
        }
        if (e instanceof ZoneExpr.Builtin b) {
            return switch (b.zone()) {
                case PODS -> podNetwork(f);
                case SERVICES -> serviceNetwork(f);
                case NODES -> nodeAddresses(f);
                case CLUSTER -> cluster(f);
            };
        }
        if (e instanceof ZoneExpr.PodSet p) {
            List<IpAddress> ips = new ArrayList<>();
            for (Pod pod : pods(p)) {
                for (IpAddress a : pod.podIPs()) {
                    if (a.family() == f) {
                        ips.add(a);
                    }
                }
            }
            return IntervalSet.points(bits, ips);
        }
        if (e instanceof ZoneExpr.Union u) {
            IntervalSet s = IntervalSet.empty(bits);
            for (ZoneExpr m : u.members()) {
                s = s.union(zone(m, f, visiting));
            }
            return s;
        }
        if (e instanceof ZoneExpr.Except x) {
            return zone(x.base(), f, visiting).minus(zone(x.excluded(), f, visiting));
        }
        return IntervalSet.full(bits);
    }

    static IntervalSet prefixes(List<IpPrefix> prefixes, AddressFamily f) {
        IntervalSet s = IntervalSet.empty(f.bits());
        for (IpPrefix p : prefixes) {
            if (p.family() == f) {
                s = s.union(IntervalSet.of(p));
            }
        }
        return s;
    }
}
