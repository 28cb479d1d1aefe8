package io.netprove.rules;

import java.util.List;

/** The findings of a run, in report order, and the rules that were checked (those whose names start with an id). */
public record LintResult(List<Finding> findings, List<RuleInfo> rules) {

    public LintResult {
        findings = List.copyOf(findings);
        rules = List.copyOf(rules);
    }

    /** The findings of {@code severity} or worse. */
    public long countAtLeast(Severity severity) {
        return findings.stream().filter(f -> f.severity().atLeast(severity)).count();
    }
}
