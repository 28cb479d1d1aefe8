package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuzzCommandTest {

    /** Copies a folder tree. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * The shop with four planted problems on node-1: the REJECT for the endpoint-less shop/legacy removed, a DNAT
     * to 8.8.8.8, an SSH DROP after a rule accepting all TCP, and a chain nothing jumps to.
     */
    private static Path brokenShop(Path tmp) throws IOException {
        Path shop = tmp.resolve("shop");
        copy(Path.of(CliRunner.repo("examples/shop")), shop);
        Path dump = shop.resolve("nodes/node-1/iptables-save.txt");
        String s = Files.readString(dump);
        String reject = "-A KUBE-SERVICES -m comment --comment \"shop/legacy:http has no endpoints\" -m tcp -p tcp"
                + " -d 10.96.0.40 --dport 80 -j REJECT\n";
        assertTrue(s.contains(reject));
        s = s.replace(reject, "")
                .replaceFirst(":KUBE-PROXY-FIREWALL - \\[0:0\\]\n",
                        ":KUBE-PROXY-FIREWALL - [0:0]\n:NP-UNUSED - [0:0]\n")
                .replaceFirst("-A INPUT -j KUBE-FIREWALL\n", "-A INPUT -j KUBE-FIREWALL\n-A INPUT -p tcp -j ACCEPT\n"
                        + "-A INPUT -p tcp -m tcp --dport 22 -j DROP\n-A NP-UNUSED -j DROP\n")
                .replace("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n",
                        "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"
                                + "-A PREROUTING -d 198.51.100.9/32 -p tcp -j DNAT --to-destination 8.8.8.8:53\n");
        Files.writeString(dump, s);
        return shop;
    }

    private static int line(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return lines.indexOf(text) + 1;
    }

    @Test
    void findsEachPlantedProblemWithItsFileAndLine(@TempDir Path tmp) throws Exception {
        Path shop = brokenShop(tmp);
        Path dump = shop.resolve("nodes/node-1/iptables-save.txt");
        CliRunner r = CliRunner.run("fuzz", "--state", shop.resolve("nodes/node-1").toString(), "--seed", "42",
                "--iterations", "500", "--format", "json");
        assertEquals(4, r.status(), r.err());
        JsonNode findings = new ObjectMapper().readTree(r.out()).get("findings");
        Map<String, String> byId = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        for (JsonNode f : findings) {
            byId.put(f.get("ruleId").asText(), f.get("subject").asText());
            lines.put(f.get("ruleId").asText(), f.get("line").asInt());
        }
        assertEquals(Map.of(
                "NP-FUZZ-002", "node-1: filter INPUT: -p tcp -m tcp --dport 22 -j DROP",
                "NP-FUZZ-003", "node-1: filter NP-UNUSED: -j DROP",
                "NP-FUZZ-004", "node-1: PREROUTING: -d 198.51.100.9/32 -p tcp -j DNAT --to-destination 8.8.8.8:53",
                "NP-FUZZ-005", "node-1: Service shop/legacy:http"), byId, r.out());
        assertEquals(line(dump, "-A INPUT -p tcp -m tcp --dport 22 -j DROP"), lines.get("NP-FUZZ-002"));
        assertEquals(line(dump, "-A NP-UNUSED -j DROP"), lines.get("NP-FUZZ-003"));
        assertEquals(line(dump, "-A PREROUTING -d 198.51.100.9/32 -p tcp -j DNAT --to-destination 8.8.8.8:53"),
                lines.get("NP-FUZZ-004"));
        assertTrue(Files.readAllLines(shop.resolve("cluster/services.yaml")).get(lines.get("NP-FUZZ-005") - 1)
                .contains("apiVersion"), "the Service's manifest line");
        assertTrue(r.err().contains("netprove fuzz: seed 42 (repeat this run with --seed 42)"), r.err());
    }

    @Test
    void severitiesDecideTheExitStatus(@TempDir Path tmp) throws Exception {
        Path shop = brokenShop(tmp);
        CliRunner errorsOnly = CliRunner.run("fuzz", "--state", shop.resolve("nodes/node-1").toString(), "--seed",
                "1", "--iterations", "100", "--fail-on", "error");
        assertEquals(0, errorsOnly.status(), errorsOnly.out());
        assertTrue(errorsOnly.out().contains("4 findings: 0 errors, 3 warnings, 1 info"), errorsOnly.out());
    }

    @Test
    void theBundledExamplesAreClean() {
        for (String[] args : List.of(
                new String[] {"--state", CliRunner.repo("examples/shop/nodes/node-1")},
                new String[] {"--state", CliRunner.repo("examples/shop/nodes")},
                new String[] {"--state", CliRunner.repo("examples/shop-ipvs/nodes/node-1"), "--intent",
                        CliRunner.repo("examples/shop-ipvs/intent.np")},
                new String[] {"--state", CliRunner.repo("examples/snapshots/before")},
                new String[] {"--state", CliRunner.repo("examples/snapshots/db-nodeport")})) {
            String[] full = Stream.concat(Stream.of("fuzz", "--seed", "3", "--iterations", "300"),
                    Stream.of(args)).toArray(String[]::new);
            CliRunner r = CliRunner.run(full);
            assertEquals(0, r.status(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertTrue(r.out().contains("0 findings"), r.out());
            assertTrue(r.out().matches("(?s).*note: fuzzed [36]00 packets.*"), r.out());
        }
    }

    @Test
    void theSameSeedGivesTheSameReport(@TempDir Path tmp) throws Exception {
        Path shop = brokenShop(tmp);
        String[] args = {"fuzz", "--state", shop.resolve("nodes").toString(), "--seed", "99", "--iterations", "300",
            "--format", "sarif"};
        CliRunner first = CliRunner.run(args);
        CliRunner second = CliRunner.run(args);
        assertEquals(4, first.status(), first.err());
        assertEquals(first.out(), second.out());
        JsonNode sarif = new ObjectMapper().readTree(first.out());
        assertEquals(4, sarif.get("runs").get(0).get("results").size(), first.out());
    }

    @Test
    void junitReportNamesEachCheck(@TempDir Path tmp) throws Exception {
        Path shop = brokenShop(tmp);
        Path report = tmp.resolve("fuzz.xml");
        CliRunner r = CliRunner.run("fuzz", "--state", shop.toString(), "--seed", "5", "--iterations", "100",
                "--format", "junit", "--report-file", report.toString());
        assertEquals(4, r.status(), r.err());
        String xml = Files.readString(report);
        for (String id : List.of("NP-FUZZ-001", "NP-FUZZ-002", "NP-FUZZ-003", "NP-FUZZ-004", "NP-FUZZ-005",
                "NP-FUZZ-006")) {
            assertTrue(xml.contains(id), id + " in " + xml);
        }
        assertTrue(xml.contains("<failure"), xml);
    }

    @Test
    void badInputIsExitTwo(@TempDir Path tmp) throws Exception {
        assertEquals(2, CliRunner.run("fuzz", "--state", tmp.resolve("missing").toString()).status());
        CliRunner empty = CliRunner.run("fuzz", "--state", tmp.toString());
        assertEquals(2, empty.status());
        assertTrue(empty.err().contains("no node state found"), empty.err());
        assertEquals(2, CliRunner.run("fuzz", "--state", CliRunner.repo("examples/shop/nodes/node-1"), "--format",
                "html").status());
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("iptables-save.txt"), "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j NOWHERE\n"
                + "COMMIT\n");
        CliRunner r = CliRunner.run("fuzz", "--state", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("iptables-save.txt:3"), r.err());
    }
}
