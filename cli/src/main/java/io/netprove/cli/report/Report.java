package io.netprove.cli.report;

import io.netprove.api.ShardRun;
import io.netprove.api.Verification;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.rules.Finding;
import io.netprove.rules.RuleInfo;
import io.netprove.rules.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check-like command reports: the verdicts of the statements and the file they came from ({@code null} for
 * lint, which has none), the rule-pack findings with the rules that were checked, the notes worth showing once
 * (assumptions about the state), {@code failOn}, the lowest finding severity that fails the run, and what part of a
 * sharded run it is.
 */
public record Report(String intentFile, List<Verdict> verdicts, List<Finding> findings, List<RuleInfo> rules,
                     List<String> notes, Severity failOn, Optional<ShardRun> shard) {

    public Report {
        verdicts = List.copyOf(verdicts);
        findings = List.copyOf(findings);
        rules = List.copyOf(rules);
        notes = List.copyOf(notes);
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(shard, "shard");
    }

    /** Verdicts and findings of a run that is not sharded. */
    public Report(String intentFile, List<Verdict> verdicts, List<Finding> findings, List<RuleInfo> rules,
                  List<String> notes, Severity failOn) {
        this(intentFile, verdicts, findings, rules, notes, failOn, Optional.empty());
    }

    /** Verdicts only (no rule packs run), not part of a sharded run. */
    public Report(String intentFile, List<Verdict> verdicts, List<String> notes) {
        this(intentFile, verdicts, List.of(), List.of(), notes, Severity.ERROR, Optional.empty());
    }

    /** Verdicts only, as one shard of a sharded run may report them. */
    public Report(String intentFile, List<Verdict> verdicts, List<String> notes, Optional<ShardRun> shard) {
        this(intentFile, verdicts, List.of(), List.of(), notes, Severity.ERROR, shard);
    }

    /** Findings only, as {@code netprove lint} reports them. */
    public static Report lint(List<Finding> findings, List<RuleInfo> rules, List<String> notes, Severity failOn) {
        return new Report(null, List.of(), findings, rules, notes, failOn, Optional.empty());
    }

    /** The report of a verification made through the library façade. */
    public static Report of(Verification v) {
        return new Report(v.intentFile(), v.verdicts(), v.notes(), v.shard());
    }

    /** The verification this report shows (for merging shard reports). */
    public Verification verification() {
        return new Verification(intentFile, verdicts, notes, shard);
    }

    public long count(Status s) {
        return verdicts.stream().filter(v -> v.status() == s).count();
    }

    /** The number of findings of exactly {@code severity}. */
    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** The number of findings at or above {@link #failOn}. */
    public long failingFindings() {
        return findings.stream().filter(f -> f.severity().atLeast(failOn)).count();
    }

    /** True if the report has statements to show (a check), false for findings alone (a lint). */
    public boolean hasStatements() {
        return intentFile != null || !verdicts.isEmpty();
    }

    /** True if rule packs ran (so findings, even none, are part of the report). */
    public boolean hasRules() {
        return !rules.isEmpty() || !findings.isEmpty();
    }

    /**
     * The rule ids of the report, each with its findings: every rule that was checked (in id order) and any id that
     * only a finding names.
     */
    public Map<String, List<Finding>> findingsByRule() {
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        for (RuleInfo r : rules) {
            out.putIfAbsent(r.id(), new ArrayList<>());
        }
        for (Finding f : findings) {
            out.computeIfAbsent(f.ruleId(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    /** The title of rule {@code id} (from the first rule of that id), or {@code ""}. */
    public String ruleTitle(String id) {
        for (RuleInfo r : rules) {
            if (r.id().equals(id)) {
                return r.title();
            }
        }
        return "";
    }

    /**
     * 4 when some statement is violated or some finding is at or above {@link #failOn}, else 3 when something is
     * unknown, else 0.
     */
    public int exitStatus() {
        if (count(Status.VIOLATED) > 0 || failingFindings() > 0) {
            return 4;
        }
        return count(Status.UNKNOWN) > 0 ? 3 : 0;
    }
}
