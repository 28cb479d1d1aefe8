package io.netprove.grammar.iptables;

import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Hook;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel-side state that successive restore inputs build up: per table, its chains with their rules. This is
 * what iptables-restore changes; {@link #freeze} turns it into the immutable model.
 */
final class RulesetState {

    /** A chain while it is still being filled. */
    static final class MutableChain {
        final String name;
        Policy policy;
        Counters counters;
        final List<Rule> rules = new ArrayList<>();
        SourceLocation declared;
        /** Scratch space of the reference check at COMMIT: (rule, destination) pairs and the loop search's mark. */
        List<Object> jumps;
        byte mark;

        MutableChain(String name, Policy policy, Counters counters, SourceLocation declared) {
            this.name = name;
            this.policy = policy;
            this.counters = counters;
            this.declared = declared;
        }

        boolean builtin() {
            return policy != null;
        }
    }

    /** A table's chains in declaration order, and whether the input ever spoke of a built-in chain. */
    static final class MutableTable {
        final TableName name;
        final Map<String, MutableChain> chains = new LinkedHashMap<>();
        boolean builtinsSeen;

        MutableTable(TableName name) {
            this.name = name;
            for (Hook h : name.hooks()) {
                chains.put(h.name(), new MutableChain(h.name(), Policy.ACCEPT, Counters.ZERO, SourceLocation.NONE));
            }
        }

        /** Removes every rule and user chain (iptables-restore without --noflush). */
        void reset() {
            chains.entrySet().removeIf(e -> !e.getValue().builtin());
            for (MutableChain c : chains.values()) {
                c.rules.clear();
                c.policy = Policy.ACCEPT;
            }
        }
    }

    final Map<TableName, MutableTable> tables = new EnumMap<>(TableName.class);

    MutableTable table(TableName name) {
        return tables.computeIfAbsent(name, MutableTable::new);
    }

    Map<TableName, Table> freeze() {
        Map<TableName, Table> out = new EnumMap<>(TableName.class);
        for (MutableTable t : tables.values()) {
            Map<String, Chain> chains = new LinkedHashMap<>();
            for (MutableChain c : t.chains.values()) {
                chains.put(c.name, new Chain(c.name, c.policy, c.counters, c.rules, c.declared));
            }
            out.put(t.name, new Table(t.name, chains));
        }
        return out;
    }
}
