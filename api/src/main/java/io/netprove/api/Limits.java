package io.netprove.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the verifier tries: the solver timeout per query (a timeout makes the verdict UNKNOWN) and the number of
 * symbolic paths explored per probe before it gives up (also UNKNOWN).
 */
public record Limits(Duration timeout, int maxPaths) {

    /** 30 seconds per query, 500,000 paths per probe: the CLI's defaults. */
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), 500_000);

    /** Checks the values: a timeout of at least one millisecond, at least one path. */
    public Limits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout " + timeout + ": expected 1 ms to 24 days");
        }
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths " + maxPaths + ": expected at least 1");
        }
    }

    /** These limits with another timeout. */
    public Limits withTimeout(Duration t) {
        return new Limits(t, maxPaths);
    }

    int timeoutMillis() {
        return (int) timeout.toMillis();
    }
}
