package io.netprove.model.k8s;

import java.util.List;

/**
 * One subset of an Endpoints object: every address (ready or not) serves every port of the subset. The set of
 * endpoints is the cross product of addresses and ports.
 */
public record EndpointSubset(List<EndpointAddress> addresses, List<EndpointAddress> notReadyAddresses,
                             List<EndpointPort> ports) {

    public EndpointSubset {
        addresses = List.copyOf(addresses);
        notReadyAddresses = List.copyOf(notReadyAddresses);
        ports = List.copyOf(ports);
    }
}
