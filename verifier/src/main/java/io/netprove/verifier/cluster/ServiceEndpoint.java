package io.netprove.verifier.cluster;

import io.netprove.model.net.IpAddress;

/** One backend of a service port: the pod address and target port, its node, and its conditions. */
public record ServiceEndpoint(IpAddress address, int port, String node, boolean ready, boolean serving,
                              boolean terminating) {

    public String text() {
        return address.withPort(port);
    }
}
