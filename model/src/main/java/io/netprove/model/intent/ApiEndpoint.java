package io.netprove.model.intent;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * One address and TCP port where the Kubernetes API server listens ({@code api server ADDRESS:PORT}): where clients
 * with API credentials send {@code kubectl port-forward} and API-proxy requests.
 */
public record ApiEndpoint(IpAddress address, int port, SourceLocation location) {

    public ApiEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(location, "location");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return address.withPort(port);
    }
}
