package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import io.netprove.rules.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceRulesTest {

    private static final String WEB_POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web-1, namespace: shop, labels: {app: web}}
            spec:
              nodeName: node-1
              containers:
              - name: main
                ports: [{name: http, containerPort: 8080}]
            status:
              podIP: 10.244.1.5
              conditions: [{type: Ready, status: "%s"}]
            ---
            """;

    private static final String WEB_SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              clusterIP: 10.96.0.11
              selector: {app: %s}
              ports: [{name: http, port: 80, targetPort: http}]
            """;

    @Test
    void selectorMatchingNoPodFires() {
        List<Finding> f = run("NP-SVC-001", WEB_POD.formatted("True") + WEB_SERVICE.formatted("webb"));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.ERROR, f.get(0).severity());
        assertEquals("Service shop/web", f.get(0).subject());
        assertTrue(f.get(0).message().contains("{app=webb}"), f.get(0).message());
        assertEquals("cluster.yaml", f.get(0).location().file());
        assertEquals(13, f.get(0).location().line());
    }

    @Test
    void selectorMatchingAPodIsQuiet() {
        assertEquals(List.of(), run("NP-SVC-001", WEB_POD.formatted("True") + WEB_SERVICE.formatted("web")));
    }

    @Test
    void selectorIsQuietWhenTheManifestsDescribeNoPodOfTheNamespace() {
        assertEquals(List.of(), run("NP-SVC-001", WEB_SERVICE.formatted("webb")));
    }

    @Test
    void portWithoutReadyEndpointFires() {
        List<Finding> f = run("NP-SVC-002", WEB_POD.formatted("False") + WEB_SERVICE.formatted("web"));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Service shop/web port http", f.get(0).subject());
        assertTrue(f.get(0).message().contains("1 endpoint(s), none ready"), f.get(0).message());
        assertTrue(f.get(0).message().contains("REJECT"), f.get(0).message());
    }

    @Test
    void portWithAReadyEndpointIsQuiet() {
        assertEquals(List.of(), run("NP-SVC-002", WEB_POD.formatted("True") + WEB_SERVICE.formatted("web")));
    }

    @Test
    void serviceWithoutSelectorOrEndpointsFires() {
        List<Finding> f = run("NP-SVC-003", """
                apiVersion: v1
                kind: Service
                metadata: {name: external-db, namespace: shop}
                spec:
                  ports: [{port: 5432}]
                """);
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
    }

    @Test
    void serviceWithoutSelectorButWithEndpointsIsQuiet() {
        assertEquals(List.of(), run("NP-SVC-003", """
                apiVersion: v1
                kind: Service
                metadata: {name: external-db, namespace: shop}
                spec:
                  ports: [{port: 5432}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: external-db, namespace: shop}
                subsets:
                - addresses: [{ip: 192.168.10.5}]
                  ports: [{port: 5432}]
                """));
    }
}
