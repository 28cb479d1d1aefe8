package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.dump;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DriftRulesTest {

    /** node-1's dump: shop/web:http at 10.96.0.11:80 sent to 10.244.1.5:8080; shop/legacy:http without endpoints. */
    private static final String DUMP = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            -A KUBE-SERVICES -m comment --comment "shop/legacy:http has no endpoints" -m tcp -p tcp -d 10.96.0.40 --dport 80 -j REJECT --reject-with icmp-port-unreachable
            COMMIT
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-SVC-AAAA - [0:0]
            :KUBE-SEP-A1 - [0:0]
            -A PREROUTING -j KUBE-SERVICES
            -A KUBE-SERVICES -m comment --comment "shop/web:http cluster IP" -m tcp -p tcp -d 10.96.0.11 --dport 80 -j KUBE-SVC-AAAA
            -A KUBE-SVC-AAAA -m comment --comment "shop/web:http -> 10.244.1.5:8080" -j KUBE-SEP-A1
            -A KUBE-SEP-A1 -m comment --comment shop/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080
            %s
            COMMIT
            """;

    private static String service(String name, String clusterIP) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: shop}
                spec:
                  clusterIP: %s
                  selector: {app: %s}
                  ports: [{name: http, port: 80, targetPort: 8080}]
                ---
                """.formatted(name, clusterIP, name);
    }

    private static String slice(String service, String... addresses) {
        StringBuilder eps = new StringBuilder();
        for (String a : addresses) {
            eps.append("- {addresses: [").append(a).append("], conditions: {ready: true}, nodeName: node-1}\n");
        }
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %s-x, namespace: shop, labels: {kubernetes.io/service-name: %s}}
                addressType: IPv4
                ports: [{name: http, port: 8080, protocol: TCP}]
                endpoints:%s---
                """.formatted(service, service, eps.length() == 0 ? " []\n" : "\n" + eps);
    }

    private static final String IN_SYNC = service("web", "10.96.0.11") + slice("web", "10.244.1.5")
            + service("legacy", "10.96.0.40") + slice("legacy");

    private static LintInput lint(String manifests, String extraNatRules) {
        return LintInput.of(cluster(manifests)).withNodes(List.of(dump("node-1", DUMP.formatted(extraNatRules))));
    }

    @Test
    void manifestsInSyncWithTheDumpGiveNoDrift() {
        List<Finding> f = run(lint(IN_SYNC, "")).stream().filter(x -> x.ruleId().startsWith("NP-DRIFT")).toList();
        assertEquals(List.of(), f);
    }

    @Test
    void servicePortMissingFromTheDumpFires() {
        List<Finding> f = run("NP-DRIFT-001", lint(IN_SYNC + service("db", "10.96.0.20"), ""));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Service shop/db port http", f.get(0).subject());
        assertTrue(f.get(0).message().contains("node node-1's KUBE-SERVICES chains have no rule for shop/db:http"),
                f.get(0).message());
    }

    @Test
    void servicePortsInTheDumpAreQuietEvenWithoutEndpoints() {
        assertEquals(List.of(), run("NP-DRIFT-001", lint(IN_SYNC, "")));
    }

    @Test
    void dumpServiceTheManifestsLackWarns() {
        String stale = "-A KUBE-SERVICES -m comment --comment \"shop/old:http cluster IP\" -m tcp -p tcp"
                + " -d 10.96.0.99 --dport 80 -j KUBE-SVC-AAAA";
        List<Finding> f = run("NP-DRIFT-002", lint(IN_SYNC, stale));
        assertEquals(1, f.size(), f.toString());
        assertEquals("node-1/iptables-save.txt", f.get(0).location().file());
        assertTrue(f.get(0).message().contains("cluster IP 10.96.0.99"), f.get(0).message());
    }

    @Test
    void dumpServicesOfNamespacesTheManifestsDoNotDescribeAreQuiet() {
        String other = "-A KUBE-SERVICES -m comment --comment \"kube-system/kube-dns:dns cluster IP\" -m udp -p udp"
                + " -d 10.96.0.10 --dport 53 -j KUBE-SVC-AAAA";
        assertEquals(List.of(), run("NP-DRIFT-002", lint(IN_SYNC, other)));
    }

    @Test
    void clusterIpThatDiffersFires() {
        String manifests = service("web", "10.96.0.12") + slice("web", "10.244.1.5");
        List<Finding> f = run("NP-DRIFT-003", lint(manifests, ""));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("cluster IP 10.96.0.12 but node node-1 programs 10.96.0.11"),
                f.get(0).message());
    }

    @Test
    void clusterIpsThatAgreeAreQuiet() {
        assertEquals(List.of(), run("NP-DRIFT-003", lint(IN_SYNC, "")));
    }

    @Test
    void readyEndpointMissingFromTheDumpFires() {
        String manifests = service("web", "10.96.0.11") + slice("web", "10.244.1.5", "10.244.2.7");
        List<Finding> f = run("NP-DRIFT-004", lint(manifests, ""));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("endpoint 10.244.2.7:8080"), f.get(0).message());
    }

    @Test
    void endpointsInTheDumpAreQuiet() {
        assertEquals(List.of(), run("NP-DRIFT-004", lint(IN_SYNC, "")));
    }

    @Test
    void dumpEndpointTheManifestsLackFires() {
        String manifests = service("web", "10.96.0.11") + slice("web", "10.244.1.6");
        List<Finding> f = run("NP-DRIFT-005", lint(manifests, ""));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("still sends its traffic to 10.244.1.5:8080"), f.get(0).message());
        assertEquals(1, run("NP-DRIFT-004", lint(manifests, "")).size());
    }

    @Test
    void dumpEndpointsTheManifestsListAreQuiet() {
        assertEquals(List.of(), run("NP-DRIFT-005", lint(IN_SYNC, "")));
    }
}
