package io.netprove.verifier.ingress;

import io.netprove.model.k8s.Ingress;
import io.netprove.model.k8s.IngressBackend;
import io.netprove.model.k8s.IngressPath;
import io.netprove.model.k8s.IngressRule;
import io.netprove.model.k8s.IngressTls;
import io.netprove.model.k8s.ObjectMeta;
import io.netprove.model.k8s.PathType;
import io.netprove.model.k8s.PortReference;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Host and path matching, precedence, default backends, TLS and redirects, as the Ingress API and ingress-nginx do. */
class IngressRouterTest {

    private static IngressBackend svc(String name, int port) {
        return new IngressBackend.ServiceBackend(name, PortReference.of(port));
    }

    private static IngressPath path(String p, PathType t, String service) {
        return new IngressPath(p, t, svc(service, 80));
    }

    private static Ingress ingress(String name, Map<String, String> annotations, Optional<IngressBackend> def,
                                   List<IngressRule> rules, List<IngressTls> tls) {
        return new Ingress(new ObjectMeta(name, Optional.of("shop"), Map.of(), annotations),
                SourceLocation.of("ingresses.yaml", 3), Optional.of("nginx"), def, rules, tls);
    }

    private static IngressRule rule(String host, IngressPath... paths) {
        return new IngressRule(Optional.ofNullable(host), List.of(paths));
    }

    private static String target(IngressRouter r, String host, String path) {
        IngressRoute route = r.route(new IngressRouter.Request(host, path));
        return route.kind() + route.service().map(s -> " " + s.serviceName()).orElse("");
    }

