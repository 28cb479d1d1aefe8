package io.netprove.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltInRulesTest {

    @Test
    void everyBuiltInRuleIsNamedByItsFindingId() {
        assertEquals(RuleFixture.BUILT_IN.size(), RuleFixture.BUILT_IN.catalogue().size());
    }

    @Test
    void theCatalogueHasEveryFamily() {
        TreeSet<String> ids = new TreeSet<>();
        for (RuleInfo r : RuleFixture.BUILT_IN.catalogue()) {
            ids.add(r.id());
        }
        assertEquals(List.of("NP-ADDR-001", "NP-ADDR-002", "NP-ADDR-003", "NP-ADDR-004", "NP-ADDR-005",
                "NP-DNS-001", "NP-DNS-002", "NP-DRIFT-001", "NP-DRIFT-002", "NP-DRIFT-003", "NP-DRIFT-004",
                "NP-DRIFT-005", "NP-EXP-001", "NP-EXP-002", "NP-EXP-003", "NP-ING-001", "NP-ING-002",
                "NP-MACVLAN-001", "NP-MACVLAN-002", "NP-PORT-001", "NP-PORT-002", "NP-PORT-003", "NP-PORT-004",
                "NP-PROXY-001", "NP-SVC-001", "NP-SVC-002", "NP-SVC-003"), List.copyOf(ids));
    }

    @Test
    void ruleInfoSplitsIdAndTitle() {
        RuleInfo r = RuleInfo.of("NP-SVC-001 Service selector matches no pod", io.netprove.model.netfilter
                .SourceLocation.NONE).orElseThrow();
        assertEquals("NP-SVC-001", r.id());
        assertEquals("Service selector matches no pod", r.title());
        assertEquals(true, RuleInfo.of("my rule", io.netprove.model.netfilter.SourceLocation.NONE).isEmpty());
    }
}
