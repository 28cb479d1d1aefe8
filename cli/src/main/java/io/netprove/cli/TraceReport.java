package io.netprove.cli;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.cli.report.OutcomeJson;
import io.netprove.verifier.sim.NodeContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Renders trace results as the documented JSON object or as text a person can follow. */
final class TraceReport {

    private TraceReport() {
    }

    static Map<String, Object> json(String name, Packet packet, List<Outcome> outcomes, Ruleset ruleset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("packet", OutcomeJson.packet(packet));
        m.put("outcomes", OutcomeJson.outcomes(outcomes));
        m.put("warnings", warnings(ruleset));
        return m;
    }

    static List<String> warnings(Ruleset ruleset) {
        List<String> w = new ArrayList<>();
        for (Diagnostic d : ruleset.diagnostics()) {
            w.add(d.toString());
        }
        w.addAll(ruleset.assumptions());
        return w;
    }

    static String text(Packet packet, List<Outcome> outcomes, Ruleset ruleset, NodeContext node) {
        StringBuilder sb = new StringBuilder();
        sb.append("Packet:  ").append(packet).append('\n');
        TreeSet<String> local = new TreeSet<>();
        for (IpAddress a : node.localAddresses()) {
            local.add(a.toString());
        }
        sb.append("Node:    ").append(String.join(", ", ruleset.sources())).append(" (")
                .append(ruleset.family() == AddressFamily.IPV4 ? "IPv4" : "IPv6").append(", ")
                .append(ruleset.ruleCount()).append(" rules); local addresses: ")
                .append(local.isEmpty() ? "(none given)" : String.join(", ", local)).append('\n');
        for (String w : warnings(ruleset)) {
            sb.append("Note:    ").append(w).append('\n');
        }
        sb.append('\n').append(outcomes.size() == 1 ? "1 outcome" : outcomes.size() + " possible outcomes")
                .append(":\n");
        int i = 0;
        for (Outcome o : outcomes) {
            i++;
            sb.append("\n[").append(i).append("] ").append(headline(o)).append('\n');
            for (TraceStep s : o.steps()) {
                if (s.table().equals("routing")) {
                    sb.append(String.format("    %-11s routing: %s%n", s.hook(), s.effect()));
                    continue;
                }
                String where = s.location().line() > 0
                        ? shortFile(s.location().file()) + ":" + s.location().line() : s.location().file();
                sb.append(String.format("    %-11s %-7s %-28s %-24s %s%n", s.hook(), s.table(), s.chain(), where,
                        s.effect()));
                if (!s.rule().isEmpty()) {
                    sb.append("                ").append(s.rule()).append('\n');
                }
            }
            for (String a : o.assumptions()) {
                sb.append("    assumed: ").append(a).append('\n');
            }
            for (String u : o.unknowns()) {
                sb.append("    UNKNOWN: ").append(u).append('\n');
            }
        }
        return sb.toString();
    }

    static String headline(Outcome o) {
        StringBuilder sb = new StringBuilder(o.disposition().name());
        Packet f = o.finalPacket();
        switch (o.disposition()) {
            case FORWARDED -> sb.append(" to ").append(f.destinationText());
            case LOCAL -> sb.append(": delivered to the node at ").append(f.destinationText());
            default -> {
            }
        }
        if (o.masquerade()) {
            sb.append(", masqueraded (source becomes the node's outgoing address)");
        } else if (o.disposition() == Disposition.FORWARDED || o.disposition() == Disposition.LOCAL) {
            sb.append(", from ").append(f.sourceText());
        }
        if (o.probability() != null) {
            sb.append(String.format(Locale.ROOT, ", probability %.4g", o.probability()));
        } else {
            sb.append(", probability unknown (depends on state outside the dump)");
        }
        if (!o.exact()) {
            sb.append(" [UNKNOWN: depends on unmodelled constructs]");
        }
        return sb.toString();
    }

    private static String shortFile(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? file : file.substring(slash + 1);
    }
}
