package io.netprove.grammar.intent;

import io.netprove.model.intent.Intent;
import io.netprove.model.intent.ZoneExpr;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code pods NS/SELECTOR} takes any namespace name, keywords and numbers included, as the language reference says of
 * every Kubernetes name (found by the intent print-then-parse property: {@code pods ingress/app=x} and
 * {@code pods 123/app=x} were refused, although {@link ZoneExpr.PodSet#toString()} writes pod sets that way).
 */
class PodSetNamespaceTest {

    private static ZoneExpr.PodSet podSet(String text) {
        Intent i = IntentReader.read(Path.of("t.np"), "zone z = " + text + "\n");
        return (ZoneExpr.PodSet) i.zones().get(0).expr();
    }

    @Test
    void aNamespaceThatIsAKeywordOrANumberReadsInTheShortForm() {
        for (String ns : new String[] {"ingress", "service", "in", "with", "123", "1-2", "shop"}) {
            ZoneExpr.PodSet shortForm = podSet("pods " + ns + "/app=x");
            ZoneExpr.PodSet longForm = podSet("pods in namespace " + ns + " with app=x");
            assertEquals(ns, shortForm.namespace().orElseThrow());
            assertEquals(longForm.selector().toString(), shortForm.selector().toString(), ns);
            assertEquals("pods " + ns + "/app=x", shortForm.toString());
        }
    }

    @Test
    void theOtherPodSetFormsAreReadAsBefore() {
        assertEquals("pods in namespace shop", podSet("pods in namespace shop").toString());
        assertEquals("pods with app=web", podSet("pods with app=web").toString());
        Intent i = IntentReader.read(Path.of("t.np"), "cluster {\n  pod network 10.244.0.0/16\n}\n"
                + "zone z = pods, pods with in\npods can reach z\n");
        assertEquals("pods, pods with in", i.zones().get(0).expr().toString());
    }
}
