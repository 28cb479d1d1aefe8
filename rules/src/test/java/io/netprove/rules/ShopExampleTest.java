package io.netprove.rules;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shop example (manifests and both nodes' dumps) through the built-in packs. */
class ShopExampleTest {

    private static Path repo(String relative) {
        String root = System.getProperty("netprove.root");
        return (root != null ? Paths.get(root) : Paths.get("..")).resolve(relative);
    }

    @Test
    void shopExampleHasTheLegacyServiceProblemsAndALocalTrafficPolicyGapButNoDrift() {
        ClusterObjects cluster = new ManifestReader().read(repo("examples/shop/cluster"));
        List<NodeDump> nodes = List.of(
                new NodeDump("node-1", List.of(IptablesFrontEnd.readFiles(
                        List.of(repo("examples/shop/nodes/node-1/iptables-save.txt")), null))),
                new NodeDump("node-2", List.of(IptablesFrontEnd.readFiles(
                        List.of(repo("examples/shop/nodes/node-2/iptables-save.txt")), null))));
        List<Finding> f = RuleFixture.run(LintInput.of(cluster).withNodes(nodes));
        assertEquals(List.of("NP-SVC-001 Service shop/legacy", "NP-SVC-002 Service shop/legacy port http",
                "NP-EXP-003 Service shop/cart port http"),
                f.stream().map(x -> x.ruleId() + " " + x.subject()).toList(), f.toString());
        assertEquals(86, f.get(0).location().line());
        assertEquals(List.of(Severity.ERROR, Severity.ERROR, Severity.WARNING),
                f.stream().map(Finding::severity).toList());
    }
}
