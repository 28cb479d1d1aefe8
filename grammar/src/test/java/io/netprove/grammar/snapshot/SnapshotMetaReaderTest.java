package io.netprove.grammar.snapshot;

import io.netprove.grammar.InputError;
import io.netprove.grammar.intent.IntentReader;
import io.netprove.model.intent.Intent;
import io.netprove.model.net.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotMetaReaderTest {

    private static final String GOOD = """
            {
              "formatVersion": 1,
              "captureTime": "2026-11-16T09:00:00Z",
              "clusterName": "shop",
              "podNetworks": ["10.244.0.0/16"],
              "serviceNetworks": ["10.96.0.0/12", "fd00:96::/108"],
              "kubeProxyMode": "ipvs",
              "nodes": [
                {"name": "node-1", "addresses": ["192.168.0.2"], "status": "captured"},
                {"name": "node-2", "addresses": ["192.168.0.3", "fd00::3"], "status": "timed-out",
                 "message": "no result within 60 s"}
              ],
              "notCaptured": ["ingresses (forbidden)"]
            }
            """;

    @Test
    void readsEveryFieldAndRoundTripsThroughTheWriter() {
        SnapshotMeta m = SnapshotMetaReader.parse("meta.json", GOOD);
        assertEquals(Optional.of(Instant.parse("2026-11-16T09:00:00Z")), m.captureTime());
        assertEquals(List.of(IpPrefix.parse("10.244.0.0/16")), m.podNetworks());
        assertEquals(2, m.serviceNetworks().size());
        assertEquals(Optional.of("ipvs"), m.kubeProxyMode());
        assertEquals(SnapshotMeta.CaptureStatus.TIMED_OUT, m.node("node-2").orElseThrow().status());
        assertEquals(2, m.node("node-2").orElseThrow().addresses().size());
        assertEquals(List.of("ingresses (forbidden)"), m.notCaptured());
        SnapshotMeta again = SnapshotMetaReader.parse("meta.json", SnapshotMetaWriter.write(m));
        assertEquals(m, again);
    }

    private static InputError error(String text) {
        return assertThrows(InputError.class, () -> SnapshotMetaReader.parse("meta.json", text));
    }

    @Test
    void problemsPointAtTheValueAtFault() {
        InputError version = error("{\n  \"formatVersion\": 2\n}\n");
        assertEquals("meta.json:2:20: snapshot format version 2: expected 1 (the version this netprove reads)",
                version.getMessage());
        InputError cidr = error("{\"formatVersion\": 1,\n \"podNetworks\": [\"10.244.0.0/16\", \"10.244.0.0\"]}");
        assertEquals(2, cidr.location().line());
        assertTrue(cidr.getMessage().contains("'10.244.0.0': expected a CIDR block"), cidr.getMessage());
        InputError status = error("{\"formatVersion\": 1, \"nodes\": [\n {\"name\": \"a\",\n  \"status\": \"ok\"}]}");
        assertEquals(3, status.location().line());
        assertTrue(status.getMessage().contains("expected captured, failed or timed-out"), status.getMessage());
        InputError unknown = error("{\"formatVersion\": 1, \"podNetwork\": []}");
        assertTrue(unknown.getMessage().contains("unknown field 'podNetwork'"), unknown.getMessage());
        InputError json = error("{\"formatVersion\": 1,,}");
        assertTrue(json.getMessage().startsWith("meta.json:1:"), json.getMessage());
        assertTrue(json.getMessage().contains("not valid JSON"), json.getMessage());
        InputError twice = error("{\"formatVersion\": 1, \"nodes\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}");
        assertTrue(twice.getMessage().contains("node 'a' is listed twice"), twice.getMessage());
        InputError missing = error("{}");
        assertTrue(missing.getMessage().contains("no formatVersion"), missing.getMessage());
    }

    @Test
    void anIntentWithoutClusterBlockTakesNodesAndNetworksFromMeta(@TempDir Path tmp) throws Exception {
        SnapshotMeta m = SnapshotMetaReader.parse("meta.json", GOOD);
        Path bare = tmp.resolve("bare.np");
        Files.writeString(bare, "zone office = 10.140.0.0/16\nzone internet = everything except cluster, office\n"
                + "internet cannot reach 10.244.0.0/16\n");
        assertThrows(InputError.class, () -> IntentReader.read(bare), "without meta, 'cluster' has nothing to mean");
        Intent i = IntentReader.read(bare, x -> IntentCompletion.complete(x, m));
        var c = i.cluster().orElseThrow();
        assertEquals(List.of("node-1", "node-2"), c.nodes().stream().map(n -> n.name()).toList());
        assertEquals(m.podNetworks(), c.podNetworks());
        assertEquals("ipvs", c.kubeProxyMode().keyword());
        assertEquals("meta.json:1", c.location().toString());

        Path own = tmp.resolve("own.np");
        Files.writeString(own, "cluster {\n  node n9 address 10.0.0.9\n}\nzone z = nodes\n");
        Intent kept = IntentReader.read(own, x -> IntentCompletion.complete(x, m));
        assertEquals(List.of("n9"), kept.cluster().orElseThrow().nodes().stream().map(n -> n.name()).toList(),
                "the intent's own nodes win");
        assertEquals(m.serviceNetworks(), kept.cluster().orElseThrow().serviceNetworks(), "what it leaves out is filled");
    }
}
