package io.netprove.verifier.fuzz;

import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.BaseChain;
import io.netprove.model.netfilter.Chain;
import io.netprove.model.netfilter.CtState;
import io.netprove.model.netfilter.Rule;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.netfilter.Table;
import io.netprove.model.netfilter.Target;
import io.netprove.model.nft.NftTable;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.HeaderSpace;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.smt.PathQuery;
import io.netprove.verifier.smt.SmtContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the rules of one node that no packet can match: the symbolic explorer walks every packet of every protocol
 * and conntrack state the rules can tell apart (and each interface and incoming mark they test), a rule seen on a
 * path with no residual condition matches, and for a rule seen only on paths with residual conditions Z3 decides
 * whether any packet satisfies one of them. What is left can never match: either its chain is never jumped to, or
 * earlier rules (or its own contradictory criteria) leave it no packet.
 */
public final class NeverMatchingRules {

    /** Paths per rule given to one Z3 query; beyond it the rule is counted as matching (nothing is claimed). */
    private static final int MAX_QUERY_PATHS = 256;

    /** Why a rule never matches. */
    public enum Reason { UNREFERENCED_CHAIN, UNREACHED_CHAIN, SHADOWED }

    /** A rule no packet matches, where it is, and why. */
    public record Unmatched(String table, String chain, Rule rule, Reason reason) {
    }

    /**
     * The answer: rules that never match, the packet templates explored (for the report), and whether the answer
     * is complete (every exploration finished and every Z3 query was decided). When it is not, {@code unmatched}
     * holds only the rules of unreferenced chains.
     */
    public record Result(List<Unmatched> unmatched, List<String> templates, boolean complete, List<String> notes) {
    }

    private NeverMatchingRules() {
    }

    /** The packet templates to explore: every protocol and state, then each interface and mark the rules test. */
    public static List<Packet> templates(RuleBoundaries edges) {
        List<Packet> out = new ArrayList<>();
        for (Protocol p : edges.protocols()) {
            for (CtState s : new CtState[] {CtState.NEW, CtState.ESTABLISHED, CtState.RELATED, CtState.INVALID}) {
                out.add(BoundaryPackets.template(edges.family(), p).withCtState(s));
            }
        }
        Packet tcp = BoundaryPackets.template(edges.family(), Protocol.TCP);
        for (String i : edges.interfaces()) {
            out.add(tcp.withInterfaces(i, null));
            out.add(tcp.withInterfaces(null, i));
        }
        for (long m : edges.marks()) {
            if (m != 0) {
                out.add(tcp.withMark(m));
            }
        }
        return out;
    }

    public static Result find(NetfilterSimulator sim, RuleBoundaries edges, int maxPaths, SmtContext ctx) {
        return find(sim, edges, maxPaths, ctx, () -> { });
    }

