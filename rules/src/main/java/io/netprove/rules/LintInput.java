package io.netprove.rules;

import io.netprove.model.k8s.ClusterObjects;
import io.netprove.rules.facts.RuleContext;

import java.util.List;
import java.util.Objects;

/**
 * Everything a run of the rule packs looks at: the cluster's objects, the node dumps, the cluster knowledge
 * ({@link RuleContext}) and extra facts inserted as they are. Extra facts are the hook for later stages: statement
 * verdicts ({@link io.netprove.model.verdict.Verdict}), intent zones ({@link io.netprove.rules.facts.Zone}),
 * {@link io.netprove.rules.facts.ExternalRequirement}s and {@link io.netprove.rules.facts.ClusterIpDependency}s.
 */
public record LintInput(ClusterObjects cluster, List<NodeDump> nodes, RuleContext context, List<Object> extraFacts) {

    public LintInput {
        Objects.requireNonNull(cluster, "cluster");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(context, "context");
        extraFacts = List.copyOf(extraFacts);
    }

    /** Manifests only, default context. */
    public static LintInput of(ClusterObjects cluster) {
        return new LintInput(cluster, List.of(), RuleContext.DEFAULT, List.of());
    }

    public LintInput withNodes(List<NodeDump> dumps) {
        return new LintInput(cluster, dumps, context, extraFacts);
    }

    public LintInput withContext(RuleContext ruleContext) {
        return new LintInput(cluster, nodes, ruleContext, extraFacts);
    }

    public LintInput withExtraFacts(List<?> facts) {
        return new LintInput(cluster, nodes, context, List.copyOf(facts));
    }
}
