package io.netprove.rules;

import java.util.Locale;
import java.util.Optional;

/** How much a finding matters; {@code --fail-on} picks the lowest severity that fails a run. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** True if this severity is {@code threshold} or more serious. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /** The lower-case name used on the command line and in reports: error, warning, info. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses error, warning or info (any case). */
    public static Optional<Severity> lookup(String text) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
