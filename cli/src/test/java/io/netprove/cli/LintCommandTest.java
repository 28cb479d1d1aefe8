package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LintCommandTest {

    private static final String MANIFESTS = CliRunner.repo("examples/shop/cluster");
    private static final String NODES = CliRunner.repo("examples/shop/nodes");
    private static final String NODE_1_DUMP = CliRunner.repo("examples/shop/nodes/node-1/iptables-save.txt");

    private static final String BARE_METAL_LB = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: prod}
            spec:
              type: LoadBalancer
              selector: {app: web}
              ports: [{port: 80, nodePort: 30080}]
            """;

    @Test
    void shopExampleTextNamesTheRulesAndLocationsAndFails() {
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--node-state", NODES);
        assertEquals(4, r.status(), r.err());
        assertTrue(r.out().contains("error    NP-SVC-001 Service shop/legacy"), r.out());
        assertTrue(r.out().contains("services.yaml:86:1"), r.out());
        assertTrue(r.out().contains("warning  NP-EXP-003 Service shop/cart port http"), r.out());
        assertTrue(r.out().contains("3 findings: 2 errors, 1 warning, 0 info (27 rules checked; failing at error)"),
                r.out());
        assertEquals("", r.err());
    }

    @Test
    void warningsFailOnlyWithFailOnWarning(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("lb.yaml");
        Files.writeString(f, BARE_METAL_LB);
        CliRunner quiet = CliRunner.run("lint", "--manifests", f.toString());
        assertEquals(0, quiet.status(), quiet.err() + quiet.out());
        assertTrue(quiet.out().contains("NP-EXP-002"), quiet.out());
        CliRunner strict = CliRunner.run("lint", "--manifests", f.toString(), "--fail-on", "warning");
        assertEquals(4, strict.status(), strict.err());
    }

    @Test
    void jsonListsEveryFindingWithItsLocation() throws Exception {
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--format", "json");
        assertEquals(4, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("exitStatus").asInt());
        assertEquals("error", j.get("failOn").asText());
        assertEquals(2, j.get("summary").get("errors").asInt());
        JsonNode first = j.get("findings").get(0);
        assertEquals("NP-SVC-001", first.get("ruleId").asText());
        assertEquals("error", first.get("severity").asText());
        assertTrue(first.get("file").asText().endsWith("services.yaml"));
        assertEquals(86, first.get("line").asInt());
        assertEquals(27, j.get("rulesChecked").size());
    }

    @Test
    void sarifHasOneResultPerFindingWithRuleLevelAndLocation() throws Exception {
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--format", "sarif");
        assertEquals(4, r.status(), r.err());
        JsonNode run = new ObjectMapper().readTree(r.out()).get("runs").get(0);
        JsonNode results = run.get("results");
        assertEquals(3, results.size());
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<String> levels = new ArrayList<>();
        for (JsonNode res : results) {
            String id = res.get("ruleId").asText();
            assertEquals(id, rules.get(res.get("ruleIndex").asInt()).get("id").asText());
            levels.add(res.get("level").asText());
            JsonNode loc = res.get("locations").get(0).get("physicalLocation");
            assertTrue(loc.get("artifactLocation").get("uri").asText().endsWith("services.yaml"));
            assertTrue(loc.get("region").get("startLine").asInt() > 0);
        }
        assertEquals(List.of("error", "error", "warning"), levels);
        assertEquals(2 + 27, rules.size());
    }

    @Test
    void junitHasOneTestCasePerRuleFailingForFindings(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("lint.xml");
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--format", "junit",
                "--report-file", report.toString());
        assertEquals(4, r.status(), r.err());
        assertEquals("", r.out());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(report)));
        Element suites = doc.getDocumentElement();
        assertEquals("27", suites.getAttribute("tests"));
        assertEquals("2", suites.getAttribute("failures"));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertEquals(27, cases.getLength());
        int failing = 0;
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                failing++;
                assertTrue(c.getAttribute("name").startsWith("NP-SVC-00"), c.getAttribute("name"));
            }
        }
        assertEquals(2, failing);
    }

    @Test
    void userRulesRunBesideTheBuiltInOnes(@TempDir Path tmp) throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Files.writeString(rules.resolve("prod.drl"), """
                package acme;
                import io.netprove.model.k8s.Service;
                import io.netprove.model.k8s.ServiceType;
                global io.netprove.rules.Findings findings;

                rule "ACME-001 no NodePort in namespace prod"
                when
                    $s : Service(namespace() == "prod", hasNodePorts())
                then
                    findings.error("ACME-001", "Service prod/" + $s.name(), "no node ports in prod", $s.location());
                end
                """);
        Path f = tmp.resolve("lb.yaml");
        Files.writeString(f, BARE_METAL_LB);
        CliRunner r = CliRunner.run("lint", "--manifests", f.toString(), "--rules", rules.toString());
        assertEquals(4, r.status(), r.err());
        assertTrue(r.out().contains("error    ACME-001 Service prod/web"), r.out());
        assertTrue(r.out().contains("(28 rules checked"), r.out());
    }

    @Test
    void theExampleRulesOfTheReadmeFindTheExposedShopServices() {
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--rules", CliRunner.repo("examples/rules"),
                "--fail-on", "warning");
        assertEquals(4, r.status(), r.err());
        for (String svc : List.of("shop/web", "shop/api", "shop/cart")) {
            assertTrue(r.out().contains("warning  ACME-002 Service " + svc + "\n"), r.out());
        }
        assertTrue(r.out().contains("6 findings: 2 errors, 4 warnings, 0 info (29 rules checked; failing at warning)"),
                r.out());
    }

    @Test
    void userRuleThatDoesNotCompileIsAnInputError(@TempDir Path tmp) throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        Path bad = rules.resolve("bad.drl");
        Files.writeString(bad, "package acme;\nimport io.netprove.model.k8s.Service;\n\nrule \"x\"\nwhen\n"
                + "    Service(nmae == \"web\")\nthen\nend\n", StandardCharsets.UTF_8);
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--rules", rules.toString());
        assertEquals(2, r.status(), r.out());
        assertTrue(r.err().startsWith(bad + ":"), r.err());
        assertTrue(r.err().contains("rule does not compile"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void dumpOfOneNodeAgreesWithTheManifestsButNotWithAnIpvsExpectation() {
        CliRunner r = CliRunner.run("lint", "--manifests", MANIFESTS, "--iptables", NODE_1_DUMP, "--node", "node-1",
                "--expect-proxy-mode", "ipvs");
        assertEquals(4, r.status(), r.err());
        assertTrue(r.out().contains("error    NP-PROXY-001 Node node-1"), r.out());
        assertTrue(!r.out().contains("NP-DRIFT"), r.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, CliRunner.run("lint", "--manifests", MANIFESTS, "--format", "xml").status());
        assertEquals(2, CliRunner.run("lint", "--manifests", MANIFESTS, "--fail-on", "fatal").status());
        assertEquals(2, CliRunner.run("lint", "--iptables", NODE_1_DUMP).status());
        assertEquals(2, CliRunner.run("lint", "--manifests", MANIFESTS, "--zone", "office").status());
        assertEquals(2, CliRunner.run("lint", "--manifests", MANIFESTS, "--node-port-range", "30000").status());
        CliRunner none = CliRunner.run("lint");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("nothing to lint"), none.err());
        CliRunner noRules = CliRunner.run("lint", "--manifests", MANIFESTS, "--rules", NODES);
        assertEquals(2, noRules.status());
        assertTrue(noRules.err().contains("no .drl rule file"), noRules.err());
    }
}
