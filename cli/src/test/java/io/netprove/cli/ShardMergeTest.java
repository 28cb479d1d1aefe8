package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check --shard I/N on every shard, then merge: the same verdicts as one unsharded check. */
class ShardMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private JsonNode sharded(int count, String... checkArgs) throws Exception {
        List<String> reports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path report = tmp.resolve("shard-" + count + "-" + i + ".json");
            List<String> args = new ArrayList<>(List.of("check"));
            args.addAll(List.of(checkArgs));
            args.addAll(List.of("--shard", i + "/" + count, "--format", "json", "--report-file", report.toString()));
            CliRunner r = CliRunner.run(args.toArray(String[]::new));
            assertTrue(r.status() == 0 || r.status() == 3 || r.status() == 4, r.err());
            JsonNode shard = JSON.readTree(report.toFile()).get("shard");
            assertEquals(i, shard.get("index").asInt());
            reports.add(report.toString());
        }
        List<String> merge = new ArrayList<>(List.of("merge"));
        java.util.Collections.reverse(reports); // merge takes the shards in any order
        merge.addAll(reports);
        merge.addAll(List.of("--format", "json"));
        CliRunner m = CliRunner.run(merge.toArray(String[]::new));
        JsonNode j = JSON.readTree(m.out());
        assertEquals(j.get("exitStatus").asInt(), m.status(), m.err());
        return j;
    }

    private static void assertSameVerdicts(JsonNode whole, JsonNode merged) {
        assertEquals(whole.get("summary"), merged.get("summary"));
        assertEquals(whole.get("verdicts").size(), merged.get("verdicts").size());
        for (int i = 0; i < whole.get("verdicts").size(); i++) {
            JsonNode a = whole.get("verdicts").get(i);
            JsonNode b = merged.get("verdicts").get(i);
            assertEquals(a.get("name"), b.get("name"));
            assertEquals(a.get("status"), b.get("status"), a.get("name").asText());
            assertEquals(a.get("witnesses").isEmpty(), b.get("witnesses").isEmpty(), a.get("name").asText());
            if (a.get("status").asText().equals("VIOLATED")) {
                assertEquals(a.get("witnesses").get(0).get("node"), b.get("witnesses").get(0).get("node"));
                assertEquals(a.get("witnesses").get(0).get("outcomes").get(0).get("disposition"),
                        b.get("witnesses").get(0).get("outcomes").get(0).get("disposition"));
            }
        }
    }

    @Test
    void shardsOfTheShopExampleMergeToTheUnshardedVerdicts() throws Exception {
        String intent = CliRunner.repo("examples/shop/intent.np");
        CliRunner whole = CliRunner.run("check", intent, "--format", "json", "--no-rules");
        assertEquals(4, whole.status());
        JsonNode w = JSON.readTree(whole.out());
        for (int n : new int[] {1, 2, 3}) {
            JsonNode merged = sharded(n, intent);
            assertSameVerdicts(w, merged);
            assertTrue(merged.get("notes").toString().contains("merged from " + n + " shard"), merged.toString());
        }
    }

    @Test
    void identicalDumpsAreWalkedOnceAndStillGiveTheUnshardedVerdicts() throws Exception {
        Path snap = tmp.resolve("snap");
        copy(Path.of(CliRunner.repo("examples/snapshots/before")), snap);
        copy(snap.resolve("nodes/node-2"), snap.resolve("nodes/node-3"));
        Files.writeString(snap.resolve("meta.json"), Files.readString(snap.resolve("meta.json")).replace(
                "\"status\" : \"captured\"\n  } ]", "\"status\" : \"captured\"\n  }, {\n    \"name\" : \"node-3\",\n"
                        + "    \"addresses\" : [ \"192.168.0.4\" ],\n    \"status\" : \"captured\"\n  } ]"));
        String intent = CliRunner.repo("examples/snapshots/shop.np");
        CliRunner whole = CliRunner.run("check", "--snapshot", snap.toString(), intent, "--format", "json",
                "--no-rules");
        JsonNode w = JSON.readTree(whole.out());
        JsonNode merged = sharded(2, "--snapshot", snap.toString(), intent);
        assertSameVerdicts(w, merged);
        JsonNode s0 = JSON.readTree(tmp.resolve("shard-2-0.json").toFile()).get("shard");
        JsonNode s1 = JSON.readTree(tmp.resolve("shard-2-1.json").toFile()).get("shard");
        assertEquals("[\"node-1\"]", s0.get("nodes").toString());
        assertEquals("[\"node-2\"]", s1.get("nodes").toString());
        assertEquals("node-2", s0.get("sameAs").get("node-3").asText());
        assertTrue(merged.get("verdicts").get(1).get("approximations").toString().contains("node-3 as node-2"),
                merged.get("verdicts").get(1).toString());
        assertTrue(merged.get("notes").toString().contains("2 nodes walked, 1 more covered by byte-identical dumps"),
                merged.get("notes").toString());
    }

    @Test
    void incompleteOrMixedShardSetsAreRefused() throws Exception {
        String intent = CliRunner.repo("examples/shop/intent.np");
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        CliRunner.run("check", intent, "--shard", "0/2", "--format", "json", "--report-file", a.toString());
        CliRunner.run("check", intent, "--shard", "0/3", "--format", "json", "--report-file", b.toString());
        CliRunner missing = CliRunner.run("merge", a.toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("missing shard report 1/2"), missing.err());
        CliRunner mixed = CliRunner.run("merge", a.toString(), b.toString());
        assertEquals(2, mixed.status());
        assertTrue(mixed.err().contains("expected the reports of one sharded run"), mixed.err());
        CliRunner twice = CliRunner.run("merge", a.toString(), a.toString());
        assertEquals(2, twice.status());
        assertTrue(twice.err().contains("shard 0/2 is given twice"), twice.err());
        CliRunner badShard = CliRunner.run("check", intent, "--shard", "2/2");
        assertEquals(2, badShard.status());
        assertTrue(badShard.err().contains("expected INDEX/COUNT with 0 <= INDEX < COUNT"), badShard.err());
        CliRunner html = CliRunner.run("check", intent, "--shard", "0/2", "--format", "html");
        assertEquals(2, html.status());
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
