package io.netprove.rules.facts;

import io.netprove.model.netfilter.Match;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.TableName;

import java.util.Objects;

/**
 * One iptables rule of a node's dump, for rules that look at the forwarding state directly: the node, table, chain,
 * the rule's 1-based position in its chain and the parsed rule ({@code rule.text()} is the rule as written).
 */
public record DumpRule(String node, TableName table, String chain, int position, Rule rule) {

    public DumpRule {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(rule, "rule");
    }

    public SourceLocation location() {
        return rule.location();
    }

    /** The text of the rule's {@code -m comment}, or {@code ""}. */
    public String comment() {
        for (Match m : rule.matches()) {
            if (m instanceof Match.Comment c) {
                return c.text();
            }
        }
        return "";
    }

    /** The table's name as iptables writes it (nat, filter, ...). */
    public String tableName() {
        return table.name().toLowerCase(java.util.Locale.ROOT);
    }
}
