package io.netprove.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.rules.Finding;
import io.netprove.rules.RuleInfo;
import io.netprove.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A check-like report with both statement verdicts and rule findings, in every format. */
class ReportWriterFindingsTest {

    private static final Verdict HOLDS = new Verdict("dns", "pods reach DNS", SourceLocation.of("intent.np", 3),
            Status.HOLDS, "every pod reaches kube-dns", List.of(), List.of(), List.of(), 12);
    private static final Finding INFO = new Finding("ACME-9", Severity.INFO, "Service a/b", "just so you know",
            SourceLocation.NONE, "ACME-9 note");
    private static final Finding WARNING = new Finding("NP-EXP-002", Severity.WARNING, "Service a/lb",
            "no ingress address", new SourceLocation("svc.yaml", 4, 1), "NP-EXP-002 LoadBalancer");
    private static final List<RuleInfo> RULES = List.of(
            RuleInfo.of("NP-EXP-002 LoadBalancer Service without an ingress address", SourceLocation.NONE)
                    .orElseThrow(),
            RuleInfo.of("NP-SVC-001 Service selector matches no pod", SourceLocation.NONE).orElseThrow());

    private static Report report(Severity failOn) {
        return new Report("intent.np", List.of(HOLDS), List.of(WARNING, INFO), RULES, List.of(), failOn);
    }

    @Test
    void exitStatusFollowsTheThreshold() {
        assertEquals(0, report(Severity.ERROR).exitStatus());
        assertEquals(4, report(Severity.WARNING).exitStatus());
        assertEquals(4, report(Severity.INFO).exitStatus());
        assertEquals(0, new Report("intent.np", List.of(HOLDS), List.of()).exitStatus());
    }

    @Test
    void textShowsStatementsAndFindings() {
        String t = ReportWriter.render(report(Severity.ERROR), ReportFormat.TEXT);
        assertTrue(t.contains("HOLDS    dns: pods reach DNS"), t);
        assertTrue(t.contains("warning  NP-EXP-002 Service a/lb\n         svc.yaml:4:1\n"), t);
        assertTrue(t.contains("info     ACME-9 Service a/b\n         (command line)\n"), t);
        assertTrue(t.contains("1 statements: 1 hold, 0 violated, 0 unknown"), t);
        assertTrue(t.contains("2 findings: 0 errors, 1 warning, 1 info (3 rules checked; failing at error)"), t);
    }

    @Test
    void jsonHasVerdictsAndFindings() throws Exception {
        JsonNode j = new ObjectMapper().readTree(ReportWriter.render(report(Severity.WARNING), ReportFormat.JSON));
        assertEquals(1, j.get("verdicts").size());
        assertEquals(2, j.get("findings").size());
        assertEquals("warning", j.get("failOn").asText());
        assertEquals(4, j.get("exitStatus").asInt());
        assertEquals(List.of("NP-EXP-002", "NP-SVC-001", "ACME-9"),
                List.of(j.get("rulesChecked").get(0).asText(), j.get("rulesChecked").get(1).asText(),
                        j.get("rulesChecked").get(2).asText()));
    }

    @Test
    void junitHasAStatementSuiteAndARuleSuite() {
        String x = ReportWriter.render(report(Severity.WARNING), ReportFormat.JUNIT);
        assertTrue(x.contains("<testsuites name=\"netprove\" tests=\"4\" failures=\"1\" errors=\"0\""), x);
        assertTrue(x.contains("<testsuite name=\"intent.np\" tests=\"1\""), x);
        assertTrue(x.contains("<testsuite name=\"netprove rules\" tests=\"3\" failures=\"1\""), x);
        assertTrue(x.contains("name=\"NP-SVC-001 Service selector matches no pod\" time=\"0.000\"/>"), x);
        assertTrue(x.contains("<failure type=\"NP-EXP-002\" message=\"1 finding\">warning svc.yaml:4:1"), x);
        assertTrue(x.contains("<system-out>info (command line) Service a/b: just so you know</system-out>"), x);
    }

    @Test
    void sarifResultsCarryLevelsAndLocationsWhenThereIsAFile() throws Exception {
        JsonNode run = new ObjectMapper().readTree(ReportWriter.render(report(Severity.ERROR), ReportFormat.SARIF))
                .get("runs").get(0);
        JsonNode results = run.get("results");
        assertEquals(2, results.size());
        assertEquals("warning", results.get(0).get("level").asText());
        assertEquals(4, results.get(0).get("locations").get(0).get("physicalLocation").get("region")
                .get("startLine").asInt());
        assertEquals("note", results.get(1).get("level").asText());
        assertTrue(results.get(1).get("locations") == null);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        assertEquals("ACME-9", rules.get(results.get(1).get("ruleIndex").asInt()).get("id").asText());
    }
}
