package io.netprove.model.intent;

import io.netprove.model.intent.LabelRequirement.Operator;
import io.netprove.model.netfilter.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kubernetes label-selector semantics: absent keys satisfy != and notin, the empty selector matches all. */
class LabelSelectorTest {

    private static final SourceLocation AT = SourceLocation.NONE;

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend");
    private static final Map<String, String> DB = Map.of("app", "db");
    private static final Map<String, String> NONE = Map.of();

    private static LabelRequirement req(String key, Operator op, String... values) {
        return new LabelRequirement(key, op, List.of(values), AT);
    }

    @Test
    void equals() {
        LabelRequirement r = req("app", Operator.EQUALS, "web");
        assertTrue(r.matches(WEB));
        assertFalse(r.matches(DB));
        assertFalse(r.matches(NONE));
    }

    @Test
    void notEqualsAlsoMatchesObjectsWithoutTheKey() {
        LabelRequirement r = req("tier", Operator.NOT_EQUALS, "frontend");
        assertFalse(r.matches(WEB));
        assertTrue(r.matches(DB));
        assertTrue(r.matches(NONE));
        assertTrue(req("tier", Operator.NOT_EQUALS, "backend").matches(WEB));
    }

    @Test
    void inAndNotIn() {
        LabelRequirement in = req("app", Operator.IN, "web", "api");
        assertTrue(in.matches(WEB));
        assertFalse(in.matches(DB));
        assertFalse(in.matches(NONE));
        LabelRequirement notIn = req("app", Operator.NOT_IN, "web", "api");
        assertFalse(notIn.matches(WEB));
        assertTrue(notIn.matches(DB));
        assertTrue(notIn.matches(NONE));
    }

    @Test
    void existsAndDoesNotExist() {
        assertTrue(req("tier", Operator.EXISTS).matches(WEB));
        assertFalse(req("tier", Operator.EXISTS).matches(DB));
        assertFalse(req("tier", Operator.DOES_NOT_EXIST).matches(WEB));
        assertTrue(req("tier", Operator.DOES_NOT_EXIST).matches(DB));
    }

    @Test
    void emptyValueIsAValue() {
        LabelRequirement r = req("canary", Operator.EQUALS, "");
        assertTrue(r.matches(Map.of("canary", "")));
        assertFalse(r.matches(NONE));
        assertEquals("canary=\"\"", r.toString());
    }

    @Test
    void selectorIsAConjunction() {
        LabelSelector s = new LabelSelector(List.of(req("app", Operator.IN, "web", "db"),
                req("tier", Operator.NOT_EQUALS, "frontend")));
        assertFalse(s.matches(WEB));
        assertTrue(s.matches(DB));
        assertFalse(s.matches(NONE));
        assertTrue(LabelSelector.EVERYTHING.matches(NONE));
        assertTrue(LabelSelector.EVERYTHING.matches(WEB));
        assertEquals("app in (web, db),tier!=frontend", s.toString());
    }

    @Test
    void podSetChecksNamespaceThenLabels() {
        ZoneExpr.PodSet inShop = new ZoneExpr.PodSet(Optional.of("shop"),
                new LabelSelector(List.of(req("app", Operator.EQUALS, "web"))), AT);
        assertTrue(inShop.matches("shop", WEB));
        assertFalse(inShop.matches("other", WEB));
        assertFalse(inShop.matches("shop", DB));
        ZoneExpr.PodSet anywhere = new ZoneExpr.PodSet(Optional.empty(), LabelSelector.EVERYTHING, AT);
        assertTrue(anywhere.matches("any-namespace", NONE));
        assertEquals("pods shop/app=web", inShop.toString());
        assertEquals("pods with ", anywhere.toString().substring(0, 10));
    }

    @Test
    void operatorArityIsEnforced() {
        assertThrows(IllegalArgumentException.class, () -> req("app", Operator.EQUALS));
        assertThrows(IllegalArgumentException.class, () -> req("app", Operator.EQUALS, "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> req("app", Operator.IN));
        assertThrows(IllegalArgumentException.class, () -> req("app", Operator.EXISTS, "x"));
    }
}
