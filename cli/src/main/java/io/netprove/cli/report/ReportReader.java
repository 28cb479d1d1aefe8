package io.netprove.cli.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.api.Shard;
import io.netprove.api.ShardRun;
import io.netprove.grammar.DisplayPath;
import io.netprove.grammar.InputError;
import io.netprove.grammar.TextInput;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.model.verdict.Witness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back the JSON report that {@link ReportWriter} writes (for {@code netprove merge}): the verdicts with their
 * witnesses and traces, the notes and the shard section. A witness packet comes back with the fields the report
 * shows (protocol, addresses, ports, connection state); the rest take the defaults of a new connection.
 */
public final class ReportReader {

    private final String file;

    private ReportReader(String file) {
        this.file = file;
    }

    /** Reads the report at {@code path}; a malformed one is an {@link InputError} at the file. */
    public static Report read(Path path) {
        String name = DisplayPath.of(path);
        String text = TextInput.read(path);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InputError(new SourceLocation(name, l == null ? 1 : Math.max(1, l.getLineNr()),
                    l == null ? 0 : Math.max(0, l.getColumnNr())), "not valid JSON: expected a netprove JSON report"
                    + " (check --format json)");
        }
        return new ReportReader(name).report(root);
    }

    private Report report(JsonNode root) {
        if (root == null || !root.isObject() || !ReportWriter.TOOL.equals(root.path("tool").asText())
                || !root.has("verdicts")) {
            throw fail("expected a netprove JSON report (check --format json), with \"tool\": \"netprove\" and"
                    + " verdicts");
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (JsonNode v : root.get("verdicts")) {
            verdicts.add(verdict(v));
        }
        Optional<ShardRun> shard = Optional.empty();
        JsonNode s = root.get("shard");
        if (s != null && !s.isNull()) {
            Map<String, String> sameAs = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("sameAs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sameAs.put(e.getKey(), e.getValue().asText());
            }
            List<ShardRun.Scope> scopes = new ArrayList<>();
            for (JsonNode sc : s.path("scopes")) {
                try {
                    scopes.add(ShardRun.Scope.valueOf(sc.asText()));
                } catch (IllegalArgumentException e) {
                    throw fail("shard scope '" + sc.asText() + "': expected NODES or WHOLE");
                }
            }
            if (scopes.size() != verdicts.size()) {
                throw fail("the shard section has " + scopes.size() + " scopes for " + verdicts.size()
                        + " verdicts: expected one per verdict");
            }
            try {
                shard = Optional.of(new ShardRun(new Shard(s.path("index").asInt(-1), s.path("count").asInt(-1)),
                        s.path("plan").asText(), strings(s.path("nodes")), sameAs, scopes));
            } catch (IllegalArgumentException e) {
                throw fail(e.getMessage());
            }
        }
        return new Report(root.path("intent").asText(), verdicts, strings(root.path("notes")), shard);
    }

    private Verdict verdict(JsonNode v) {
        Status status;
        try {
            status = Status.valueOf(v.path("status").asText());
        } catch (IllegalArgumentException e) {
            throw fail("verdict status '" + v.path("status").asText() + "': expected HOLDS, VIOLATED or UNKNOWN");
        }
        List<Witness> witnesses = new ArrayList<>();
        for (JsonNode w : v.path("witnesses")) {
            List<Outcome> outcomes = new ArrayList<>();
            Packet p = packet(w.path("packet"));
            for (JsonNode o : w.path("outcomes")) {
                outcomes.add(outcome(o, p));
            }
            witnesses.add(new Witness(w.path("node").asText(), p, outcomes, w.path("explanation").asText()));
        }
        return new Verdict(v.path("name").asText(), v.path("statement").asText(), new SourceLocation(
                v.path("file").asText(), v.path("line").asInt(), v.path("column").asInt()), status,
                v.path("summary").asText(), witnesses, strings(v.path("reasons")), strings(v.path("approximations")),
                v.path("millis").asLong());
    }

    private Packet packet(JsonNode p) {
        Protocol proto = Protocol.lookup(p.path("protocol").asText());
        if (proto == null) {
            throw fail("witness protocol '" + p.path("protocol").asText() + "': expected tcp, udp, icmp, ...");
        }
        Endpoint src = endpoint(p.path("source").asText());
        Endpoint dst = endpoint(p.path("destination").asText());
        Packet base = Packet.newConnection(src.address(), dst.address(), proto, Math.max(0, dst.port()));
        CtState state;
        try {
            state = CtState.valueOf(p.path("state").asText("new").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fail("connection state '" + p.path("state").asText() + "': expected new, established, ...");
        }
        return base.withSource(src.address(), src.port()).withDestination(dst.address(), dst.port())
                .withCtState(state);
    }

    private Outcome outcome(JsonNode o, Packet packet) {
        Disposition d;
        try {
            d = Disposition.valueOf(o.path("disposition").asText());
        } catch (IllegalArgumentException e) {
            throw fail("disposition '" + o.path("disposition").asText() + "': expected LOCAL, FORWARDED, DROPPED,"
                    + " REJECTED or UNKNOWN");
        }
        Endpoint src = endpoint(o.path("source").asText());
        Endpoint dst = endpoint(o.path("destination").asText());
        Packet fin = packet.withSource(src.address(), src.port()).withDestination(dst.address(), dst.port());
        List<TraceStep> steps = new ArrayList<>();
        for (JsonNode s : o.path("steps")) {
            steps.add(new TraceStep(s.path("hook").asText(), s.path("table").asText(), s.path("chain").asText(),
                    SourceLocation.of(s.path("file").asText(), s.path("line").asInt()), s.path("rule").asText(),
                    s.path("effect").asText()));
        }
        JsonNode prob = o.get("probability");
        return new Outcome(d, fin, o.path("masquerade").asBoolean(), prob == null || prob.isNull() ? null
                : prob.asDouble(), steps, strings(o.path("assumptions")), strings(o.path("unknowns")));
    }

    private record Endpoint(IpAddress address, int port) {
    }

    /** {@code 10.0.0.1:80}, {@code [fd00::1]:80} or an address alone (port -1). */
    private Endpoint endpoint(String text) {
        String addr = text;
        int port = -1;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            addr = close < 0 ? text : text.substring(1, close);
            if (close >= 0 && text.length() > close + 2 && text.charAt(close + 1) == ':') {
                port = parsePort(text.substring(close + 2), text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            addr = text.substring(0, text.indexOf(':'));
            port = parsePort(text.substring(text.indexOf(':') + 1), text);
        }
        IpAddress a = IpAddress.tryParse(addr);
        if (a == null) {
            throw fail("'" + text + "': expected ADDRESS or ADDRESS:PORT in a witness");
        }
        return new Endpoint(a, port);
    }

    private int parsePort(String s, String whole) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw fail("'" + whole + "': expected ADDRESS:PORT in a witness");
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (JsonNode x : n) {
            out.add(x.asText());
        }
        return out;
    }

    private InputError fail(String message) {
        return new InputError(new SourceLocation(file, 0, 0), message);
    }
}
