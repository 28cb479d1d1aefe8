package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Namespace;
import io.netprove.model.k8s.Node;
import io.netprove.model.k8s.NodeAddress;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pods NetworkPolicy reasons about, indexed. A pod is <em>in the pod network</em> when it has not terminated
 * (phase Succeeded or Failed) and does not use the host network: only those are selected by policies, matched by
 * selector peers, and own their addresses. Each address belongs to the first such pod (in reading order) that lists
 * it; a second pod with the same address is reported and does not own it.
 *
 * <p>A node's addresses are those of its Node object ({@code status.addresses}), the {@code hostIPs} of the pods bound
 * to it and the pod IPs of its hostNetwork pods, and any the caller adds (from captured interface state, for example the CNI bridge's gateway address).
 */
final class PodDirectory {

    private final List<Pod> podNetwork;
    private final Map<String, List<Pod>> byNamespace = new HashMap<>();
    private final Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
    private final Map<IpAddress, Pod> owners = new LinkedHashMap<>();
    private final Map<IpAddress, Pod> hostNetworkAddresses = new HashMap<>();
    private final Map<String, Set<IpAddress>> nodeAddresses = new HashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    PodDirectory(ClusterObjects cluster, Map<String, ? extends Collection<IpAddress>> extraNodeAddresses) {
        for (Node n : cluster.nodes()) {
            for (NodeAddress a : n.addresses()) {
                a.ip().ifPresent(ip -> addressesOf(n.name()).add(ip));
            }
        }
        for (Pod p : cluster.pods()) {
            p.nodeName().ifPresent(n -> {
                addressesOf(n).addAll(p.hostIPs());
                if (p.hostNetwork() && !terminated(p)) {
                    addressesOf(n).addAll(p.podIPs());
                }
            });
        }
        extraNodeAddresses.forEach((n, addresses) -> addressesOf(n).addAll(addresses));
        List<Pod> live = new ArrayList<>();
        for (Pod p : cluster.pods()) {
            if (terminated(p)) {
                continue;
            }
            if (p.hostNetwork()) {
                for (IpAddress a : p.podIPs()) {
                    hostNetworkAddresses.putIfAbsent(a, p);
                }
                continue;
            }
            live.add(p);
            byNamespace.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p);
            for (IpAddress a : p.podIPs()) {
                Pod first = owners.putIfAbsent(a, p);
                if (first != null && first != p) {
                    diagnostics.add(Diagnostic.warning(p.location(), "Pod " + p.metadata().qualifiedName()
                            + " has the address " + a + ", already the address of Pod "
                            + first.metadata().qualifiedName() + " (" + first.location() + "): answers by "
                            + "address take " + a + " to be " + first.metadata().qualifiedName()));
                }
            }
        }
        podNetwork = List.copyOf(live);
        for (String ns : cluster.namespaceNames()) {
            namespaceLabels.put(ns, cluster.namespaceLabels(ns).orElse(Namespace.implicitLabels(ns)));
        }
    }

    private Set<IpAddress> addressesOf(String node) {
        return nodeAddresses.computeIfAbsent(node, k -> new LinkedHashSet<>());
    }

    static boolean terminated(Pod p) {
        return p.phase().isPresent() && p.phase().get().terminal();
    }

    /** True if policies apply to {@code p}: it is running (or about to) and not on the host network. */
    static boolean inPodNetwork(Pod p) {
        return !p.hostNetwork() && !terminated(p);
    }

    List<Diagnostic> diagnostics() {
        return Collections.unmodifiableList(diagnostics);
    }

    /** The pods of the pod network, in reading order. */
    List<Pod> podNetwork() {
        return podNetwork;
    }

    List<Pod> podsIn(String namespace) {
        return byNamespace.getOrDefault(namespace, List.of());
    }

    Map<String, String> namespaceLabels(String namespace) {
        Map<String, String> labels = namespaceLabels.get(namespace);
        return labels != null ? labels : Namespace.implicitLabels(namespace);
    }

    /** The pod of the pod network that owns {@code address}. */
    Optional<Pod> owner(IpAddress address) {
        return Optional.ofNullable(owners.get(address));
    }

    /** Every owned address of {@code family} with its owner, in reading order. */
    List<Map.Entry<IpAddress, Pod>> owned(AddressFamily family) {
        List<Map.Entry<IpAddress, Pod>> out = new ArrayList<>();
        for (Map.Entry<IpAddress, Pod> e : owners.entrySet()) {
            if (e.getKey().family() == family) {
                out.add(e);
            }
        }
        return out;
    }

    /** The set of owned addresses of {@code family}. */
    IntervalSet ownedAddresses(AddressFamily family) {
        List<IpAddress> addresses = new ArrayList<>();
        for (IpAddress a : owners.keySet()) {
            if (a.family() == family) {
                addresses.add(a);
            }
        }
        return IntervalSet.points(family.bits(), addresses);
    }

    /** The addresses of the node {@code pod} runs on (its {@code hostIPs} when the node is not named). */
    List<IpAddress> localNodeAddresses(Pod pod) {
        Set<IpAddress> out = new LinkedHashSet<>(pod.hostIPs());
        pod.nodeName().ifPresent(n -> out.addAll(nodeAddresses.getOrDefault(n, Set.of())));
        return List.copyOf(out);
    }

    /** {@link #localNodeAddresses} of one family, as a set. */
    IntervalSet localNodeAddresses(Pod pod, AddressFamily family) {
        return IntervalSet.points(family.bits(),
                localNodeAddresses(pod).stream().filter(a -> a.family() == family).toList());
    }

    /** True if {@code sender} is the node {@code pod} runs on: same node name, or one of that node's addresses. */
    boolean isLocalNode(PolicyEndpoint.NodeEndpoint sender, Pod pod) {
        if (sender.node().isPresent() && pod.nodeName().isPresent()) {
            return sender.node().get().equals(pod.nodeName().get());
        }
        return localNodeAddresses(pod).contains(sender.ip());
    }

    /**
     * {@code address} as policy sees it: the pod owning it, or an outside address saying what it is. An address never
     * stands for a node's own traffic (see {@link PolicyEndpoint}).
     */
    PolicyEndpoint endpoint(IpAddress address) {
        Pod owner = owners.get(address);
        if (owner != null) {
            return new PolicyEndpoint.PodEndpoint(owner, Optional.of(address));
        }
        Pod host = hostNetworkAddresses.get(address);
        if (host != null) {
            return new PolicyEndpoint.OutsideEndpoint(address, "node address, also of hostNetwork pod "
                    + host.metadata().qualifiedName());
        }
        return new PolicyEndpoint.OutsideEndpoint(address, "no pod of the pod network has this address");
    }

    /**
     * {@code pod} as policy sees it, at its primary address: a hostNetwork pod is its node's own traffic, a terminated
     * pod an outside address.
     */
    PolicyEndpoint endpoint(Pod pod) {
        if (inPodNetwork(pod)) {
            return new PolicyEndpoint.PodEndpoint(pod, pod.podIP());
        }
        Optional<IpAddress> address = pod.podIP().or(() -> pod.hostIPs().stream().findFirst());
        if (address.isEmpty()) {
            throw new IllegalArgumentException("Pod " + pod.metadata().qualifiedName() + " is "
                    + (pod.hostNetwork() ? "on the host network" : "terminated") + " and has no address");
        }
        if (pod.hostNetwork()) {
            return new PolicyEndpoint.NodeEndpoint(pod.nodeName(), address.get(),
                    "hostNetwork pod " + pod.metadata().qualifiedName()
                            + pod.nodeName().map(n -> " on node " + n).orElse(""));
        }
        return new PolicyEndpoint.OutsideEndpoint(address.get(),
                "address of terminated pod " + pod.metadata().qualifiedName());
    }
}
