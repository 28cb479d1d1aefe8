package io.netprove.properties;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sizes of a property run. CI runs the defaults; {@code -Pnightly} (or {@code -Dnetprove.tries=N}) raises them.
 * jqwik's tries per property come from {@code jqwik.tries.default}, which the pom sets from the same property.
 * Each property container tallies its cases and prints them with the time taken when it ends.
 */
final class Budget {

    private Budget() {
    }

    /** Tries per property ({@code netprove.tries}, default 200). */
    static int tries() {
        return Integer.getInteger("netprove.tries", 200);
    }

    /** Rule sets loaded into the kernel by the kernel property ({@code netprove.kernel.rulesets}, default 3). */
    static int kernelRulesets() {
        return Integer.getInteger("netprove.kernel.rulesets", 3);
    }

    /** Z3 witness queries per generated rule set: a handful in CI, more at nightly sizes. */
    static int witnessesPerRuleset() {
        return tries() >= 1000 ? 24 : 6;
    }

    /** Counts what a property container checked and reports it with the elapsed time. */
    static final class Tally {
        private final String name;
        private final long started = System.nanoTime();
        final AtomicLong cases = new AtomicLong();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();

        Tally(String name) {
            this.name = name;
        }

        void print(String what) {
            System.out.printf(Locale.ROOT, "property %s: %d cases, %d %s, %d skipped, %.1f s (netprove.tries=%d)%n",
                    name, cases.get(), checks.get(), what, skipped.get(), (System.nanoTime() - started) / 1e9,
                    tries());
        }
    }
}
