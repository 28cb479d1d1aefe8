package io.netprove.cli.report;

import java.util.Locale;

/** The output formats of check-like commands. */
public enum ReportFormat {
    TEXT, JSON, JUNIT, SARIF;

    /** Parses a --format value; null when unknown. */
    public static ReportFormat lookup(String s) {
        for (ReportFormat f : values()) {
            if (f.name().equals(s.toUpperCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }
}
