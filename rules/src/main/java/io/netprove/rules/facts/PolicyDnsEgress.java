package io.netprove.rules.facts;

import io.netprove.model.k8s.NetworkPolicy;
import io.netprove.model.net.Protocol;

import java.util.Objects;

/**
 * For a policy that isolates egress: whether its own egress rules allow {@code protocol} (UDP or TCP) to the cluster
 * DNS pods on their DNS port.
 */
public record PolicyDnsEgress(NetworkPolicy policy, Protocol protocol, boolean allowed) {

    public PolicyDnsEgress {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(protocol, "protocol");
    }
}
