package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The networking.k8s.io/v1 NetworkPolicies of a cluster and what they allow.
 *
 * <p><b>Semantics.</b> A pod of the pod network (see {@link PodDirectory}: running or pending, not hostNetwork) is
 * isolated in a direction when at least one policy of its namespace selects it and lists that direction in its
 * (defaulted) {@code policyTypes}; it then allows exactly the union of what the rules of those policies in that
 * direction allow, and a direction no policy isolates allows everything. A connection passes when the source pod's
 * egress and the destination pod's ingress both allow it; an end that is not a pod is not judged. Peers, ports, named
 * ports (always resolved on the destination pod, in egress rules too), endPort and ipBlock/except follow the API.
 *
 * <p><b>Which addresses a policy sees.</b> Packets are judged as they cross the pod's own interface: the destination
 * is the one after kube-proxy's service DNAT (a backend pod's IP and target port, never a ClusterIP, NodePort or load
 * balancer address), in both directions; on ingress the source is the one after any SNAT on the way (a masqueraded
 * NodePort packet comes from a node address), and on egress the source is the pod itself. Packets a node's own network
 * namespace sends to a pod on that node pass its ingress, and a pod's egress to its own node passes, when
 * {@link PolicyAssumptions} say so (the documented default). See docs/network-policy.md for the sources.
 *
 * <p><b>Two ways to ask.</b> Concrete decisions with their reasons ({@link #decide}, {@link #allows}), and sets for
 * the symbolic checker: {@link #ingress(Pod, AddressFamily)} and {@link #egress(Pod, AddressFamily)} as boxes,
 * {@link #allowedSources} and {@link #allowedDestinations} per protocol and port. For every address the two agree,
 * except that an address alone never stands for a node's own traffic (see {@link PolicyEndpoint}). Problems in the
 * policies are in {@link #diagnostics()}, what is assumed or approximated in {@link #approximations()}.
 */
public final class NetworkPolicyEngine {

    private final List<NetworkPolicy> policies;
    private final Map<String, List<NetworkPolicy>> byNamespace = new HashMap<>();
    private final PodDirectory pods;
    private final RuleMatcher matcher;
    private final AllowanceBuilder builder;
    private final PolicyAssumptions assumptions;
    private final List<Diagnostic> diagnostics;
    private final List<String> approximations;
    private final Map<Pod, Map<PolicyType, List<NetworkPolicy>>> selections = new ConcurrentHashMap<>();
    private final Map<AllowanceKey, Allowance> allowances = new ConcurrentHashMap<>();

    private record AllowanceKey(Pod pod, PolicyType direction, AddressFamily family) {
    }

    private NetworkPolicyEngine(ClusterObjects cluster, PolicyAssumptions assumptions,
                                Map<String, ? extends Collection<IpAddress>> extraNodeAddresses) {
        this.assumptions = Objects.requireNonNull(assumptions, "assumptions");
        this.policies = cluster.networkPolicies();
        for (NetworkPolicy p : policies) {
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
        }
        this.pods = new PodDirectory(cluster, extraNodeAddresses);
        this.matcher = new RuleMatcher(pods, assumptions.ipBlockScope());
        this.builder = new AllowanceBuilder(pods, matcher);
        for (Pod p : cluster.pods()) {
            selections.put(p, computeSelection(p));
        }
        List<Diagnostic> found = new ArrayList<>(pods.diagnostics());
        found.addAll(new PolicyLint(pods, matcher, cluster.pods()).check(policies));
        this.diagnostics = List.copyOf(found);
        this.approximations = Approximations.of(assumptions, cluster);
    }

    /** The policies of {@code cluster} under the documented behaviour ({@link PolicyAssumptions#DOCUMENTED}). */
    public static NetworkPolicyEngine of(ClusterObjects cluster) {
        return of(cluster, PolicyAssumptions.DOCUMENTED);
    }

    public static NetworkPolicyEngine of(ClusterObjects cluster, PolicyAssumptions assumptions) {
        return of(cluster, assumptions, Map.of());
    }

    /**
     * As {@link #of(ClusterObjects, PolicyAssumptions)}, knowing more addresses of some nodes (by node name) than
     * their Node objects and their pods' {@code hostIPs} say, for example the CNI gateway address a node uses towards
     * its pods, read from its interfaces.
     */
    public static NetworkPolicyEngine of(ClusterObjects cluster, PolicyAssumptions assumptions,
                                         Map<String, ? extends Collection<IpAddress>> extraNodeAddresses) {
        return new NetworkPolicyEngine(cluster, assumptions, extraNodeAddresses);
    }

    public PolicyAssumptions assumptions() {
        return assumptions;
    }

    /** Warnings and notes about the policies and pods, each at the object (or rule) it concerns. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * What the answers assume where Kubernetes leaves the behaviour to the network plugin, or where netprove
     * simplifies, one sentence each, for verdicts to quote. The first entries hold for every cluster; later ones
     * are about this cluster (hostNetwork pods a selector would pick, ipBlocks covering pod IPs...).
     */
    public List<String> approximations() {
        return approximations;
    }

    public List<NetworkPolicy> policies() {
        return policies;
    }

    // ---- the facts about node traffic ----

    /**
     * True if a packet that a node's own network namespace (a host process, a hostNetwork pod) sends to a pod on that
     * node passes the pod's ingress whatever its policies say. The checker must apply it by the packet's origin, not
     * by its source address: see {@link Allowance.Restricted#nodeOrigin()}.
     */
    public boolean nodeOriginBypassesIngress() {
        return assumptions.nodeOriginToLocalPods();
    }

    /** True if a pod's egress to an address of its own node always passes (then it is in the egress boxes). */
    public boolean ownNodeBypassesEgress() {
        return assumptions.podToOwnNode();
    }

    /**
     * The known addresses of the node {@code pod} runs on, in {@code family}: its Node object's addresses, the
     * {@code hostIPs} of its pods, and those given to {@link #of(ClusterObjects, PolicyAssumptions, Map)}.
     */
    public IntervalSet localNodeAddresses(Pod pod, AddressFamily family) {
        return pods.localNodeAddresses(pod, family);
    }

    // ---- selection ----

    /**
     * The policies that select {@code pod} and isolate {@code direction}, in reading order. Empty for a pod outside
     * the pod network (hostNetwork or terminated): policies do not apply to it.
     */
    public List<NetworkPolicy> selecting(Pod pod, PolicyType direction) {
        return selections.computeIfAbsent(pod, this::computeSelection).get(direction);
    }

    private Map<PolicyType, List<NetworkPolicy>> computeSelection(Pod pod) {
        Map<PolicyType, List<NetworkPolicy>> out = new HashMap<>();
        for (PolicyType direction : PolicyType.values()) {
            List<NetworkPolicy> chosen = new ArrayList<>();
            for (NetworkPolicy p : byNamespace.getOrDefault(pod.namespace(), List.of())) {
                if (RuleMatcher.effectiveTypes(p).contains(direction) && RuleMatcher.selects(p, pod)) {
                    chosen.add(p);
                }
            }
            out.put(direction, List.copyOf(chosen));
        }
        return out;
    }

    public boolean isolated(Pod pod, PolicyType direction) {
        return !selecting(pod, direction).isEmpty();
    }

    // ---- endpoints ----

    /**
     * What {@code address} is to policy: the pod of the pod network holding it, or an outside address. Never a
     * node's own traffic: an address does not say where a packet was sent from.
     */
    public PolicyEndpoint endpoint(IpAddress address) {
        return pods.endpoint(address);
    }

    /**
     * {@code pod} as an endpoint at its primary address: a hostNetwork pod is its node's own traffic, a terminated
     * pod an outside address (and must then have one).
     */
    public PolicyEndpoint endpoint(Pod pod) {
        return pods.endpoint(pod);
    }

    // ---- concrete decisions ----

    /** True if policies let {@code source} reach {@code destination} with {@code protocol} and destination port. */
    public boolean allows(Pod source, Pod destination, Protocol protocol, int port) {
        return decide(endpoint(source), endpoint(destination), protocol, port).allowed();
    }

    /**
     * True if policies let a packet from {@code source} (as the destination sees it: a pod's address stands for that
     * pod, whose egress is then judged too) reach {@code destination}.
     */
    public boolean allows(IpAddress source, Pod destination, Protocol protocol, int port) {
        return decide(endpoint(source), endpoint(destination), protocol, port).allowed();
    }

    /**
     * The decision for a connection from {@code source} to {@code destination} with {@code protocol} and destination
     * {@code port} (0 for protocols without ports). Each address stands for the pod of the pod network holding it,
     * if any.
     */
    public PolicyDecision decide(IpAddress source, IpAddress destination, Protocol protocol, int port) {
        return decide(endpoint(source), endpoint(destination), protocol, port);
    }

    /** The decision for a connection between two endpoints, with both sides' reasons. */
    public PolicyDecision decide(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol, int port) {
        return new PolicyDecision(egressVerdict(source, destination, protocol, port),
                ingressVerdict(source, destination, protocol, port));
    }

    /** What the destination's ingress says. */
    public DirectionVerdict ingressVerdict(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol,
                                           int port) {
        checkPort(port);
        Optional<Pod> judged = judgedPod(destination);
        if (judged.isEmpty()) {
            return new DirectionVerdict.NotJudged(PolicyType.INGRESS, "destination " + destination.describe()
                    + " is not a pod of the pod network");
        }
        Pod pod = judged.get();
        if (isolated(pod, PolicyType.INGRESS) && assumptions.nodeOriginToLocalPods()
                && source instanceof PolicyEndpoint.NodeEndpoint
                && pods.isLocalNode((PolicyEndpoint.NodeEndpoint) source, pod)) {
            return new DirectionVerdict.LocalNode(PolicyType.INGRESS, pod.metadata().qualifiedName(),
                    nodeLabel(pod, source));
        }
        return judge(PolicyType.INGRESS, pod, source, Optional.of(pod), protocol, port);
    }

    /** What the source's egress says. */
    public DirectionVerdict egressVerdict(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol,
                                          int port) {
        checkPort(port);
        Optional<Pod> judged = judgedPod(source);
        if (judged.isEmpty()) {
            return new DirectionVerdict.NotJudged(PolicyType.EGRESS, "source " + source.describe()
                    + " is not a pod of the pod network");
        }
        Pod pod = judged.get();
        if (isolated(pod, PolicyType.EGRESS) && assumptions.podToOwnNode() && isOwnNode(pod, destination)) {
            return new DirectionVerdict.LocalNode(PolicyType.EGRESS, pod.metadata().qualifiedName(),
                    nodeLabel(pod, destination));
        }
        return judge(PolicyType.EGRESS, pod, destination, judgedPod(destination), protocol, port);
    }

    /** {@code node n1 at 10.0.100.1}, naming {@code pod}'s node and the address {@code end} uses. */
    private static String nodeLabel(Pod pod, PolicyEndpoint end) {
        return pod.nodeName().map(n -> "node " + n).orElse("its node")
                + end.address().map(a -> " at " + a).orElse("");
    }

    /** True if {@code destination} is {@code pod}'s own node: by origin for node traffic, else by address. */
    private boolean isOwnNode(Pod pod, PolicyEndpoint destination) {
        if (destination instanceof PolicyEndpoint.NodeEndpoint) {
            return pods.isLocalNode((PolicyEndpoint.NodeEndpoint) destination, pod);
        }
        if (destination instanceof PolicyEndpoint.OutsideEndpoint) {
            return pods.localNodeAddresses(pod).contains(((PolicyEndpoint.OutsideEndpoint) destination).ip());
        }
        return false;
    }

    private static Optional<Pod> judgedPod(PolicyEndpoint endpoint) {
        if (endpoint instanceof PolicyEndpoint.PodEndpoint) {
            Pod pod = ((PolicyEndpoint.PodEndpoint) endpoint).pod();
            if (PodDirectory.inPodNetwork(pod)) {
                return Optional.of(pod);
            }
        }
        return Optional.empty();
    }

    private DirectionVerdict judge(PolicyType direction, Pod pod, PolicyEndpoint peer, Optional<Pod> destination,
                                   Protocol protocol, int port) {
        String name = pod.metadata().qualifiedName();
        List<NetworkPolicy> isolating = selecting(pod, direction);
        if (isolating.isEmpty()) {
            return new DirectionVerdict.NotIsolated(direction, name);
        }
        List<PolicyRef> refs = new ArrayList<>();
        for (NetworkPolicy p : isolating) {
            List<NetworkPolicyRule> rules = RuleMatcher.rules(p, direction);
            for (int i = 0; i < rules.size(); i++) {
                NetworkPolicyRule rule = rules.get(i);
                if (RuleMatcher.portMatches(rule, destination, protocol, port)
                        && matcher.peerMatches(p.namespace(), rule, peer)) {
                    return new DirectionVerdict.AllowedByRule(direction, name, PolicyRef.of(p), i, rule.location());
                }
            }
            refs.add(PolicyRef.of(p));
        }
        return new DirectionVerdict.Denied(direction, name, refs);
    }

    // ---- sets ----

    /**
     * What may arrive at {@code destination} in {@code family}: sources (as the pod's interface sees them), protocols
     * and destination ports, named ports resolved on this pod. Unrestricted when the pod is not isolated for ingress
     * or not in the pod network. Node-originated packets are in {@link Allowance.Restricted#nodeOrigin()}, apart.
     */
    public Allowance ingress(Pod destination, AddressFamily family) {
        return allowances.computeIfAbsent(new AllowanceKey(destination, PolicyType.INGRESS, family),
                k -> computeAllowance(k.pod(), k.direction(), k.family()));
    }

    /**
     * What {@code source} may send in {@code family}: destinations (after service DNAT), protocols and destination
     * ports, named ports resolved on each destination pod; with its own node's addresses as one more box when
     * {@link #ownNodeBypassesEgress()}. Unrestricted when the pod is not isolated for egress or not in the pod network.
     */
    public Allowance egress(Pod source, AddressFamily family) {
        return allowances.computeIfAbsent(new AllowanceKey(source, PolicyType.EGRESS, family),
                k -> computeAllowance(k.pod(), k.direction(), k.family()));
    }

    private Allowance computeAllowance(Pod pod, PolicyType direction, AddressFamily family) {
        if (!PodDirectory.inPodNetwork(pod)) {
            return new Allowance.Unrestricted(direction, family, pod.metadata().qualifiedName() + " is "
                    + (pod.hostNetwork() ? "on the host network" : "terminated") + ": policies do not apply to it");
        }
        List<NetworkPolicy> isolating = selecting(pod, direction);
        if (isolating.isEmpty()) {
            return new Allowance.Unrestricted(direction, family, "no NetworkPolicy selects "
                    + pod.metadata().qualifiedName() + " for " + direction.apiName());
        }
        List<PeerBox> boxes = new ArrayList<>();
        List<PolicyRef> refs = new ArrayList<>();
        for (NetworkPolicy p : isolating) {
            refs.add(PolicyRef.of(p));
            boxes.addAll(builder.boxes(p, direction, pod, family));
        }
        IntervalSet node = pods.localNodeAddresses(pod, family);
        IntervalSet nodeOrigin = IntervalSet.empty(family.bits());
        if (direction == PolicyType.INGRESS && assumptions.nodeOriginToLocalPods()) {
            nodeOrigin = node;
        }
        // an address a pod of the pod network owns stands for that pod, even if a node claims it too
        IntervalSet ownNode = node.minus(pods.ownedAddresses(family));
        if (direction == PolicyType.EGRESS && assumptions.podToOwnNode() && !ownNode.isEmpty()) {
            boxes.add(new PeerBox(ownNode, Protocol.ALL, PeerBox.ALL_PORTS, "the pod's own node (always allowed)"));
        }
        return new Allowance.Restricted(direction, family, boxes, refs, nodeOrigin);
    }

    /**
     * The source addresses of {@code family} from which a packet of {@code protocol} to destination {@code port}
     * (the post-DNAT port, 0 for portless protocols) may arrive at {@code destination}: every address when the pod is
     * not isolated or not in the pod network. Exact: an address is in the set exactly when {@link #ingressVerdict}
     * allows a connection from {@link #endpoint(IpAddress) that address} to the pod. Packets sent by the pod's own
     * node are not covered by this set: when {@link #nodeOriginBypassesIngress()}, they pass anyway.
     */
    public IntervalSet allowedSources(Pod destination, AddressFamily family, Protocol protocol, int port) {
        checkPort(port);
        return ingress(destination, family).peers(protocol, port);
    }

    /**
     * The destination addresses of {@code family} (after service DNAT) that {@code source} may send a packet of
     * {@code protocol} to, at destination {@code port}: every address when the pod is not isolated or not in the pod
     * network. Each address stands for the pod of the pod network holding it (named ports resolved on it) or for an
     * outside address; the pod's own node is included when {@link #ownNodeBypassesEgress()}. Exact in the same sense
     * as {@link #allowedSources}.
     */
    public IntervalSet allowedDestinations(Pod source, AddressFamily family, Protocol protocol, int port) {
        checkPort(port);
        return egress(source, family).peers(protocol, port);
    }

    /**
     * Destination ports of {@code protocol} cut into ranges within which every answer is the same: the boundaries of
     * every numeric port range and every port a named port resolves to on some pod. Ascending, covering 0..65535.
     */
    public List<PortRange> portClasses(Protocol protocol) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        for (NetworkPolicy p : policies) {
            for (PolicyType direction : PolicyType.values()) {
                for (NetworkPolicyRule rule : RuleMatcher.rules(p, direction)) {
                    for (NetworkPolicyPort entry : rule.ports()) {
                        if (entry.protocol().equals(protocol)) {
                            addCuts(cuts, entry);
                        }
                    }
                }
            }
        }
        List<PortRange> out = new ArrayList<>();
        Integer start = cuts.first();
        for (Integer next : cuts.tailSet(start, false)) {
            out.add(new PortRange(start, next - 1));
            start = next;
        }
        out.add(new PortRange(start, PortRange.ALL.last()));
        return out;
    }

    private void addCuts(TreeSet<Integer> cuts, NetworkPolicyPort entry) {
        Optional<PortRange> range = entry.numericRange();
        if (range.isPresent()) {
            cuts.add(range.get().first());
            if (range.get().last() < PortRange.ALL.last()) {
                cuts.add(range.get().last() + 1);
            }
            return;
        }
        String name = ((PortReference.Named) entry.port().orElseThrow()).name();
        for (Pod pod : pods.podNetwork()) {
            OptionalInt number = pod.resolvePort(name, entry.protocol());
            if (number.isPresent()) {
                cuts.add(number.getAsInt());
                if (number.getAsInt() < PortRange.ALL.last()) {
                    cuts.add(number.getAsInt() + 1);
                }
            }
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > PortRange.ALL.last()) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
