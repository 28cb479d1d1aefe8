package io.netprove.cli;

import io.netprove.rules.BuiltInRules;
import io.netprove.rules.CompiledRules;

import java.util.concurrent.CompletableFuture;

/**
 * Starts building the built-in rule packs as soon as the process knows it will lint, so that the build (about half of
 * lint's start-up) overlaps with option parsing and reading the input.
 */
final class BuiltInRulesPrefetch {

    private static CompletableFuture<CompiledRules> pending;

    private BuiltInRulesPrefetch() {
    }

    /** Starts loading when the command is {@code lint} or {@code check}. */
    static synchronized void startIfLinting(String[] args) {
        if (pending == null && args.length > 0 && (args[0].equals("lint") || args[0].equals("check"))) {
            pending = BuiltInRules.loadInBackground();
        }
    }

    /** The load started by {@link #startIfLinting}, or a new one; each load is handed out once. */
    static synchronized CompletableFuture<CompiledRules> take() {
        CompletableFuture<CompiledRules> out = pending != null ? pending : BuiltInRules.loadInBackground();
        pending = null;
        return out;
    }
}
