package io.netprove.verifier.fuzz;

import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.HeaderSpace;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.smt.PathQuery;
import io.netprove.verifier.smt.SmtContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the concrete simulator and the symbolic explorer of one node to each other. For a concrete packet, the
 * symbolic paths it satisfies must give exactly the fates the concrete walk gives it; for a path, a witness Z3
 * finds must satisfy the path and, replayed concretely, have the path's fate among its outcomes. The whole packet
 * space of each protocol is explored once and reused.
 */
public final class CrossCheck {

    /** A packet the two modes disagree on: what each predicts (sorted fates). */
    public record Disagreement(Packet packet, List<String> concrete, List<String> symbolic) {
        @Override
        public String toString() {
            return packet + ": concrete " + concrete + ", symbolic " + symbolic;
        }
    }

    /**
     * What checking one path's witness found: the witness (null when Z3 proved the path empty or gave up), and
     * whether its concrete replay walked every alternative.
     */
    public record WitnessCheck(SymbolicOutcome path, PathQuery.Answer answer, Packet witness, boolean satisfiesPath,
                               String claimedFate, List<String> replayedFates, boolean replayComplete) {

        /**
         * True unless Z3's witness misses the path or replays to other fates (a replay cut short may not have
         * reached the path's fate: then only the witness's place on the path is checked).
         */
        public boolean agrees() {
            return witness == null || satisfiesPath && (replayedFates.contains(claimedFate) || !replayComplete);
        }
    }

    private final NetfilterSimulator sim;
    private final int maxPaths;
    private final Map<Protocol, NetfilterSimulator.Exploration> explored = new HashMap<>();

    public CrossCheck(NetfilterSimulator sim, int maxPaths) {
        this.sim = sim;
        this.maxPaths = maxPaths;
    }

    public NetfilterSimulator simulator() {
        return sim;
    }

    /** Every path packets of {@code protocol} (templated as {@link BoundaryPackets#template}) can take. */
    public NetfilterSimulator.Exploration exploration(Protocol protocol) {
        return explored.computeIfAbsent(protocol, p -> sim.explore(
                BoundaryPackets.template(sim.ruleset().family(), p), HeaderSpace.all(sim.ruleset().family()),
                maxPaths));
    }

    /**
     * Compares both modes on {@code p} (a new connection as {@link BoundaryPackets} makes them); null when they
     * agree, or when the exploration of its protocol or the concrete walks of {@code p} were cut short (then
     * nothing can be said).
     */
    public Disagreement check(Packet p) {
        NetfilterSimulator.Exploration ex = exploration(p.protocol());
        if (!ex.complete()) {
            return null;
        }
        List<Outcome> outcomes = sim.simulate(p);
        if (cutShort(outcomes)) {
            return null;
        }
        List<String> concrete = Fates.ofOutcomes(outcomes);
        List<String> symbolic = new ArrayList<>();
        for (SymbolicOutcome path : ex.paths()) {
            if (Fates.takes(path, p)) {
                symbolic.add(Fates.of(path, p));
            }
        }
        symbolic.sort(null);
        return concrete.equals(symbolic) ? null : new Disagreement(p, concrete, symbolic);
    }

    /** Asks Z3 for a packet on {@code path} (of {@code protocol}'s exploration) and replays it concretely. */
    public WitnessCheck witness(SmtContext ctx, Protocol protocol, SymbolicOutcome path) {
        Packet template = BoundaryPackets.template(sim.ruleset().family(), protocol);
        PathQuery.Answer a = PathQuery.anyPath(ctx, List.of(path), template);
        if (!(a instanceof PathQuery.Sat sat)) {
            return new WitnessCheck(path, a, null, false, null, List.of(), true);
        }
        Packet w = sat.witness();
        List<Outcome> replay = sim.simulate(w);
        return new WitnessCheck(path, a, w, Fates.takes(path, w), Fates.of(path, w), Fates.ofOutcomes(replay),
                !cutShort(replay));
    }

    /** True if the concrete simulator gave up on a packet: it walks at most MAX_ALTERNATIVES alternatives. */
    static boolean cutShort(List<Outcome> outcomes) {
        return outcomes.size() > NetfilterSimulator.MAX_ALTERNATIVES;
    }
}
