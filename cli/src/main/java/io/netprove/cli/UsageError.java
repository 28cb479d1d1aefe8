package io.netprove.cli;

/** A command-line mistake found after option parsing (an option value that does not make sense); exit status 2. */
public final class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message, null, false, false);
    }
}
