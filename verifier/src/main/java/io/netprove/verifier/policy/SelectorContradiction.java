package io.netprove.verifier.policy;

import io.netprove.model.k8s.LabelSelector;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds selectors no label set can satisfy, such as {@code pod: a} with {@code pod NotIn [a]}, or a key that must
 * both exist and not exist. Such a selector is valid for the API but selects nothing, which is rarely meant.
 */
final class SelectorContradiction {

    private SelectorContradiction() {
    }

    /** What makes {@code selector} unsatisfiable, or empty when some label set matches it. */
    static Optional<String> of(LabelSelector selector) {
        Map<String, Constraint> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            byKey.computeIfAbsent(e.getKey(), k -> new Constraint()).only(Set.of(e.getValue()));
        }
        for (LabelSelector.Requirement r : selector.matchExpressions()) {
            Constraint c = byKey.computeIfAbsent(r.key(), k -> new Constraint());
            switch (r.operator()) {
                case IN -> c.only(new HashSet<>(r.values()));
                case NOT_IN -> c.excluded.addAll(r.values());
                case EXISTS -> c.mustExist = true;
                case DOES_NOT_EXIST -> c.mustNotExist = true;
                default -> throw new IllegalStateException("unknown operator " + r.operator());
            }
        }
        for (Map.Entry<String, Constraint> e : byKey.entrySet()) {
            Constraint c = e.getValue();
            if (c.mustExist && c.mustNotExist) {
                return Optional.of("label '" + e.getKey() + "' must both exist and not exist");
            }
            if (c.allowed != null) {
                Set<String> left = new HashSet<>(c.allowed);
                left.removeAll(c.excluded);
                if (left.isEmpty()) {
                    return Optional.of("no value of label '" + e.getKey() + "' satisfies every requirement on it");
                }
            }
        }
        return Optional.empty();
    }

    /** What one key must satisfy: a finite set of values (null = any), excluded values, existence. */
    private static final class Constraint {
        Set<String> allowed;
        final Set<String> excluded = new HashSet<>();
        boolean mustExist;
        boolean mustNotExist;

        void only(Set<String> values) {
            mustExist = true;
            if (allowed == null) {
                allowed = new HashSet<>(values);
            } else {
                allowed.retainAll(values);
            }
        }
    }
}
