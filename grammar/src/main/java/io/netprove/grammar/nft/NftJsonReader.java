package io.netprove.grammar.nft;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code nft -j list ruleset} (libnftables' JSON schema) into an {@link NftState}: the list objects
 * ({@code table}, {@code chain}, {@code rule}, {@code set}, {@code map}, {@code element}) and the command wrappers
 * {@code nft -j -f} accepts ({@code add}, {@code create}, {@code insert}, {@code replace}, {@code delete},
 * {@code destroy}, {@code flush}). Statements and expressions become the same trees the text parser builds, so both
 * lower alike. Each top-level object's position is its location (nft prints the whole ruleset on one line, so the
 * column is what tells objects apart).
 */
final class NftJsonReader {

    private static final Set<String> UNMODELLED_OBJECTS = Set.of("flowtable", "counter", "quota", "ct helper",
            "ct timeout", "ct expectation", "limit", "secmark", "synproxy", "tunnel");

    private static final Set<String> ACTION_STATEMENTS = Set.of("queue", "dup", "fwd", "tproxy", "synproxy", "flow",
            "ct helper", "ct timeout", "ct expectation", "meter", "quota", "ct count");

    private final String file;
    private final String text;
    private final NftState state;
    private final List<Diagnostic> diagnostics;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<String> replaced = new HashSet<>();
    private SourceLocation at;

    NftJsonReader(String file, String text, NftState state, List<Diagnostic> diagnostics) {
        this.file = file;
        this.text = text;
        this.state = state;
        this.diagnostics = diagnostics;
    }

