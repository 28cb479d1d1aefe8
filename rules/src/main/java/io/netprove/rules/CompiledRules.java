package io.netprove.rules;

import io.netprove.model.netfilter.SourceLocation;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled rule pack: a Drools knowledge base, a name for messages ({@code origin}), and where each rule is
 * written (by rule name; rules without an entry are located at {@code origin}).
 */
public final class CompiledRules {

    private final String origin;
    private final KieBase kieBase;
    private final Map<String, SourceLocation> ruleLocations;

    CompiledRules(String origin, KieBase kieBase, Map<String, SourceLocation> ruleLocations) {
        this.origin = origin;
        this.kieBase = kieBase;
        this.ruleLocations = Map.copyOf(ruleLocations);
    }

    public String origin() {
        return origin;
    }

    KieBase kieBase() {
        return kieBase;
    }

    /** Where rule {@code ruleName} is written. */
    public SourceLocation locationOf(String ruleName) {
        return ruleLocations.getOrDefault(ruleName, SourceLocation.of(origin, 0));
    }

    /** The rules whose names start with a finding id, sorted by id then name. */
    public List<RuleInfo> catalogue() {
        List<RuleInfo> out = new ArrayList<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule r : p.getRules()) {
                Optional<RuleInfo> info = RuleInfo.of(r.getName(), locationOf(r.getName()));
                info.ifPresent(out::add);
            }
        }
        out.sort(Comparator.comparing(RuleInfo::id).thenComparing(RuleInfo::name));
        return out;
    }

    /** Number of rules in the pack. */
    public int size() {
        int n = 0;
        for (KiePackage p : kieBase.getKiePackages()) {
            n += p.getRules().size();
        }
        return n;
    }

    /** True if some package of the pack declares the global {@code name}. */
    boolean declaresGlobal(String name) {
        for (KiePackage p : kieBase.getKiePackages()) {
            for (var g : p.getGlobalVariables()) {
                if (g.getName().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }
}
