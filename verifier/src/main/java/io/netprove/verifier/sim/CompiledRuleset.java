package io.netprove.verifier.sim;

import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;

import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Map;

/** A ruleset prepared for fast simulation: chains looked up by name, long chains indexed. Immutable, shareable. */
final class CompiledRuleset {

    final Ruleset ruleset;
    private final Map<TableName, Map<String, Chain>> chains = new EnumMap<>(TableName.class);
    private final Map<Chain, ChainIndex> indexes = new IdentityHashMap<>();

    /** True if kube-proxy's localnet guard rule is present (kube-proxy sets route_localnet=1 with it). */
    final boolean kubeProxyLocalnetGuard;

    CompiledRuleset(Ruleset ruleset) {
        this.ruleset = ruleset;
        boolean guard = false;
        for (Table t : ruleset.tables().values()) {
            chains.put(t.name(), t.chains());
            for (Chain c : t.chains().values()) {
                indexes.put(c, ChainIndex.build(c));
                for (io.netprove.model.netfilter.Rule r : c.rules()) {
                    guard |= r.text().contains("block incoming localnet connections");
                }
            }
        }
        kubeProxyLocalnetGuard = guard;
    }

    /** The chain, or null when the table or chain is absent. */
    Chain chain(TableName table, String name) {
        Map<String, Chain> t = chains.get(table);
        return t == null ? null : t.get(name);
    }

    ChainIndex index(Chain chain) {
        return indexes.get(chain);
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
