package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressRulesTest {

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 8080}]
            ---
            """;

    private static String ingress(String service, String port) {
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: shop, namespace: shop}
                spec:
                  rules:
                  - host: shop.example.com
                    http:
                      paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {name: %s, port: %s}
                """.formatted(service, port);
    }

    @Test
    void backendNamingAMissingServiceFires() {
        List<Finding> f = run("NP-ING-001", SERVICE + ingress("webb", "{number: 80}"));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Ingress shop/shop (shop.example.com/)", f.get(0).subject());
        assertTrue(f.get(0).message().contains("shop/webb does not exist"), f.get(0).message());
        assertEquals(8, f.get(0).location().line());
    }

    @Test
    void backendNamingAnExistingServiceIsQuiet() {
        assertEquals(List.of(), run("NP-ING-001", SERVICE + ingress("web", "{number: 80}")));
    }

    @Test
    void backendNamingAMissingPortFires() {
        List<Finding> byNumber = run("NP-ING-002", SERVICE + ingress("web", "{number: 8080}"));
        assertEquals(1, byNumber.size(), byNumber.toString());
        assertTrue(byNumber.get(0).message().contains("it has http=80"), byNumber.get(0).message());
        List<Finding> byName = run("NP-ING-002", SERVICE + ingress("web", "{name: https}"));
        assertEquals(1, byName.size(), byName.toString());
    }

    @Test
    void backendNamingAnExistingPortIsQuiet() {
        assertEquals(List.of(), run("NP-ING-002", SERVICE + ingress("web", "{number: 80}")));
        assertEquals(List.of(), run("NP-ING-002", SERVICE + ingress("web", "{name: http}")));
    }
}
