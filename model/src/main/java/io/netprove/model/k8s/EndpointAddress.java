package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Optional;

/** An address in an Endpoints subset, usually a pod's IP with a reference to that pod. */
public record EndpointAddress(IpAddress ip, Optional<String> hostname, Optional<String> nodeName,
                              Optional<ObjectReference> targetRef) {

    public EndpointAddress {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(targetRef, "targetRef");
    }
}
