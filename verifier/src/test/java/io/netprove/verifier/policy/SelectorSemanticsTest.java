package io.netprove.verifier.policy;

import io.netprove.grammar.InputError;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.k8s.Pod;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.space.IntervalSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.netprove.verifier.policy.Manifests.cluster;
import static io.netprove.verifier.policy.Manifests.labels;
import static io.netprove.verifier.policy.Manifests.namespace;
import static io.netprove.verifier.policy.Manifests.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Label selectors in policies: every matchExpressions operator, matchLabels and expressions together, absent versus
 * empty selectors in a peer, and selectors the API rejects, which never reach the engine as "match all".
 */
class SelectorSemanticsTest {

    private static final String PODS = String.join("---\n",
            namespace("a"), namespace("b", "team=b"),
            pod("a", "server", "10.0.0.10", labels("role=server")),
            pod("a", "front", "10.0.0.1", labels("tier=front", "env=prod")),
            pod("a", "back", "10.0.0.2", labels("tier=back")),
            pod("a", "plain", "10.0.0.3", labels("env=dev")),
            pod("a", "db", "10.0.0.4", labels("tier=db", "env=prod")),
            pod("b", "front", "10.0.1.1", labels("tier=front")));

    /** The sources the server admits when its only ingress rule's peer is {@code peer} (YAML flow mapping). */
    private static IntervalSet sourcesFor(String peer) {
        ClusterObjects c = cluster(PODS, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: server-in, namespace: a}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress: [{from: [%s]}]
                """.formatted(peer));
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(c);
        return engine.allowedSources(Manifests.pod(c, "a/server"), AddressFamily.IPV4, Protocol.TCP, 80);
    }

    private static IntervalSet points(String... addresses) {
        return IntervalSet.points(32, java.util.Arrays.stream(addresses).map(IpAddress::parse).toList());
    }

    @Test
    void everyOperatorOfMatchExpressions() {
        assertEquals(points("10.0.0.1", "10.0.0.2"),
                sourcesFor("{podSelector: {matchExpressions: [{key: tier, operator: In, values: [front, back]}]}}"));
        assertEquals(points("10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10"),
                sourcesFor("{podSelector: {matchExpressions: [{key: tier, operator: NotIn, values: [front]}]}}"),
                "NotIn also matches pods without the key (the server and plain)");
        assertEquals(points("10.0.0.1", "10.0.0.2", "10.0.0.4"),
                sourcesFor("{podSelector: {matchExpressions: [{key: tier, operator: Exists}]}}"));
        assertEquals(points("10.0.0.3", "10.0.0.10"),
                sourcesFor("{podSelector: {matchExpressions: [{key: tier, operator: DoesNotExist}]}}"));
        assertEquals(points("10.0.0.1", "10.0.0.4"),
                sourcesFor("{podSelector: {matchLabels: {env: prod}, matchExpressions: [{key: tier, "
                        + "operator: Exists}]}}"), "matchLabels and expressions must all hold");
    }

    @Test
    void absentAndEmptySelectorsInAPeer() {
        assertEquals(points("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10"),
                sourcesFor("{podSelector: {}}"), "an empty podSelector alone: every pod of the policy's namespace");
        assertEquals(points("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.10", "10.0.1.1"),
                sourcesFor("{namespaceSelector: {}}"), "an empty namespaceSelector alone: every pod of every "
                        + "namespace");
        assertEquals(points("10.0.1.1"), sourcesFor("{namespaceSelector: {matchLabels: {team: b}}, podSelector: "
                + "null}"), "a null podSelector is an absent one: every pod of the chosen namespaces");
        assertEquals(points("10.0.0.1", "10.0.1.1"), sourcesFor("{namespaceSelector: {}, podSelector: "
                + "{matchLabels: {tier: front}}}"), "both: matching pods of matching namespaces");
    }

    @Test
    void anUnknownOperatorIsReportedAtItsLineAndNoEngineIsBuilt() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad, namespace: a}
                spec:
                  podSelector:
                    matchExpressions:
                    - key: tier
                      operator: Like
                      values: [front]
                """;
        InputError e = assertThrows(InputError.class, () -> cluster(PODS, policy));
        assertEquals("test.yaml", e.location().file());
        assertEquals(countLines(PODS) + 1 + 8, e.location().line(), "the operator's line, after the --- separator");
        assertTrue(e.reason().contains("spec.podSelector.matchExpressions[0].operator: expected one of In, NotIn, "
                + "Exists, DoesNotExist, got 'Like'"), e.reason());
    }

    @Test
    void inWithoutValuesIsReportedAtItsLine() {
        String policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: bad, namespace: a}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - podSelector:
                        matchExpressions: [{key: tier, operator: In}]
                """;
        InputError e = assertThrows(InputError.class, () -> cluster(PODS, policy));
        assertEquals("test.yaml", e.location().file());
        assertEquals(countLines(PODS) + 1 + 9, e.location().line());
        assertTrue(e.reason().contains("at least one value when the operator is In"), e.reason());
    }

    private static int countLines(String text) {
        return (int) text.chars().filter(ch -> ch == '\n').count();
    }

    @Test
    void podsOfTheSameLabelsInAnotherNamespaceAreNotSelectedByThePodSelector() {
        ClusterObjects c = cluster(PODS, """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: fronts, namespace: a}
                spec:
                  podSelector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}
                  policyTypes: [Ingress]
                """);
        NetworkPolicyEngine engine = NetworkPolicyEngine.of(c);
        List<Pod> isolated = c.pods().stream()
                .filter(p -> engine.isolated(p, io.netprove.model.k8s.PolicyType.INGRESS)).toList();
        assertEquals(List.of("a/front"), isolated.stream().map(p -> p.metadata().qualifiedName()).toList());
    }
}
