package io.netprove.verifier.sim;

import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Hook;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ruleset prepared for fast simulation: chains looked up by name, long chains indexed, every jump and goto resolved
 * to the index of its destination chain. Immutable, shareable.
 */
final class CompiledRuleset {

    final Ruleset ruleset;
    private final Map<TableName, Map<String, ChainIndex>> indexes = new EnumMap<>(TableName.class);
    /** [table][hook]: the index of the table's built-in chain at that hook, or null. */
    private final ChainIndex[][] builtins = new ChainIndex[TableName.values().length][Hook.values().length];

    /** True if kube-proxy's localnet guard rule is present (kube-proxy sets route_localnet=1 with it). */
    final boolean kubeProxyLocalnetGuard;

    CompiledRuleset(Ruleset ruleset) {
        this.ruleset = ruleset;
        boolean guard = false;
        for (Table t : ruleset.tables().values()) {
            Map<String, ChainIndex> byName = new HashMap<>(t.chains().size() * 2);
            for (Chain c : t.chains().values()) {
                byName.put(c.name(), ChainIndex.build(c));
                for (Rule r : c.rules()) {
                    // the guard is a DROP rule; testing the target first spares reading every rule's text
                    guard |= r.target() instanceof Target.Drop
                            && r.text().contains("block incoming localnet connections");
                }
            }
            indexes.put(t.name(), byName);
            for (Hook h : Hook.values()) {
                builtins[t.name().ordinal()][h.ordinal()] = byName.get(h.name());
            }
            // resolve every jump and goto once, so that a walk follows them without looking chains up by name
            for (ChainIndex from : byName.values()) {
                List<Rule> rules = from.chain().rules();
                for (int i = 0; i < rules.size(); i++) {
                    Target target = rules.get(i).target();
                    String to = target instanceof Target.Jump j ? j.chain()
                            : target instanceof Target.Goto g ? g.chain() : null;
                    ChainIndex dest = to == null ? null : byName.get(to);
                    if (dest != null) {
                        from.link(i, dest);
                    }
                }
            }
        }
        kubeProxyLocalnetGuard = guard;
    }

    /** The chain, or null when the table or chain is absent. */
    Chain chain(TableName table, String name) {
        Map<String, ChainIndex> t = indexes.get(table);
        ChainIndex i = t == null ? null : t.get(name);
        return i == null ? null : i.chain();
    }

    /** The index of {@code table}'s built-in chain at {@code hook}, or null when there is none. */
    ChainIndex builtin(TableName table, Hook hook) {
        return builtins[table.ordinal()][hook.ordinal()];
    }

    /** The index of {@code chain}, a chain of this ruleset. */
    ChainIndex index(Chain chain) {
        for (Map<String, ChainIndex> t : indexes.values()) {
            ChainIndex i = t.get(chain.name());
            if (i != null && i.chain() == chain) {
                return i;
            }
        }
        return null;
    }

    private final Map<Object, io.netprove.model.space.IntervalSet> localSets = new java.util.concurrent.ConcurrentHashMap<>();

    /** The node's local addresses of {@code family} (with the loopback range) as a set. */
    io.netprove.model.space.IntervalSet localSet(NodeContext node, io.netprove.model.net.AddressFamily family) {
        return localSets.computeIfAbsent(java.util.List.of(node, family), k -> {
            java.util.List<io.netprove.model.net.IpAddress> own = new java.util.ArrayList<>();
            for (io.netprove.model.net.IpAddress a : node.localAddresses()) {
                if (a.family() == family) {
                    own.add(a);
                }
            }
            io.netprove.model.space.IntervalSet s = io.netprove.model.space.IntervalSet.points(family.bits(), own);
            return s.union(io.netprove.model.space.IntervalSet.of(io.netprove.model.net.IpPrefix.parse(
                    family == io.netprove.model.net.AddressFamily.IPV4 ? "127.0.0.0/8" : "::1/128")));
        });
    }
}
