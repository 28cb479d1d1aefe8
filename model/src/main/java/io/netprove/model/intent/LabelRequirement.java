package io.netprove.model.intent;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One requirement of a Kubernetes label selector: {@code key=value}, {@code key!=value}, {@code key in (a, b)},
 * {@code key notin (a, b)}, {@code key} or {@code !key}.
 */
public record LabelRequirement(String key, Operator operator, List<String> values, SourceLocation location) {

    /** The selector operators, with Kubernetes' meaning. */
    public enum Operator {
        /** The label is present with this value. */
        EQUALS("="),
        /** The label is absent, or present with another value. */
        NOT_EQUALS("!="),
        /** The label is present with one of the values. */
        IN("in"),
        /** The label is absent, or present with none of the values. */
        NOT_IN("notin"),
        /** The label is present (any value). */
        EXISTS(""),
        /** The label is absent. */
        DOES_NOT_EXIST("!");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** How many values the operator takes: 1, at least 1 (-1), or 0. */
        int arity() {
            return switch (this) {
                case EQUALS, NOT_EQUALS -> 1;
                case IN, NOT_IN -> -1;
                case EXISTS, DOES_NOT_EXIST -> 0;
            };
        }
    }

    public LabelRequirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        values = List.copyOf(values);
        Objects.requireNonNull(location, "location");
        int arity = operator.arity();
        if (arity == 0 && !values.isEmpty() || arity == 1 && values.size() != 1 || arity < 0 && values.isEmpty()) {
            throw new IllegalArgumentException("operator " + operator + " cannot take the values " + values);
        }
    }

    /** True if an object with these labels satisfies the requirement. */
    public boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case EQUALS, IN -> value != null && values.contains(value);
            case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
            case EXISTS -> value != null;
            case DOES_NOT_EXIST -> value == null;
        };
    }

    /** The requirement in selector syntax. */
    @Override
    public String toString() {
        return switch (operator) {
            case EQUALS, NOT_EQUALS -> key + operator.symbol + quoted(values.get(0));
            case IN, NOT_IN -> key + " " + operator.symbol + " ("
                    + values.stream().map(LabelRequirement::quoted).collect(Collectors.joining(", ")) + ")";
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
        };
    }

    private static String quoted(String value) {
        return value.isEmpty() ? "\"\"" : value;
    }
}
