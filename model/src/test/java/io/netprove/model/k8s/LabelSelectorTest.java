package io.netprove.model.k8s;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label selector semantics as in k8s.io/apimachinery/pkg/labels. */
class LabelSelectorTest {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");
    private static final Map<String, String> NONE = Map.of();

    private static LabelSelector.Requirement req(String key, LabelSelector.Operator op, String... values) {
        return new LabelSelector.Requirement(key, op, List.of(values));
    }

    private static LabelSelector of(LabelSelector.Requirement... rs) {
        return new LabelSelector(Map.of(), List.of(rs));
    }

    @Test
    void theEmptySelectorMatchesEverythingIncludingNoLabels() {
        assertTrue(LabelSelector.EVERYTHING.isEmpty());
        assertTrue(LabelSelector.EVERYTHING.matches(WEB));
        assertTrue(LabelSelector.EVERYTHING.matches(NONE));
    }

    @Test
    void anAbsentSelectorMatchesNothing() {
        assertFalse(LabelSelector.matchesIfPresent(Optional.empty(), WEB));
        assertFalse(LabelSelector.matchesIfPresent(Optional.empty(), NONE));
        assertTrue(LabelSelector.matchesIfPresent(Optional.of(LabelSelector.EVERYTHING), NONE));
    }

    @Test
    void matchLabelsNeedsEveryPairWithTheExactValue() {
        LabelSelector s = LabelSelector.ofLabels(Map.of("app", "web", "tier", "front"));
        assertTrue(s.matches(WEB));
        assertTrue(s.matches(Map.of("app", "web", "tier", "front", "extra", "x")));
        assertFalse(s.matches(Map.of("app", "web")));
        assertFalse(s.matches(Map.of("app", "web", "tier", "Front")), "values are case-sensitive");
        assertFalse(LabelSelector.ofLabels(Map.of("app", "")).matches(NONE), "empty value still needs the key");
        assertTrue(LabelSelector.ofLabels(Map.of("app", "")).matches(Map.of("app", "")));
    }

    @Test
    void inNeedsTheKeyWithOneOfTheValues() {
        LabelSelector s = of(req("app", LabelSelector.Operator.IN, "web", "api"));
        assertTrue(s.matches(WEB));
        assertTrue(s.matches(Map.of("app", "api")));
        assertFalse(s.matches(Map.of("app", "db")));
        assertFalse(s.matches(NONE));
    }

    @Test
    void notInAlsoMatchesWhenTheKeyIsAbsent() {
        LabelSelector s = of(req("app", LabelSelector.Operator.NOT_IN, "db"));
        assertTrue(s.matches(WEB));
        assertTrue(s.matches(NONE));
        assertFalse(s.matches(Map.of("app", "db")));
    }

    @Test
    void existsAndDoesNotExistLookAtTheKeyOnly() {
        assertTrue(of(req("tier", LabelSelector.Operator.EXISTS)).matches(WEB));
        assertTrue(of(req("tier", LabelSelector.Operator.EXISTS)).matches(Map.of("tier", "")));
        assertFalse(of(req("tier", LabelSelector.Operator.EXISTS)).matches(NONE));
        assertFalse(of(req("tier", LabelSelector.Operator.DOES_NOT_EXIST)).matches(WEB));
        assertTrue(of(req("tier", LabelSelector.Operator.DOES_NOT_EXIST)).matches(NONE));
    }

    @Test
    void pairsAndRequirementsAreAnded() {
        LabelSelector s = new LabelSelector(Map.of("app", "web"),
                List.of(req("track", LabelSelector.Operator.DOES_NOT_EXIST), req("tier", LabelSelector.Operator.IN,
                        "front", "edge")));
        assertTrue(s.matches(WEB));
        assertFalse(s.matches(Map.of("app", "web", "tier", "front", "track", "canary")));
        assertFalse(s.matches(Map.of("app", "api", "tier", "front")));
    }

    @Test
    void requirementsCheckTheirValueCount() {
        assertThrows(IllegalArgumentException.class, () -> req("a", LabelSelector.Operator.IN));
        assertThrows(IllegalArgumentException.class, () -> req("a", LabelSelector.Operator.EXISTS, "x"));
    }

    @Test
    void operatorsRoundTripTheirApiNames() {
        for (LabelSelector.Operator op : LabelSelector.Operator.values()) {
            assertEquals(Optional.of(op), LabelSelector.Operator.fromApiName(op.apiName()));
        }
        assertEquals(Optional.empty(), LabelSelector.Operator.fromApiName("in"));
    }

    @Test
    void matchLabelsIterateInKeyOrder() {
        LabelSelector s = LabelSelector.ofLabels(Map.of("z", "1", "a", "2", "m", "3"));
        assertEquals(List.of("a", "m", "z"), List.copyOf(s.matchLabels().keySet()));
    }
}
