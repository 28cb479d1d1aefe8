package io.netprove.verifier.policy;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.k8s.NetworkPolicyPeer;
import io.netprove.model.k8s.NetworkPolicyRule;
import io.netprove.model.k8s.Pod;
import io.netprove.model.k8s.PolicyType;
import io.netprove.model.net.IpAddress;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The sentences {@link NetworkPolicyEngine#approximations()} returns: where the NetworkPolicy API leaves behaviour
 * to the network plugin (docs/network-policy.md gives the sources), what netprove assumes, and where in this cluster
 * the choice matters.
 */
final class Approximations {

    private Approximations() {
    }

    static List<String> of(PolicyAssumptions assumptions, ClusterObjects cluster) {
        List<String> out = new ArrayList<>();
        out.add("Address view: policies are judged on packets as they cross the pod's interface, after kube-proxy's "
                + "service DNAT in both directions (destination = backend pod IP and target port) and, on ingress, "
                + "after any SNAT on the way; the API leaves the order of rewriting and policy undefined, and this "
                + "is the order of ovn-kubernetes, kube-router and Calico.");
        out.add("hostNetwork pods are never isolated and never matched by podSelector or namespaceSelector; their "
                + "traffic is node traffic, matched by ipBlocks through the node address (the most common of the two "
                + "behaviours the Kubernetes documentation allows).");
        out.add(assumptions.ipBlockScope() == IpBlockScope.EVERY_ADDRESS
                ? "ipBlock peers match pod IPs too (iptables- and OVS-based plugins); Cilium and Terway match "
                + "ipBlocks against cluster-external addresses only."
                : "ipBlock peers match no pod IP (as Cilium and Terway do); iptables- and OVS-based plugins would "
                + "match pod IPs inside the blocks too.");
        out.add(assumptions.nodeOriginToLocalPods()
                ? "Packets a node's own network namespace (host processes such as the kubelet, hostNetwork pods) "
                + "sends to a pod on that node pass the pod's ingress; this is decided by origin, and a forwarded "
                + "packet masqueraded to a node address is judged like any other source."
                : "Packets a node's own network namespace sends to a pod on that node are judged by the pod's ingress "
                + "like any other source (the API reference says they are always allowed).");
        out.add(assumptions.podToOwnNode()
                ? "A pod's egress to an address of its own node is always allowed, as the concepts page says; "
                + "Cilium judges it by policy."
                : "A pod's egress to its own node is judged by policy (as Cilium does); the concepts page says it "
                + "is always allowed.");
        out.add("Protocols: isolation denies every IP protocol and a rule without ports allows every protocol, "
                + "ICMP included; the API defines TCP, UDP and SCTP only, and plugins differ for the rest.");
        out.add("A pod's packets to its own pod IP stay in its network namespace and no plugin sees them; the engine "
                + "judges a pod reaching itself like any other pair, which is what happens through a Service "
                + "(hairpin), and leaves it to the caller to know whether a packet left the pod.");
        out.add("Policies are taken as fully applied: no start-up window before a new pod's or policy's rules are "
                + "installed, and no account of established connections when policies change.");
        out.add("endPort is honoured (stable since Kubernetes 1.25); a plugin without endPort support would allow "
                + "the first port only.");
        out.addAll(aboutCluster(assumptions, cluster));
        return List.copyOf(out);
    }

    private static List<String> aboutCluster(PolicyAssumptions assumptions, ClusterObjects cluster) {
        List<String> out = new ArrayList<>();
        Set<String> hostNetworkPicked = new LinkedHashSet<>();
        List<Pod> unaddressed = new ArrayList<>();
        for (Pod p : cluster.pods()) {
            if (PodDirectory.terminated(p)) {
                continue;
            }
            if (!p.hostNetwork() && p.podIPs().isEmpty()) {
                unaddressed.add(p);
            }
            if (p.hostNetwork()) {
                for (NetworkPolicy policy : cluster.networkPolicies()) {
                    if (policy.namespace().equals(p.namespace()) && policy.podSelector().matches(p.labels())) {
                        hostNetworkPicked.add(p.metadata().qualifiedName() + " by " + policy.namespace() + "/"
                                + policy.name());
                    }
                }
            }
        }
        if (!hostNetworkPicked.isEmpty()) {
            out.add("In this cluster, spec.podSelector picks hostNetwork pods, which are not isolated: "
                    + String.join(", ", hostNetworkPicked) + ".");
        }
        if (!unaddressed.isEmpty()) {
            out.add("In this cluster, " + unaddressed.size() + " pod(s) of the pod network have no pod IP (for "
                    + "example " + unaddressed.get(0).metadata().qualifiedName() + "): they can be isolated but "
                    + "no address stands for them as a peer.");
        }
        Set<String> blocksOverPods = new LinkedHashSet<>();
        for (NetworkPolicy policy : cluster.networkPolicies()) {
            for (PolicyType direction : PolicyType.values()) {
                for (NetworkPolicyRule rule : RuleMatcher.rules(policy, direction)) {
                    for (NetworkPolicyPeer peer : rule.peers()) {
                        if (peer instanceof NetworkPolicyPeer.IpBlockPeer
                                && coversPod((NetworkPolicyPeer.IpBlockPeer) peer, cluster)) {
                            blocksOverPods.add(((NetworkPolicyPeer.IpBlockPeer) peer).cidr() + " in "
                                    + policy.namespace() + "/" + policy.name() + " (" + rule.location() + ")");
                        }
                    }
                }
            }
        }
        if (!blocksOverPods.isEmpty()) {
            out.add("In this cluster, ipBlocks hold pod IPs, so the ipBlock assumption decides answers: "
                    + String.join(", ", blocksOverPods) + (assumptions.ipBlockScope() == IpBlockScope.EVERY_ADDRESS
                    ? " (matched here)." : " (not matched here)."));
        }
        return out;
    }

    private static boolean coversPod(NetworkPolicyPeer.IpBlockPeer block, ClusterObjects cluster) {
        for (Pod p : cluster.pods()) {
            if (PodDirectory.inPodNetwork(p)) {
                for (IpAddress a : p.podIPs()) {
                    if (block.contains(a)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
