package io.netprove.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netprove.rules.RuleFixture.cluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserRulesTest {

    private static final String HEADER = """
            package acme.rules;

            import io.netprove.model.k8s.Service;
            import io.netprove.model.k8s.ServiceType;

            global io.netprove.rules.Findings findings;

            """;

    private static final String NO_NODEPORT_IN_PROD = HEADER + """
            rule "ACME-001 no NodePort in namespace prod"
            when
                $s : Service(namespace() == "prod", type == ServiceType.NODE_PORT)
            then
                findings.error("ACME-001", "Service prod/" + $s.name(), "NodePort services are not allowed in prod",
                        $s.location());
            end
            """;

    private static final String CLUSTER = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: prod}
            spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, nodePort: 30080}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: dev}
            spec: {type: NodePort, selector: {app: web}, ports: [{port: 80, nodePort: 30081}]}
            """;

    private static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private static LintResult lint(CompiledRules pack, RunLimits limits) {
        return new RulesEngine(List.of(pack), limits).run(LintInput.of(cluster(CLUSTER)));
    }

    @Test
    void userRuleFindsWhatItDescribes(@TempDir Path dir) throws IOException {
        write(dir, "prod.drl", NO_NODEPORT_IN_PROD);
        LintResult r = lint(UserRules.compile(List.of(dir)), RunLimits.DEFAULT);
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals("ACME-001", f.ruleId());
        assertEquals("Service prod/web", f.subject());
        assertEquals("cluster.yaml", f.location().file());
        assertEquals("ACME-001 no NodePort in namespace prod", f.rule());
        assertEquals(List.of("ACME-001"), r.rules().stream().map(RuleInfo::id).toList());
        assertEquals(dir.resolve("prod.drl").toString(), r.rules().get(0).location().file());
        assertEquals(8, r.rules().get(0).location().line());
    }

    @Test
    void syntaxErrorNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        write(dir, "a-good.drl", NO_NODEPORT_IN_PROD);
        Path bad = write(dir, "b-bad.drl", HEADER + "rule \"broken\"\nwhen\n    Service(\nthen\nend\n");
        RuleError e = assertThrows(RuleError.class, () -> UserRules.compile(List.of(dir)));
        assertEquals(bad.toString(), e.location().file());
        assertTrue(e.location().line() >= 10 && e.location().line() <= 12, e.getMessage());
        assertTrue(e.reason().startsWith("rule does not compile: "), e.reason());
        assertTrue(e.reason().contains("broken"), e.reason());
    }

    @Test
    void unknownPropertyNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Path bad = write(dir, "bad.drl", HEADER + "rule \"typo\"\nwhen\n    Service(nmae == \"x\")\nthen\nend\n");
        RuleError e = assertThrows(RuleError.class, () -> UserRules.compile(List.of(dir)));
        assertEquals(bad.toString(), e.location().file());
        assertTrue(e.location().line() >= 8 && e.location().line() <= 10, e.getMessage());
        assertTrue(e.reason().contains("nmae"), e.reason());
    }

    @Test
    void onlyNamedDirectoriesWithRuleFilesAreAccepted(@TempDir Path dir) throws IOException {
        RuleError missing = assertThrows(RuleError.class, () -> UserRules.compile(List.of(dir.resolve("nope"))));
        assertTrue(missing.reason().contains("expected a directory"), missing.reason());
        write(dir, ".hidden/x.drl", NO_NODEPORT_IN_PROD);
        write(dir, "notes.txt", "not rules");
        RuleError empty = assertThrows(RuleError.class, () -> UserRules.compile(List.of(dir)));
        assertTrue(empty.reason().contains("no .drl rule file"), empty.reason());
        write(dir, "sub/prod.drl", NO_NODEPORT_IN_PROD);
        assertEquals(List.of(dir.resolve("sub/prod.drl")), UserRules.files(List.of(dir)));
    }

    @Test
    void ruleThatThrowsIsNamedWithItsLocation(@TempDir Path dir) throws IOException {
        Path f = write(dir, "throws.drl", HEADER + """
                rule "ACME-002 divides by zero"
                when
                    $s : Service()
                then
                    int zero = 0;
                    System.out.println(1 / zero);
                end
                """);
        RuleError e = assertThrows(RuleError.class, () -> lint(UserRules.compile(List.of(dir)), RunLimits.DEFAULT));
        assertEquals(f.toString(), e.location().file());
        assertEquals(8, e.location().line());
        assertTrue(e.reason().contains("rule \"ACME-002 divides by zero\" failed: ArithmeticException"),
                e.reason());
    }

    @Test
    void conditionThatThrowsIsReported(@TempDir Path dir) throws IOException {
        write(dir, "cond.drl", HEADER + """
                rule "ACME-003 bad condition"
                when
                    $s : Service(name().substring(40).isEmpty())
                then
                end
                """);
        RuleError e = assertThrows(RuleError.class, () -> lint(UserRules.compile(List.of(dir)), RunLimits.DEFAULT));
        assertTrue(e.reason().contains("StringIndexOutOfBoundsException"), e.reason());
    }

    @Test
    void loopingRuleStopsAtTheFiringLimitAndIsNamed(@TempDir Path dir) throws IOException {
        Path f = write(dir, "loop.drl", HEADER + """
                rule "ACME-004 touches what it matches"
                when
                    $s : Service()
                then
                    update($s);
                end
                """);
        RuleError e = assertThrows(RuleError.class,
                () -> lint(UserRules.compile(List.of(dir)), new RunLimits(500, Duration.ofSeconds(20))));
        assertEquals(f.toString(), e.location().file());
        assertTrue(e.reason().contains("\"ACME-004 touches what it matches\" fired"), e.reason());
        assertTrue(e.reason().contains("limit of 500 firings"), e.reason());
    }

    @Test
    void slowRuleIsStoppedByTheTimeLimit(@TempDir Path dir) throws IOException {
        write(dir, "slow.drl", HEADER + """
                rule "ACME-005 sleeps"
                when
                    $s : Service()
                then
                    Thread.sleep(30000);
                end
                """);
        long start = System.nanoTime();
        RuleError e = assertThrows(RuleError.class,
                () -> lint(UserRules.compile(List.of(dir)), new RunLimits(1000, Duration.ofMillis(300))));
        assertTrue(System.nanoTime() - start < 20_000_000_000L);
        assertTrue(e.reason().contains("\"ACME-005 sleeps\" did not finish within 0.3 s"), e.reason());
    }

    @Test
    void ruleHeadersAreFoundInEveryQuotingStyle() {
        var found = UserRules.ruleHeaders("f.drl", "rule \"a b\"\n  rule 'c'\nrule d\n// rule \"e\"\n");
        assertEquals(1, found.get("a b").line());
        assertEquals(2, found.get("c").line());
        assertEquals(3, found.get("d").line());
        assertEquals(null, found.get("e"));
    }
}
