package io.netprove.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pull request gated without cluster access: corpus/pull-requests/expose-db turns the database Service into a
 * NodePort. {@code check --predict} compiles what kube-proxy would write from each side's manifests: the base passes,
 * the head fails with a witness through the new NodePort, and {@code diff --predict-after} against a capture of the
 * base names the statements the change breaks.
 */
class PredictedPullRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path pr(String side) {
        String root = System.getProperty("netprove.root");
        Path base = root != null ? Paths.get(root, "corpus") : Paths.get(".");
        return base.resolve("pull-requests/expose-db").resolve(side).resolve("intent.np");
    }

    @Test
    void theBasePassesAndTheHeadFailsWithAWitnessThroughTheNewNodePort() throws Exception {
        GoldenScenariosTest.Run base = GoldenScenariosTest.run("check", pr("base").toString(), "--predict",
                "--no-rules", "--format", "json");
        assertEquals(0, base.status(), base.out() + base.err());
        GoldenScenariosTest.Run head = GoldenScenariosTest.run("check", pr("head").toString(), "--predict",
                "--no-rules", "--format", "json");
        assertEquals(4, head.status(), head.err());
        JsonNode report = JSON.readTree(head.out());
        assertTrue(report.get("notes").get(0).asText().startsWith("state predicted from the manifests by netprove"
                + " compile (kube-proxy iptables mode"), report.get("notes").toString());
        JsonNode privateDb = report.get("verdicts").get(1);
        assertEquals("the database stays private", privateDb.get("name").asText());
        assertEquals("VIOLATED", privateDb.get("status").asText());
        assertTrue(privateDb.get("witnesses").get(0).get("packet").get("destination").asText().endsWith(":30432"),
                privateDb.toString());
        assertEquals("VIOLATED", report.get("verdicts").get(2).get("status").asText());
        assertEquals("HOLDS", report.get("verdicts").get(3).get("status").asText(), "pods still reach the db");
    }

    @Test
    void predictedStateCanBeKeptAndDiffedAgainstTheCurrentOne(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path current = tmp.resolve("current");
        GoldenScenariosTest.Run keep = GoldenScenariosTest.run("check", pr("base").toString(), "--predict",
                "--predict-output", current.toString(), "--no-rules");
        assertEquals(0, keep.status(), keep.err());
        assertTrue(java.nio.file.Files.exists(current.resolve("nodes/node-1/iptables-save.txt")));
        GoldenScenariosTest.Run diff = GoldenScenariosTest.run("diff", "--before", current.toString(),
                "--predict-after", pr("head").toString());
        assertEquals(4, diff.status(), diff.out() + diff.err());
        assertTrue(diff.out().contains("HOLDS -> VIOLATED  the database stays private"), diff.out());
        assertTrue(diff.out().contains("HOLDS -> VIOLATED  db is not exposed"),
                diff.out());
    }
}
