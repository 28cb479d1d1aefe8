package io.netprove.compiler.services;

import java.util.List;
import java.util.Objects;

/** A service port with all its endpoints of the family, sorted by {@code ip:port} text as kube-proxy sorts them. */
public record ServicePortEndpoints(ServicePortInfo service, List<EndpointInfo> endpoints) {

    public ServicePortEndpoints {
        Objects.requireNonNull(service, "service");
        endpoints = List.copyOf(endpoints);
    }
}
