package io.netprove.verifier.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Drives the exploration of every alternative: a walk is replayed with a fixed prefix of decisions; a choice point
 * past the prefix takes its first option and queues the next option for a later walk. Depth-first, so outcomes come
 * out in rule order (the first statistic branch first). Choices may have any number of options.
 */
final class Choices {

    private final Deque<int[]> pending = new ArrayDeque<>();
    private int[] prefix;
    private int[] taken = new int[16];
    private int depth;
    private long walks;

    Choices() {
        pending.push(new int[0]);
    }

    /** Starts the next walk; false when every alternative has been walked. */
    boolean next() {
        if (pending.isEmpty()) {
            return false;
        }
        prefix = pending.pop();
        depth = 0;
        walks++;
        return true;
    }

    long walks() {
        return walks;
    }

    /** A two-way choice: true is explored first. */
    boolean choose() {
        return choose(2) == 0;
    }

    /** An n-way choice (n >= 1): returns the option taken by this walk, 0 first. */
    int choose(int n) {
        int decision;
        if (depth < prefix.length) {
            decision = prefix[depth];
            if (depth == prefix.length - 1 && decision + 1 < n) {
                int[] alternative = Arrays.copyOf(prefix, depth + 1);
                alternative[depth] = decision + 1;
                pending.push(alternative);
            }
        } else {
            decision = 0;
            if (n > 1) {
                int[] alternative = Arrays.copyOf(taken, depth + 1);
                alternative[depth] = 1;
                pending.push(alternative);
            }
        }
        if (depth == taken.length) {
            taken = Arrays.copyOf(taken, depth * 2);
        }
        taken[depth++] = decision;
        return decision;
    }
}
