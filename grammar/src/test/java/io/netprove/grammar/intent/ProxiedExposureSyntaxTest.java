package io.netprove.grammar.intent;

import io.netprove.grammar.InputError;
import io.netprove.model.intent.ApiEndpoint;
import io.netprove.model.intent.ClusterSpec;
import io.netprove.model.intent.Exposure;
import io.netprove.model.intent.IngressController;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Statement;
import io.netprove.model.intent.Target;
import io.netprove.model.net.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static io.netprove.grammar.intent.Fixtures.expect;
import static io.netprove.grammar.intent.Fixtures.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The intent syntax of ingress controllers, the API server, API access and URL targets, and its errors. */
class ProxiedExposureSyntaxTest {

    private static final String CLUSTER = "cluster {\n"
            + "  pod network 10.244.0.0/16\n"
            + "  node node-1 address 192.168.0.2\n"
            + "  ingress controller pods ingress-nginx/app.kubernetes.io/name=ingress-nginx class nginx\n"
            + "  ingress controller pods in namespace internal\n"
            + "  api server 192.168.0.2:6443, [fd00::2]:6443\n"
            + "}\n"
            + "zone office = 10.140.0.0/16\n"
            + "zone operators = 10.150.0.0/24\n"
            + "zone operators has api access\n";

    private static Intent read(String text) {
        return IntentReader.read(Path.of("t.np"), text);
    }

    @Test
    void clusterSettingsAndApiAccess() {
        Intent intent = read(CLUSTER);
        ClusterSpec c = intent.cluster().orElseThrow();
        assertEquals(2, c.ingressControllers().size());
        IngressController nginx = c.ingressControllers().get(0);
        assertEquals(Optional.of("nginx"), nginx.ingressClass());
        assertEquals(Optional.of("ingress-nginx"), nginx.pods().namespace());
        assertTrue(nginx.pods().matches("ingress-nginx", java.util.Map.of("app.kubernetes.io/name", "ingress-nginx")));
        assertEquals(Optional.empty(), c.ingressControllers().get(1).ingressClass());
        assertEquals(List.of(new ApiEndpoint(IpAddress.parse("192.168.0.2"), 6443, c.apiServers().get(0).location()),
                new ApiEndpoint(IpAddress.parse("fd00::2"), 6443, c.apiServers().get(1).location())), c.apiServers());
        assertEquals(1, intent.apiAccess().size());
        assertEquals("operators", intent.apiAccess().get(0).zone());
        assertEquals(10, intent.apiAccess().get(0).location().line());
    }

    @Test
    void urlTargets() {
        Intent intent = read(CLUSTER + "office can reach https://Shop.Example.com/cart?x=1 # comment\n"
                + "office cannot reach http://admin.example.com:8080\n"
                + "office can reach http://shop.example.com/ via loadbalancer, nodeport\n");
        List<Statement> ss = intent.statements();
        Target.UrlTarget a = (Target.UrlTarget) ((ReachStatement) ss.get(0)).target();
        assertTrue(a.https());
        assertEquals("shop.example.com", a.host());
        assertEquals("/cart", a.path());
        assertEquals(OptionalInt.empty(), a.port());
        assertEquals("https://shop.example.com/cart", a.toString());
        Target.UrlTarget b = (Target.UrlTarget) ((ReachStatement) ss.get(1)).target();
        assertEquals("/", b.path());
        assertEquals(OptionalInt.of(8080), b.port());
        assertEquals(List.of(Exposure.LOADBALANCER, Exposure.NODEPORT), ((ReachStatement) ss.get(2)).via());
    }

    @Test
    void newKeywordsStillWorkAsKubernetesNames() {
        Intent intent = read(CLUSTER + "office can reach service api/server:access\n"
                + "zone z = pods in namespace controller with class=api\n");
        Target.ServiceTarget t = (Target.ServiceTarget) ((ReachStatement) intent.statements().get(0)).target();
        assertEquals("api/server", t.qualifiedName());
        assertEquals(Optional.of("access"), t.port());
    }

