package io.netprove.model.k8s;

import io.netprove.model.net.Protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A port of an Endpoints subset or an EndpointSlice. {@code name} is {@code ""} when not given and matches the
 * Service port of the same name. {@code port} is always present in Endpoints; in an EndpointSlice an absent port
 * means "not restricted", which consumers interpret in their own context. Protocol defaults to TCP.
 */
public record EndpointPort(String name, OptionalInt port, Protocol protocol, Optional<String> appProtocol) {

    public EndpointPort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(appProtocol, "appProtocol");
        if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
            throw new IllegalArgumentException("port out of range: " + port.getAsInt());
        }
    }

    /** A named TCP port. */
    public static EndpointPort tcp(String name, int port) {
        return new EndpointPort(name, OptionalInt.of(port), Protocol.TCP, Optional.empty());
    }
}
