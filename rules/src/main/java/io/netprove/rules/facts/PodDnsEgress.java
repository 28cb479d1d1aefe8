package io.netprove.rules.facts;

import io.netprove.model.k8s.Pod;
import io.netprove.model.net.Protocol;

import java.util.Objects;

/**
 * For a pod whose egress some policy isolates: whether any of the egress-isolating policies that apply to it allows
 * {@code protocol} (UDP or TCP) to the cluster DNS pods on their DNS port.
 */
public record PodDnsEgress(Pod pod, Protocol protocol, boolean allowed) {

    public PodDnsEgress {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(protocol, "protocol");
    }
}
