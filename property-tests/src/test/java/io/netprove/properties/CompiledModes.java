package io.netprove.properties;

import io.netprove.compiler.CompiledNode;
import io.netprove.compiler.KubeProxyCompiler;
import io.netprove.compiler.KubeProxyConfig;
import io.netprove.compiler.KubeProxyMode;
import io.netprove.compiler.LocalTrafficDetector;
import io.netprove.compiler.ipvs.IpvsModeOutput;
import io.netprove.compiler.ipvs.VirtualServer;
import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.ipset.IpsetFrontEnd;
import io.netprove.grammar.ipvs.IpvsFrontEnd;
import io.netprove.grammar.nft.NftFrontEnd;
import io.netprove.model.ipset.IpSets;
import io.netprove.model.ipvs.IpvsState;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Service;
import io.netprove.model.k8s.TrafficPolicy;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.nft.NftTable;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.RuleBoundaries;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One cluster compiled by {@link KubeProxyCompiler} in kube-proxy's three modes for one node, each read back with
 * netprove's front ends (iptables-save; ipvsadm-save, ipset save and iptables-save; nft) into a simulator, and the
 * comparison of a packet's fates across them with the documented differences of the modes (the list of
 * compiler's CrossModeSimulationTest and verifier's CrossModeEquivalenceTest).
 */
final class CompiledModes {

    static final IpAddress NODE = IpAddress.parse("192.168.0.2");
    static final IpPrefix SERVICE_CIDR = IpPrefix.parse("10.96.0.0/16");
    static final IpPrefix CLUSTER_CIDR = IpPrefix.parse("10.244.0.0/16");

    /** How the modes are known to differ. */
    enum Difference {
        /**
         * iptables mode (IPv4, --iptables-localhost-nodeports, the default) answers NodePorts on 127.0.0.1 and turns
         * route_localnet on (and guards it with "block incoming localnet connections"); IPVS and nftables modes skip
         * loopback addresses for NodePorts and leave route_localnet alone (off by default): packets to a loopback
         * NodePort, and packets with a loopback source that leave the node, differ.
         */
        LOCALHOST_NODE_PORTS,
        /**
         * A load balancer with source ranges and no endpoints: iptables mode rejects every client (its firewall chain
         * exists only when the service has endpoints: usesFWChain), nftables and IPVS modes drop the clients outside
         * the ranges first (nftables' firewall-check before DNAT; IPVS's KUBE-LOAD-BALANCER-FW and
         * KUBE-LOAD-BALANCER-SOURCE-CIDR sets), whatever the endpoints.
         */
        LOAD_BALANCER_SOURCE_RANGES_WITHOUT_ENDPOINTS,
        /**
         * nftables: a ClusterIP on a port no service uses is rejected (cluster-ips-check), an unallocated address of
         * the service CIDR dropped; iptables mode leaves the packet alone.
         */
        NFT_SERVICE_CIDR_CHECK,
        /**
         * nftables: the node's own traffic to the load-balancer or external IP of an externalTrafficPolicy=Local
         * service without a local endpoint is dropped (filter-output's service-endpoints-check runs before the
         * DNAT); iptables mode short-circuits it to a remote endpoint.
         */
        NFT_NODE_TO_LOCAL_POLICY_EXTERNAL_ADDRESS,
        /**
         * IPVS: service addresses are bound to kube-ipvs0; a new connection to one on a port or protocol without a
         * virtual server (ping included) is rejected by KUBE-IPVS-FILTER; iptables mode leaves it alone.
         */
        IPVS_BOUND_ADDRESS_WITHOUT_VIRTUAL_SERVER,
        /** IPVS: a virtual server without real servers answers port unreachable (ip_vs_leave); the others drop. */
        IPVS_EMPTY_VIRTUAL_SERVER,
        /**
         * IPVS: the virtual servers of a Local traffic policy (the external addresses and node ports of an
         * externalTrafficPolicy=Local service, the ClusterIP of an internalTrafficPolicy=Local one) use the local
         * endpoints, or the cluster endpoints when there is no local one (syncEndpoint's fallback, kubernetes PR
         * 97081; the cluster endpoints are empty for an internal-Local service that is not externally reachable),
         * and do not short-circuit pod and node traffic to every endpoint; the other modes drop where there is no
         * local endpoint.
         */
        IPVS_LOCAL_POLICY_ENDPOINTS
    }

