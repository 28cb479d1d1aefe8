package io.netprove.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netprove.api.ShardRun;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.model.verdict.Witness;
import io.netprove.rules.Finding;
import io.netprove.rules.Severity;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link Report} in each {@link ReportFormat}. */
public final class ReportWriter {

    public static final String TOOL = "netprove";
    public static final String VERSION = "0.1.0";
    public static final String INFO_URI = "https://github.com/netprove/netprove";

    private ReportWriter() {
    }

    /** Renders the report; HTML without the exposure section, DOT not at all (it needs {@link Exposure}). */
    public static String render(Report report, ReportFormat format) {
        return render(report, format, null);
    }

    /**
     * Renders the report; {@code exposure} (the zones x services matrix and the exposure graph) is shown by HTML
     * and is all that DOT shows. It may be null for the other formats, and for HTML (which then says it is absent).
     */
    public static String render(Report report, ReportFormat format, Exposure exposure) {
        return switch (format) {
            case TEXT -> text(report);
            case JSON -> json(report);
            case JUNIT -> junit(report);
            case SARIF -> sarif(report);
            case HTML -> HtmlReportWriter.render(report, exposure, List.of());
            case DOT -> {
                if (exposure == null) {
                    throw new IllegalArgumentException("the dot format shows the exposure graph, which this report"
                            + " does not have");
                }
                yield DotWriter.render(exposure.graph());
            }
        };
    }

    // ------------------------------------------------------------------ text

    static String text(Report r) {
        StringBuilder sb = new StringBuilder();
        for (Verdict v : r.verdicts()) {
            sb.append(String.format("%-8s %s%n", v.status(), title(v)));
            sb.append("         ").append(v.location()).append('\n');
            sb.append("         ").append(v.summary()).append('\n');
            for (String reason : v.reasons()) {
                sb.append("         reason: ").append(reason).append('\n');
            }
            for (Witness w : v.witnesses()) {
                sb.append("         witness on ").append(w.node()).append(": ").append(w.packet()).append('\n');
                int i = 0;
                for (Outcome o : w.outcomes()) {
                    i++;
                    sb.append("           outcome ").append(i).append(": ").append(o.disposition());
                    if (o.disposition().name().equals("FORWARDED")) {
                        sb.append(" to ").append(o.finalPacket().destinationText());
                    }
                    if (o.masquerade()) {
                        sb.append(", masqueraded");
                    }
                    if (o.probability() != null) {
                        sb.append(String.format(Locale.ROOT, " (p=%.3g)", o.probability()));
                    }
                    sb.append('\n');
                    for (TraceStep s : o.steps()) {
                        if (s.table().equals("routing")) {
                            sb.append("             ").append(s.hook()).append(" routing: ").append(s.effect())
                                    .append('\n');
                        } else {
                            sb.append("             ").append(s.hook()).append(' ').append(s.table()).append(' ')
                                    .append(s.chain()).append(' ').append(s.location()).append(": ")
                                    .append(s.effect()).append('\n');
                        }
                    }
                }
            }
            for (String a : v.approximations()) {
                sb.append("         assumes: ").append(a).append('\n');
            }
        }
        for (Finding f : r.findings()) {
            sb.append(String.format("%-8s %s %s%n", f.severity().label(), f.ruleId(), f.subject()));
            sb.append("         ").append(locationText(f)).append('\n');
            sb.append("         ").append(f.message()).append('\n');
        }
        for (String n : r.notes()) {
            sb.append("note: ").append(n).append('\n');
        }
        r.shard().ifPresent(run -> sb.append(String.format("shard %s of plan %s: walked %s%n", run.shard(),
                run.plan(), run.nodes().isEmpty() ? "no node" : String.join(", ", run.nodes()))));
        sb.append('\n');
        if (r.hasStatements() || !r.hasRules()) {
            sb.append(String.format("%d statements: %d hold, %d violated, %d unknown%n", r.verdicts().size(),
                    r.count(Status.HOLDS), r.count(Status.VIOLATED), r.count(Status.UNKNOWN)));
        }
        if (r.hasRules()) {
            sb.append(String.format("%s: %s, %s, %d info (%d rules checked; failing at %s)%n",
                    counted(r.findings().size(), "finding"), counted(r.count(Severity.ERROR), "error"),
                    counted(r.count(Severity.WARNING), "warning"), r.count(Severity.INFO),
                    r.findingsByRule().size(), r.failOn().label()));
        }
        return sb.toString();
    }

