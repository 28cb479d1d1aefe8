package io.netprove.rules.facts;

import io.netprove.model.k8s.Pod;

import java.util.Objects;

/**
 * A pod with a MAC-VLAN interface: {@code network} names the attachment (or the node, for a node whose pod network
 * is MAC-VLAN), {@code primary} says whether it carries the pod's default route (the node's pod network, or Multus'
 * {@code v1.multus-cni.io/default-network}) rather than being an extra interface
 * ({@code k8s.v1.cni.cncf.io/networks}); {@code declaredBy} names the annotation or option that says so.
 */
public record MacvlanAttachment(Pod pod, String network, boolean primary, String declaredBy) {

    public MacvlanAttachment {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(declaredBy, "declaredBy");
    }
}
