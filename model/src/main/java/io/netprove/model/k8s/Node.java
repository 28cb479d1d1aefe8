package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Node: its addresses, the pod CIDRs allocated to it ({@code spec.podCIDRs}, whose first entry is
 * {@code spec.podCIDR}), whether it is cordoned, its taints and its Ready condition when present.
 */
public record Node(ObjectMeta metadata, SourceLocation location, List<NodeAddress> addresses,
                   List<IpPrefix> podCIDRs, boolean unschedulable, List<Taint> taints,
                   Optional<ConditionStatus> ready) implements KubeObject {

    public Node {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(ready, "ready");
        if (metadata.namespace().isPresent()) {
            throw new IllegalArgumentException("a Node is cluster-scoped");
        }
        addresses = List.copyOf(addresses);
        podCIDRs = List.copyOf(podCIDRs);
        taints = List.copyOf(taints);
    }

    @Override
    public KubeKind kind() {
        return KubeKind.NODE;
    }

    /** {@code spec.podCIDR}: the first pod CIDR. */
    public Optional<IpPrefix> podCIDR() {
        return podCIDRs.isEmpty() ? Optional.empty() : Optional.of(podCIDRs.get(0));
    }

    /** The addresses of type InternalIP, in order. */
    public List<IpAddress> internalIPs() {
        return ipsOf(NodeAddressType.INTERNAL_IP);
    }

    /** The addresses of type ExternalIP, in order. */
    public List<IpAddress> externalIPs() {
        return ipsOf(NodeAddressType.EXTERNAL_IP);
    }

    private List<IpAddress> ipsOf(NodeAddressType type) {
        List<IpAddress> out = new ArrayList<>();
        for (NodeAddress a : addresses) {
            if (a.type() == type) {
                a.ip().ifPresent(out::add);
            }
        }
        return out;
    }
}
