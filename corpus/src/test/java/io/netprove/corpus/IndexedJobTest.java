package io.netprove.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/k8s/indexed-job.yaml, run as a Kubernetes Indexed Job would run it: the container's script once per
 * completion index (NETPROVE is java -jar on the built cli jar, /data a temporary folder), then merge; the merged
 * verdicts equal an unsharded check.
 */
class IndexedJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private record Run(int status, String out) {
    }

    private static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        return new Run(p.exitValue(), out);
    }

    @Test
    void everyIndexWritesItsShardAndTheMergeEqualsAnUnshardedCheck() throws Exception {
        String root = System.getProperty("netprove.root");
        Path repo = (root != null ? Paths.get(root) : Paths.get("..")).toAbsolutePath().normalize();
        JsonNode job = new ObjectMapper(new YAMLFactory()).readTree(repo.resolve("examples/k8s/indexed-job.yaml")
                .toFile());
        JsonNode spec = job.get("spec");
        assertEquals("Indexed", spec.get("completionMode").asText());
        JsonNode container = spec.get("template").get("spec").get("containers").get(0);
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : container.get("env")) {
            env.put(e.get("name").asText(), e.get("value").asText());
        }
        int shards = Integer.parseInt(env.get("SHARDS"));
        assertEquals(shards, spec.get("completions").asInt(), "SHARDS must equal completions");
        assertEquals(shards, spec.get("parallelism").asInt());
        assertEquals("Never", spec.get("template").get("spec").get("restartPolicy").asText());

        copy(repo.resolve("examples/snapshots/before"), data.resolve("snapshot"));
        Files.copy(repo.resolve("examples/snapshots/shop.np"), data.resolve("intent.np"));
        env.put("DATA", data.toString());
        // as in the Job: java -jar on the built jar (the reactor has packaged cli before corpus's tests run)
        Path jar = repo.resolve("cli/target/netprove.jar");
        assertTrue(Files.exists(jar), "cli/target/netprove.jar: build the cli module first");
        env.put("NETPROVE", Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + jar);
        List<String> command = new ArrayList<>();
        container.get("command").forEach(c -> command.add(c.asText()));
        for (int i = 0; i < shards; i++) {
            env.put("JOB_COMPLETION_INDEX", Integer.toString(i));
            Run r = run(command, env, data);
            assertEquals(0, r.status(), "index " + i + ": " + r.out());
            assertTrue(Files.exists(data.resolve("reports/shard-" + i + ".json")), r.out());
        }
        List<String> merge = new ArrayList<>(List.of(repo.resolve("netprove").toString(), "merge"));
        for (int i = 0; i < shards; i++) {
            merge.add(data.resolve("reports/shard-" + i + ".json").toString());
        }
        merge.addAll(List.of("--format", "json"));
        Run merged = run(merge, Map.of(), data);
        Run whole = run(List.of(repo.resolve("netprove").toString(), "check", data.resolve("intent.np").toString(),
                "--snapshot", data.resolve("snapshot").toString(), "--format", "json", "--no-rules"), Map.of(), data);
        assertEquals(4, whole.status(), whole.out());
        assertEquals(whole.status(), merged.status(), merged.out());
        JsonNode a = JSON.readTree(whole.out().substring(whole.out().indexOf('{')));
        JsonNode b = JSON.readTree(merged.out().substring(merged.out().indexOf('{')));
        assertEquals(a.get("summary"), b.get("summary"));
        for (int i = 0; i < a.get("verdicts").size(); i++) {
            assertEquals(a.get("verdicts").get(i).get("status"), b.get("verdicts").get(i).get("status"));
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
