package io.netprove.grammar.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.grammar.DisplayPath;
import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a snapshot's {@code meta.json} (format version 1, described in docs/snapshots.md). Unknown fields are
 * refused rather than ignored, and every problem is an {@link InputError} pointing at the line and column of the
 * offending value.
 */
public final class SnapshotMetaReader {

    private static final Set<String> FIELDS = Set.of("formatVersion", "captureTime", "clusterName", "podNetworks",
            "serviceNetworks", "kubeProxyMode", "nodes", "notCaptured", "tool");
    private static final Set<String> NODE_FIELDS = Set.of("name", "addresses", "status", "message");

    private final String file;
    private final String text;

    private SnapshotMetaReader(String file, String text) {
        this.file = file;
        this.text = text;
    }

    /** Reads {@code path} (a meta.json file). */
    public static SnapshotMeta read(Path path) {
        return parse(DisplayPath.of(path), TextInput.read(path));
    }

    /** Reads {@code text} as the content of a meta.json named {@code file} in messages. */
    public static SnapshotMeta parse(String file, String text) {
        return new SnapshotMetaReader(file, text).parse();
    }

    private SnapshotMeta parse() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InputError(new SourceLocation(file, l == null ? 1 : Math.max(1, l.getLineNr()),
                    l == null ? 0 : Math.max(0, l.getColumnNr())), "not valid JSON (" + e.getOriginalMessage()
                    + "): expected the JSON object of a snapshot's meta.json");
        }
        if (root == null || !root.isObject()) {
            throw new InputError(new SourceLocation(file, 1, 1), "expected a JSON object with formatVersion,"
                    + " captureTime, podNetworks, serviceNetworks and nodes");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw error("/" + f, "unknown field '" + f + "': expected one of " + new java.util.TreeSet<>(FIELDS));
            }
        }
        JsonNode version = root.get("formatVersion");
        if (version == null) {
            throw new InputError(new SourceLocation(file, 1, 1), "no formatVersion: expected \"formatVersion\": "
                    + SnapshotMeta.FORMAT_VERSION);
        }
        if (!version.isInt()) {
            throw error("/formatVersion", "formatVersion " + version + ": expected the number "
                    + SnapshotMeta.FORMAT_VERSION);
        }
        if (version.asInt() != SnapshotMeta.FORMAT_VERSION) {
            throw error("/formatVersion", "snapshot format version " + version.asInt() + ": expected "
                    + SnapshotMeta.FORMAT_VERSION + " (the version this netprove reads)");
        }
        Optional<Instant> time = Optional.empty();
        String t = string(root, "/captureTime");
        if (t != null) {
            try {
                time = Optional.of(Instant.parse(t));
            } catch (DateTimeParseException e) {
                throw error("/captureTime", "capture time '" + t + "': expected an ISO-8601 UTC time such as"
                        + " 2025-01-31T12:00:00Z");
            }
        }
        Optional<String> mode = Optional.ofNullable(string(root, "/kubeProxyMode"));
        if (mode.isPresent() && !Set.of("iptables", "ipvs", "nftables").contains(mode.get())) {
            throw error("/kubeProxyMode", "kube-proxy mode '" + mode.get() + "': expected iptables, ipvs or"
                    + " nftables (leave the field out when it is not known)");
        }
        List<SnapshotMeta.NodeEntry> nodes = new ArrayList<>();
        JsonNode ns = root.get("nodes");
        Set<String> names = new HashSet<>();
        if (ns != null) {
            if (!ns.isArray()) {
                throw error("/nodes", "nodes: expected a list of {\"name\": ..., \"addresses\": [...]} objects");
            }
            for (int i = 0; i < ns.size(); i++) {
                String at = "/nodes/" + i;
                JsonNode n = ns.get(i);
                if (!n.isObject()) {
                    throw error(at, "expected a node object with name and addresses");
                }
                for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!NODE_FIELDS.contains(f)) {
                        throw error(at + "/" + f, "unknown field '" + f + "' of a node: expected one of "
                                + new java.util.TreeSet<>(NODE_FIELDS));
                    }
                }
                String name = string(root, at + "/name");
                if (name == null || name.isEmpty()) {
                    throw error(at, "a node without a name: expected \"name\": \"NODE\"");
                }
                if (!names.add(name)) {
                    throw error(at + "/name", "node '" + name + "' is listed twice: expected each node once");
                }
                List<IpAddress> addresses = new ArrayList<>();
                for (String a : strings(root, at + "/addresses")) {
                    IpAddress ip = IpAddress.tryParse(a);
                    if (ip == null) {
                        throw error(at + "/addresses", "address '" + a + "' of node " + name
                                + ": expected an IPv4 or IPv6 address");
                    }
                    addresses.add(ip);
                }
                String st = string(root, at + "/status");
                SnapshotMeta.CaptureStatus status = st == null ? SnapshotMeta.CaptureStatus.CAPTURED
                        : SnapshotMeta.CaptureStatus.of(st);
                if (status == null) {
                    throw error(at + "/status", "capture status '" + st + "': expected captured, failed or"
                            + " timed-out");
                }
                nodes.add(new SnapshotMeta.NodeEntry(name, addresses, status,
                        Optional.ofNullable(string(root, at + "/message"))));
            }
        }
        return new SnapshotMeta(version.asInt(), time, Optional.ofNullable(string(root, "/clusterName")),
                prefixes(root, "/podNetworks"), prefixes(root, "/serviceNetworks"), mode, nodes,
                strings(root, "/notCaptured"), Optional.ofNullable(string(root, "/tool")), file);
    }

    private List<IpPrefix> prefixes(JsonNode root, String pointer) {
        List<IpPrefix> out = new ArrayList<>();
        for (String s : strings(root, pointer)) {
            IpPrefix p = s.contains("/") ? IpPrefix.tryParse(s) : null;
            if (p == null) {
                throw error(pointer, "'" + s + "': expected a CIDR block such as 10.244.0.0/16");
            }
            out.add(p);
        }
        return out;
    }

    /** The string at {@code pointer}, null when absent or null; an error when it is something else. */
    private String string(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw error(pointer, pointer.substring(pointer.lastIndexOf('/') + 1) + " " + n + ": expected a string");
        }
        return n.asText();
    }

    private List<String> strings(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw error(pointer, pointer.substring(pointer.lastIndexOf('/') + 1) + ": expected a list of strings");
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual()) {
                throw error(pointer + "/" + i, n.get(i) + ": expected a string");
            }
            out.add(n.get(i).asText());
        }
        return out;
    }

    private InputError error(String pointer, String message) {
        return new InputError(locate(pointer), message);
    }

    /** Where the value at {@code pointer} starts in the text (line 1 when it cannot be found). */
    private SourceLocation locate(String pointer) {
        JsonPointer want = JsonPointer.compile(pointer);
        try (JsonParser p = new JsonFactory().createParser(text)) {
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                if (tok == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (p.getParsingContext().pathAsPointer().equals(want)
                        || tok.isStructStart() && p.getParsingContext().getParent() != null
                        && p.getParsingContext().getParent().pathAsPointer().equals(want)) {
                    JsonLocation l = p.currentTokenLocation();
                    return new SourceLocation(file, l.getLineNr(), l.getColumnNr());
                }
            }
        } catch (IOException e) {
            // fall through to the start of the file
        }
        return new SourceLocation(file, 1, 1);
    }
}
