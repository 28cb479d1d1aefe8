package io.netprove.corpus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.jcup.sarif_2_1_0.model.SarifSchema210;
import io.netprove.cli.Main;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every scenario under corpus/scenarios with {@code netprove check --no-rules} (the rule packs have tests of
 * their own; a scenario with a {@code with-rules} file runs them too and records their findings) and compares the
 * verdicts, witnesses (their fates, and the hops and policies on the first outcome's path) and exit status with the
 * scenario's expected.json. With {@code -Dnetprove.regenerate=true} it rewrites expected.json
 * instead, after running each scenario twice and failing if the two runs differ (nondeterminism).
 * Every scenario's SARIF output is also read strictly into the SARIF 2.1.0 object model, and its JUnit XML parsed.
 */
class GoldenScenariosTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Path scenarios() {
        String root = System.getProperty("netprove.root");
        Path base = root != null ? Paths.get(root, "corpus") : Paths.get(".");
        return base.resolve("scenarios");
    }

    @TestFactory
    Stream<DynamicTest> everyScenario() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(scenarios())) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(dirs.isEmpty(), "no scenarios under " + scenarios());
        boolean regenerate = Boolean.getBoolean("netprove.regenerate");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path dir : dirs) {
            String name = dir.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(name + ": verdicts", () -> {
                String actual = golden(dir);
                Path expected = dir.resolve("expected.json");
                if (regenerate) {
                    String again = golden(dir);
                    assertEquals(actual, again, name + " is nondeterministic: two runs differ");
                    Files.writeString(expected, actual, StandardCharsets.UTF_8);
                } else {
                    assertTrue(Files.exists(expected), "missing " + expected
                            + " (run corpus/regenerate to create it)");
                    assertEquals(Files.readString(expected), actual, name + ": verdicts differ from expected.json");
                }
            }));
            tests.add(DynamicTest.dynamicTest(name + ": SARIF 2.1.0 and JUnit", () -> {
                Run sarif = run("check", dir.resolve("intent.np").toString(), "--no-rules", "--format", "sarif");
                ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
                SarifSchema210 model = strict.readValue(sarif.out, SarifSchema210.class);
                assertEquals("2.1.0", model.getVersion().value());
                assertEquals("netprove", model.getRuns().get(0).getTool().getDriver().getName());
                JsonNode tree = JSON.readTree(sarif.out);
                for (JsonNode r : tree.get("runs").get(0).get("results")) {
                    JsonNode loc = r.get("locations").get(0).get("physicalLocation");
                    assertTrue(loc.get("artifactLocation").get("uri").asText().endsWith("intent.np"));
                    assertTrue(loc.get("region").get("startLine").asInt() > 0);
                    assertFalse(r.get("message").get("text").asText().isEmpty());
                }
                Run junit = run("check", dir.resolve("intent.np").toString(), "--no-rules", "--format", "junit");
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(junit.out.getBytes(StandardCharsets.UTF_8)));
                Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
                JsonNode verdicts = JSON.readTree(run("check", dir.resolve("intent.np").toString(), "--format",
                        "json").out).get("verdicts");
                assertEquals(verdicts.size(), Integer.parseInt(suite.getAttribute("tests")));
                long violated = 0;
                for (JsonNode v : verdicts) {
                    violated += v.get("status").asText().equals("VIOLATED") ? 1 : 0;
                }
                assertEquals(violated, Long.parseLong(suite.getAttribute("failures")));
            }));
        }
        return tests.stream();
    }

    /** The golden form of a scenario's check: exit status, and per statement its verdict and witnesses' fates. */
    static String golden(Path dir) throws IOException {
        boolean rules = Files.exists(dir.resolve("with-rules"));
        Run r = rules ? run("check", dir.resolve("intent.np").toString(), "--format", "json")
                : run("check", dir.resolve("intent.np").toString(), "--no-rules", "--format", "json");
        JsonNode report = JSON.readTree(r.out);
        ObjectNode out = JSON.createObjectNode();
        out.put("exitStatus", r.status);
        ArrayNode vs = out.putArray("verdicts");
        for (JsonNode v : report.get("verdicts")) {
            ObjectNode g = vs.addObject();
            g.put("name", v.get("name").asText());
            g.put("line", v.get("line").asInt());
            g.put("status", v.get("status").asText());
            g.put("summary", v.get("summary").asText());
            ArrayNode ws = g.putArray("witnesses");
            for (JsonNode w : v.get("witnesses")) {
                ObjectNode gw = ws.addObject();
                gw.put("node", w.get("node").asText());
                gw.put("packet", w.get("packet").get("protocol").asText() + " " + w.get("packet").get("source")
                        .asText() + " -> " + w.get("packet").get("destination").asText());
                ArrayNode fates = gw.putArray("outcomes");
                ArrayNode hops = null;
                for (JsonNode o : w.get("outcomes")) {
                    fates.add(o.get("disposition").asText() + " " + o.get("destination").asText()
                            + (o.get("masquerade").asBoolean() ? " masqueraded" : ""));
                    // the path across nodes and the policies on it, for the first outcome
                    if (hops == null) {
                        hops = gw.putArray("path");
                        for (JsonNode step : o.path("steps")) {
                            String hook = step.path("hook").asText();
                            if (hook.equals("HOP") || hook.equals("POLICY")) {
                                hops.add(hook + ": " + step.path("effect").asText());
                            }
                        }
                    }
                }
            }
        }
        if (rules) {
            ArrayNode fs = out.putArray("findings");
            for (JsonNode f : report.get("findings")) {
                fs.add(f.get("ruleId").asText() + " " + f.get("severity").asText() + " at line "
                        + f.get("line").asInt() + ": " + f.get("subject").asText());
            }
        }
        return JSON.writeValueAsString(out) + "\n";
    }

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }
}