    void read() {
        JsonParser p = null;
        try {
            p = new JsonFactory().createParser(text);
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "'{' opening the nft JSON document");
            boolean sawList = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (!field.equals("nftables")) {
                    diagnostics.add(Diagnostic.warning(location(p.currentTokenLocation()), "unknown top-level field '"
                            + field + "' skipped"));
                    p.skipChildren();
                    continue;
                }
                sawList = true;
                expect(p, v, JsonToken.START_ARRAY, "the \"nftables\" array");
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw new InputError(location(p.currentLocation()), "input ends inside the \"nftables\" "
                                + "array: expected ']'");
                    }
                    at = location(p.currentTokenLocation());
                    expect(p, t, JsonToken.START_OBJECT, "an object such as {\"table\": ...} in the nftables array");
                    JsonNode node = mapper.readTree(p);
                    object(node);
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new InputError(location(p.currentLocation()), "input ends inside the JSON document: "
                        + "expected '}'");
            }
            if (p.nextToken() != null) {
                throw new InputError(location(p.currentTokenLocation()), "text after the JSON document: expected "
                        + "the end of input");
            }
            if (!sawList) {
                throw new InputError(new SourceLocation(file, 1, 1), "no \"nftables\" array: expected the output "
                        + "of nft -j list ruleset");
            }
        } catch (com.fasterxml.jackson.core.io.JsonEOFException e) {
            JsonLocation l = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            throw new InputError(location(l), "input ends inside the JSON document (an array or object is not "
                    + "closed): expected the rest of the nft -j output");
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            String m = e.getOriginalMessage();
            for (String cut : new String[] {"\n", " (start marker", " at [Source"}) {
                int i = m.indexOf(cut);
                m = i >= 0 ? m.substring(0, i) : m;
            }
            throw new InputError(location(l), "malformed JSON (" + m + "): expected nft -j output");
        } catch (IOException e) {
            throw new InputError(SourceLocation.of(file, 0), "cannot read JSON: " + e.getMessage());
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    private void expect(JsonParser p, JsonToken got, JsonToken want, String what) {
        if (got != want) {
            throw new InputError(location(p.currentTokenLocation()), "expected " + what + ", found "
                    + (got == null ? "end of input" : got.asString() == null ? got.name() : got.asString()));
        }
    }

    private SourceLocation location(JsonLocation l) {
        if (l == null || l.getLineNr() <= 0) {
            return SourceLocation.of(file, 0);
        }
        return new SourceLocation(file, l.getLineNr(), Math.max(1, l.getColumnNr()));
    }

    private InputError error(String message) {
        return new InputError(at, message);
    }

    // ---- objects

    private void object(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        if (!it.hasNext()) {
            throw error("empty object: expected {\"table\": ...}, {\"chain\": ...}, {\"rule\": ...} or similar");
        }
        Map.Entry<String, JsonNode> e = it.next();
        String kind = e.getKey();
        JsonNode body = e.getValue();
        switch (kind) {
            case "metainfo" -> {
            }
            case "add", "create", "insert", "replace", "delete", "destroy", "flush" -> command(kind, body);
            default -> add(kind, body, false, true);
        }
    }

    private void command(String verb, JsonNode body) {
        if (!body.isObject() || body.size() != 1) {
            throw error("\"" + verb + "\" needs one object such as {\"rule\": ...}");
        }
        Map.Entry<String, JsonNode> e = body.fields().next();
        String kind = e.getKey();
        JsonNode o = e.getValue();
        switch (verb) {
            case "add" -> add(kind, o, false, false);
            case "create" -> add(kind, o, true, false);
            case "insert", "replace" -> {
                if (!kind.equals("rule")) {
                    throw error("\"" + verb + "\" applies to rules: expected {\"rule\": ...}");
                }
                rule(o, verb);
            }
            case "delete", "destroy" -> delete(kind, o, verb.equals("delete"));
            case "flush" -> flush(kind, o);
            default -> throw new IllegalStateException(verb);
        }
    }

    private String str(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isValueNode()) {
            throw error("missing \"" + field + "\": expected a string field \"" + field + "\"");
        }
        return v.asText();
    }

    private String family(JsonNode o) {
        JsonNode f = o.get("family");
        return f == null ? "ip" : f.asText();
    }

    private NftState.TableDef tableForUse(JsonNode o) {
        return state.tableForUse(family(o), str(o, "table"), at);
    }

    private void add(String kind, JsonNode o, boolean create, boolean listing) {
        switch (kind) {
            case "table" -> {
                String key = family(o) + " " + str(o, "name");
                boolean existed = state.tables.containsKey(key);
                NftState.TableDef t = state.addTable(family(o), str(o, "name"), at, create);
                if (listing && existed && replaced.add(key)) {
                    NftState.clearTable(t);
                    t.declared = at;
                    diagnostics.add(Diagnostic.note(at, "table " + key + " is listed again: this listing replaces "
                            + "what earlier inputs said about it"));
                }
                replaced.add(key);
                JsonNode flags = o.get("flags");
                if (flags != null && flags.toString().contains("dormant")) {
                    t.dormant = true;
                }
            }
            case "chain" -> {
                NftState.TableDef t = tableForUse(o);
                NftState.ChainDef ch = state.addChain(t, str(o, "name"), at, create);
                if (o.has("hook")) {
                    String hook = str(o, "hook");
                    JsonNode prio = o.get("prio");
                    int priority = prio == null ? 0 : prio.isNumber() ? prio.asInt()
                            : NftPriorities.resolve(t.family, hook, prio.asText(), at);
                    String policy = o.has("policy") ? str(o, "policy") : "accept";
                    String type = o.has("type") ? str(o, "type") : "filter";
                    if (!type.equals("filter") && !type.equals("nat") && !type.equals("route")) {
                        throw error("unknown chain type '" + type + "': expected filter, nat or route");
                    }
                    ch.base = new NftState.BaseSpec(type, hook, priority, policy,
                            o.has("dev") ? o.get("dev").asText() : null, at);
                }
            }
            case "rule" -> rule(o, "add");
            case "set", "map" -> set(o, kind.equals("map"), create);
            case "element" -> {
                NftState.TableDef t = tableForUse(o);
                NftState.SetDef s = NftState.setForUse(t, str(o, "name"), at);
                for (Expr.SetItem item : elements(o.get("elem"))) {
                    s.elements.add(new NftState.ElementDef(item.key(), item.verdict(), item.data(), item.at()));
                }
            }
            default -> {
                if (UNMODELLED_OBJECTS.contains(kind)) {
                    diagnostics.add(Diagnostic.warning(at, kind + " objects are not modelled; skipped"));
                } else {
                    throw error("unknown object \"" + kind + "\": expected table, chain, rule, set, map or element");
                }
            }
        }
    }

    private void set(JsonNode o, boolean map, boolean create) {
        NftState.TableDef t = tableForUse(o);
        NftState.SetDef s = state.addSet(t, str(o, "name"), map, at, create);
        JsonNode type = o.get("type");
        if (type == null) {
            throw error("set '" + s.name + "' has no \"type\": expected its key type");
        }
        s.keyTypes.clear();
        s.typeof = false;
        if (type.isObject() && type.has("typeof")) {
            s.typeof = true;
            Expr k = expr(type.get("typeof"));
            for (Expr part : k instanceof Expr.Concat c ? c.parts() : List.of(k)) {
                s.keyTypes.add(part instanceof Expr.Field f ? f.name() : "?" + part);
            }
        } else if (type.isArray()) {
            for (JsonNode n : type) {
                s.keyTypes.add(n.asText());
            }
        } else {
            s.keyTypes.add(type.asText());
        }
        if (map) {
            JsonNode data = o.get("map");
            if (data == null) {
                throw error("map '" + s.name + "' has no \"map\" data type: expected for example \"verdict\"");
            }
            s.dataType = data.isTextual() ? data.asText() : data.toString();
        }
        JsonNode flags = o.get("flags");
        s.flags.clear();
        if (flags != null) {
            if (flags.isArray()) {
                flags.forEach(f -> s.flags.add(f.asText()));
            } else {
                s.flags.add(flags.asText());
            }
        }
        if (o.has("timeout")) {
            s.timeoutSeconds = o.get("timeout").asLong();
        }
        if (o.has("elem")) {
            for (Expr.SetItem item : elements(o.get("elem"))) {
                s.elements.add(new NftState.ElementDef(item.key(), item.verdict(), item.data(), item.at()));
            }
        }
    }

    private void rule(JsonNode o, String mode) {
        NftState.TableDef t = tableForUse(o);
        String chainName = str(o, "chain");
        NftState.ChainDef ch = NftState.chainForUse(t, chainName, at);
        JsonNode exprs = o.get("expr");
        if (exprs == null || !exprs.isArray()) {
            throw error("rule without an \"expr\" array: expected the rule's statements");
        }
        List<Stmt> statements = new ArrayList<>();
        for (JsonNode s : exprs) {
            statements.add(statement(s));
        }
        if (o.has("comment")) {
            statements.add(new Stmt.Comment(o.get("comment").asText(), at));
        }
        long handle = o.has("handle") ? o.get("handle").asLong() : 0;
        NftState.RuleDef r = new NftState.RuleDef(statements, at, NftText.statements(statements),
                mode.equals("add") ? handle : 0);
        if (mode.equals("replace")) {
            if (!o.has("handle")) {
                throw error("\"replace\" needs the \"handle\" of the rule to replace");
            }
            int i = NftState.ruleIndex(ch, handle, at);
            ch.rules.set(i, new NftState.RuleDef(statements, at, r.text(), handle));
        } else if (o.has("position") || (mode.equals("insert") && o.has("handle"))) {
            long pos = o.has("position") ? o.get("position").asLong() : handle;
            int i = NftState.ruleIndex(ch, pos, at);
            ch.rules.add(mode.equals("insert") ? i : i + 1, r);
        } else if (o.has("index")) {
            int i = o.get("index").asInt();
            if (i < 0 || i > ch.rules.size()) {
                throw error("index " + i + " is past the end of chain '" + chainName + "': expected 0 to "
                        + ch.rules.size());
            }
            ch.rules.add(mode.equals("insert") ? i : Math.min(i + 1, ch.rules.size()), r);
        } else if (mode.equals("insert")) {
            ch.rules.add(0, r);
        } else {
            ch.rules.add(r);
        }
    }

    private void delete(String kind, JsonNode o, boolean mustExist) {
        switch (kind) {
            case "table" -> state.deleteTable(family(o), str(o, "name"), at, mustExist);
            case "chain" -> {
                NftState.TableDef t = state.existingTable(family(o), str(o, "table"), at, mustExist);
                if (NftState.existingChain(t, str(o, "name"), at, mustExist) != null) {
                    t.chains.remove(str(o, "name"));
                }
            }
            case "rule" -> {
                NftState.TableDef t = state.existingTable(family(o), str(o, "table"), at, true);
                NftState.ChainDef ch = NftState.existingChain(t, str(o, "chain"), at, true);
                ch.rules.remove(NftState.ruleIndex(ch, o.path("handle").asLong(), at));
            }
            case "set", "map" -> {
                NftState.TableDef t = state.existingTable(family(o), str(o, "table"), at, mustExist);
                if (NftState.existingSet(t, str(o, "name"), at, mustExist) != null) {
                    t.sets.remove(str(o, "name"));
                }
            }
            case "element" -> {
                NftState.TableDef t = state.existingTable(family(o), str(o, "table"), at, true);
                NftState.SetDef s = NftState.existingSet(t, str(o, "name"), at, true);
                for (Expr.SetItem item : elements(o.get("elem"))) {
                    String key = NftText.render(item.key());
                    if (!s.elements.removeIf(e -> NftText.render(e.key()).equals(key)) && mustExist) {
                        throw error("element " + key + " is not in " + s.kind() + " '" + s.name
                                + "': expected an element that was added");
                    }
                }
            }
            default -> diagnostics.add(Diagnostic.warning(at, "deleting " + kind + " objects is not modelled; "
                    + "skipped"));
        }
    }

    private void flush(String kind, JsonNode o) {
        switch (kind) {
            case "ruleset" -> {
                String f = o == null || o.isNull() || !o.has("family") ? null : o.get("family").asText();
                state.tables.values().removeIf(t -> f == null || t.family.equals(f));
            }
            case "table" -> NftState.flushTable(state.existingTable(family(o), str(o, "name"), at, true));
            case "chain" -> NftState.chainForUse(tableForUse(o), str(o, "name"), at).rules.clear();
            case "set", "map" -> NftState.setForUse(tableForUse(o), str(o, "name"), at).elements.clear();
            default -> diagnostics.add(Diagnostic.warning(at, "flushing " + kind + " objects is not modelled; "
                    + "skipped"));
        }
    }

    // ---- elements

    private List<Expr.SetItem> elements(JsonNode elem) {
        List<Expr.SetItem> out = new ArrayList<>();
        if (elem == null) {
            return out;
        }
        if (!elem.isArray()) {
            out.add(item(elem));
            return out;
        }
        for (JsonNode n : elem) {
            out.add(item(n));
        }
        return out;
    }

    /** One element: a value, {"elem": {"val": ...}}, or a [key, data] pair of a map. */
    private Expr.SetItem item(JsonNode n) {
        if (n.isArray() && n.size() == 2) {
            Expr key = expr(unwrapElem(n.get(0)));
            JsonNode data = n.get(1);
            Stmt.Verdict v = verdict(data);
            return v != null ? new Expr.SetItem(key, v, null, at) : new Expr.SetItem(key, null, expr(data), at);
        }
        return new Expr.SetItem(expr(unwrapElem(n)), null, null, at);
    }

    private static JsonNode unwrapElem(JsonNode n) {
        if (n.isObject() && n.has("elem")) {
            JsonNode e = n.get("elem");
            return e.has("val") ? e.get("val") : e;
        }
        return n;
    }

    /** A verdict object ({"accept": null}, {"goto": {"target": "x"}}), or null when {@code n} is not one. */
    private Stmt.Verdict verdict(JsonNode n) {
        if (!n.isObject() || n.size() != 1) {
            return null;
        }
        String k = n.fieldNames().next();
        switch (k) {
            case "accept", "drop", "continue", "return", "queue" -> {
                return new Stmt.Verdict(k, null, at);
            }
            case "jump", "goto" -> {
                return new Stmt.Verdict(k, str(n.get(k), "target"), at);
            }
            default -> {
                return null;
            }
        }
    }

    // ---- statements

    private Stmt statement(JsonNode n) {
        if (!n.isObject() || n.size() != 1) {
            throw error("statement " + n + ": expected an object with one key such as \"match\"");
        }
        String k = n.fieldNames().next();
        JsonNode b = n.get(k);
        Stmt.Verdict v = verdict(n);
        if (v != null) {
            return v;
        }
        switch (k) {
            case "match" -> {
                String op = b.path("op").asText("==");
                op = op.equals("in") ? "implicit" : NftRuleParser.normaliseOp(op);
                return new Stmt.Relation(expr(b.get("left")), op, expr(b.get("right")), at);
            }
            case "counter" -> {
                if (b == null || !b.isObject()) {
                    return new Stmt.Counter(0, 0, at);
                }
                return new Stmt.Counter(b.path("packets").asLong(), b.path("bytes").asLong(), at);
            }
            case "reject" -> {
                if (b == null || b.isNull() || !b.has("type")) {
                    return new Stmt.Reject(null, null, at);
                }
                String type = b.get("type").asText();
                if (type.equals("tcp reset")) {
                    return new Stmt.Reject("tcp", "reset", at);
                }
                return new Stmt.Reject(type, b.has("expr") ? b.get("expr").asText() : "port-unreachable", at);
            }
            case "mangle" -> {
                Expr key = expr(b.get("key"));
                if (key instanceof Expr.Field f) {
                    return new Stmt.Assign(f, expr(b.get("value")), at);
                }
                return new Stmt.Unsupported(n.toString(), true, at);
            }
            case "masquerade", "snat", "dnat", "redirect" -> {
                List<String> flags = new ArrayList<>();
                if (b != null && b.has("flags")) {
                    JsonNode f = b.get("flags");
                    if (f.isArray()) {
                        f.forEach(x -> flags.add(x.asText()));
                    } else {
                        flags.add(f.asText());
                    }
                }
                String family = b != null && b.has("family") ? b.get("family").asText() : null;
                Expr addr = b != null && b.has("addr") ? expr(b.get("addr")) : null;
                Expr port = b != null && b.has("port") ? expr(b.get("port")) : null;
                if (addr instanceof Expr.Field || addr instanceof Expr.Unsupported
                        || port instanceof Expr.Field || port instanceof Expr.Unsupported) {
                    return new Stmt.Unsupported(n.toString(), true, at);
                }
                return new Stmt.Nat(k, family, addr, port, flags, at);
            }
            case "vmap" -> {
                return new Stmt.VerdictMap(expr(b.get("key")), expr(b.get("data")), at);
            }
            case "set" -> {
                String set = str(b, "set");
                return new Stmt.SetUpdate(str(b, "op"), set.startsWith("@") ? set.substring(1) : set,
                        expr(b.get("elem")), at);
            }
            case "log" -> {
                List<String> args = new ArrayList<>();
                boolean group = false;
                if (b != null && b.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> it = b.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        args.add(e.getKey());
                        args.add(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
                        group |= e.getKey().equals("group");
                    }
                }
                return new Stmt.Log(args, group, at);
            }
            case "notrack" -> {
                return new Stmt.Notrack(at);
            }
            case "limit" -> {
                String rate = b.path("rate").asText() + (b.has("rate_unit") && !b.get("rate_unit").asText()
                        .equals("packets") ? " " + b.get("rate_unit").asText() : "") + "/" + b.path("per")
                        .asText("second");
                return new Stmt.Limit(rate, b.path("burst").asInt(5), b.path("inv").asBoolean(false), at);
            }
            default -> {
                return new Stmt.Unsupported(n.toString(), ACTION_STATEMENTS.contains(k) || k.equals("xt")
                        && b.path("type").asText().equals("target"), at);
            }
        }
    }

    // ---- expressions

    private Expr expr(JsonNode n) {
        if (n == null || n.isNull()) {
            throw error("missing expression: expected a value or a field");
        }
        if (n.isTextual()) {
            String s = n.asText();
            return s.startsWith("@") ? new Expr.SetRef(s.substring(1), at) : new Expr.Literal(s, false, at);
        }
        if (n.isNumber() || n.isBoolean()) {
            return new Expr.Literal(n.isNumber() ? n.bigIntegerValue().toString() : n.asText(), false, at);
        }
        if (n.isArray()) {
            List<Expr> items = new ArrayList<>();
            n.forEach(x -> items.add(expr(x)));
            return items.size() == 1 ? items.get(0) : new Expr.FlagList(items, at);
        }
        if (n.size() != 1) {
            return new Expr.Unsupported(n.toString(), at);
        }
        String k = n.fieldNames().next();
        JsonNode b = n.get(k);
        switch (k) {
            case "payload" -> {
                if (b.has("protocol") && b.has("field")) {
                    return new Expr.Field(b.get("protocol").asText() + " " + b.get("field").asText(), at);
                }
                return new Expr.Unsupported(n.toString(), at);
            }
            case "meta" -> {
                return new Expr.Field("meta " + str(b, "key"), at);
            }
            case "ct" -> {
                StringBuilder sb = new StringBuilder("ct");
                if (b.has("dir")) {
                    sb.append(' ').append(b.get("dir").asText());
                }
                if (b.has("family")) {
                    sb.append(' ').append(b.get("family").asText());
                }
                return new Expr.Field(sb.append(' ').append(str(b, "key")).toString(), at);
            }
            case "fib" -> {
                List<String> flags = new ArrayList<>();
                JsonNode f = b.get("flags");
                if (f != null && f.isArray()) {
                    f.forEach(x -> flags.add(x.asText()));
                } else if (f != null) {
                    flags.add(f.asText());
                }
                return new Expr.Field("fib " + String.join(" . ", flags) + " " + str(b, "result"), at);
            }
            case "numgen" -> {
                return new Expr.Numgen(str(b, "mode"), b.path("mod").asLong(), b.path("offset").asLong(0), at);
            }
            case "concat" -> {
                List<Expr> parts = new ArrayList<>();
                b.forEach(x -> parts.add(expr(x)));
                return new Expr.Concat(parts, at);
            }
            case "&", "|", "^", "<<", ">>" -> {
                if (!b.isArray() || b.size() < 2) {
                    return new Expr.Unsupported(n.toString(), at);
                }
                Expr e = expr(b.get(0));
                for (int i = 1; i < b.size(); i++) {
                    e = new Expr.Binary(k, e, expr(b.get(i)), at);
                }
                return e;
            }
            case "prefix" -> {
                return new Expr.Prefix(expr(b.get("addr")), b.path("len").asInt(), at);
            }
            case "range" -> {
                return new Expr.Range(expr(b.get(0)), expr(b.get(1)), at);
            }
            case "set" -> {
                List<Expr.SetItem> items = new ArrayList<>();
                if (b.isArray()) {
                    b.forEach(x -> items.add(item(x)));
                } else {
                    items.add(item(b));
                }
                return new Expr.SetLiteral(items, at);
            }
            case "elem" -> {
                return expr(unwrapElem(n));
            }
            default -> {
                return new Expr.Unsupported(n.toString(), at);
            }
        }
    }
}
