package io.netprove.verifier.policy;

import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyPort;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meaning of one policy's selector, peers and ports, twice: as a test of one endpoint and port, and as the exact
 * set of addresses that pass. Both readings share the pod directory, so an address is a pod exactly when the
 * directory says it owns it.
 */
final class RuleMatcher {

    private final PodDirectory pods;
    private final IpBlockScope scope;
    private final Map<PeerKey, IntervalSet> peerSets = new ConcurrentHashMap<>();

    private record PeerKey(String namespace, NetworkPolicyRule rule, AddressFamily family) {
    }

    RuleMatcher(PodDirectory pods, IpBlockScope scope) {
        this.pods = pods;
        this.scope = scope;
    }

    /**
     * The directions {@code policy} isolates: its {@code policyTypes}, or when a policy built without the API's
     * defaulting has none, Ingress plus Egress if it has egress rules.
     */
    static List<PolicyType> effectiveTypes(NetworkPolicy policy) {
        return policy.policyTypes().isEmpty()
                ? NetworkPolicy.defaultPolicyTypes(!policy.egress().isEmpty())
                : policy.policyTypes();
    }

    static List<NetworkPolicyRule> rules(NetworkPolicy policy, PolicyType direction) {
        return direction == PolicyType.INGRESS ? policy.ingress() : policy.egress();
    }

    /** True if {@code policy} applies to {@code pod}: same namespace, pod in the pod network, selector matches. */
    static boolean selects(NetworkPolicy policy, Pod pod) {
        return PodDirectory.inPodNetwork(pod) && policy.namespace().equals(pod.namespace())
                && policy.podSelector().matches(pod.labels());
    }

    // ---- one endpoint ----

    /** True if some peer of {@code rule} (of a policy in {@code namespace}) matches {@code endpoint}. */
    boolean peerMatches(String namespace, NetworkPolicyRule rule, PolicyEndpoint endpoint) {
        if (rule.allowsAllPeers()) {
            return true;
        }
        for (NetworkPolicyPeer peer : rule.peers()) {
            if (peerMatches(namespace, peer, endpoint)) {
                return true;
            }
        }
        return false;
    }

    private boolean peerMatches(String namespace, NetworkPolicyPeer peer, PolicyEndpoint endpoint) {
        if (peer instanceof NetworkPolicyPeer.SelectorPeer) {
            NetworkPolicyPeer.SelectorPeer selector = (NetworkPolicyPeer.SelectorPeer) peer;
            if (!(endpoint instanceof PolicyEndpoint.PodEndpoint)) {
                return false;
            }
            Pod pod = ((PolicyEndpoint.PodEndpoint) endpoint).pod();
            return PodDirectory.inPodNetwork(pod) && selector.selects(namespace, pod.namespace(), pod.labels(),
                    pods.namespaceLabels(pod.namespace()));
        }
        NetworkPolicyPeer.IpBlockPeer block = (NetworkPolicyPeer.IpBlockPeer) peer;
        if (scope == IpBlockScope.OUTSIDE_PODS_ONLY && endpoint instanceof PolicyEndpoint.PodEndpoint) {
            return false;
        }
        Optional<IpAddress> address = endpoint.address();
        return address.isPresent() && block.contains(address.get());
    }

    /**
     * True if some entry of {@code rule}'s ports admits {@code protocol} and {@code port} at {@code destination}
     * (named ports are looked up in the destination pod's containers; an outside destination has none).
     */
    static boolean portMatches(NetworkPolicyRule rule, Optional<Pod> destination, Protocol protocol, int port) {
        if (rule.allowsAllPorts()) {
            return true;
        }
        for (NetworkPolicyPort entry : rule.ports()) {
            if (entryMatches(entry, destination, protocol, port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean entryMatches(NetworkPolicyPort entry, Optional<Pod> destination, Protocol protocol,
                                        int port) {
        if (!entry.protocol().equals(protocol)) {
            return false;
        }
        Optional<PortRange> range = entry.numericRange();
        if (range.isPresent()) {
            return range.get().contains(port);
        }
        return destination.isPresent() && resolves(entry, destination.get(), port);
    }

    /** True if the named port of {@code entry} is {@code port} in {@code pod}. */
    private static boolean resolves(NetworkPolicyPort entry, Pod pod, int port) {
        String name = ((PortReference.Named) entry.port().orElseThrow()).name();
        OptionalInt number = pod.resolvePort(name, entry.protocol());
        return number.isPresent() && number.getAsInt() == port;
    }

    // ---- address sets ----

    /** Every address of {@code family} that some peer of {@code rule} matches, as {@link #peerMatches} decides. */
    IntervalSet peerAddresses(String namespace, NetworkPolicyRule rule, AddressFamily family) {
        if (rule.allowsAllPeers()) {
            return IntervalSet.full(family.bits());
        }
        return peerSets.computeIfAbsent(new PeerKey(namespace, rule, family), k -> computePeerAddresses(k));
    }

    private IntervalSet computePeerAddresses(PeerKey key) {
        IntervalSet out = IntervalSet.empty(key.family().bits());
        for (NetworkPolicyPeer peer : key.rule().peers()) {
            out = out.union(peerAddresses(key.namespace(), peer, key.family()));
        }
        return out;
    }

    private IntervalSet peerAddresses(String namespace, NetworkPolicyPeer peer, AddressFamily family) {
        if (peer instanceof NetworkPolicyPeer.SelectorPeer) {
            NetworkPolicyPeer.SelectorPeer selector = (NetworkPolicyPeer.SelectorPeer) peer;
            List<IpAddress> chosen = new ArrayList<>();
            for (Map.Entry<IpAddress, Pod> e : pods.owned(family)) {
                Pod pod = e.getValue();
                if (selector.selects(namespace, pod.namespace(), pod.labels(),
                        pods.namespaceLabels(pod.namespace()))) {
                    chosen.add(e.getKey());
                }
            }
            return IntervalSet.points(family.bits(), chosen);
        }
        NetworkPolicyPeer.IpBlockPeer block = (NetworkPolicyPeer.IpBlockPeer) peer;
        if (block.cidr().family() != family) {
            return IntervalSet.empty(family.bits());
        }
        IntervalSet set = IntervalSet.of(block.cidr());
        for (IpPrefix e : block.except()) {
            set = set.minus(IntervalSet.of(e));
        }
        if (scope == IpBlockScope.OUTSIDE_PODS_ONLY) {
            set = set.minus(pods.ownedAddresses(family));
        }
        return set;
    }
}
