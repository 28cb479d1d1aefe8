package io.netprove.model.k8s;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * A container's declared port. {@code hostPort} is 0 when the port is not published on the node; for pods on the
 * host network the API defaults it to {@code containerPort}. {@code hostIP} restricts a host port to one address.
 */
public record ContainerPort(Optional<String> name, int containerPort, Protocol protocol, int hostPort,
                            Optional<IpAddress> hostIP) {

    public ContainerPort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(hostIP, "hostIP");
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort out of range: " + containerPort);
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new IllegalArgumentException("hostPort out of range: " + hostPort);
        }
    }

    /** An unnamed TCP port without a host port. */
    public static ContainerPort tcp(int port) {
        return new ContainerPort(Optional.empty(), port, Protocol.TCP, 0, Optional.empty());
    }
}