    @Test
    void prefixMatchesWholePathElements() {
        IngressRouter r = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("shop.example.com", path("/", PathType.PREFIX, "front"), path("/cart", PathType.PREFIX, "cart"),
                        path("/cart/admin/", PathType.PREFIX, "cart-admin"))), List.of())));
        assertEquals("RULE cart", target(r, "shop.example.com", "/cart"));
        assertEquals("RULE cart", target(r, "shop.example.com", "/cart/"));
        assertEquals("RULE cart", target(r, "shop.example.com", "/cart/items"));
        assertEquals("RULE front", target(r, "shop.example.com", "/cartoon"), "/cart does not match /cartoon");
        assertEquals("RULE cart-admin", target(r, "shop.example.com", "/cart/admin"), "trailing '/' ignored");
        assertEquals("RULE front", target(r, "shop.example.com", "/"));
    }

    @Test
    void longestPathWinsThenExactBeatsPrefix() {
        IngressRouter r = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("h.example.com", path("/api", PathType.PREFIX, "api-prefix"),
                        path("/api", PathType.EXACT, "api-exact"), path("/api/v1", PathType.PREFIX, "v1"))),
                List.of())));
        assertEquals("RULE api-exact", target(r, "h.example.com", "/api"));
        assertEquals("RULE api-prefix", target(r, "h.example.com", "/api/v2"));
        assertEquals("RULE v1", target(r, "h.example.com", "/api/v1/users"));
    }

    @Test
    void exactMatchesOnlyThePathAsWritten() {
        IngressRouter r = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("h.example.com", path("/checkout", PathType.EXACT, "pay"))), List.of())));
        assertEquals("RULE pay", target(r, "h.example.com", "/checkout"));
        assertEquals("NOT_FOUND", target(r, "h.example.com", "/checkout/"));
        assertEquals("NOT_FOUND", target(r, "h.example.com", "/Checkout"));
    }

    @Test
    void implementationSpecificIsAPrefixUnlessRegularExpressionsAreOn() {
        IngressRouter plain = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("h.example.com", path("/docs", PathType.IMPLEMENTATION_SPECIFIC, "docs"))), List.of())));
        assertEquals("RULE docs", target(plain, "h.example.com", "/docs/intro"));
        IngressRouter regex = new IngressRouter(List.of(ingress("a", Map.of(IngressRouter.USE_REGEX, "true"),
                Optional.empty(), List.of(rule("h.example.com", path("/docs/.*", PathType.IMPLEMENTATION_SPECIFIC,
                        "docs"))), List.of())));
        IngressRoute route = regex.route(new IngressRouter.Request("h.example.com", "/docs/intro"));
        assertEquals(IngressRoute.Kind.UNMODELLED, route.kind());
        assertTrue(route.text().contains("regular-expression paths"), route.text());
    }

    @Test
    void hostsExactThenWildcardThenCatchAll() {
        IngressRouter r = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("a.example.com", path("/", PathType.PREFIX, "exact")),
                rule("*.example.com", path("/", PathType.PREFIX, "wild")),
                rule(null, path("/", PathType.PREFIX, "any"))), List.of())));
        assertEquals("RULE exact", target(r, "a.example.com", "/"));
        assertEquals("RULE wild", target(r, "b.example.com", "/"));
        assertEquals("RULE any", target(r, "b.c.example.com", "/"), "a wildcard covers one label only");
        assertEquals("RULE any", target(r, "example.com", "/"), "a wildcard needs a label");
        assertTrue(IngressRouter.wildcardCovers("*.example.com", "x.example.com"));
        assertFalse(IngressRouter.wildcardCovers("*.example.com", "x.y.example.com"));
        assertFalse(IngressRouter.wildcardCovers("example.com", "x.example.com"));
    }

    @Test
    void aHostWithRulesDoesNotFallBackToCatchAllPaths() {
        IngressRouter r = new IngressRouter(List.of(ingress("a", Map.of(), Optional.empty(), List.of(
                rule("a.example.com", path("/app", PathType.PREFIX, "app")),
                rule(null, path("/", PathType.PREFIX, "any"))), List.of())));
        IngressRoute route = r.route(new IngressRouter.Request("a.example.com", "/other"));
        assertEquals(IngressRoute.Kind.NOT_FOUND, route.kind());
        assertTrue(route.text().contains("404"), route.text());
    }

    @Test
    void defaultBackends() {
        Ingress withRules = ingress("a", Map.of(), Optional.of(svc("fallback", 80)), List.of(
                rule("a.example.com", path("/app", PathType.PREFIX, "app"))), List.of());
        Ingress catchAll = ingress("b", Map.of(), Optional.of(svc("catch-all", 80)), List.of(), List.of());
        IngressRouter r = new IngressRouter(List.of(withRules, catchAll));
        assertEquals("DEFAULT_BACKEND fallback", target(r, "a.example.com", "/other"));
        assertEquals("DEFAULT_BACKEND catch-all", target(r, "unknown.example.com", "/"));
        assertEquals("RULE app", target(r, "a.example.com", "/app"));
        IngressRouter none = new IngressRouter(List.of(ingress("c", Map.of(), Optional.empty(), List.of(
                rule("a.example.com", path("/app", PathType.PREFIX, "app"))), List.of())));
        assertEquals("NOT_FOUND", target(none, "b.example.com", "/"));
    }

    @Test
    void equalMatchesFromTwoIngressesAreRivals() {
        Ingress a = ingress("a", Map.of(), Optional.empty(), List.of(rule("h.example.com",
                path("/", PathType.PREFIX, "one"))), List.of());
        Ingress b = ingress("b", Map.of(), Optional.empty(), List.of(rule("h.example.com",
                path("/", PathType.PREFIX, "two"))), List.of());
        IngressRoute route = new IngressRouter(List.of(b, a)).route(new IngressRouter.Request("h.example.com", "/"));
        assertEquals("one", route.service().orElseThrow().serviceName(), "ordered by namespace and name");
        assertEquals(1, route.rivals().size());
        assertEquals("two", route.rivals().get(0).service().orElseThrow().serviceName());
        Ingress same = ingress("c", Map.of(), Optional.empty(), List.of(rule("h.example.com",
                path("/", PathType.PREFIX, "one"))), List.of());
        assertTrue(new IngressRouter(List.of(a, same)).route(new IngressRouter.Request("h.example.com", "/"))
                .rivals().isEmpty(), "the same backend is no rival");
    }

    @Test
    void tlsHostsAndRedirects() {
        Ingress tls = ingress("a", Map.of(), Optional.empty(), List.of(rule("shop.example.com",
                path("/", PathType.PREFIX, "front"))), List.of(new IngressTls(List.of("*.example.com"),
                Optional.of("cert"))));
        Ingress plain = ingress("b", Map.of(IngressRouter.SSL_REDIRECT, "false"), Optional.empty(), List.of(
                rule("www.example.com", path("/", PathType.PREFIX, "www"))), List.of());
        Ingress forced = ingress("c", Map.of(IngressRouter.FORCE_SSL_REDIRECT, "true"), Optional.empty(), List.of(
                rule("old.example.org", path("/", PathType.PREFIX, "old"))), List.of());
        IngressRouter r = new IngressRouter(List.of(tls, plain, forced));
        assertEquals(Optional.of(tls), r.tlsFor("shop.example.com"));
        assertEquals(Optional.empty(), r.tlsFor("example.com"));
        assertTrue(r.redirectsToHttps(r.route(new IngressRouter.Request("shop.example.com", "/")),
                "shop.example.com"));
        assertFalse(r.redirectsToHttps(r.route(new IngressRouter.Request("www.example.com", "/")),
                "www.example.com"), "ssl-redirect false keeps plain HTTP even with a certificate");
        assertTrue(r.redirectsToHttps(r.route(new IngressRouter.Request("old.example.org", "/")),
                "old.example.org"), "force-ssl-redirect without a certificate");
    }

    @Test
    void requestsThatReachAService() {
        Ingress a = ingress("a", Map.of(), Optional.of(svc("front", 80)), List.of(
                rule("shop.example.com", path("/", PathType.PREFIX, "front"), path("/pay", PathType.EXACT, "pay")),
                rule("*.preview.example.com", path("/", PathType.PREFIX, "preview"))), List.of());
        Ingress shadowed = ingress("b", Map.of(), Optional.empty(), List.of(rule("shop.example.com",
                path("/pay", PathType.EXACT, "other"))), List.of());
        IngressRouter r = new IngressRouter(List.of(a));
        assertEquals(List.of(new IngressRouter.Request("shop.example.com", "/pay")), r.requestsTo("shop", "pay"));
        assertEquals(List.of(new IngressRouter.Request("any.preview.example.com", "/")),
                r.requestsTo("shop", "preview"));
        assertEquals(List.of(), r.requestsTo("other-namespace", "pay"));
        assertTrue(r.requestsTo("shop", "front").contains(new IngressRouter.Request("shop.example.com", "/")));
        Ingress catchAll = ingress("c", Map.of(), Optional.of(svc("catch-all", 80)), List.of(), List.of());
        assertEquals(List.of(new IngressRouter.Request(IngressRouter.UNMATCHED_HOST, "/")),
                new IngressRouter(List.of(a, catchAll)).requestsTo("shop", "catch-all"));
        assertEquals(List.of(), new IngressRouter(List.of(a, shadowed)).requestsTo("shop", "pay"),
                "a request two Ingresses route to different Services is not counted");
    }
}
