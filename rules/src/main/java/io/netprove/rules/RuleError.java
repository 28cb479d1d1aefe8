package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;

/**
 * A rule that cannot be used: a .drl file that does not compile, a rule that throws, loops past the firing limit or
 * does not finish in time. {@code location} points at the file (and line) of the rule; the CLI prints
 * {@code FILE:LINE:COL: reason} and exits with status 2.
 */
public final class RuleError extends RuntimeException {

    private final SourceLocation location;
    private final String reason;

    public RuleError(SourceLocation location, String reason) {
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
