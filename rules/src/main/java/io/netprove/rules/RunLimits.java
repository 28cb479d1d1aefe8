package io.netprove.rules;

import java.time.Duration;

/**
 * Bounds on one run of a rule pack: at most {@code maxFirings} rule firings and {@code timeout} of wall time (facts
 * inserted and rules fired). A pack that passes either bound fails with a {@link RuleError} naming the rule.
 */
public record RunLimits(int maxFirings, Duration timeout) {

    /** 200,000 firings and 20 seconds: far above what the built-in packs need on large clusters. */
    public static final RunLimits DEFAULT = new RunLimits(200_000, Duration.ofSeconds(20));

    public RunLimits {
        if (maxFirings < 1 || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
