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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * The networking.k8s.io/v1 NetworkPolicies of a cluster and what they allow.
 *
 * <p>A pod of the pod network (see {@link PolicyEndpoint}) is isolated in a direction when at least one policy of its
 * namespace selects it and isolates that direction; it then allows exactly what some rule of those policies allows,
 * and a direction no policy isolates allows everything. A connection is allowed when the source pod's egress and the
 * destination pod's ingress both allow it; an end that is not a pod is not judged (outside addresses are only
 * matched, by ipBlock peers, on the pod's side). Peers, ports, named ports (resolved on the destination pod, in
 * egress rules too) and endPort follow the API; {@link IpBlockScope} says whether ipBlocks match pod IPs.
 *
 * <p>Two ways to ask: a concrete decision with its reasons ({@link #allowed}), and exact address sets for the
 * symbolic verifier ({@link #ingressSources}, {@link #egressDestinations}). For every address, the set answer and
 * the concrete answer by address agree. Addresses are those the pod's interface sees: after any DNAT to the pod and
 * any SNAT on the way. Problems in the policies (selectors the API would reject, named ports no pod declares) are
 * in {@link #diagnostics()}; they never stop the analysis.
 */
public final class NetworkPolicies {

    private final List<NetworkPolicy> policies;
    private final Map<String, List<NetworkPolicy>> byNamespace = new HashMap<>();
    private final PodDirectory pods;
    private final RuleMatcher matcher;
    private final IpBlockScope scope;
    private final List<Diagnostic> diagnostics;

    private NetworkPolicies(ClusterObjects cluster, IpBlockScope scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.policies = cluster.networkPolicies();
        for (NetworkPolicy p : policies) {
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
        }
        this.pods = new PodDirectory(cluster);
        this.matcher = new RuleMatcher(pods, scope);
        List<Diagnostic> found = new ArrayList<>(pods.diagnostics());
        found.addAll(new PolicyLint(pods, matcher, cluster.pods()).check(policies));
        this.diagnostics = List.copyOf(found);
    }

    /** The policies of {@code cluster}, with ipBlocks matching pod IPs too ({@link IpBlockScope#EVERY_ADDRESS}). */
    public static NetworkPolicies of(ClusterObjects cluster) {
        return of(cluster, IpBlockScope.EVERY_ADDRESS);
    }

    public static NetworkPolicies of(ClusterObjects cluster, IpBlockScope scope) {
        return new NetworkPolicies(cluster, scope);
    }

    public IpBlockScope ipBlockScope() {
        return scope;
    }

    /** Warnings and notes about the policies and pods, each at the object it concerns. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<NetworkPolicy> policies() {
        return policies;
    }

    // ---- selection ----

    /**
     * The policies that select {@code pod} and isolate {@code direction}, in reading order. Empty for a pod outside
     * the pod network (hostNetwork or terminated): policies do not apply to it.
     */
    public List<NetworkPolicy> selecting(Pod pod, PolicyType direction) {
        List<NetworkPolicy> out = new ArrayList<>();
        for (NetworkPolicy p : byNamespace.getOrDefault(pod.namespace(), List.of())) {
            if (RuleMatcher.effectiveTypes(p).contains(direction) && RuleMatcher.selects(p, pod)) {
                out.add(p);
            }
        }
        return out;
    }

    public boolean isolated(Pod pod, PolicyType direction) {
        return !selecting(pod, direction).isEmpty();
    }

    /** What {@code address} is to policy: the pod of the pod network holding it, or an outside address. */
    public PolicyEndpoint endpoint(IpAddress address) {
        return pods.endpoint(address);
    }

    /**
     * {@code pod} as an endpoint at its primary address; a hostNetwork (or terminated) pod is an outside address
     * (its node's), and must have one.
     */
    public PolicyEndpoint endpoint(Pod pod) {
        return pods.endpoint(pod);
    }

    // ---- concrete decisions ----

    /**
     * The decision for a connection from {@code source} to {@code destination} with {@code protocol} and destination
     * {@code port} (ignored for protocols without ports). Each address stands for the pod of the pod network holding
     * it, if any.
     */
    public PolicyDecision allowed(IpAddress source, IpAddress destination, Protocol protocol, int port) {
        return allowed(endpoint(source), endpoint(destination), protocol, port);
    }

    /** The decision for a connection between two endpoints. */
    public PolicyDecision allowed(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol, int port) {
        return new PolicyDecision(egress(source, destination, protocol, port),
                ingress(source, destination, protocol, port));
    }

    /** What the destination's ingress says. */
    public DirectionVerdict ingress(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol, int port) {
        checkPort(port);
        Optional<Pod> judged = judgedPod(destination);
        if (judged.isEmpty()) {
            return new DirectionVerdict.NotJudged(PolicyType.INGRESS, "destination " + destination.describe()
                    + " is not a pod of the pod network");
        }
        Pod pod = judged.get();
        return judge(PolicyType.INGRESS, pod, source, Optional.of(pod), protocol, port);
    }

    /** What the source's egress says. */
    public DirectionVerdict egress(PolicyEndpoint source, PolicyEndpoint destination, Protocol protocol, int port) {
        checkPort(port);
        Optional<Pod> judged = judgedPod(source);
        if (judged.isEmpty()) {
            return new DirectionVerdict.NotJudged(PolicyType.EGRESS, "source " + source.describe()
                    + " is not a pod of the pod network");
        }
        return judge(PolicyType.EGRESS, judged.get(), destination, judgedPod(destination), protocol, port);
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

    // ---- address sets ----

    /**
     * The source addresses of {@code family} that {@code destination}'s ingress allows for {@code protocol} and
     * {@code port}: every address when the pod is not isolated or not in the pod network. Exact: an address is in
     * the set exactly when {@link #ingress} allows a connection from {@link #endpoint(IpAddress) that address} to the
     * pod.
     */
    public IntervalSet ingressSources(Pod destination, AddressFamily family, Protocol protocol, int port) {
        checkPort(port);
        IntervalSet all = IntervalSet.full(family.bits());
        List<NetworkPolicy> isolating = selecting(destination, PolicyType.INGRESS);
        if (isolating.isEmpty()) {
            return all;
        }
        IntervalSet out = IntervalSet.empty(family.bits());
        for (NetworkPolicy p : isolating) {
            for (NetworkPolicyRule rule : p.ingress()) {
                if (RuleMatcher.portMatches(rule, Optional.of(destination), protocol, port)) {
                    out = out.union(matcher.peerAddresses(p.namespace(), rule, family));
                    if (out.isFull()) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The destination addresses of {@code family} that {@code source}'s egress allows for {@code protocol} and
     * {@code port}, each address standing for the pod of the pod network holding it (named ports resolved on it) or
     * for an outside address: every address when the pod is not isolated or not in the pod network. Exact in the same
     * sense as {@link #ingressSources}.
     */
    public IntervalSet egressDestinations(Pod source, AddressFamily family, Protocol protocol, int port) {
        checkPort(port);
        IntervalSet all = IntervalSet.full(family.bits());
        List<NetworkPolicy> isolating = selecting(source, PolicyType.EGRESS);
        if (isolating.isEmpty()) {
            return all;
        }
        IntervalSet out = IntervalSet.empty(family.bits());
        for (NetworkPolicy p : isolating) {
            for (NetworkPolicyRule rule : p.egress()) {
                IntervalSet ports = matcher.portDestinations(rule, family, protocol, port);
                if (ports.isEmpty()) {
                    continue;
                }
                out = out.union(ports.intersect(matcher.peerAddresses(p.namespace(), rule, family)));
                if (out.isFull()) {
                    return out;
                }
            }
        }
        return out;
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