    /** As {@link #find(NetfilterSimulator, RuleBoundaries, int, SmtContext)}, calling {@code explored} per template. */
    public static Result find(NetfilterSimulator sim, RuleBoundaries edges, int maxPaths, SmtContext ctx,
                              Runnable explored) {
        Map<SourceLocation, Unmatched> all = new LinkedHashMap<>();
        Map<String, Set<String>> referenced = new HashMap<>();
        collect(sim, all, referenced);
        Set<SourceLocation> matched = new HashSet<>();
        Map<SourceLocation, List<SymbolicOutcome>> conditional = new HashMap<>();
        Map<SourceLocation, Packet> templateOf = new HashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> described = new ArrayList<>();
        boolean complete = true;
        for (Packet t : templates(edges)) {
            described.add(describe(t));
            NetfilterSimulator.Exploration ex = sim.explore(t, HeaderSpace.all(edges.family()), maxPaths);
            explored.run();
            if (!ex.complete()) {
                complete = false;
                notes.add("exploring " + describe(t) + " stopped after " + maxPaths + " paths: rules shadowed for"
                        + " such packets are not reported");
            }
            for (SymbolicOutcome path : ex.paths()) {
                for (TraceStep s : path.steps()) {
                    SourceLocation at = s.location();
                    if (s.rule().isEmpty() || !all.containsKey(at) || matched.contains(at)) {
                        continue;
                    }
                    if (path.residual().isEmpty()) {
                        matched.add(at);
                        conditional.remove(at);
                    } else {
                        conditional.computeIfAbsent(at, k -> new ArrayList<>()).add(path);
                        templateOf.putIfAbsent(at, t);
                    }
                }
            }
        }
        for (Map.Entry<SourceLocation, List<SymbolicOutcome>> e : conditional.entrySet()) {
            List<SymbolicOutcome> paths = e.getValue();
            if (paths.size() > MAX_QUERY_PATHS) {
                matched.add(e.getKey());
                continue;
            }
            PathQuery.Answer a = PathQuery.anyPath(ctx, paths, templateOf.get(e.getKey()));
            if (a instanceof PathQuery.Unknown u) {
                complete = false;
                notes.add("Z3 could not decide whether " + e.getKey() + " matches (" + u.reason() + ")");
                matched.add(e.getKey());
            } else if (a instanceof PathQuery.Sat) {
                matched.add(e.getKey());
            }
        }
        Set<String> reachedChains = new HashSet<>();
        for (Unmatched u : all.values()) {
            if (matched.contains(u.rule().location())) {
                reachedChains.add(u.table() + "/" + u.chain());
            }
        }
        List<Unmatched> out = new ArrayList<>();
        for (Unmatched u : all.values()) {
            if (matched.contains(u.rule().location())) {
                continue;
            }
            boolean unreferenced = !referenced.getOrDefault(u.table(), Set.of()).contains(u.chain());
            if (unreferenced) {
                out.add(new Unmatched(u.table(), u.chain(), u.rule(), Reason.UNREFERENCED_CHAIN));
            } else if (complete) {
                out.add(new Unmatched(u.table(), u.chain(), u.rule(),
                        reachedChains.contains(u.table() + "/" + u.chain()) ? Reason.SHADOWED
                                : Reason.UNREACHED_CHAIN));
            }
        }
        return new Result(out, described, complete, notes);
    }

    /** Every rule by location, and per table the chains something calls (built-in and base chains included). */
    private static void collect(NetfilterSimulator sim, Map<SourceLocation, Unmatched> all,
                                Map<String, Set<String>> referenced) {
        for (Table t : sim.ruleset().tables().values()) {
            String table = t.name().lowerName();
            Set<String> refs = referenced.computeIfAbsent(table, k -> new HashSet<>());
            for (Chain c : t.chains().values()) {
                if (c.isBuiltin()) {
                    refs.add(c.name());
                }
                chain(table, c, all, refs);
            }
        }
        for (NftTable t : sim.nftTables()) {
            String table = t.key();
            Set<String> refs = referenced.computeIfAbsent(table, k -> new HashSet<>());
            for (BaseChain b : t.baseChains()) {
                refs.add(b.chain());
            }
            for (Chain c : t.chains().values()) {
                chain(table, c, all, refs);
            }
        }
    }

    private static void chain(String table, Chain c, Map<SourceLocation, Unmatched> all, Set<String> refs) {
        for (Rule r : c.rules()) {
            if (r.target() instanceof Target.Jump j) {
                refs.add(j.chain());
            } else if (r.target() instanceof Target.Goto g) {
                refs.add(g.chain());
            }
            all.putIfAbsent(r.location(), new Unmatched(table, c.name(), r, Reason.SHADOWED));
        }
    }

    static String describe(Packet t) {
        StringBuilder sb = new StringBuilder(t.protocol().name()).append(' ')
                .append(t.ctState().name().toLowerCase(java.util.Locale.ROOT));
        if (t.inInterface() != null) {
            sb.append(" in ").append(t.inInterface());
        }
        if (t.outInterface() != null) {
            sb.append(" out ").append(t.outInterface());
        }
        if (t.mark() != 0) {
            sb.append(" mark 0x").append(Long.toHexString(t.mark()));
        }
        return sb.toString();
    }
}
