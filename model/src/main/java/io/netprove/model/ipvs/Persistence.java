package io.netprove.model.ipvs;

import java.util.Optional;

/**
 * Client affinity of a virtual service ({@code -p [timeout] [-M netmask] [--pe engine]}): connections from clients
 * in the same {@code prefixLength} block go to the same real server for {@code timeoutSeconds} after the last one.
 * {@code prefixLength} is 32 (IPv4) or 128 (IPv6) unless {@code -M} coarsened it.
 */
public record Persistence(long timeoutSeconds, int prefixLength, Optional<String> engine) {

    /** What {@code -p} without a value sets (ipvsadm's IPVS_SVC_PERSISTENT_TIMEOUT, six minutes). */
    public static final long DEFAULT_TIMEOUT = 360;

    public Persistence {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("persistence timeout must be positive: " + timeoutSeconds);
        }
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("persistence netmask length out of range: " + prefixLength);
        }
    }
}
