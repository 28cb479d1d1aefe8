package io.netprove.rules;

import io.netprove.rules.derive.FactBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs rule packs over a {@link LintInput}: builds the facts once, runs each pack in its own session (the built-in
 * packs, then user packs) and gathers their findings in one collector.
 *
 * <pre>{@code
 * RulesEngine engine = new RulesEngine(List.of(BuiltInRules.load(), UserRules.compile(dirs)), RunLimits.DEFAULT);
 * LintResult result = engine.run(LintInput.of(cluster));
 * }</pre>
 */
public final class RulesEngine {

    private final List<CompiledRules> packs;
    private final RunLimits limits;

    public RulesEngine(List<CompiledRules> packs, RunLimits limits) {
        this.packs = List.copyOf(packs);
        this.limits = limits;
    }

    /** The built-in packs with the default limits. */
    public static RulesEngine builtIn() {
        return new RulesEngine(List.of(BuiltInRules.load()), RunLimits.DEFAULT);
    }

    public LintResult run(LintInput input) {
        List<Object> facts = FactBuilder.facts(input);
        Findings findings = new Findings();
        List<RuleInfo> rules = new ArrayList<>();
        for (CompiledRules pack : packs) {
            RuleRunner.run(pack, facts, findings, limits);
            rules.addAll(pack.catalogue());
        }
        return new LintResult(findings.list(), rules);
    }
}
