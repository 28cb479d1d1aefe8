package io.netprove.model.k8s;

import io.netprove.model.net.Protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a Service's {@code spec.ports}. {@code name} is {@code ""} when not given (allowed for a single
 * port; endpoint ports match it by that empty name). {@code targetPort} defaults to {@code port}. {@code nodePort}
 * is 0 when none is allocated or written.
 */
public record ServicePort(String name, Protocol protocol, int port, PortReference targetPort, int nodePort,
                          Optional<String> appProtocol) {

    public ServicePort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(targetPort, "targetPort");
        Objects.requireNonNull(appProtocol, "appProtocol");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (nodePort < 0 || nodePort > 65535) {
            throw new IllegalArgumentException("nodePort out of range: " + nodePort);
        }
    }

    /** An unnamed TCP port whose target is the same number. */
    public static ServicePort tcp(int port) {
        return new ServicePort("", Protocol.TCP, port, PortReference.of(port), 0, Optional.empty());
    }
}
