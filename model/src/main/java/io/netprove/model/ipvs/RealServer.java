package io.netprove.model.ipvs;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Optional;

/**
 * A destination of a virtual service. Weight 0 means the server takes no new connections (existing ones continue);
 * thresholds of 0 mean no limit. {@code tunnel} is present only for {@link ForwardingMethod#TUNNEL} servers whose
 * encapsulation was stated; {@code connections} only when read from {@code ipvsadm -L}.
 */
public record RealServer(IpAddress address, int port, ForwardingMethod method, int weight, long upperThreshold,
                         long lowerThreshold, Optional<TunnelEncapsulation> tunnel,
                         Optional<ConnectionCounts> connections, SourceLocation location) {

    /** Active and inactive connection counts as {@code ipvsadm -L} shows them (a snapshot, not configuration). */
    public record ConnectionCounts(long active, long inactive) {
    }

    public RealServer {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (weight < 0 || weight > 65535) {
            throw new IllegalArgumentException("weight out of range: " + weight);
        }
        if (upperThreshold < 0 || lowerThreshold < 0) {
            throw new IllegalArgumentException("thresholds must not be negative");
        }
    }

    /** True when the scheduler may pick this server for a new connection (weight above 0). */
    public boolean acceptsNewConnections() {
        return weight > 0;
    }

    /** {@code addr:port}, IPv6 in brackets. */
    public String endpoint() {
        return address.withPort(port);
    }
}
