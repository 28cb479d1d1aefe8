package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The collector every rule reports to, bound to the global {@code findings}. Rules call {@link #error},
 * {@link #warning} or {@link #info} (or {@link #add}) and never print. The same finding reported twice (e.g. by a
 * rule that fires once per node) is kept once.
 */
public final class Findings {

    /** The name of the global that holds the collector in every rule file. */
    public static final String GLOBAL = "findings";

    private final Set<Finding> found = new LinkedHashSet<>();
    private volatile String currentRule = "";

    public void error(String ruleId, String subject, String message, SourceLocation location) {
        add(ruleId, Severity.ERROR, subject, message, location);
    }

    public void warning(String ruleId, String subject, String message, SourceLocation location) {
        add(ruleId, Severity.WARNING, subject, message, location);
    }

    public void info(String ruleId, String subject, String message, SourceLocation location) {
        add(ruleId, Severity.INFO, subject, message, location);
    }

    /** Records a finding; a null location means "no file" (command-line input). */
    public void add(String ruleId, Severity severity, String subject, String message, SourceLocation location) {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("a finding needs a rule id (the first argument)");
        }
        if (severity == null || subject == null || message == null) {
            throw new IllegalArgumentException("a finding needs a severity, a subject and a message");
        }
        found.add(new Finding(ruleId, severity, subject, message, location == null ? SourceLocation.NONE : location,
                currentRule));
    }

    /** The findings so far, in report order. */
    public List<Finding> list() {
        List<Finding> out = new ArrayList<>(found);
        out.sort(Finding.ORDER);
        return out;
    }

    /** Set by the engine before each rule fires, so findings name the rule that made them. */
    void enterRule(String ruleName) {
        currentRule = ruleName;
    }
}
