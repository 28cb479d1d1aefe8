package io.netprove.model.k8s;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Immutable copies for record components. Maps are copied into key order (unlike {@link Map#copyOf}, whose
 * iteration order changes from run to run) so that anything printed from the model is deterministic.
 */
final class Copies {

    private Copies() {
    }

    /** An unmodifiable, key-ordered copy; null becomes an empty map. Null keys or values are rejected. */
    static <V> SortedMap<String, V> sortedMap(Map<String, V> source) {
        TreeMap<String, V> copy = new TreeMap<>();
        if (source != null) {
            for (Map.Entry<String, V> e : source.entrySet()) {
                copy.put(java.util.Objects.requireNonNull(e.getKey(), "key"),
                        java.util.Objects.requireNonNull(e.getValue(), "value"));
            }
        }
        return Collections.unmodifiableSortedMap(copy);
    }
}