    @Test
    void badUrls() {
        expect(failure(CLUSTER + "office can reach https://*.example.com/\n"), "t.np", 11, 18,
                "wildcard host '*.example.com' in URL 'https://*.example.com/': expected one host name (a request"
                        + " names one host; wildcards belong in Ingress rules)");
        expect(failure(CLUSTER + "office can reach ftp://example.com/\n"), "t.np", 11, 18,
                "unsupported scheme 'ftp': expected an http:// or https:// URL");
        expect(failure(CLUSTER + "office can reach http://example.com:0/\n"), "t.np", 11, 18,
                "bad port '0' in URL 'http://example.com:0/': expected a port from 1 to 65535");
        expect(failure(CLUSTER + "office can reach http:///x\n"), "t.np", 11, 18,
                "no host in URL 'http:///x': expected http(s)://HOST[:PORT]/PATH");
        expect(failure(CLUSTER + "office can reach http://ex_ample.com/\n"), "t.np", 11, 18,
                "bad host 'ex_ample.com' in URL 'http://ex_ample.com/': expected a DNS name of letters, digits, '-'"
                        + " and '.', or an IPv4 address");
    }

    @Test
    void clausesThatDoNotFitAUrl() {
        expect(failure(CLUSTER + "office can reach https://shop.example.com/ on tcp/443\n"), "t.np", 11, 44,
                "an 'on' clause with a URL target: expected the port in the URL (http://HOST:PORT/PATH)");
        expect(failure(CLUSTER + "office can reach https://shop.example.com/ directly\n"), "t.np", 11, 44,
                "'directly' with a URL target: expected a pod, address, node or zone target (a request through an"
                        + " ingress controller is proxied)");
        expect(failure(CLUSTER + "office can reach https://shop.example.com/ only via nodeport\n"), "t.np", 11, 44,
                "'only via' with a URL target: expected 'via' (a URL is always reached through the ingress"
                        + " controller; 'via' chooses its frontends)");
        expect(failure(CLUSTER + "office can reach 10.0.0.1 via ingress\n"), "t.np", 11, 27,
                "'via' with a target that is not a service or a URL: expected 'service NAMESPACE/NAME' or"
                        + " 'http(s)://HOST/PATH' as the target");
    }

    @Test
    void badSettings() {
        expect(failure("cluster {\n  ingress controller pods in namespace a class nginx\n"
                        + "  ingress controller pods in namespace b class nginx\n}\n"), "t.np", 3, 3,
                "an ingress controller of class 'nginx' is already declared at t.np:2:3: expected one controller"
                        + " per class");
        expect(failure("cluster {\n  ingress controller pods in namespace a class Nginx\n}\n"), "t.np", 2, 48,
                "bad IngressClass name 'Nginx': expected an IngressClass name of lower-case letters, digits, '-'"
                        + " and '.' (a DNS subdomain)");
        expect(failure("cluster {\n  api server 10.0.0.1:6443\n  api server 10.0.0.2:6443\n}\n"), "t.np", 3, 3,
                "'api server' is already set at t.np:2:3: expected each setting once");
        expect(failure("cluster {\n  api server 10.0.0.0/8:6443\n}\n"), "t.np", 2, 14,
                "'10.0.0.0/8' is a CIDR block: expected a single address");
        expect(failure("cluster {\n  api server 10.0.0.1:70000\n}\n"), "t.np", 2, 23,
                "port 70000 is out of range: expected a port from 1 to 65535");
        expect(failure("zone ops = 10.0.0.0/8\nzone opps has api access\n"), "t.np", 2, 1,
                "unknown zone 'opps': did you mean 'ops'?");
    }

    @Test
    void errorsNameTheNewSettings() {
        InputError e = failure("cluster {\n  ingress pods\n}\n");
        assertTrue(e.reason().contains("'controller'"), e.reason());
        InputError s = failure("cluster {\n  apis server 10.0.0.1:6443\n}\n");
        assertTrue(s.reason().contains("'ingress controller' or 'api server'"), s.reason());
    }
}
