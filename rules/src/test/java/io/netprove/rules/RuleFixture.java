package io.netprove.rules;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.grammar.k8s.ManifestReader;
import io.netprove.model.k8s.ClusterObjects;
import io.netprove.model.net.AddressFamily;

import java.util.List;

/** Runs the built-in packs over fixtures written as YAML manifests and iptables dumps in the tests. */
public final class RuleFixture {

    /** Loaded once for every test class (building it takes about half a second). */
    public static final CompiledRules BUILT_IN = BuiltInRules.load();

    private RuleFixture() {
    }

    /** Reads manifest text as if it were the file {@code cluster.yaml}. */
    public static ClusterObjects cluster(String yaml) {
        return new ManifestReader().readText("cluster.yaml", yaml);
    }

    /** Reads an iptables-save text as the dump of {@code node} (file {@code NODE/iptables-save.txt}). */
    public static NodeDump dump(String node, String iptablesSave) {
        return new NodeDump(node, List.of(IptablesFrontEnd.read(node + "/iptables-save.txt", iptablesSave,
                AddressFamily.IPV4)));
    }

    public static List<Finding> run(LintInput input) {
        return new RulesEngine(List.of(BUILT_IN), RunLimits.DEFAULT).run(input).findings();
    }

    /** The findings of rule {@code id} only. */
    public static List<Finding> run(String id, LintInput input) {
        return run(input).stream().filter(f -> f.ruleId().equals(id)).toList();
    }

    public static List<Finding> run(String id, String yaml) {
        return run(id, LintInput.of(cluster(yaml)));
    }
}
