package io.netprove.model.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code metav1.LabelSelector}: every {@code matchLabels} pair and every {@code matchExpressions} requirement must
 * hold (a logical AND).
 *
 * <p>Empty versus absent: an <em>empty</em> selector ({@code {}}, no pairs and no requirements) matches every label
 * set. An <em>absent</em> selector is not a value of this type: where the API distinguishes absence (the peers of a
 * NetworkPolicy rule) the model uses {@code Optional.empty()}, and the meaning of absence is defined by the owner
 * (see {@link NetworkPolicyPeer.SelectorPeer}). This mirrors {@code metav1.LabelSelectorAsSelector}, which turns a
 * nil selector into "nothing" and an empty one into "everything".
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    /** The empty selector: matches every label set. */
    public static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = Copies.sortedMap(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** A selector with {@code matchLabels} only. */
    public static LabelSelector ofLabels(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }

    /** True for {@code {}}, which selects everything. */
    public boolean isEmpty() {
        return matchLabels.isEmpty() && matchExpressions.isEmpty();
    }

    /** True if {@code labels} satisfies every pair and every requirement. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Absent selects nothing, present selects what it matches: {@code LabelSelectorAsSelector} for a pointer. */
    public static boolean matchesIfPresent(Optional<LabelSelector> selector, Map<String, String> labels) {
        return selector.isPresent() && selector.get().matches(labels);
    }

    /** The operator of a {@code matchExpressions} entry. */
    public enum Operator {
        IN("In"),
        NOT_IN("NotIn"),
        EXISTS("Exists"),
        DOES_NOT_EXIST("DoesNotExist");

        private final String apiName;

        Operator(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }

        /** True for In and NotIn, which need at least one value; the others take none. */
        public boolean takesValues() {
            return this == IN || this == NOT_IN;
        }

        public static Optional<Operator> fromApiName(String text) {
            for (Operator o : values()) {
                if (o.apiName.equals(text)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One {@code matchExpressions} entry. {@code NotIn} also matches label sets without the key, and
     * {@code DoesNotExist} matches exactly those, as in {@code k8s.io/apimachinery/pkg/labels}.
     */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
            if (operator.takesValues() && values.isEmpty()) {
                throw new IllegalArgumentException(operator.apiName() + " needs at least one value");
            }
            if (!operator.takesValues() && !values.isEmpty()) {
                throw new IllegalArgumentException(operator.apiName() + " takes no values");
            }
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }
}
