package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a rule found: its stable {@code ruleId} (e.g. {@code NP-SVC-002}, kept when the wording changes), the
 * {@code severity}, the {@code subject} it is about (e.g. {@code Service shop/web port http}), a {@code message} a
 * person can act on, and where the subject was read ({@code location}: manifest or dump file:line, or
 * {@link SourceLocation#NONE} when it came from the command line). {@code rule} is the name of the Drools rule
 * that fired.
 */
public record Finding(String ruleId, Severity severity, String subject, String message, SourceLocation location,
                      String rule) {

    /** Report order: by file, line, column, rule id, subject and message. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.location().file())
            .thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::ruleId)
            .thenComparing(Finding::subject)
            .thenComparing(Finding::message);

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(rule, "rule");
        if (ruleId.isBlank()) {
            throw new IllegalArgumentException("a finding needs a rule id");
        }
    }

    /** {@code file:line: severity: [ID] subject: message}, for logs and assertions. */
    @Override
    public String toString() {
        String at = location.file().isEmpty() ? "(command line)" : location.toString();
        return at + ": " + severity.label() + ": [" + ruleId + "] " + subject + ": " + message;
    }
}
