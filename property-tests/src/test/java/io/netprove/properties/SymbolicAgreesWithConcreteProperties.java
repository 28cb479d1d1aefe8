package io.netprove.properties;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.Protocol;
import io.netprove.model.netfilter.Ruleset;
import io.netprove.model.packet.Packet;
import io.netprove.verifier.fuzz.CrossCheck;
import io.netprove.verifier.fuzz.Fates;
import io.netprove.verifier.fuzz.RuleBoundaries;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.NodeContext;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.smt.PathQuery;
import io.netprove.verifier.smt.SmtContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property (a): the symbolic explorer with Z3 agrees with the concrete simulator. For every generated rule set and
 * boundary-biased packet, the symbolic paths the packet satisfies give exactly the fates the concrete walk gives
 * it; for a sample of paths, Z3's witness satisfies the path and replays concretely to the path's fate; and Z3
 * never calls a path empty that a generated packet takes.
 */
class SymbolicAgreesWithConcreteProperties {

    /** Paths per exploration; a rule set that explodes beyond it is skipped (and counted). */
    static final int MAX_PATHS = 20_000;

    private static final Budget.Tally TALLY = new Budget.Tally("symbolic-agrees-with-concrete");

    /** A rule set, the node's route_localnet (null: inferred) and packets at its boundaries. */
    record Case(Ruleset ruleset, Boolean routeLocalnet, List<Packet> packets) {
        @Override
        public String toString() {
            return "route_localnet=" + routeLocalnet + ", packets " + packets + "\n"
                    + io.netprove.grammar.iptables.IptablesSaveWriter.write(ruleset);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(IptablesRulesets.rulesets(IptablesRulesets.Flavour.SEMANTIC, AddressFamily.IPV4),
                        Arbitraries.of(Boolean.TRUE, Boolean.FALSE).injectNull(0.3),
                        PacketSeed.seeds().list().ofSize(20))
                .as((rs, rl, seeds) -> {
                    RuleBoundaries edges = RuleBoundaries.of(rs, List.of(), IptablesRulesets.NODE);
                    return new Case(rs, rl, seeds.stream().map(s -> s.packet(edges)).toList());
                });
    }

    static NetfilterSimulator simulator(Ruleset rs, Boolean routeLocalnet) {
        return new NetfilterSimulator(rs, new NodeContext(java.util.Set.copyOf(IptablesRulesets.NODE), routeLocalnet));
    }

    @Property(shrinking = net.jqwik.api.ShrinkingMode.FULL, edgeCases = EdgeCasesMode.NONE)
    void everyPacketTakesExactlyItsConcreteFates(@ForAll("cases") Case c) {
        TALLY.cases.incrementAndGet();
        CrossCheck check = new CrossCheck(simulator(c.ruleset(), c.routeLocalnet()), MAX_PATHS);
        for (Packet p : c.packets()) {
            if (!check.exploration(p.protocol()).complete()) {
                TALLY.skipped.incrementAndGet();
                continue;
            }
            TALLY.checks.incrementAndGet();
            CrossCheck.Disagreement d = check.check(p);
            assertEquals(null, d, () -> "concrete and symbolic disagree: " + d);
        }
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void everyWitnessReplaysToItsPath(@ForAll("cases") Case c) {
        TALLY.cases.incrementAndGet();
        CrossCheck check = new CrossCheck(simulator(c.ruleset(), c.routeLocalnet()), MAX_PATHS);
        try (SmtContext ctx = new SmtContext(AddressFamily.IPV4, 10_000)) {
            for (Protocol proto : List.of(Protocol.TCP, Protocol.UDP)) {
                NetfilterSimulator.Exploration ex = check.exploration(proto);
                if (!ex.complete()) {
                    TALLY.skipped.incrementAndGet();
                    continue;
                }
                Set<Integer> taken = new HashSet<>();
                for (Packet p : c.packets()) {
                    if (p.protocol().equals(proto)) {
                        for (int i = 0; i < ex.paths().size(); i++) {
                            if (Fates.takes(ex.paths().get(i), p)) {
                                taken.add(i);
                            }
                        }
                    }
                }
                for (int i : sample(ex.paths().size(), Budget.witnessesPerRuleset(), taken)) {
                    SymbolicOutcome path = ex.paths().get(i);
                    CrossCheck.WitnessCheck w = check.witness(ctx, proto, path);
                    TALLY.checks.incrementAndGet();
                    assertTrue(!(w.answer() instanceof PathQuery.Unknown), () -> "Z3 gave up on path " + path);
                    assertTrue(!(w.answer() instanceof PathQuery.Unsat) || !taken.contains(i),
                            () -> "Z3 says no packet takes a path a generated packet takes: " + path);
                    assertTrue(w.agrees(), () -> "witness " + w.witness() + " of path " + path.steps()
                            + " satisfies it: " + w.satisfiesPath() + "; claimed " + w.claimedFate()
                            + ", replayed " + w.replayedFates());
                }
            }
        }
    }

    /** Up to {@code n} path indexes: the taken ones first, then evenly spread. */
    static List<Integer> sample(int size, int n, Set<Integer> taken) {
        List<Integer> out = new ArrayList<>();
        for (int i : taken) {
            if (out.size() < n / 2) {
                out.add(i);
            }
        }
        for (int k = 0; out.size() < n && k < size; k++) {
            int i = (int) ((long) k * size / Math.min(size, n));
            if (i < size && !out.contains(i)) {
                out.add(i);
            }
            if (k > 4 * n) {
                break;
            }
        }
        return out;
    }

    @AfterContainer
    static void report() {
        TALLY.print("packets and witnesses checked");
    }
}
