package io.netprove.grammar.iptables;

import java.util.Set;

/**
 * A probe through a generated cluster's node: who sends it (and from which address), the protocol and destination,
 * and every outcome the generator's model of kube-proxy expects (one per endpoint the packet may be DNATed to).
 */
public record ProbeFlow(String label, Source source, String sourceIp, String protocol, String destination, int port,
                        Set<ExpectedOutcome> expected) {

    public ProbeFlow {
        expected = Set.copyOf(expected);
    }

    /** Where a probe comes from. */
    public enum Source {
        /** Outside the cluster, inside the load-balancer source range. */
        EXTERNAL,
        /** Outside the cluster and outside the load-balancer source range. */
        BLOCKED_EXTERNAL,
        /** A pod that is no service's endpoint. */
        POD,
        /** An endpoint pod (hairpin traffic when it reaches its own service). */
        ENDPOINT,
        /** A host-network process on the node, from the node's address. */
        NODE,
        /** A host-network process on the node, from 127.0.0.1. */
        NODE_LOCALHOST;

        public boolean fromNode() {
            return this == NODE || this == NODE_LOCALHOST;
        }
    }

    @Override
    public String toString() {
        return label + ": " + source + " " + sourceIp + " " + protocol + " -> " + destination + ":" + port;
    }
}
