package io.netprove.grammar.nft;

import io.netprove.grammar.InputError;
import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.Counters;
import io.netprove.model.netfilter.Diagnostic;
import io.netprove.model.netfilter.Hook;
import io.netprove.model.netfilter.Policy;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers one table: every chain's rules, the base chains (hook, numeric priority, type, policy; BaseChain.table is
 * the table's {@code family name} key, so that ip and ip6 tables of the same name stay apart), and the checks nft
 * makes when it loads a table: every jump and goto names a chain of the table, every {@code @set} a set of the
 * table, and no chain reaches itself.
 */
final class NftTableLowering {

    private NftTableLowering() {
    }

    static NftTable lower(NftState.TableDef t, List<Diagnostic> diagnostics) {
        TableScope scope = new TableScope(t, dynamicSets(t), diagnostics);
        if (!t.family.equals("ip") && !t.family.equals("ip6") && !t.family.equals("inet")) {
            diagnostics.add(Diagnostic.note(t.declared, "table " + t.key() + " is of family " + t.family
                    + ", which routed IP packets do not traverse; it is kept but not evaluated for them"));
        }
        checkSets(scope);
        NftRuleLowering rules = new NftRuleLowering(scope);
        Map<String, Chain> chains = new LinkedHashMap<>();
        List<BaseChain> bases = new ArrayList<>();
        for (NftState.ChainDef ch : t.chains.values()) {
            List<Rule> lowered = new ArrayList<>();
            for (NftState.RuleDef r : ch.rules) {
                lowered.addAll(rules.lower(r));
            }
            Policy policy = null;
            if (ch.base != null) {
                policy = ch.base.policy().equals("drop") ? Policy.DROP : Policy.ACCEPT;
                Hook hook = hook(ch.base.hook());
                if (hook == null) {
                    diagnostics.add(Diagnostic.warning(ch.base.at(), "hook '" + ch.base.hook() + "' of chain '"
                            + ch.name + "' is not modelled; the chain is kept but never runs"));
                } else if (t.dormant) {
                    diagnostics.add(Diagnostic.note(ch.base.at(), "table " + t.key() + " is dormant: chain '"
                            + ch.name + "' is not registered at its hook"));
                } else {
                    bases.add(new BaseChain(t.key(), ch.name, hook, ch.base.priority(), type(ch.base.type()),
                            policy));
                }
            }
            chains.put(ch.name, new Chain(ch.name, policy, Counters.ZERO, lowered, ch.declared));
        }
        checkLoops(chains);
        return new NftTable(t.family, t.name, chains, bases, t.declared);
    }

    /**
     * nft checks every element against its set's type, and every jump or goto of a verdict map, when it loads the
     * set, whether a rule uses it or not; so does this (for the types netprove reads).
     */
    private static void checkSets(TableScope scope) {
        for (NftState.SetDef s : scope.table().sets.values()) {
            List<NftType> types = new ArrayList<>();
            for (String k : s.keyTypes) {
                types.add(s.typeof ? NftFields.typeOf(k) : NftType.byName(k));
            }
            boolean readable = !types.isEmpty() && types.stream().allMatch(NftType::lookupable);
            for (NftState.ElementDef e : s.elements) {
                if (readable) {
                    List<Expr> parts = e.key() instanceof Expr.Concat c ? c.parts() : List.of(e.key());
                    if (parts.size() != types.size()) {
                        List<String> names = new ArrayList<>();
                        types.forEach(t -> names.add(t.nftName));
                        throw new InputError(e.key().at(), "element '" + NftText.render(e.key()) + "' has "
                                + parts.size() + " component(s): expected " + types.size() + " ("
                                + String.join(" . ", names) + ")");
                    }
                    for (int i = 0; i < parts.size(); i++) {
                        types.get(i).values(parts.get(i));
                    }
                }
                if (e.verdict() != null && e.verdict().chain() != null) {
                    scope.checkChain(e.verdict().chain(), e.verdict().at());
                }
                if (s.map && "verdict".equals(s.dataType) && e.verdict() == null) {
                    throw new InputError(e.at(), "element '" + NftText.render(e.key()) + "' of verdict map '"
                            + s.name + "' has no verdict: expected KEY : VERDICT");
                }
            }
        }
    }

    /** Sets that rules change from the packet path ({@code update @set { ... }}). */
    private static Set<String> dynamicSets(NftState.TableDef t) {
        Set<String> out = new HashSet<>();
        for (NftState.ChainDef ch : t.chains.values()) {
            for (NftState.RuleDef r : ch.rules) {
                for (Stmt s : r.statements()) {
                    if (s instanceof Stmt.SetUpdate u) {
                        out.add(u.set());
                    }
                }
            }
        }
        return out;
    }

    private static Hook hook(String name) {
        return switch (name) {
            case "prerouting" -> Hook.PREROUTING;
            case "input" -> Hook.INPUT;
            case "forward" -> Hook.FORWARD;
            case "output" -> Hook.OUTPUT;
            case "postrouting" -> Hook.POSTROUTING;
            default -> null;
        };
    }

    private static BaseChain.Type type(String name) {
        return switch (name) {
            case "nat" -> BaseChain.Type.NAT;
            case "route" -> BaseChain.Type.ROUTE;
            default -> BaseChain.Type.FILTER;
        };
    }

    /** nft refuses a table where a chain can reach itself through jumps and gotos. */
    private static void checkLoops(Map<String, Chain> chains) {
        Map<String, Integer> state = new HashMap<>();
        for (String c : chains.keySet()) {
            visit(c, chains, state, new ArrayList<>());
        }
    }

    private static void visit(String name, Map<String, Chain> chains, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(name);
        if (s != null && s == 2) {
            return;
        }
        state.put(name, 1);
        path.add(name);
        Chain c = chains.get(name);
        for (Rule r : c.rules()) {
            String next = r.target() instanceof Target.Jump j ? j.chain()
                    : r.target() instanceof Target.Goto g ? g.chain() : null;
            if (next == null || !chains.containsKey(next)) {
                continue;
            }
            Integer ns = state.get(next);
            if (ns != null && ns == 1) {
                List<String> loop = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                loop.add(next);
                throw new InputError(r.location(), "chain loop " + String.join(" -> ", loop)
                        + ": expected chains that do not reach themselves");
            }
            visit(next, chains, state, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }
}
