package io.netprove.compiler.services;

import io.netprove.model.net.IpAddress;

import java.util.Objects;
import java.util.Set;

/**
 * One endpoint of a service port as kube-proxy keeps it: address and port, whether it is on this node, its
 * conditions (absent ready/serving read as true, absent terminating as false) and its zone hints.
 */
public record EndpointInfo(IpAddress ip, int port, boolean local, boolean ready, boolean serving, boolean terminating,
                           Set<String> zoneHints) {

    public EndpointInfo {
        Objects.requireNonNull(ip, "ip");
        zoneHints = Set.copyOf(zoneHints);
    }

    /** {@code ip:port}, IPv6 in brackets: the string kube-proxy sorts, hashes and DNATs to. */
    public String text() {
        return ip.withPort(port);
    }

    /** Usable as a fallback when no endpoint is ready: serving while terminating. */
    public boolean servingTerminating() {
        return serving && terminating;
    }
}