    /** What comparing one packet found: the documented differences it showed, and a line if unexplained. */
    record Comparison(List<Difference> documented, String unexplained) {
    }

    private final ClusterObjects cluster;
    private final NetfilterSimulator iptables;
    private final NetfilterSimulator ipvs;
    private final NetfilterSimulator nftables;
    private final RuleBoundaries boundaries;
    private final Map<String, Set<String>> realServers = new HashMap<>();
    private final Set<IpAddress> bound;
    private final Set<IpAddress> allocated = new HashSet<>();
    private final Set<String> localPolicy = new HashSet<>();
    private final Set<String> nodePorts = new HashSet<>();

    private CompiledModes(ClusterObjects cluster, NetfilterSimulator iptables, NetfilterSimulator ipvs,
                          NetfilterSimulator nftables, IpvsModeOutput ipvsOut) {
        this.cluster = cluster;
        this.iptables = iptables;
        this.ipvs = ipvs;
        this.nftables = nftables;
        for (VirtualServer vs : ipvsOut.virtualServers()) {
            Set<String> reals = new TreeSet<>();
            vs.realServers().forEach(r -> reals.add("FORWARDED " + r.text()));
            realServers.put(vs.address().withPort(vs.port()) + "/" + vs.protocol(), reals);
        }
        this.bound = new HashSet<>(ipvsOut.boundAddresses());
        for (Service s : cluster.services()) {
            allocated.addAll(s.clusterIPs());
            s.ports().stream().filter(sp -> sp.nodePort() != 0)
                    .forEach(sp -> nodePorts.add(sp.nodePort() + "/" + sp.protocol()));
            if (s.internalTrafficPolicy() == TrafficPolicy.LOCAL) {
                for (io.netprove.model.k8s.ServicePort sp : s.ports()) {
                    s.clusterIPs().forEach(a -> localPolicy.add(a.withPort(sp.port()) + "/" + sp.protocol()));
                }
            }
            if (s.externalTrafficPolicy() == TrafficPolicy.LOCAL) {
                for (io.netprove.model.k8s.ServicePort sp : s.ports()) {
                    for (IpAddress a : externalAddresses(s)) {
                        localPolicy.add(a.withPort(sp.port()) + "/" + sp.protocol());
                    }
                    if (sp.nodePort() != 0) {
                        for (IpAddress a : ipvsOut.boundAddresses()) {
                            localPolicy.add(a.withPort(sp.nodePort()) + "/" + sp.protocol());
                        }
                        localPolicy.add(NODE.withPort(sp.nodePort()) + "/" + sp.protocol());
                    }
                }
            }
        }
        RuleBoundaries a = RuleBoundaries.of(iptables.ruleset(), nftables.nftTables(), List.of(NODE));
        RuleBoundaries b = RuleBoundaries.of(ipvs.ruleset(), List.of(), ipvs.node().localAddresses());
        this.boundaries = new RuleBoundaries(a.family(), union(a.addresses(), b.addresses()),
                union(a.ports(), b.ports()), union(a.protocols(), b.protocols()),
                union(a.interfaces(), b.interfaces()), union(a.marks(), b.marks()));
    }

    static KubeProxyConfig config(KubeProxyMode mode) {
        return KubeProxyConfig.defaults(mode, ClusterObjectsGenerator.NODE_NAME, List.of(NODE))
                .withLocalDetector(new LocalTrafficDetector.ByCidr(List.of(CLUSTER_CIDR)))
                .withServiceCIDRs(List.of(SERVICE_CIDR));
    }

    static CompiledModes compile(ClusterObjects cluster) {
        CompiledNode ipvsNode = KubeProxyCompiler.compile(cluster, config(KubeProxyMode.IPVS));
        return new CompiledModes(cluster,
                simulator(KubeProxyCompiler.compile(cluster, config(KubeProxyMode.IPTABLES))),
                simulator(ipvsNode),
                simulator(KubeProxyCompiler.compile(cluster, config(KubeProxyMode.NFTABLES))),
                ipvsNode.ipvs().get(AddressFamily.IPV4));
    }