    /** {@code 1 error}, {@code 2 errors}. */
    static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** {@code file:line:col}, or {@code (command line)} for a finding about command-line input. */
    static String locationText(Finding f) {
        return f.location().file().isEmpty() ? "(command line)" : f.location().toString();
    }

    private static String title(Verdict v) {
        return v.subject().equals(v.text()) ? v.text() : v.subject() + ": " + v.text();
    }

    // ------------------------------------------------------------------ json

    static String json(Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", TOOL);
        root.put("version", VERSION);
        root.put("intent", r.intentFile());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("statements", r.verdicts().size());
        totals.put("holds", r.count(Status.HOLDS));
        totals.put("violated", r.count(Status.VIOLATED));
        totals.put("unknown", r.count(Status.UNKNOWN));
        totals.put("findings", r.findings().size());
        totals.put("errors", r.count(Severity.ERROR));
        totals.put("warnings", r.count(Severity.WARNING));
        totals.put("info", r.count(Severity.INFO));
        root.put("summary", totals);
        root.put("failOn", r.failOn().label());
        root.put("exitStatus", r.exitStatus());
        List<Object> verdicts = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            verdicts.add(verdictJson(v));
        }
        root.put("verdicts", verdicts);
        List<Object> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            findings.add(findingJson(f));
        }
        root.put("findings", findings);
        root.put("rulesChecked", List.copyOf(r.findingsByRule().keySet()));
        root.put("notes", r.notes());
        r.shard().ifPresent(run -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("index", run.shard().index());
            sm.put("count", run.shard().count());
            sm.put("plan", run.plan());
            sm.put("nodes", run.nodes());
            sm.put("sameAs", run.sameAs());
            List<String> scopes = new ArrayList<>();
            for (ShardRun.Scope sc : run.scopes()) {
                scopes.add(sc.name());
            }
            sm.put("scopes", scopes);
            root.put("shard", sm);
        });
        return write(root, true);
    }

    static Map<String, Object> findingJson(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ruleId", f.ruleId());
        m.put("severity", f.severity().label());
        m.put("subject", f.subject());
        m.put("message", f.message());
        m.put("file", f.location().file());
        m.put("line", f.location().line());
        m.put("column", f.location().column());
        m.put("rule", f.rule());
        return m;
    }

    static Map<String, Object> verdictJson(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.subject());
        m.put("statement", v.text());
        m.put("file", v.location().file());
        m.put("line", v.location().line());
        m.put("column", v.location().column());
        m.put("status", v.status().name());
        m.put("summary", v.summary());
        m.put("reasons", v.reasons());
        m.put("approximations", v.approximations());
        List<Object> ws = new ArrayList<>();
        for (Witness w : v.witnesses()) {
            ws.add(witnessJson(w));
        }
        m.put("witnesses", ws);
        m.put("millis", v.millis());
        return m;
    }

    static Map<String, Object> witnessJson(Witness w) {
        Map<String, Object> wm = new LinkedHashMap<>();
        wm.put("node", w.node());
        wm.put("packet", OutcomeJson.packet(w.packet()));
        wm.put("explanation", w.explanation());
        wm.put("outcomes", OutcomeJson.outcomes(w.outcomes()));
        return wm;
    }

    private static String write(Object o, boolean pretty) {
        try {
            ObjectMapper m = new ObjectMapper();
            if (pretty) {
                m.enable(SerializationFeature.INDENT_OUTPUT);
            }
            return m.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ junit

    /**
     * One test suite for the statements (one test case each; a violated statement is a failure, an unknown one an
     * error) and one, {@value #RULES_SUITE}, for the rule packs: one test case per rule id, failing when the rule
     * has findings at or above {@code --fail-on} (the findings in its text); findings below it are listed in the test
     * case's output.
     */
    static String junit(Report r) {
        long verdictFailures = r.count(Status.VIOLATED);
        long errors = r.count(Status.UNKNOWN);
        double seconds = r.verdicts().stream().mapToLong(Verdict::millis).sum() / 1000.0;
        Map<String, List<Finding>> byRule = r.findingsByRule();
        long ruleFailures = byRule.values().stream()
                .filter(fs -> fs.stream().anyMatch(f -> f.severity().atLeast(r.failOn()))).count();
        boolean statements = r.hasStatements() || !r.hasRules();
        int tests = (statements ? r.verdicts().size() : 0) + (r.hasRules() ? byRule.size() : 0);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuites name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\""
                + " time=\"%.3f\">%n", TOOL, tests, verdictFailures + ruleFailures, errors, seconds));
        if (statements) {
            String suite = r.intentFile() == null ? "statements" : r.intentFile();
            sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\""
                            + " errors=\"%d\" skipped=\"0\" time=\"%.3f\">%n", xml(suite), r.verdicts().size(),
                    verdictFailures, errors, seconds));
            for (Verdict v : r.verdicts()) {
                sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" file=\"%s\""
                                + " line=\"%d\" time=\"%.3f\"", xml(suite), xml(title(v)),
                        xml(v.location().file()), v.location().line(), v.millis() / 1000.0));
                if (v.status() == Status.HOLDS) {
                    sb.append("/>\n");
                    continue;
                }
                sb.append(">\n");
                String tag = v.status() == Status.VIOLATED ? "failure" : "error";
                String type = v.status() == Status.VIOLATED ? "violated" : "inconclusive";
                sb.append("      <").append(tag).append(" type=\"").append(type).append("\" message=\"")
                        .append(xml(v.summary())).append("\">");
                Report single = new Report(suite, List.of(v), List.of());
                sb.append(xml(text(single).strip()));
                sb.append("</").append(tag).append(">\n");
                sb.append("    </testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        if (r.hasRules()) {
            sb.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\""
                    + " errors=\"0\" skipped=\"0\" time=\"0.000\">%n", RULES_SUITE, byRule.size(), ruleFailures));
            for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
                String title = r.ruleTitle(e.getKey());
                String name = title.isEmpty() ? e.getKey() : e.getKey() + " " + title;
                sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"0.000\"",
                        RULES_SUITE, xml(name)));
                List<Finding> findings = e.getValue();
                if (findings.isEmpty()) {
                    sb.append("/>\n");
                    continue;
                }
                sb.append(">\n");
                StringBuilder listing = new StringBuilder();
                for (Finding f : findings) {
                    listing.append(f.severity().label()).append(' ').append(locationText(f)).append(' ')
                            .append(f.subject()).append(": ").append(f.message()).append('\n');
                }
                boolean failing = findings.stream().anyMatch(f -> f.severity().atLeast(r.failOn()));
                if (failing) {
                    sb.append("      <failure type=\"").append(xml(e.getKey())).append("\" message=\"")
                            .append(findings.size()).append(findings.size() == 1 ? " finding" : " findings")
                            .append("\">").append(xml(listing.toString().strip())).append("</failure>\n");
                } else {
                    sb.append("      <system-out>").append(xml(listing.toString().strip())).append("</system-out>\n");
                }
                sb.append("    </testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        sb.append("</testsuites>\n");
        return sb.toString();
    }

    /** The name of the JUnit test suite that holds one test case per rule. */
    static final String RULES_SUITE = "netprove rules";

    static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ sarif

    /** Rule ids: one per verdict kind, stable across versions. */
    static final String RULE_VIOLATED = "NP-INTENT-VIOLATED";
    static final String RULE_UNKNOWN = "NP-INTENT-UNKNOWN";

    static String sarif(Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", TOOL);
        driver.put("version", VERSION);
        driver.put("semanticVersion", VERSION);
        driver.put("informationUri", INFO_URI);
        List<Object> rules = new ArrayList<>(List.of(
                rule(RULE_VIOLATED, "IntentViolated", "A statement of the intent is violated",
                        "A witness packet shows that the forwarding state contradicts the statement.", "error"),
                rule(RULE_UNKNOWN, "IntentInconclusive", "A statement could not be decided",
                        "The answer depends on something netprove does not model or the solver gave up.",
                        "warning")));
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Map.Entry<String, List<Finding>> e : r.findingsByRule().entrySet()) {
            ruleIndex.put(e.getKey(), rules.size());
            rules.add(findingRule(e.getKey(), r.ruleTitle(e.getKey()), e.getValue()));
        }
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        Path base = Paths.get("").toAbsolutePath();
        List<Object> results = new ArrayList<>();
        for (Verdict v : r.verdicts()) {
            if (v.status() == Status.HOLDS) {
                continue;
            }
            Map<String, Object> res = new LinkedHashMap<>();
            boolean violated = v.status() == Status.VIOLATED;
            res.put("ruleId", violated ? RULE_VIOLATED : RULE_UNKNOWN);
            res.put("ruleIndex", violated ? 0 : 1);
            res.put("level", violated ? "error" : "warning");
            res.put("message", Map.of("text", title(v) + " — " + v.summary()));
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("startLine", Math.max(1, v.location().line()));
            if (v.location().column() > 0) {
                region.put("startColumn", v.location().column());
            }
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", Map.of("uri", uri(base, v.location().file())));
            physical.put("region", region);
            res.put("locations", List.of(Map.of("physicalLocation", physical)));
            res.put("partialFingerprints", Map.of("statement/v1", Integer.toHexString(v.text().hashCode())));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("status", v.status().name());
            props.put("reasons", v.reasons());
            props.put("approximations", v.approximations());
            List<Object> ws = new ArrayList<>();
            for (Witness w : v.witnesses()) {
                ws.add(witnessJson(w));
            }
            props.put("witnesses", ws);
            res.put("properties", props);
            results.add(res);
        }
        for (Finding f : r.findings()) {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("ruleId", f.ruleId());
            res.put("ruleIndex", ruleIndex.get(f.ruleId()));
            res.put("level", sarifLevel(f.severity()));
            res.put("message", Map.of("text", f.subject() + ": " + f.message()));
            if (!f.location().file().isEmpty()) {
                Map<String, Object> region = new LinkedHashMap<>();
                region.put("startLine", Math.max(1, f.location().line()));
                if (f.location().column() > 0) {
                    region.put("startColumn", f.location().column());
                }
                Map<String, Object> physical = new LinkedHashMap<>();
                physical.put("artifactLocation", Map.of("uri", uri(base, f.location().file())));
                physical.put("region", region);
                res.put("locations", List.of(Map.of("physicalLocation", physical)));
            }
            res.put("partialFingerprints", Map.of("finding/v1",
                    Integer.toHexString((f.ruleId() + "\n" + f.subject()).hashCode())));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("subject", f.subject());
            props.put("severity", f.severity().label());
            props.put("rule", f.rule());
            res.put("properties", props);
            results.add(res);
        }
        run.put("results", results);
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("executionSuccessful", true);
        run.put("invocations", List.of(invocation));
        root.put("runs", List.of(run));
        return write(root, true);
    }

    /** error, warning and info findings are SARIF error, warning and note results. */
    static String sarifLevel(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static Map<String, Object> findingRule(String id, String title, List<Finding> findings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        String text = title.isEmpty() ? "Rule " + id : title;
        m.put("name", text);
        m.put("shortDescription", Map.of("text", text));
        if (!findings.isEmpty()) {
            m.put("defaultConfiguration", Map.of("level", sarifLevel(findings.get(0).severity())));
        }
        m.put("helpUri", INFO_URI + "#built-in-rules");
        return m;
    }

    private static Map<String, Object> rule(String id, String name, String shortText, String fullText,
                                            String level) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("shortDescription", Map.of("text", shortText));
        m.put("fullDescription", Map.of("text", fullText));
        m.put("defaultConfiguration", Map.of("level", level));
        m.put("helpUri", INFO_URI + "#exit-status");
        return m;
    }

    private static String uri(Path base, String file) {
        if (file == null || file.isEmpty()) {
            return "intent";
        }
        Path p = Paths.get(file).toAbsolutePath().normalize();
        Path rel = base == null ? p : base.relativize(p);
        return rel.toString().replace('\\', '/');
    }
}
