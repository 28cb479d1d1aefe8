package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * netprove collect against a fake kubectl (a script on the test's PATH that replays recorded outputs): a cluster
 * of four nodes where node-3's capture pod fails and node-4's never leaves Pending. The snapshot of the two good
 * nodes must check exactly like the shop example.
 */
class CollectCommandTest {

    private static final String FIXTURE = "/io/netprove/cli/collect/fake-kubectl/";
    private static final String[] FILES = {"kubectl", "get-namespaces.yaml", "get-nodes.yaml", "get-pods.yaml",
            "get-services.yaml", "get-endpointslices.yaml", "get-networkpolicies.yaml", "get-ingresses.yaml",
            "logs-node-1.txt", "logs-node-2.txt", "logs-node-3.txt", "phase-node-3", "phase-node-4"};

    @TempDir
    Path tmp;
    Path data;
    Map<String, String> env;

    @BeforeEach
    void fakeCluster() throws IOException {
        data = Files.createDirectories(tmp.resolve("fake"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String f : FILES) {
            try (InputStream in = getClass().getResourceAsStream(FIXTURE + f)) {
                Files.copy(in, (f.equals("kubectl") ? bin : data).resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertTrue(bin.resolve("kubectl").toFile().setExecutable(true));
        env = new HashMap<>(System.getenv());
        env.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("FAKE_KUBECTL_DATA", data.toString());
    }

    private CliRunner collect(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        ((CollectCommand) cl.getSubcommands().get("collect").getCommand()).environment = environment;
        List<String> all = new ArrayList<>(List.of("collect"));
        all.addAll(List.of(args));
        int status = cl.execute(all.toArray(String[]::new));
        return new CliRunner(status, out.toString(), err.toString());
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(data.resolve("calls.log"));
    }

    /** Every capture pod created was deleted, and kubectl was asked nothing it should not be. */
    private void assertCleanAndReadOnly(int pods) throws IOException {
        List<String> created;
        try (Stream<Path> s = Files.list(data.resolve("pods"))) {
            created = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".node"))
                    .map(n -> n.substring(0, n.length() - 5)).toList();
        }
        assertEquals(pods, created.size(), created.toString());
        for (String pod : created) {
            assertTrue(Files.exists(data.resolve("pods").resolve(pod + ".deleted")), pod + " was not deleted");
        }
        for (String call : calls()) {
            assertFalse(call.startsWith("UNEXPECTED"), call);
            String c = call.replaceFirst("^--context \\S+ ", "");
            String verb = c.split(" ")[0];
            assertTrue(List.of("get", "create", "logs", "delete", "config").contains(verb), c);
            if (verb.equals("delete")) {
                assertTrue(c.startsWith("delete pod netprove-capture-") || c.contains("-l netprove.io/run="), c);
            }
        }
    }

    @Test
    void twoGoodNodesMakeASnapshotThatChecksLikeTheShopExample() throws Exception {
        Path snap = tmp.resolve("snap");
        CliRunner r = collect(env, "--output", snap.toString(), "--nodes", "node-1,node-2", "--timeout", "10",
                "--poll-interval-ms", "20");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("nodes captured: 2 of 2"), r.out());
        assertTrue(r.out().contains("capture pods deleted: 2 of 2"), r.out());
        assertTrue(r.err().contains("capturing nodes") && r.err().contains("2/2"), r.err());
        assertCleanAndReadOnly(2);

        JsonNode meta = new ObjectMapper().readTree(snap.resolve("meta.json").toFile());
        assertEquals(1, meta.get("formatVersion").asInt());
        assertEquals("10.244.0.0/16", meta.get("podNetworks").get(0).asText(), "from kube-controller-manager's flag");
        assertEquals("10.96.0.0/12", meta.get("serviceNetworks").get(0).asText(), "from kube-apiserver's flag");
        assertEquals("iptables", meta.get("kubeProxyMode").asText());
        assertEquals("fake-cluster", meta.get("clusterName").asText());
        assertEquals("192.168.0.3", meta.get("nodes").get(1).get("addresses").get(0).asText());
        for (String node : List.of("node-1", "node-2")) {
            Path dir = snap.resolve("nodes").resolve(node);
            assertArrayEquals(Files.readAllBytes(Path.of(CliRunner.repo("examples/shop/nodes/" + node
                    + "/iptables-save.txt"))), Files.readAllBytes(dir.resolve("iptables-save.txt")), node);
            assertFalse(Files.exists(dir.resolve("ip6tables-save.txt")), "ip6tables-save was missing on the node");
            assertFalse(Files.exists(dir.resolve("ip-addr.txt")), "the JSON form is kept instead");
            assertEquals("iptables\n", Files.readString(dir.resolve("kube-proxy-mode")));
            assertEquals(0, Files.size(dir.resolve("ipvsadm-save.txt")));
        }
        assertTrue(r.out().contains("ip6tables-save.txt (command 'ip6tables-save' not found on the node)"), r.out());

        CliRunner check = CliRunner.run("check", "--snapshot", snap.toString(),
                CliRunner.repo("examples/snapshots/shop.np"), "--format", "json");
        CliRunner shop = CliRunner.run("check", CliRunner.repo("examples/shop/intent.np"), "--format", "json");
        assertEquals(4, check.status(), check.err());
        JsonNode a = new ObjectMapper().readTree(check.out());
        JsonNode b = new ObjectMapper().readTree(shop.out());
        assertEquals(9, a.get("verdicts").size());
        for (int i = 0; i < 9; i++) {
            assertEquals(b.get("verdicts").get(i).get("name"), a.get("verdicts").get(i).get("name"));
            assertEquals(b.get("verdicts").get(i).get("status"), a.get("verdicts").get(i).get("status"),
                    a.get("verdicts").get(i).get("name").asText());
        }
        assertTrue(check.err().contains("not captured: ip6tables-save"), check.err());
    }

    @Test
    void aFailingNodeAndASlowNodeAreReportedAndShowAsNotCaptured() throws Exception {
        Path snap = tmp.resolve("snap");
        CliRunner r = collect(env, "--output", snap.toString(), "--timeout", "2", "--poll-interval-ms", "50",
                "--parallel", "4");
        assertEquals(3, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("nodes captured: 2 of 4"), r.out());
        assertTrue(r.out().contains("node-3: failed: the capture pod failed: chroot: can't execute 'sh'"), r.out());
        assertTrue(r.out().contains("node-4: timed-out: no result within 2 s (pod phase Pending)"), r.out());
        assertTrue(r.out().contains("capture pods deleted: 4 of 4"), r.out());
        assertTrue(r.err().contains("4/4"), r.err());
        assertCleanAndReadOnly(4);
        assertTrue(calls().stream().anyMatch(c -> c.startsWith("delete pods -n default -l netprove.io/run=")),
                "the final sweep by label ran");
        JsonNode meta = new ObjectMapper().readTree(snap.resolve("meta.json").toFile());
        assertEquals("failed", meta.get("nodes").get(2).get("status").asText());
        assertEquals("timed-out", meta.get("nodes").get(3).get("status").asText());
        assertFalse(Files.exists(snap.resolve("nodes/node-3")));

        CliRunner check = CliRunner.run("check", "--snapshot", snap.toString(),
                CliRunner.repo("examples/snapshots/shop.np"), "--format", "json");
        assertTrue(check.err().contains("node node-3: not captured in " + snap
                + " (capture failed: the capture pod failed"), check.err());
        assertTrue(check.err().contains("node node-4: not captured in " + snap + " (capture timed-out"), check.err());
        JsonNode j = new ObjectMapper().readTree(check.out());
        JsonNode db = j.get("verdicts").get(1);
        assertEquals("the database stays private", db.get("name").asText());
        assertEquals("UNKNOWN", db.get("status").asText(), "traffic entering node-3 and node-4 was not captured");
        assertTrue(db.get("summary").asText().contains("captured for node node-3"), db.toString());
    }

    @Test
    void namespaceFilterAsksPerNamespace() throws Exception {
        Path snap = tmp.resolve("snap");
        CliRunner r = collect(env, "--output", snap.toString(), "--nodes", "node-1", "--namespace", "shop",
                "--namespace", "kube-system", "--poll-interval-ms", "20", "--context", "prod");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> calls = calls();
        assertTrue(calls.contains("--context prod get pods -n shop -o yaml"), calls.toString());
        assertTrue(calls.contains("--context prod get namespaces shop kube-system -o yaml"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.contains("--all-namespaces")), calls.toString());
        assertTrue(Files.exists(snap.resolve("cluster/pods.shop.yaml")));
        assertTrue(Files.exists(snap.resolve("cluster/services.kube-system.yaml")));
        assertCleanAndReadOnly(1);
    }

    @Test
    void missingKubectlUnknownNodeAndUsedFolderAreUsageErrors() throws Exception {
        Map<String, String> noKubectl = new HashMap<>(env);
        noKubectl.put("PATH", tmp.resolve("nowhere").toString());
        CliRunner none = collect(noKubectl, "--output", tmp.resolve("a").toString());
        assertEquals(2, none.status());
        assertTrue(none.err().contains("kubectl not found on PATH"), none.err());

        CliRunner unknown = collect(env, "--output", tmp.resolve("b").toString(), "--nodes", "node-9");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("the cluster has no node 'node-9'; it has node-1, node-2, node-3, node-4"),
                unknown.err());

        Path used = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(used.resolve("x"), "x");
        CliRunner full = collect(env, "--output", used.toString());
        assertEquals(2, full.status());
        assertTrue(full.err().contains("exists and is not an empty folder"), full.err());
    }
}
