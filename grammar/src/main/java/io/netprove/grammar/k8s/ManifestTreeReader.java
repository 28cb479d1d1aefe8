package io.netprove.grammar.k8s;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.SourceLocation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns YAML or JSON text into {@link ManifestNode} trees, one per document, using Jackson's streaming parsers.
 *
 * <p>Jackson's YAML parser reports an alias as a string holding the anchor's name; this reader resolves aliases
 * itself (to the anchored subtree, shared, never copied) and applies YAML merge keys ({@code <<}), as the YAML
 * library Kubernetes uses does. Limits, each reported as an {@link InputError} at the offending place: nesting
 * depth, aliases to collections per document (the "billion laughs" defence) and code points per document.
 * Duplicate keys are rejected.
 */
final class ManifestTreeReader {

    private static final String MERGE_KEY = "<<";
    /** Longest parser message quoted in an error. */
    private static final int MAX_MESSAGE = 200;

    private final ManifestReader.Limits limits;
    private final JsonFactory jsonFactory;
    private final YAMLFactory yamlFactory;
    /** The text being read, to turn a code point offset into a line and column. */
    private String currentText = "";

    ManifestTreeReader(ManifestReader.Limits limits) {
        this.limits = limits;
        // Jackson's own depth check is a backstop one level above ours, so that ours (with its message) fires.
        // (Jackson's document length limit does not apply to String input; read() checks JSON length itself.)
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth() + 1)
                .build();
        this.jsonFactory = JsonFactory.builder().streamReadConstraints(constraints).build();
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(limits.maxDocumentCodePoints());
        options.setNestingDepthLimit(limits.maxNestingDepth() + 1);
        options.setMaxAliasesForCollections(limits.maxCollectionAliases());
        this.yamlFactory = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints).build();
    }

    /** Per-document state: anchors defined so far and aliases to collections used. */
    private static final class Document {
        final Map<String, ManifestNode> anchors = new HashMap<>();
        int collectionAliases;
    }

    /** Every document of {@code text} (empty documents included, as null or empty scalars). */
    List<ManifestNode> read(String file, String text, boolean json) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.currentText = body;
        if (json && body.length() > limits.maxDocumentCodePoints()) {
            throw new InputError(codePointLocation(file, limits.maxDocumentCodePoints()), "JSON text is longer than "
                    + limits.maxDocumentCodePoints() + " characters: expected a smaller manifest");
        }
        JsonParser parser = null;
        try {
            parser = (json ? jsonFactory : yamlFactory).createParser(body);
            List<ManifestNode> documents = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                documents.add(readValue(file, parser, token, 0, new Document()));
            }
            return documents;
        } catch (StreamConstraintsException e) {
            throw limitError(file, parser, e);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, parser, e, json);
        } catch (IOException e) {
            throw new InputError(SourceLocation.of(file, 0), "cannot read: " + Messages.firstLine(e.getMessage()));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw yamlError(file, parser, e);
        } finally {
            closeQuietly(parser);
        }
    }

    private ManifestNode readValue(String file, JsonParser p, JsonToken token, int depth, Document doc)
            throws IOException {
        SourceLocation at = location(file, p.currentTokenLocation());
        switch (token) {
            case START_OBJECT:
            case START_ARRAY: {
                if (depth + 1 > limits.maxNestingDepth()) {
                    throw new InputError(at, "nesting deeper than " + limits.maxNestingDepth()
                            + " levels: expected a Kubernetes manifest (the nesting limit is "
                            + limits.maxNestingDepth() + ")");
                }
                Object anchor = p.getObjectId();
                ManifestNode node = token == JsonToken.START_OBJECT
                        ? readMapping(file, p, at, depth + 1, doc)
                        : readSequence(file, p, at, depth + 1, doc);
                if (anchor != null) {
                    doc.anchors.put(anchor.toString(), node);
                }
                return node;
            }
            case VALUE_STRING: {
                if (p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias()) {
                    return resolveAlias(p.getText(), at, doc);
                }
                return anchored(p, doc, new ManifestNode.Scalar(ManifestNode.ScalarType.STRING, p.getText(), null, at));
            }
            case VALUE_NUMBER_INT:
                return anchored(p, doc, new ManifestNode.Scalar(ManifestNode.ScalarType.INTEGER, p.getText(),
                        p.getBigIntegerValue(), at));
            case VALUE_NUMBER_FLOAT:
                return anchored(p, doc, new ManifestNode.Scalar(ManifestNode.ScalarType.FLOAT, p.getText(), null, at));
            case VALUE_TRUE:
            case VALUE_FALSE:
                return anchored(p, doc,
                        new ManifestNode.Scalar(ManifestNode.ScalarType.BOOLEAN, p.getText(), null, at));
            case VALUE_NULL:
                return anchored(p, doc, new ManifestNode.Scalar(ManifestNode.ScalarType.NULL, "null", null, at));
            default:
                throw new InputError(at, "unsupported value (" + token + "): expected a mapping, a list, "
                        + "a string, a number, a boolean or null");
        }
    }

    private ManifestNode anchored(JsonParser p, Document doc, ManifestNode node) throws IOException {
        Object anchor = p.getObjectId();
        if (anchor != null) {
            doc.anchors.put(anchor.toString(), node);
        }
        return node;
    }

    private ManifestNode resolveAlias(String name, SourceLocation at, Document doc) {
        ManifestNode target = doc.anchors.get(name);
        if (target == null) {
            throw new InputError(at, "unknown YAML alias '*" + Messages.clip(name)
                    + "': expected an anchor (&" + Messages.clip(name) + ") defined earlier in the same document");
        }
        if (!(target instanceof ManifestNode.Scalar)) {
            doc.collectionAliases++;
            if (doc.collectionAliases > limits.maxCollectionAliases()) {
                throw new InputError(at, "more than " + limits.maxCollectionAliases()
                        + " YAML aliases to mappings or lists in one document: expected a manifest without "
                        + "alias expansion (a \"billion laughs\" document?)");
            }
        }
        return target;
    }

    private ManifestNode readMapping(String file, JsonParser p, SourceLocation at, int depth, Document doc)
            throws IOException {
        Map<String, ManifestNode.Field> fields = new LinkedHashMap<>();
        List<ManifestNode.Field> merges = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_OBJECT) {
            if (token != JsonToken.FIELD_NAME) {
                throw new InputError(location(file, p.currentTokenLocation()), "expected a key");
            }
            String key = p.currentName();
            SourceLocation keyAt = location(file, p.currentTokenLocation());
            ManifestNode value = readValue(file, p, p.nextToken(), depth, doc);
            ManifestNode.Field field = new ManifestNode.Field(key, keyAt, value);
            ManifestNode.Field earlier = fields.get(key);
            if (earlier != null) {
                throw new InputError(keyAt, "duplicate key '" + Messages.clip(key) + "' (first at line "
                        + earlier.keyLocation().line() + "): expected each key once per mapping");
            }
            fields.put(key, field);
            if (key.equals(MERGE_KEY) && p instanceof YAMLParser) {
                merges.add(field);
            }
        }
        for (ManifestNode.Field merge : merges) {
            fields.remove(MERGE_KEY);
            applyMerge(merge, fields);
        }
        return new ManifestNode.Mapping(fields, at);
    }

    /** YAML merge key: copy in the keys of the merged mapping(s) that are not already present. */
    private static void applyMerge(ManifestNode.Field merge, Map<String, ManifestNode.Field> fields) {
        List<ManifestNode> sources = new ArrayList<>();
        if (merge.value() instanceof ManifestNode.Sequence) {
            sources.addAll(((ManifestNode.Sequence) merge.value()).items());
        } else {
            sources.add(merge.value());
        }
        for (ManifestNode source : sources) {
            if (!(source instanceof ManifestNode.Mapping)) {
                throw new InputError(source.location(), "merge key '<<' refers to " + source.describe()
                        + ": expected a mapping or a list of mappings");
            }
            for (ManifestNode.Field f : ((ManifestNode.Mapping) source).fields().values()) {
                fields.putIfAbsent(f.key(), f);
            }
        }
    }

    private ManifestNode readSequence(String file, JsonParser p, SourceLocation at, int depth, Document doc)
            throws IOException {
        List<ManifestNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(file, p, token, depth, doc));
        }
        return new ManifestNode.Sequence(items, at);
    }

    /** The line and column of the code point at {@code offset} of the current text. */
    private SourceLocation codePointLocation(String file, int offset) {
        int line = 1;
        int column = 1;
        int i = 0;
        for (int n = 0; n < offset && i < currentText.length(); n++) {
            int c = currentText.codePointAt(i);
            i += Character.charCount(c);
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocation(file, line, column);
    }

    private static SourceLocation location(String file, JsonLocation l) {
        if (l == null || l.getLineNr() <= 0) {
            return SourceLocation.of(file, 0);
        }
        return new SourceLocation(file, l.getLineNr(), Math.max(0, l.getColumnNr()));
    }

    private static SourceLocation where(String file, JsonParser parser, JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        if ((l == null || l.getLineNr() <= 0) && parser != null) {
            l = parser.currentLocation();
        }
        return location(file, l);
    }

    private InputError limitError(String file, JsonParser parser, StreamConstraintsException e) {
        String message = Messages.firstLine(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return new InputError(where(file, parser, e), "nesting deeper than " + limits.maxNestingDepth()
                    + " levels: expected a Kubernetes manifest (the nesting limit is " + limits.maxNestingDepth()
                    + ")");
        }
        return new InputError(where(file, parser, e), "input exceeds a parser limit (" + Messages.clip(message)
                + "): expected a smaller manifest");
    }

    private InputError syntaxError(String file, JsonParser parser, JsonProcessingException e, boolean json) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.YAMLException) {
                return yamlError(file, parser, (org.yaml.snakeyaml.error.YAMLException) c);
            }
        }
        String message = Messages.firstLine(e.getOriginalMessage());
        return new InputError(where(file, parser, e), "invalid " + (json ? "JSON" : "YAML") + ": "
                + Messages.clip(message, MAX_MESSAGE).replace(" (code ", " (char ") + expectation(json));
    }

    private InputError yamlError(String file, JsonParser parser, org.yaml.snakeyaml.error.YAMLException e) {
        if (e instanceof MarkedYAMLException) {
            MarkedYAMLException m = (MarkedYAMLException) e;
            Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            SourceLocation at = mark != null ? new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1)
                    : location(file, parser == null ? null : parser.currentLocation());
            String problem = Messages.firstLine(m.getProblem());
            String context = Messages.firstLine(m.getContext());
            String what = context.isEmpty() ? problem : problem + " (" + context + ")";
            return new InputError(at, "invalid YAML: " + Messages.clip(what, MAX_MESSAGE) + expectation(false));
        }
        if (e instanceof ReaderException) {
            ReaderException r = (ReaderException) e;
            return new InputError(codePointLocation(file, r.getPosition()), "invalid YAML: character U+"
                    + String.format("%04X", r.getCodePoint()) + " is not allowed in YAML" + expectation(false));
        }
        String message = Messages.firstLine(e.getMessage());
        SourceLocation at = location(file, parser == null ? null : parser.currentLocation());
        if (message.contains("exceeds the limit")) {
            return new InputError(at, "YAML document is longer than " + limits.maxDocumentCodePoints()
                    + " code points: expected a smaller document (split it with ---)");
        }
        return new InputError(at, "invalid YAML: " + Messages.clip(message, MAX_MESSAGE) + expectation(false));
    }

    private static String expectation(boolean json) {
        return json ? ": expected a JSON object" : ": expected YAML mappings of Kubernetes objects";
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // Parsing a String: nothing to release.
            }
        }
    }
}
