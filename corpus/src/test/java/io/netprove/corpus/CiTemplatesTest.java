package io.netprove.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI templates under examples/ci, run as written: their YAML is parsed, the command lines of their run steps
 * (GitHub), script lines (GitLab) and hook entry (pre-commit) are executed with the repository's ./netprove in a
 * working copy of the examples, and the reports they hand to the CI system are checked.
 */
class CiTemplatesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    Path repo;

    @BeforeEach
    void workingCopy() throws Exception {
        String root = System.getProperty("netprove.root");
        repo = (root != null ? Paths.get(root) : Paths.get("..")).toAbsolutePath().normalize();
        copy(repo.resolve("examples"), work.resolve("examples"));
        // ./netprove in the working copy is the repository's launcher, so the templates' command lines run as is
        Path launcher = work.resolve("netprove");
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec '" + repo.resolve("netprove") + "' \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
    }

    private record Run(int status, String output) {
    }

    /** Runs a command line as the CI system would: bash, errexit and pipefail, in the working copy. */
    private Run bash(String commandLine) throws Exception {
        Process p = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", commandLine)
                .directory(work.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "timed out: " + commandLine);
        return new Run(p.exitValue(), out);
    }

    private JsonNode template(String name) throws Exception {
        return YAML.readTree(repo.resolve("examples/ci").resolve(name).toFile());
    }

    @Test
    void githubActionsWorkflowChecksUploadsSarifAndKeepsTheHtmlReport() throws Exception {
        JsonNode wf = template("github-actions.yml");
        assertTrue(wf.get("on").has("pull_request"));
        assertEquals("write", wf.get("permissions").get("security-events").asText());
        JsonNode steps = wf.get("jobs").get("check").get("steps");
        List<String> uploads = new ArrayList<>();
        int ran = 0;
        for (JsonNode step : steps) {
            if (step.has("run")) {
                Run r = bash(step.get("run").asText());
                ran++;
                assertEquals(4, r.status(), "the example has one violated statement: " + r.output());
                assertTrue(r.output().contains("9 statements: 8 hold, 1 violated, 0 unknown"), r.output());
            } else if (step.get("uses").asText().startsWith("github/codeql-action/upload-sarif")
                    || step.get("uses").asText().startsWith("actions/upload-artifact")) {
                assertEquals("always()", step.get("if").asText(), "uploads run after a failed check");
                JsonNode with = step.get("with");
                uploads.add(with.has("sarif_file") ? with.get("sarif_file").asText() : with.get("path").asText());
            }
        }
        assertEquals(1, ran);
        assertEquals(List.of("netprove.sarif", "netprove-report.html"), uploads);
        JsonNode sarif = JSON.readTree(work.resolve("netprove.sarif").toFile());
        assertEquals("2.1.0", sarif.get("version").asText());
        JsonNode result = sarif.get("runs").get(0).get("results").get(0);
        assertEquals("NP-INTENT-VIOLATED", result.get("ruleId").asText());
        assertEquals("examples/shop/intent.np", result.get("locations").get(0).get("physicalLocation")
                .get("artifactLocation").get("uri").asText(), "a path code scanning can find in the repository");
        String html = Files.readString(work.resolve("netprove-report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg"), html.substring(0, 100));
    }

    @Test
    void gitlabJobWritesAJunitReport() throws Exception {
        JsonNode ci = template("gitlab-ci.yml");
        JsonNode job = ci.get("netprove");
        assertTrue(job.get("image").asText().contains("17"));
        int status = 0;
        List<String> lines = new ArrayList<>();
        for (String part : new String[] {"before_script", "script"}) {
            if (job.has(part)) {
                job.get(part).forEach(l -> lines.add(l.asText()));
            }
        }
        for (String line : lines) {
            Run r = bash(line);
            status = r.status();
            if (status != 0) {
                assertTrue(r.output().contains("VIOLATED cart answers on every node"), r.output());
                break;
            }
        }
        assertEquals(4, status, "the job fails on the example's violation");
        assertEquals("always", job.get("artifacts").get("when").asText());
        Path junit = work.resolve(job.get("artifacts").get("reports").get("junit").asText());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        // the intent's 9 statements (1 violated) and the rule packs' checks (2 error findings fail)
        org.w3c.dom.NodeList suites = doc.getDocumentElement().getElementsByTagName("testsuite");
        assertEquals("9", ((org.w3c.dom.Element) suites.item(0)).getAttribute("tests"));
        assertEquals("1", ((org.w3c.dom.Element) suites.item(0)).getAttribute("failures"));
        assertEquals("3", doc.getDocumentElement().getAttribute("failures"));
        for (JsonNode p : job.get("artifacts").get("paths")) {
            assertTrue(Files.exists(work.resolve(p.asText())), p.asText());
        }
    }

    @Test
    void preCommitHookRefusesTheExampleAndWatchesItsFiles() throws Exception {
        JsonNode cfg = template("pre-commit-config.yaml");
        JsonNode hook = cfg.get("repos").get(0).get("hooks").get(0);
        assertEquals("local", cfg.get("repos").get(0).get("repo").asText());
        assertEquals("system", hook.get("language").asText());
        assertFalse(hook.get("pass_filenames").asBoolean());
        Pattern files = Pattern.compile(hook.get("files").asText());
        assertTrue(files.matcher("examples/shop/nodes/node-1/iptables-save.txt").find());
        assertFalse(files.matcher("README.md").find());
        Run r = bash(hook.get("entry").asText());
        assertEquals(4, r.status(), r.output());
        assertTrue(r.output().contains("witness on node-1"), r.output());
    }

    @Test
    void everyTemplateIsCovered() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(repo.resolve("examples/ci"))) {
            s.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        assertEquals(List.of("github-actions.yml", "gitlab-ci.yml", "pre-commit-config.yaml"), names,
                "a new template needs a test here");
        for (String n : names) {
            for (Iterator<Map.Entry<String, JsonNode>> it = template(n).fields(); it.hasNext(); ) {
                assertFalse(it.next().getKey().isBlank());
            }
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
