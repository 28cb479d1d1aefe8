package io.netprove.cli.report;

import java.util.Locale;

/**
 * The output formats of check-like commands: text, JSON, JUnit XML and SARIF 2.1.0 carry the verdicts; HTML is a
 * self-contained page (matrix, verdicts with foldable witness traces, findings, exposure graph); DOT is the
 * exposure graph alone, for Graphviz.
 */
public enum ReportFormat {
    TEXT, JSON, JUNIT, SARIF, HTML, DOT;

    /** Parses a --format value; null when unknown. */
    public static ReportFormat lookup(String s) {
        for (ReportFormat f : values()) {
            if (f.name().equals(s.toUpperCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** The word used on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the formats that show the exposure matrix and graph (which cost a check per zone and service). */
    public boolean needsExposure() {
        return this == HTML || this == DOT;
    }
}
