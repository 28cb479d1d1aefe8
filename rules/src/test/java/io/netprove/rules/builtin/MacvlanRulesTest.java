package io.netprove.rules.builtin;

import io.netprove.rules.Finding;
import io.netprove.rules.LintInput;
import io.netprove.rules.Severity;
import io.netprove.rules.facts.RuleContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.netprove.rules.RuleFixture.cluster;
import static io.netprove.rules.RuleFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacvlanRulesTest {

    private static final String DNS = """
            apiVersion: v1
            kind: Service
            metadata: {name: kube-dns, namespace: kube-system}
            spec: {clusterIP: 10.96.0.10, selector: {k8s-app: kube-dns}, ports: [{port: 53, protocol: UDP}]}
            ---
            """;

    private static String pod(String annotations) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: radio
                  namespace: edge
                  annotations: %s
                spec:
                  nodeName: node-1
                  containers: [{name: main}]
                """.formatted(annotations);
    }

    private static LintInput macvlan(String yaml, Set<String> networks, Set<String> nodes) {
        return LintInput.of(cluster(yaml)).withContext(RuleContext.DEFAULT.withMacvlan(networks, nodes));
    }

    @Test
    void podOnAMacvlanDefaultNetworkNeedingDnsFires() {
        List<Finding> f = run("NP-MACVLAN-001",
                macvlan(DNS + pod("{v1.multus-cni.io/default-network: edge/macvlan-conf}"), Set.of("macvlan-conf"),
                        Set.of()));
        assertEquals(1, f.size(), f.toString());
        assertEquals("Pod edge/radio", f.get(0).subject());
        assertTrue(f.get(0).message().contains("kube-system/kube-dns (10.96.0.10)"), f.get(0).message());
    }

    @Test
    void podOnAMacvlanNodeFires() {
        List<Finding> f = run("NP-MACVLAN-001", macvlan(DNS + pod("{}"), Set.of(), Set.of("node-1")));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().contains("--macvlan-node node-1"), f.get(0).message());
    }

    @Test
    void podOnAnUndeclaredNetworkIsQuiet() {
        assertEquals(List.of(), run("NP-MACVLAN-001",
                macvlan(DNS + pod("{v1.multus-cni.io/default-network: edge/bridge-conf}"), Set.of("macvlan-conf"),
                        Set.of())));
    }

    @Test
    void podWithAnExtraMacvlanInterfaceWarns() {
        String json = "{k8s.v1.cni.cncf.io/networks: '[{\"name\": \"macvlan-conf\", \"interface\": \"net1\"}]'}";
        List<Finding> f = run("NP-MACVLAN-002", macvlan(DNS + pod(json), Set.of("edge/macvlan-conf"), Set.of()));
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        List<Finding> list = run("NP-MACVLAN-002",
                macvlan(DNS + pod("{k8s.v1.cni.cncf.io/networks: 'other, macvlan-conf@net1'}"),
                        Set.of("macvlan-conf"), Set.of()));
        assertEquals(1, list.size(), list.toString());
    }

    @Test
    void extraInterfaceOnAnUndeclaredNetworkIsQuiet() {
        assertEquals(List.of(), run("NP-MACVLAN-002",
                macvlan(DNS + pod("{k8s.v1.cni.cncf.io/networks: sriov-net}"), Set.of("macvlan-conf"), Set.of())));
    }
}
