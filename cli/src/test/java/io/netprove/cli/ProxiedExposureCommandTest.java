package io.netprove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** URL targets on the command line, and the rule pack's view of statements that use proxied or pod frontends. */
class ProxiedExposureCommandTest {

    private static final String INGRESS = CliRunner.repo("corpus/scenarios/exposure-ingress/intent.np");
    private static final String PORT_FORWARD = CliRunner.repo("corpus/scenarios/exposure-port-forward/intent.np");

    @Test
    void askAboutARequest() {
        CliRunner yes = CliRunner.run("ask", "office can reach https://shop.example.com/cart/items", "--intent",
                INGRESS);
        assertEquals(0, yes.status(), yes.err());
        assertTrue(yes.out().contains("rule host shop.example.com path /cart (Prefix) -> service cart:http"),
                yes.out());
        CliRunner bad = CliRunner.run("ask", "office can reach https://*.example.com/", "--intent", INGRESS);
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("<command line>:1:18: wildcard host '*.example.com'"), bad.err());
    }

    @Test
    void aClusterIpServiceReachedThroughTheApiServerIsNoExternalRequirement() throws Exception {
        CliRunner r = CliRunner.run("check", PORT_FORWARD, "--format", "json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        List<String> rules = new ArrayList<>();
        j.get("findings").forEach(f -> rules.add(f.get("ruleId").asText()));
        assertFalse(rules.contains("NP-EXP-001"), "statements via port-forward do not need an external Service: "
                + rules);
        assertTrue(j.get("rulesChecked").toString().contains("NP-EXP-001"), "the rule ran");
        assertEquals(4, r.status(), r.err());
    }

    @Test
    void anIngressWithAMissingBackendIsAFindingWithItsLine() {
        CliRunner r = CliRunner.run("check", INGRESS);
        assertTrue(r.out().contains("NP-ING-001 Ingress shop/legacy (legacy.example.com/)"), r.out());
        assertTrue(r.out().contains("cluster/ingresses.yaml:76:1"), r.out());
    }
}
