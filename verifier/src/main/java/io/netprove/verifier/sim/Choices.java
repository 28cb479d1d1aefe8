package io.netprove.verifier.sim;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Drives the exploration of every alternative: a walk is replayed with a fixed prefix of decisions; each free choice
 * past the prefix takes "yes" and queues the same prefix with "no" for a later walk. Depth-first, so outcomes come
 * out in rule order (the first statistic branch first).
 */
final class Choices {

    private final Deque<boolean[]> pending = new ArrayDeque<>();
    private boolean[] prefix;
    private boolean[] taken = new boolean[16];
    private int depth;

    Choices() {
        pending.push(new boolean[0]);
    }

    /** Starts the next walk; false when every alternative has been walked. */
    boolean next() {
        if (pending.isEmpty()) {
            return false;
        }
        prefix = pending.pop();
        depth = 0;
        return true;
    }

    /** Number of walks still queued. */
    int queued() {
        return pending.size();
    }

    /** The decision at the next choice point of this walk. */
    boolean choose() {
        boolean decision;
        if (depth < prefix.length) {
            decision = prefix[depth];
        } else {
            decision = true;
            boolean[] alternative = Arrays.copyOf(taken, depth + 1);
            alternative[depth] = false;
            pending.push(alternative);
        }
        if (depth == taken.length) {
            taken = Arrays.copyOf(taken, depth * 2);
        }
        taken[depth++] = decision;
        return decision;
    }
}
