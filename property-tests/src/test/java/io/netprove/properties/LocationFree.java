package io.netprove.properties;

import io.netprove.grammar.LocationFreeModel;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;

import java.util.Map;
import java.util.Set;

/**
 * The normal form two rule sets are compared in after a print-then-parse round trip: the same records with every
 * {@link SourceLocation} replaced by {@link SourceLocation#NONE} and a rule's text (as written) cleared, since
 * where a construct was read and how it was spelled are not part of what it means. The other front ends' round trips
 * use the grammar's {@link LocationFreeModel} through their own helpers (IntentRoundTrip, ManifestRoundTrip,
 * NftRoundTrip).
 */
final class LocationFree {

    private static final Map<Class<?>, Set<String>> SPELLING = Map.of(Rule.class, Set.of("text"));

    private LocationFree() {
    }

    static <T> T of(T value) {
        return LocationFreeModel.of(value, SPELLING);
    }
}
