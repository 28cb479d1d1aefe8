package io.netprove.verifier.policy;

import java.util.Objects;

/**
 * What netprove assumes about the network plugin where the NetworkPolicy API leaves a choice to it. The default,
 * {@link #DOCUMENTED}, follows the Kubernetes documentation; each departure is a plugin's known behaviour (see
 * docs/network-policy.md).
 *
 * @param ipBlockScope          whether ipBlock peers also match pod IPs
 * @param nodeOriginToLocalPods true if packets that a node's own network namespace sends (host processes such as the
 *                              kubelet, hostNetwork pods) to a pod on that node pass the pod's ingress whatever the
 *                              policies say: the API reference says traffic is allowed to a pod "if the traffic
 *                              source is the pod's local node"
 * @param podToOwnNode          true if a pod's egress to an address of its own node is always allowed: the concepts
 *                              page says "traffic to and from the node where a Pod is running is always allowed"; some
 *                              plugins (Cilium) judge it by policy instead
 */
public record PolicyAssumptions(IpBlockScope ipBlockScope, boolean nodeOriginToLocalPods, boolean podToOwnNode) {

    /** The documented behaviour: ipBlocks match every address, node-local traffic passes both ways. */
    public static final PolicyAssumptions DOCUMENTED = new PolicyAssumptions(IpBlockScope.EVERY_ADDRESS, true, true);

    public PolicyAssumptions {
        Objects.requireNonNull(ipBlockScope, "ipBlockScope");
    }

    public PolicyAssumptions withIpBlockScope(IpBlockScope scope) {
        return new PolicyAssumptions(scope, nodeOriginToLocalPods, podToOwnNode);
    }

    public PolicyAssumptions withNodeOriginToLocalPods(boolean allowed) {
        return new PolicyAssumptions(ipBlockScope, allowed, podToOwnNode);
    }

    public PolicyAssumptions withPodToOwnNode(boolean allowed) {
        return new PolicyAssumptions(ipBlockScope, nodeOriginToLocalPods, allowed);
    }
}
