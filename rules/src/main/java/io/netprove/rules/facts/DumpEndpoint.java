package io.netprove.rules.facts;

import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Objects;

/**
 * An endpoint kube-proxy programmed on {@code node} for service port {@code key} ({@code ns/name:port}): the
 * DNAT target of a {@code KUBE-SEP-*} chain of the nat table, at {@code location}.
 */
public record DumpEndpoint(String node, String key, IpAddress address, int port, SourceLocation location) {

    public DumpEndpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(location, "location");
    }

    /** {@code ip:port} ({@code [ip]:port} for IPv6). */
    public String text() {
        return address.withPort(port);
    }
}
