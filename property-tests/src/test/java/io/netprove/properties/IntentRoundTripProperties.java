package io.netprove.properties;

import io.netprove.grammar.intent.IntentRoundTrip;
import io.netprove.model.intent.ExposureStatement;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Statement;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Print-then-parse for the intent language: a generated intent ({@link IntentGenerator}) printed by the grammar's
 * {@code IntentPrinter} and read back by {@code IntentReader} is the same intent (locations, statement texts and the
 * files read aside), each statement reads back with the printer's text for it, and printing it again gives the same
 * text. The forms the generated statements used are counted, and at CI size and above each must have occurred.
 */
class IntentRoundTripProperties {

    private static final Budget.Tally TALLY = new Budget.Tally("intent-print-parse");
    private static final Map<String, AtomicLong> FORMS = new ConcurrentHashMap<>();

    @Provide
    Arbitrary<IntentGenerator.GeneratedIntent> intents() {
        return IntentGenerator.intents();
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void printThenParseGivesTheSameIntent(@ForAll("intents") IntentGenerator.GeneratedIntent generated) {
        Intent intent = generated.intent();
        TALLY.cases.incrementAndGet();
        IntentRoundTrip.assertRoundTrips(intent, IntentGenerator.FOLDER.resolve("intent.np"));
        TALLY.checks.addAndGet(intent.zones().size() + intent.routes().size() + intent.apiAccess().size()
                + intent.statements().size() + (intent.cluster().isPresent() ? 1 : 0));
        count(intent);
    }

    private static void count(Intent intent) {
        for (Statement s : intent.statements()) {
            if (s instanceof ExposureStatement e) {
                seen("exposure " + e.claim());
                continue;
            }
            ReachStatement r = (ReachStatement) s;
            seen("source " + r.source().getClass().getSimpleName());
            seen("target " + r.target().getClass().getSimpleName());
            seen(r.reachability() + " " + r.quantifier());
            if (r.directly()) {
                seen("directly");
            }
            if (!r.via().isEmpty()) {
                seen(r.onlyVia() ? "only via" : "via");
            }
            if (!r.ports().isEmpty()) {
                seen("on ports");
            }
        }
        if (!intent.routes().isEmpty()) {
            seen("routes to");
        }
        if (!intent.apiAccess().isEmpty()) {
            seen("has api access");
        }
        intent.zones().forEach(z -> seen("zone " + z.expr().getClass().getSimpleName()));
    }

    private static void seen(String form) {
        FORMS.computeIfAbsent(form, k -> new AtomicLong()).incrementAndGet();
    }

    @AfterContainer
    static void report() {
        TALLY.print("cluster blocks, zones, routes, api access lines and statements round-tripped");
        System.out.println("intent forms generated: " + new TreeMap<>(FORMS));
        if (TALLY.cases.get() >= 100) {
            Set<String> expected = Set.of("source ZoneSource", "source PodSetSource", "source AddressSource",
                    "source NodeSource", "target ZoneTarget", "target PodSetTarget", "target ServiceTarget",
                    "target AddressTarget", "target NodeTarget", "target UrlTarget", "can reach SOME",
                    "can reach EVERY", "cannot reach EVERY", "directly", "via", "only via", "on ports",
                    "exposure EXPOSED_AS", "exposure EXPOSED_ONLY_VIA", "exposure NOT_EXPOSED", "routes to",
                    "has api access", "zone Union", "zone Except", "zone Cidrs", "zone PodSet");
            for (String form : expected) {
                assertTrue(FORMS.containsKey(form), "never generated: " + form + " in " + FORMS.keySet());
            }
        }
    }
}
