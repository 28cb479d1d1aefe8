package io.netprove.model.intent;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of the cluster: its Kubernetes name, its addresses, and where its forwarding-state dumps are (a snapshot
 * folder or a single dump file), if given.
 */
public record NodeSpec(String name, List<IpAddress> addresses, Optional<FileRef> state, SourceLocation location) {

    public NodeSpec {
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("node " + name + " has no address");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(location, "location");
    }
}
