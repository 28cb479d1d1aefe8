package io.netprove.grammar.intent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Edit distance with swaps, and the closeness limit for suggestions. */
class SuggestionsTest {

    @Test
    void distanceCountsASwapOfNeighboursAsOneStep() {
        assertEquals(1, Suggestions.distance("cna", "can"));
        assertEquals(1, Suggestions.distance("ofice", "office"));
        assertEquals(2, Suggestions.distance("abc", "cab"));
        assertEquals(0, Suggestions.distance("web", "web"));
        assertEquals(3, Suggestions.distance("", "web"));
    }

    @Test
    void nearestCloseNameOnly() {
        assertEquals(Optional.of("office"), Suggestions.nearest("ofice", List.of("vpn", "office", "internet")));
        assertEquals(Optional.of("loadbalancer"), Suggestions.nearest("loadbalanser", List.of("loadbalancer",
                "nodeport")));
        assertEquals(Optional.empty(), Suggestions.nearest("warehouse", List.of("vpn", "office")));
        assertEquals(Optional.empty(), Suggestions.nearest("db", List.of("web")));
        assertEquals(Optional.empty(), Suggestions.nearest("x", List.of()));
    }

    @Test
    void tiesGoToTheAlphabeticallyFirst() {
        assertEquals(Optional.of("vpa"), Suggestions.nearest("vpx", List.of("vpb", "vpa")));
    }
}
