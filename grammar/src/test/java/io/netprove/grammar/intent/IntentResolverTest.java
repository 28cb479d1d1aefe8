package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.Intent;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.netprove.grammar.intent.Fixtures.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names the manifests define: services, service ports, namespaces, label keys and values, with suggestions. */
class IntentResolverTest {

    private static final ClusterNames SHOP = new KnownClusterNames(
            Set.of("default", "kube-system", "shop"),
            Map.of("shop/web", Set.of("http", "80"), "shop/db", Set.of("5432"), "kube-system/kube-dns",
                    Set.of("dns", "dns-tcp", "53")),
            Map.of("app", Set.of("web", "db", "api"), "tier", Set.of("frontend", "backend"),
                    "app.kubernetes.io/name", Set.of("shop")));

    private static final String ZONES = "zone office = 10.140.0.0/16\n";

    private static List<InputError> problems(String text) {
        return IntentResolver.problems(IntentReader.read(Path.of("t.np"), ZONES + text), SHOP);
    }

    private static void expectOne(String text, int line, int column, String reason) {
        List<InputError> found = problems(text);
        assertEquals(1, found.size(), () -> found.toString());
        expect(found.get(0), "t.np", line, column, reason);
    }

    @Test
    void knownNamesPass() {
        Intent intent = IntentReader.read(Path.of("t.np"), ZONES
                + "zone web = pods shop/app=web, tier in (frontend)\n"
                + "office can reach service shop/web:http\n"
                + "office can reach service shop/web:80 via nodeport\n"
                + "pods in namespace shop with app.kubernetes.io/name=shop can reach service kube-system/kube-dns:dns\n"
                + "office cannot reach pods with app notin (db), !canary-free\n".replace(", !canary-free", "")
                + "service shop/db is not exposed outside the cluster\n");
        assertEquals(List.of(), IntentResolver.problems(intent, SHOP));
        IntentResolver.check(intent, SHOP);
    }

    @Test
    void unknownServiceWithSuggestion() {
        expectOne("office can reach service shop/wbe\n", 2, 18, "unknown service 'shop/wbe': did you mean 'shop/web'?");
        expectOne("service shpo/db is exposed as nodeport\n", 2, 9, "unknown service 'shpo/db': did you mean"
                + " 'shop/db'?");
    }

    @Test
    void unknownServiceWithoutANearName() {
        expectOne("office can reach service shop/checkout\n", 2, 18, "unknown service 'shop/checkout': expected a"
                + " service of the manifests, written NAMESPACE/NAME");
    }

    @Test
    void unknownServicePort() {
        expectOne("office can reach service shop/web:htp\n", 2, 18, "unknown port 'htp' of service 'shop/web': did"
                + " you mean 'http'?");
        expectOne("office can reach service shop/web:grpc\n", 2, 18, "unknown port 'grpc' of service 'shop/web':"
                + " expected one of its ports (80, http)");
    }

    @Test
    void unknownNamespace() {
        expectOne("office can reach pods in namespace shpo\n", 2, 18, "unknown namespace 'shpo': did you mean 'shop'?");
        expectOne("pods payments/app=web can reach office\n", 2, 1, "unknown namespace 'payments': expected a"
                + " namespace of the cluster");
    }

    @Test
    void unknownLabelKey() {
        expectOne("zone w = pods with ap=web\n", 2, 20, "unknown label key 'ap': did you mean 'app'?");
        expectOne("office can reach pods with !color\n", 2, 28, "unknown label key 'color': expected a label key that"
                + " some pod has");
    }

    @Test
    void unknownLabelValueWhenTheKeyExists() {
        expectOne("office can reach pods shop/app=wbe\n", 2, 28, "no pod has label app=wbe: did you mean 'web'?");
        expectOne("office can reach pods shop/tier notin (frontend, middle)\n", 2, 28, "no pod has label tier=middle:"
                + " expected a value that some pod has (backend, frontend)");
    }

    @Test
    void everyProblemIsListedInIntentOrder() {
        List<InputError> found = problems("zone w = pods with ap=web\noffice can reach service shop/wbe\n"
                + "service x/y is exposed as nodeport\n");
        assertEquals(List.of("t.np:2:20", "t.np:3:18", "t.np:4:9"),
                found.stream().map(e -> e.location().toString()).toList());
        InputError first = assertThrows(InputError.class, () -> IntentResolver.check(
                IntentReader.read(Path.of("t.np"), ZONES + "zone w = pods with ap=web\n"), SHOP));
        assertTrue(first.getMessage().startsWith("t.np:2:20: unknown label key 'ap'"), first.getMessage());
    }

    @Test
    void aSingleStatementAgainstTheCluster() {
        Intent intent = IntentReader.read(Path.of("t.np"), ZONES);
        List<InputError> found = IntentResolver.problems(
                IntentReader.parseStatement("office can reach service shop/wbe", intent), SHOP);
        assertEquals(1, found.size());
        expect(found.get(0), "<command line>", 1, 18, "unknown service 'shop/wbe': did you mean 'shop/web'?");
    }
}
