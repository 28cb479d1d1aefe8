package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {

    private static final String INTENT = CliRunner.repo("examples/shop/intent.np");

    @Test
    void shopExampleHasOneViolationAndExitsFour() throws Exception {
        CliRunner r = CliRunner.run("check", INTENT, "--format", "json");
        assertEquals(4, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(9, j.get("summary").get("statements").asInt());
        assertEquals(1, j.get("summary").get("violated").asInt());
        JsonNode cart = null;
        for (JsonNode v : j.get("verdicts")) {
            if (v.get("name").asText().equals("cart answers on every node")) {
                cart = v;
            }
        }
        assertEquals("VIOLATED", cart.get("status").asText());
        JsonNode w = cart.get("witnesses").get(0);
        assertEquals("node-1", w.get("node").asText());
        assertEquals("192.168.0.2:30050", w.get("packet").get("destination").asText());
        assertEquals("DROPPED", w.get("outcomes").get(0).get("disposition").asText());
        assertTrue(r.err().contains("not captured: ip6tables-save"), r.err());
    }

    @Test
    void reportFileReceivesTheReportAndStdoutStaysEmpty(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("r.sarif");
        CliRunner r = CliRunner.run("check", INTENT, "--format", "sarif", "--report-file", out.toString());
        assertEquals(4, r.status());
        assertEquals("", r.out());
        JsonNode sarif = new ObjectMapper().readTree(Files.readString(out));
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode results = sarif.get("runs").get(0).get("results");
        java.util.List<String> ids = new java.util.ArrayList<>();
        results.forEach(x -> ids.add(x.get("ruleId").asText()));
        assertEquals(java.util.List.of("NP-INTENT-VIOLATED", "NP-SVC-001", "NP-SVC-002", "NP-EXP-003"), ids,
                "the refuted statement and the rule-pack findings of the shop example");
    }

    @Test
    void askAnswersInPlainWords() {
        CliRunner yes = CliRunner.run("ask", "internet cannot reach service shop/db", "--intent", INTENT);
        assertEquals(0, yes.status(), yes.err());
        assertTrue(yes.out().startsWith("Yes. internet cannot reach service shop/db"), yes.out());
        CliRunner no = CliRunner.run("ask", "office cannot reach service shop/web", "--intent", INTENT);
        assertEquals(4, no.status(), no.err());
        assertTrue(no.out().startsWith("No. "), no.out());
        assertTrue(no.out().contains("Witness on node-"), no.out());
    }

    @Test
    void typosAndMissingNamesAreOneLineInputErrors(@TempDir Path tmp) throws Exception {
        CliRunner svc = CliRunner.run("ask", "office can reach service shop/wbe", "--intent", INTENT);
        assertEquals(2, svc.status());
        assertEquals("<command line>:1:18: unknown service 'shop/wbe': did you mean 'shop/web'?", svc.err().strip());
        Path bad = tmp.resolve("bad.np");
        Files.writeString(bad, "zone office = 10.140.0.0/16\noffice cna reach 10.0.0.1:80\n");
        CliRunner typo = CliRunner.run("check", bad.toString());
        assertEquals(2, typo.status());
        assertTrue(typo.err().startsWith(bad + ":2:8: "), typo.err());
        assertTrue(typo.err().contains("did you mean 'can'"), typo.err());
        assertFalse(typo.err().contains("Exception"), typo.err());
        Path self = tmp.resolve("self.np");
        Files.writeString(self, "include \"self.np\"\n");
        CliRunner cycle = CliRunner.run("check", self.toString());
        assertEquals(2, cycle.status());
        assertTrue(cycle.err().contains("include cycle"), cycle.err());
    }

    @Test
    void missingClusterBlockAndMissingStateAreInputErrors(@TempDir Path tmp) throws Exception {
        Path noCluster = tmp.resolve("a.np");
        Files.writeString(noCluster, "zone office = 10.140.0.0/16\n");
        CliRunner r = CliRunner.run("check", noCluster.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no cluster block"), r.err());
        Path noState = tmp.resolve("b.np");
        Files.writeString(noState, "cluster {\n  pod network 10.244.0.0/16\n  node n1 address 10.0.0.1 state \"nowhere\"\n}\n"
                + "zone o = 10.140.0.0/16\no cannot reach 10.244.0.0/16\n");
        CliRunner s = CliRunner.run("check", noState.toString());
        assertEquals(2, s.status());
        assertTrue(s.err().startsWith(noState + ":3:"), s.err());
        assertTrue(s.err().contains("state of node n1 not found"), s.err());
    }
}
