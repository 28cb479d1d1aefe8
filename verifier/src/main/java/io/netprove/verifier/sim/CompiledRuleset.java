package io.netprove.verifier.sim;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.IpPrefix;
import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Hook;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.TableName;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftTable;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.IntervalSet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's netfilter state prepared for fast walks: every chain indexed, every jump and goto resolved to the index of
 * its destination, and for each hook the base chains to run in the kernel's order — iptables' tables at their fixed
 * priorities (raw -300, mangle -150, nat -100 for DNAT / 100 for SNAT, filter 0, security 50) merged with the base
 * chains of nftables tables of this family at theirs (iptables first on a tie). Immutable, shareable.
 */
final class CompiledRuleset {

    /** One base chain at a hook: where it runs, whether it is a NAT chain, its table's name for traces. */
    record HookEntry(Hook hook, int priority, BaseChain.Type type, ChainIndex chain, String table) {
    }

    final Ruleset ruleset;
    final List<NftTable> nftTables;
    private final Map<Hook, List<HookEntry>> hooks = new EnumMap<>(Hook.class);

    /** True if kube-proxy's localnet guard rule is present (kube-proxy sets route_localnet=1 with it). */
    final boolean kubeProxyLocalnetGuard;

    /**
     * Trace steps already made, per rule and hook: paths of a symbolic exploration replay the same rules again and
     * again, and sharing their identical steps keeps a large exploration's paths in a fraction of the memory.
     */
    private final Map<Rule, TraceStep[]> steps =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private final Map<TraceStep, TraceStep> otherSteps = new ConcurrentHashMap<>();

    /** An equal step made before (a chain policy or a routing decision), else this one, kept for later walks. */
    TraceStep shared(TraceStep step) {
        TraceStep before = otherSteps.putIfAbsent(step, step);
        return before != null ? before : step;
    }

    /** The trace step for {@code rule} of {@code chain} with this effect: a shared one when it was made before. */
    TraceStep step(Hook hook, String table, String chain, Rule rule, String effect) {
        if (hook == null) {
            return new TraceStep("", table, chain, rule.location(), rule.text(), effect);
        }
        TraceStep[] slot = steps.computeIfAbsent(rule, r -> new TraceStep[Hook.values().length]);
        TraceStep t = slot[hook.ordinal()];
        if (t != null && t.effect().equals(effect) && t.chain().equals(chain) && t.table().equals(table)) {
            return t;
        }
        t = new TraceStep(hook.name(), table, chain, rule.location(), rule.text(), effect);
        slot[hook.ordinal()] = t;
        return t;
    }

    CompiledRuleset(Ruleset ruleset, List<NftTable> nft) {
        this.ruleset = ruleset;
        this.nftTables = List.copyOf(nft);
        boolean guard = false;
        List<HookEntry> entries = new ArrayList<>();
        for (Table t : ruleset.tables().values()) {
            Map<String, ChainIndex> byName = index(t.chains().values());
            for (Chain c : t.chains().values()) {
                for (Rule r : c.rules()) {
                    // the guard is a DROP rule; testing the target first spares reading every rule's text
                    guard |= r.target() instanceof Target.Drop
                            && r.text().contains("block incoming localnet connections");
                }
            }
            for (Hook h : t.name().hooks()) {
                ChainIndex builtin = byName.get(h.name());
                if (builtin != null) {
                    entries.add(new HookEntry(h, priority(t.name(), h), type(t.name(), h), builtin,
                            t.name().lowerName()));
                }
            }
        }
        for (NftTable t : nft) {
            Map<String, ChainIndex> byName = index(t.chains().values());
            for (BaseChain b : t.baseChains()) {
                ChainIndex c = byName.get(b.chain());
                if (c != null) {
                    entries.add(new HookEntry(b.hook(), b.priority(), b.type(), c, t.key()));
                }
            }
        }
        for (Hook h : Hook.values()) {
            List<HookEntry> at = new ArrayList<>();
            for (HookEntry e : entries) {
                if (e.hook() == h) {
                    at.add(e);
                }
            }
            at.sort(Comparator.comparingInt(HookEntry::priority)); // stable: iptables before nftables on a tie
            hooks.put(h, List.copyOf(at));
        }
        kubeProxyLocalnetGuard = guard;
    }

    /** Indexes a table's chains and links every jump and goto to its destination. */
    private Map<String, ChainIndex> index(Collection<Chain> chains) {
        Map<String, ChainIndex> byName = new HashMap<>(chains.size() * 2);
        for (Chain c : chains) {
            byName.put(c.name(), ChainIndex.build(c));
        }
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
        return byName;
    }

    /** iptables' table priorities (include/uapi/linux/netfilter_ipv4.h). */
    static int priority(TableName t, Hook h) {
        return switch (t) {
            case RAW -> -300;
            case MANGLE -> -150;
            case NAT -> h == Hook.PREROUTING || h == Hook.OUTPUT ? -100 : 100;
            case FILTER -> 0;
            case SECURITY -> 50;
        };
    }

    private static BaseChain.Type type(TableName t, Hook h) {
        if (t == TableName.NAT) {
            return BaseChain.Type.NAT;
        }
        return t == TableName.MANGLE && h == Hook.OUTPUT ? BaseChain.Type.ROUTE : BaseChain.Type.FILTER;
    }

    /** The base chains at {@code hook}, in the order the kernel runs them. */
    List<HookEntry> hook(Hook hook) {
        return hooks.get(hook);
    }

    private final Map<Object, IntervalSet> localSets = new ConcurrentHashMap<>();

    /** The node's local addresses of {@code family} (with the loopback range) as a set. */
    IntervalSet localSet(NodeContext node, AddressFamily family) {
        return localSets.computeIfAbsent(List.of(node, family), k -> {
            List<IpAddress> own = new ArrayList<>();
            for (IpAddress a : node.localAddresses()) {
                if (a.family() == family) {
                    own.add(a);
                }
            }
            IntervalSet s = IntervalSet.points(family.bits(), own);
            return s.union(IntervalSet.of(IpPrefix.parse(family == AddressFamily.IPV4 ? "127.0.0.0/8" : "::1/128")));
        });
    }
}
