package io.netprove.grammar;

import io.netprove.model.netfilter.SourceLocation;

/**
 * Bad input: carries the location and a one-line message saying what was expected. Front ends throw it; the CLI
 * prints {@link #getMessage()} as {@code FILE:LINE:COL: message} and exits with status 2.
 */
public final class InputError extends RuntimeException {

    private final SourceLocation location;
    private final String reason;

    public InputError(SourceLocation location, String reason) {
        super(location + ": " + reason, null, false, false);
        this.location = location;
        this.reason = reason;
    }

    public SourceLocation location() {
        return location;
    }

    /** The message without the location prefix. */
    public String reason() {
        return reason;
    }
}
