package io.netprove.model.k8s;

import io.netprove.model.net.PortRange;
import io.netprove.model.net.Protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a rule's {@code ports}: a protocol (default TCP) and optionally a port, by number or by name. An
 * absent port means every port of the protocol; {@code endPort} widens a numbered port to a range.
 */
public record NetworkPolicyPort(Protocol protocol, Optional<PortReference> port, OptionalInt endPort) {

    public NetworkPolicyPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(endPort, "endPort");
        if (endPort.isPresent()) {
            if (port.isEmpty() || !(port.get() instanceof PortReference.Numbered)) {
                throw new IllegalArgumentException("endPort needs a numbered port");
            }
            int first = ((PortReference.Numbered) port.get()).number();
            if (endPort.getAsInt() < first || endPort.getAsInt() > 65535) {
                throw new IllegalArgumentException("endPort " + endPort.getAsInt() + " below port " + first);
            }
        }
    }

    /** Every port of {@code protocol}. */
    public static NetworkPolicyPort allPorts(Protocol protocol) {
        return new NetworkPolicyPort(protocol, Optional.empty(), OptionalInt.empty());
    }

    /** The numeric range this entry allows: all ports, one port or port..endPort; empty for a named port. */
    public Optional<PortRange> numericRange() {
        if (port.isEmpty()) {
            return Optional.of(PortRange.ALL);
        }
        if (port.get() instanceof PortReference.Numbered) {
            int first = ((PortReference.Numbered) port.get()).number();
            return Optional.of(new PortRange(first, endPort.orElse(first)));
        }
        return Optional.empty();
    }
}
