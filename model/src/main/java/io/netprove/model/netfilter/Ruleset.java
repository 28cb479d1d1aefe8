package io.netprove.model.netfilter;

import io.netprove.model.net.AddressFamily;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The iptables state of one node for one address family. {@code assumptions} lists what was filled in rather than
 * read (for example kube-proxy's standard jumps when a restore input has no built-in chains); {@code diagnostics}
 * holds the warnings of the front end (unknown modules, targets and so on).
 */
public record Ruleset(AddressFamily family, Map<TableName, Table> tables, List<String> sources,
                      List<Diagnostic> diagnostics, List<String> assumptions) {

    public Ruleset {
        EnumMap<TableName, Table> copy = new EnumMap<>(TableName.class);
        copy.putAll(tables);
        tables = Collections.unmodifiableMap(copy);
        sources = List.copyOf(sources);
        diagnostics = List.copyOf(diagnostics);
        assumptions = List.copyOf(assumptions);
    }

    public Table table(TableName name) {
        return tables.get(name);
    }

    /** Number of rules over every table and chain. */
    public int ruleCount() {
        int n = 0;
        for (Table t : tables.values()) {
            for (Chain c : t.chains().values()) {
                n += c.rules().size();
            }
        }
        return n;
    }
}
