package io.netprove.grammar.k8s;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A typed view of one mapping of a manifest, with its path from the object root ({@code spec.ports[0]}) for
 * messages. Absent keys and null values read as absent. Types are checked as the API server's JSON decoding
 * checks them: a quoted number is not an integer and an unquoted number is not a string.
 */
final class Fields {

    private final ManifestNode.Mapping node;
    private final String path;
    private final List<Diagnostic> warnings;

    private Fields(ManifestNode.Mapping node, String path, List<Diagnostic> warnings) {
        this.node = node;
        this.path = path;
        this.warnings = warnings;
    }

    /** A view of {@code node}, which must be a mapping. */
    static Fields of(ManifestNode node, String path, List<Diagnostic> warnings) {
        if (!(node instanceof ManifestNode.Mapping)) {
            throw new InputError(node.location(), (path.isEmpty() ? "" : path + ": ") + "expected a mapping, got "
                    + node.describe());
        }
        return new Fields((ManifestNode.Mapping) node, path, warnings);
    }

    SourceLocation location() {
        return node.location();
    }

    List<Diagnostic> warnings() {
        return warnings;
    }

    /** This mapping's path from the object root ({@code ""} for the root). */
    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value of {@code key}, or null if absent or null. */
    ManifestNode value(String key) {
        ManifestNode.Field f = node.fields().get(key);
        if (f == null) {
            return null;
        }
        ManifestNode v = f.value();
        if (ManifestNode.isScalar(v, ManifestNode.ScalarType.NULL)) {
            return null;
        }
        return v;
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** Where {@code key}'s value is, or where this mapping starts when the key is absent. */
    SourceLocation at(String key) {
        ManifestNode v = value(key);
        return v != null ? v.location() : node.location();
    }

    /** An error about {@code key}'s value: {@code path.key: message}. */
    InputError error(String key, String message) {
        return new InputError(at(key), path(key) + ": " + message);
    }

    /** An error about a value of the wrong shape. */
    InputError wrongType(String key, String expected, ManifestNode got) {
        return new InputError(got.location(), path(key) + ": expected " + expected + ", got " + got.describe());
    }

    /** An error about a required key that is absent. */
    InputError missing(String key, String expected) {
        return new InputError(node.location(), path(key) + " is missing: expected " + expected);
    }

    void warn(String key, String message) {
        warnings.add(Diagnostic.warning(at(key), path(key) + ": " + message));
    }

    /** Warns about each key not in {@code known}: unknown fields are ignored, like the API server's warn mode. */
    void warnUnknown(Set<String> known) {
        for (ManifestNode.Field f : node.fields().values()) {
            if (!known.contains(f.key())) {
                warnings.add(Diagnostic.warning(f.keyLocation(),
                        path(f.key()) + ": unknown field, ignored (check the spelling)"));
            }
        }
    }

    Optional<Fields> mapping(String key) {
        ManifestNode v = value(key);
        return v == null ? Optional.empty() : Optional.of(of(v, path(key), warnings));
    }

    Fields requiredMapping(String key, String expected) {
        return mapping(key).orElseThrow(() -> missing(key, expected));
    }

    /** The items of a list value; absent reads as empty. */
    List<ManifestNode> list(String key) {
        ManifestNode v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof ManifestNode.Sequence)) {
            throw wrongType(key, "a list", v);
        }
        return ((ManifestNode.Sequence) v).items();
    }

    /** A list of mappings, each viewed with its indexed path. */
    List<Fields> mappings(String key) {
        List<Fields> out = new ArrayList<>();
        List<ManifestNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(of(items.get(i), path(key) + "[" + i + "]", warnings));
        }
        return out;
    }

    Optional<String> string(String key) {
        ManifestNode v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        return Optional.of(asString(v, path(key)));
    }

    /** A string that must be present and non-empty. */
    String requiredString(String key, String expected) {
        Optional<String> s = string(key);
        if (s.isEmpty() || s.get().isEmpty()) {
            throw missing(key, expected);
        }
        return s.get();
    }

    /** A string where {@code ""} means absent, as for most optional API strings. */
    Optional<String> nonEmptyString(String key) {
        return string(key).filter(s -> !s.isEmpty());
    }

    static String asString(ManifestNode v, String path) {
        if (ManifestNode.isScalar(v, ManifestNode.ScalarType.STRING)) {
            return ((ManifestNode.Scalar) v).text();
        }
        String hint = v instanceof ManifestNode.Scalar ? " (quote it to make it a string)" : "";
        throw new InputError(v.location(), path + ": expected a string, got " + v.describe() + hint);
    }

    /** An integer in [min, max]; absent reads as empty. */
    OptionalInt integer(String key, long min, long max) {
        ManifestNode v = value(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(asInteger(v, path(key), min, max));
    }

    static int asInteger(ManifestNode v, String path, long min, long max) {
        if (!ManifestNode.isScalar(v, ManifestNode.ScalarType.INTEGER)) {
            String hint = ManifestNode.isScalar(v, ManifestNode.ScalarType.STRING) ? " (remove the quotes)" : "";
            throw new InputError(v.location(), path + ": expected an integer from " + min + " to " + max + ", got "
                    + v.describe() + hint);
        }
        BigInteger n = ((ManifestNode.Scalar) v).integer();
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new InputError(v.location(), path + ": expected an integer from " + min + " to " + max + ", got "
                    + v.describe());
        }
        return n.intValueExact();
    }

    Optional<Boolean> bool(String key) {
        ManifestNode v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!ManifestNode.isScalar(v, ManifestNode.ScalarType.BOOLEAN)) {
            throw wrongType(key, "true or false", v);
        }
        String t = ((ManifestNode.Scalar) v).text().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("y"));
    }

    /** A list of strings; absent reads as empty. */
    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<ManifestNode> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(asString(items.get(i), path(key) + "[" + i + "]"));
        }
        return out;
    }

    /** A mapping of strings to strings (labels, selectors); absent reads as empty. */
    Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Fields> m = mapping(key);
        if (m.isEmpty()) {
            return out;
        }
        for (ManifestNode.Field f : m.get().node.fields().values()) {
            String p = path(key) + "." + f.key();
            ManifestNode v = f.value();
            if (ManifestNode.isScalar(v, ManifestNode.ScalarType.NULL)) {
                throw new InputError(v.location(), p + ": expected a string, got null (write \"\" for an empty value)");
            }
            out.put(f.key(), asString(v, p));
        }
        return out;
    }

    /** Where each key of the mapping under {@code key} is written, for checks on keys. */
    Map<String, SourceLocation> keyLocations(String key) {
        Map<String, SourceLocation> out = new LinkedHashMap<>();
        ManifestNode v = value(key);
        if (v instanceof ManifestNode.Mapping) {
            for (ManifestNode.Field f : ((ManifestNode.Mapping) v).fields().values()) {
                out.put(f.key(), f.keyLocation());
            }
        }
        return out;
    }
}
