package io.netprove.grammar.k8s;

import io.netprove.model.netfilter.SourceLocation;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML/JSON value with the location where it starts: the tree the decoders read. Unlike a Jackson
 * {@code JsonNode} it keeps a location for every value and every key, so errors can point at the field.
 */
sealed interface ManifestNode permits ManifestNode.Mapping, ManifestNode.Sequence, ManifestNode.Scalar {

    SourceLocation location();

    /** A short description for messages: "a mapping", "a list", "the number 80"... */
    String describe();

    /** True if {@code node} is a scalar of {@code type}. */
    static boolean isScalar(ManifestNode node, ScalarType type) {
        return node instanceof Scalar && ((Scalar) node).type() == type;
    }

    /** One key of a mapping, where the key is written, and its value. */
    record Field(String key, SourceLocation keyLocation, ManifestNode value) {
    }

    /** A mapping in key order as written; keys are unique (the tree reader rejects duplicates). */
    record Mapping(Map<String, Field> fields, SourceLocation location) implements ManifestNode {
        public Mapping {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<ManifestNode> items, SourceLocation location) implements ManifestNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** What a scalar was read as; YAML plain scalars are typed by the YAML resolver, quoted ones are strings. */
    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /** A scalar: its type, its text as written, and for integers the value. */
    record Scalar(ScalarType type, String text, BigInteger integer, SourceLocation location) implements ManifestNode {
        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "the string '" + Messages.clip(text) + "'";
                case INTEGER, FLOAT -> "the number " + Messages.clip(text);
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "null";
            };
        }
    }
}