    /** A simulator over the compiled snapshot files, read back with the front ends. */
    static NetfilterSimulator simulator(CompiledNode compiled) {
        Map<String, String> files = compiled.snapshotFiles();
        Set<IpAddress> local = new HashSet<>(List.of(NODE));
        IpvsState ipvsState = null;
        IpSets sets = null;
        if (files.containsKey("ipvsadm-save.txt")) {
            ipvsState = IpvsFrontEnd.read("ipvsadm-save.txt", files.get("ipvsadm-save.txt"));
            sets = IpsetFrontEnd.read("ipset-save.txt", files.get("ipset-save.txt"));
            for (VirtualService vs : ipvsState.services()) {
                if (vs.key() instanceof VirtualServiceKey.ByAddress a) {
                    local.add(a.address());
                }
            }
        }
        Ruleset rs = files.containsKey("iptables-save.txt")
                ? IptablesFrontEnd.read("iptables-save.txt", files.get("iptables-save.txt"), AddressFamily.IPV4)
                : new Ruleset(AddressFamily.IPV4, Map.of(), List.of(), List.of(), List.of());
        List<NftTable> nft = files.containsKey("nft-ruleset.txt")
                ? NftFrontEnd.read("nft-ruleset.txt", files.get("nft-ruleset.txt")).tables() : List.of();
        return new NetfilterSimulator(rs, nft, new NodeContext(local, null, ipvsState, sets));
    }

    RuleBoundaries boundaries() {
        return boundaries;
    }

    /** True if IPVS mode binds {@code a} to the node (a ClusterIP, external or load-balancer IP). */
    boolean boundInIpvs(IpAddress a) {
        return bound.contains(a) || ipvs.node().localAddresses().contains(a) && !a.equals(NODE);
    }

    /** Simulates {@code p} in the three modes and explains any difference. */
    Comparison compare(Packet p) {
        List<Outcome> a = iptables.simulate(p);
        List<Outcome> b = ipvs.simulate(p);
        List<Outcome> n = nftables.simulate(p);
        List<Difference> documented = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        for (List<Outcome> os : List.of(a, b, n)) {
            for (Outcome o : os) {
                for (String u : o.unknowns()) {
                    // KUBE-IPVS-OUT-FILTER's -m ipvs is not modelled by the iptables front end
                    if (!u.contains("'ipvs'")) {
                        unexplained.add("depends on an unmodelled construct: " + u);
                    }
                }
            }
        }
        boolean localhost = localhostDifference(p, a);
        boolean refused = refusedByLoadBalancerSourceRanges(p);
        String ipt = fates(a, true);
        String nft = fates(n, true);
        if (!ipt.equals(nft)) {
            Difference d = localhost ? Difference.LOCALHOST_NODE_PORTS
                    : refused && ipt.equals("REJECTED") && nft.equals("DROPPED")
                    ? Difference.LOAD_BALANCER_SOURCE_RANGES_WITHOUT_ENDPOINTS : nftDifference(p, ipt, nft);
            if (d == null) {
                unexplained.add("iptables " + ipt + " / nftables " + nft);
            } else {
                documented.add(d);
            }
        }
        String iptNoMasq = fates(a, false);
        String ipvsFates = fates(b, false);
        if (!iptNoMasq.equals(ipvsFates)) {
            Difference d = localhost ? Difference.LOCALHOST_NODE_PORTS
                    : refused && iptNoMasq.equals("REJECTED") && ipvsFates.equals("DROPPED")
                    ? Difference.LOAD_BALANCER_SOURCE_RANGES_WITHOUT_ENDPOINTS
                    : ipvsDifference(p, iptNoMasq, ipvsFates);
            if (d == null) {
                unexplained.add("iptables " + iptNoMasq + " / ipvs " + ipvsFates);
            } else {
                documented.add(d);
            }
        }
        return new Comparison(documented, unexplained.isEmpty() ? null : p + ": " + String.join("; ", unexplained));
    }

    /**
     * True if {@code p} has a loopback source or destination and iptables mode's outcomes depend on what only it
     * does for loopback addresses: a NodePort on 127.0.0.1, route_localnet (which it turns on), or the rule that
     * guards it.
     */
    private boolean localhostDifference(Packet p, List<Outcome> iptablesOutcomes) {
        if (!p.source().isLoopback() && !p.destination().isLoopback()) {
            return false;
        }
        if (p.destination().isLoopback() && nodePorts.contains(p.destinationPort() + "/" + p.protocol())) {
            return true;
        }
        return iptablesOutcomes.stream().anyMatch(o -> o.assumptions().stream()
                .anyMatch(t -> t.startsWith("route_localnet=1")) || o.steps().stream()
                .anyMatch(t -> t.rule().contains("block incoming localnet connections")));
    }

