package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceCommandTest {

    private static final String DUMP = CliRunner.repo("examples/shop/nodes/node-1/iptables-save.txt");

    @Test
    void nodePortFromOutsideGivesBothEndpointsMasqueradedAsJson() throws Exception {
        CliRunner r = CliRunner.run("trace", "--iptables", DUMP, "--local-address", "192.168.0.2",
                "--from", "203.0.113.2", "--to", "192.168.0.2:30080", "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode outcomes = j.get("outcomes");
        assertEquals(2, outcomes.size());
        List<String> destinations = new ArrayList<>();
        for (JsonNode o : outcomes) {
            assertEquals("FORWARDED", o.get("disposition").asText());
            assertTrue(o.get("masquerade").asBoolean());
            assertEquals(0.5, o.get("probability").asDouble(), 1e-9);
            destinations.add(o.get("destination").asText());
            JsonNode step = o.get("steps").get(0);
            assertEquals("nat", step.get("table").asText());
            assertEquals("PREROUTING", step.get("chain").asText());
            assertTrue(step.get("line").asInt() > 0);
            assertTrue(step.get("rule").asText().contains("-j KUBE-SERVICES"));
        }
        assertEquals(List.of("10.244.1.5:8080", "10.244.2.7:8080"), destinations);
        assertTrue(j.get("warnings").isArray());
        assertEquals("203.0.113.2 -> 192.168.0.2:30080", j.get("name").asText());
    }

    @Test
    void serviceWithoutEndpointsIsRejectedAndTextNamesTheRuleLine() {
        CliRunner r = CliRunner.run("trace", "--iptables", DUMP, "--local-address", "192.168.0.2",
                "--from", "10.244.1.9", "--to", "10.96.0.40:80");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("[1] REJECTED"), r.out());
        assertTrue(r.out().contains("iptables-save.txt:26"), r.out());
        assertTrue(r.out().contains("shop/legacy:http has no endpoints"), r.out());
    }

    @Test
    void batchFlowsPrintOneJsonObjectPerLineInInputOrder(@TempDir Path tmp) throws Exception {
        Path flows = tmp.resolve("flows.tsv");
        Files.writeString(flows, "name\tprotocol\tsource_ip\tdest_ip\tdest_port\textra\n"
                + "db from a pod\ttcp\t10.244.1.9\t10.96.0.20\t5432\tx\n"
                + "dns\tudp\t10.244.1.9\t10.96.0.10\t53\ty\n"
                + "lb blocked\ttcp\t203.0.113.9\t203.0.113.50\t443\tz\n", StandardCharsets.UTF_8);
        CliRunner r = CliRunner.run("trace", "--iptables", DUMP, "--local-address", "192.168.0.2",
                "--flows", flows.toString());
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(3, lines.length);
        ObjectMapper m = new ObjectMapper();
        JsonNode db = m.readTree(lines[0]);
        assertEquals("db from a pod", db.get("name").asText());
        assertEquals("10.244.2.9:5432", db.get("outcomes").get(0).get("destination").asText());
        assertFalse(db.get("outcomes").get(0).get("masquerade").asBoolean());
        assertEquals(2, m.readTree(lines[1]).get("outcomes").size());
        JsonNode lb = m.readTree(lines[2]);
        assertEquals("DROPPED", lb.get("outcomes").get(0).get("disposition").asText());
    }

    @Test
    void ipv6DestinationsAreBracketed(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("ip6tables-save.txt");
        Files.writeString(dump, "*nat\n:PREROUTING ACCEPT [0:0]\n"
                + "-A PREROUTING -d fd00::10/128 -p tcp -m tcp --dport 80 -j DNAT --to-destination [fd00:1::5]:8080\n"
                + "COMMIT\n");
        CliRunner r = CliRunner.run("trace", "--ip6tables", dump.toString(), "--local-address", "fd00::1",
                "--from", "2001:db8::2", "--to", "[fd00::10]:80", "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out()).get("outcomes").get(0);
        assertEquals("[fd00:1::5]:8080", o.get("destination").asText());
    }

    @Test
    void badDumpGivesOneLineFileLineColumnAndExitTwo(@TempDir Path tmp) throws Exception {
        Path dump = tmp.resolve("broken.txt");
        Files.writeString(dump, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j NOWHERE\nCOMMIT\n");
        CliRunner r = CliRunner.run("trace", "--iptables", dump.toString(), "--from", "1.1.1.1", "--to",
                "2.2.2.2:80");
        assertEquals(2, r.status());
        assertEquals(dump + ":3:1: jump to undeclared chain 'NOWHERE' in table 'filter': expected a chain declared"
                + " with ':NOWHERE - [0:0]' or a known target", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void missingFileAndBadOptionsExitTwoWithoutStackTrace() {
        CliRunner missing = CliRunner.run("trace", "--iptables", "/nonexistent/dump", "--from", "1.1.1.1",
                "--to", "2.2.2.2:80");
        assertEquals(2, missing.status());
        assertEquals("/nonexistent/dump: no such file", missing.err().strip());
        CliRunner badTo = CliRunner.run("trace", "--iptables", DUMP, "--from", "1.1.1.1", "--to", "2.2.2.2");
        assertEquals(2, badTo.status());
        assertTrue(badTo.err().contains("expected IP:PORT"), badTo.err());
        CliRunner unknown = CliRunner.run("trace", "--bogus");
        assertEquals(2, unknown.status());
        assertFalse(unknown.err().contains("Exception"), unknown.err());
    }
}
