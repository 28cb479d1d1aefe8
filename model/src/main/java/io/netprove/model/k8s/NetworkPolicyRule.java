package io.netprove.model.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;

/**
 * One ingress or egress rule. Traffic is allowed when it matches some peer and some port. An empty {@code peers}
 * list ({@code from}/{@code to} absent or empty) matches every peer, and an empty {@code ports} list every port;
 * so the rule {@code {}} allows everything in its direction.
 */
public record NetworkPolicyRule(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports,
                                SourceLocation location) {

    public NetworkPolicyRule {
        peers = List.copyOf(peers);
        ports = List.copyOf(ports);
        Objects.requireNonNull(location, "location");
    }

    public boolean allowsAllPeers() {
        return peers.isEmpty();
    }

    public boolean allowsAllPorts() {
        return ports.isEmpty();
    }
}