    /** True if {@code p} is for a load-balancer IP whose service's source ranges leave out its source. */
    private boolean refusedByLoadBalancerSourceRanges(Packet p) {
        for (Service s : cluster.services()) {
            if (s.loadBalancerSourceRanges().isEmpty() || s.loadBalancerSourceRanges().stream()
                    .anyMatch(r -> r.contains(p.source()))) {
                continue;
            }
            if (s.loadBalancerIngress().stream().anyMatch(i -> i.ip().filter(p.destination()::equals).isPresent())) {
                return true;
            }
        }
        return false;
    }

    private Difference nftDifference(Packet p, String iptables, String nftables) {
        boolean unchanged = iptables.equals("FORWARDED " + p.destinationText());
        if (SERVICE_CIDR.contains(p.destination()) && unchanged) {
            boolean isAllocated = allocated.contains(p.destination());
            if (isAllocated ? nftables.equals("REJECTED") : nftables.equals("DROPPED")) {
                return Difference.NFT_SERVICE_CIDR_CHECK;
            }
        }
        if (p.source().equals(NODE) && nftables.equals("DROPPED") && localPolicyWithoutLocalEndpoint(p)) {
            return Difference.NFT_NODE_TO_LOCAL_POLICY_EXTERNAL_ADDRESS;
        }
        return null;
    }

    /** True if {@code p} is for the load-balancer or external IP of an eTP=Local service with no local endpoint. */
    private boolean localPolicyWithoutLocalEndpoint(Packet p) {
        for (Service s : cluster.services()) {
            if (s.externalTrafficPolicy() != TrafficPolicy.LOCAL || hasLocalEndpoint(s)) {
                continue;
            }
            if (externalAddresses(s).contains(p.destination()) && s.ports().stream().anyMatch(sp -> sp.port()
                    == p.destinationPort() && sp.protocol().equals(p.protocol()))) {
                return true;
            }
        }
        return false;
    }

    private static List<IpAddress> externalAddresses(Service s) {
        List<IpAddress> external = new ArrayList<>(s.externalIPs());
        s.loadBalancerIngress().forEach(i -> i.ip().ifPresent(external::add));
        return external;
    }

    private boolean hasLocalEndpoint(Service s) {
        return cluster.endpointSlicesOf(s).stream().flatMap(e -> e.endpoints().stream())
                .anyMatch(e -> e.conditions().ready() && e.nodeName().filter(ClusterObjectsGenerator.NODE_NAME::equals)
                        .isPresent());
    }

    private Difference ipvsDifference(Packet p, String iptables, String ipvs) {
        Set<String> reals = p.protocol().hasPorts()
                ? realServers.get(p.destination().withPort(p.destinationPort()) + "/" + p.protocol()) : null;
        if (reals == null) {
            return boundInIpvs(p.destination()) && ipvs.equals("REJECTED")
                    ? Difference.IPVS_BOUND_ADDRESS_WITHOUT_VIRTUAL_SERVER : null;
        }
        if (reals.isEmpty()) {
            return ipvs.equals("REJECTED") && (iptables.equals("DROPPED") || iptables.equals("REJECTED"))
                    ? Difference.IPVS_EMPTY_VIRTUAL_SERVER : null;
        }
        String key = p.destination().withPort(p.destinationPort()) + "/" + p.protocol();
        return localPolicy.contains(key) && ipvs.equals(String.join(" | ", reals))
                ? Difference.IPVS_LOCAL_POLICY_ENDPOINTS : null;
    }

    /** Disposition and destination of every outcome (and the masquerade flag when asked), sorted, deduplicated. */
    static String fates(List<Outcome> outcomes, boolean masquerade) {
        TreeSet<String> s = new TreeSet<>();
        for (Outcome o : outcomes) {
            String d = o.disposition().name();
            s.add(d + (d.equals("FORWARDED") || d.equals("LOCAL") ? " " + o.finalPacket().destinationText() : "")
                    + (masquerade && o.masquerade() ? " masq" : ""));
        }
        return String.join(" | ", s);
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        Set<T> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return new ArrayList<>(s);
    }
}
