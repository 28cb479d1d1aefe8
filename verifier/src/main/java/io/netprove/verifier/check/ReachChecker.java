package io.netprove.verifier.check;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.sim.NetfilterSimulator;
import io.netprove.verifier.sim.SymbolicOutcome;
import io.netprove.verifier.smt.PathQuery;
import io.netprove.verifier.smt.SmtContext;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides "no packet of these probes takes a bad path". Each probe is explored symbolically on its node; the judge
 * marks paths GOOD, BAD or UNDETERMINED; Z3 is asked whether any packet takes a BAD path that depends on nothing
 * unmodelled (SAT: a witness, replayed through the concrete simulator before it is reported; UNSAT: proven), then
 * whether any takes a BAD path that does, or an UNDETERMINED one (SAT: the answer is UNKNOWN, with the reason).
 * Owns one Z3 context per address family; close it when done.
 */
public final class ReachChecker implements AutoCloseable {

    private final NodeStates nodes;
    private final int timeoutMillis;
    private final int maxPaths;
    private final Map<AddressFamily, SmtContext> contexts = new EnumMap<>(AddressFamily.class);

    public ReachChecker(NodeStates nodes, int timeoutMillis, int maxPaths) {
        this.nodes = nodes;
        this.timeoutMillis = timeoutMillis;
        this.maxPaths = maxPaths;
    }

    private SmtContext context(AddressFamily f) {
        return contexts.computeIfAbsent(f, x -> new SmtContext(x, timeoutMillis));
    }

    /** Decides the probes against the judge: VIOLATED on the first replayed witness, else UNKNOWN or HOLDS. */
    public CheckResult check(List<Probe> probes, PathJudge judge) {
        Set<String> reasons = new LinkedHashSet<>();
        Set<String> approximations = new LinkedHashSet<>();
        for (Probe probe : probes) {
            NetfilterSimulator sim = nodes.simulator(probe.node(), probe.template().family());
            if (sim == null) {
                reasons.add("no " + (probe.template().family() == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                        + " forwarding state was captured for node " + probe.node() + " (" + probe.what() + ")");
                continue;
            }
            approximations.addAll(sim.ruleset().assumptions());
            NetfilterSimulator.Exploration ex = sim.explore(probe.template(), probe.space(), maxPaths);
            if (!ex.complete()) {
                reasons.add("more than " + maxPaths + " paths for " + probe.what()
                        + "; the rest were not explored");
            }
            List<SymbolicOutcome> bad = new ArrayList<>();
            List<SymbolicOutcome> maybe = new ArrayList<>();
            List<String> badWhy = new ArrayList<>();
            List<String> maybeWhy = new ArrayList<>();
            for (SymbolicOutcome path : ex.paths()) {
                Judgement j = judge.judge(path);
                if (j.kind() == Judgement.Kind.GOOD) {
                    continue;
                }
                SymbolicOutcome p = j.region() == null ? path : restrict(path, j.region());
                if (p == null) {
                    continue;
                }
                if (j.kind() == Judgement.Kind.BAD && p.exact()) {
                    bad.add(p);
                    badWhy.add(j.why());
                } else {
                    maybe.add(p);
                    maybeWhy.add(j.kind() == Judgement.Kind.BAD ? j.why() + " (if "
                            + String.join("; ", p.unknowns()) + ")" : j.why());
                }
            }
            SmtContext ctx = context(probe.template().family());
            PathQuery.Answer a = PathQuery.anyPath(ctx, bad, probe.template());
            if (a instanceof PathQuery.Sat sat) {
                SymbolicOutcome path = bad.get(sat.path());
                Witness w = replay(probe, sim, sat.witness(), path, badWhy.get(sat.path()));
                if (w != null) {
                    approximations.addAll(path.assumptions());
                    return new CheckResult(Status.VIOLATED, w.explanation(), List.of(w), List.copyOf(reasons),
                            List.copyOf(approximations));
                }
                reasons.add("internal disagreement: the witness " + sat.witness() + " on " + probe.node()
                        + " did not replay in the concrete simulator; reported as unknown");
            } else if (a instanceof PathQuery.Unknown u) {
                reasons.add("the solver gave up on " + probe.what() + ": " + u.reason());
            }
            PathQuery.Answer m = PathQuery.anyPath(ctx, maybe, probe.template());
            if (m instanceof PathQuery.Sat sat) {
                reasons.add("for example " + sat.witness() + " on " + probe.node() + ": "
                        + maybeWhy.get(sat.path()));
            } else if (m instanceof PathQuery.Unknown u) {
                reasons.add("the solver gave up on " + probe.what() + ": " + u.reason());
            }
        }
        if (!reasons.isEmpty()) {
            return new CheckResult(Status.UNKNOWN, "could not be decided: " + reasons.iterator().next(), List.of(),
                    List.copyOf(reasons), List.copyOf(approximations));
        }
        return new CheckResult(Status.HOLDS, "proven for every packet in scope (" + probes.size() + " probe"
                + (probes.size() == 1 ? "" : "s") + ")", List.of(), List.of(), List.copyOf(approximations));
    }

    private static SymbolicOutcome restrict(SymbolicOutcome p, HeaderSpace region) {
        HeaderSpace s = p.space();
        for (Field f : Field.ALL) {
            s = s.restrict(f, region.get(f));
        }
        if (s.isEmpty()) {
            return null;
        }
        return new SymbolicOutcome(p.disposition(), p.header(), p.varMask(), p.masquerade(), p.dnat(), p.snat(), s,
                p.residual(), p.steps(), p.assumptions(), p.unknowns());
    }

    /** Replays the witness concretely; returns it with its outcomes if an outcome matches the path, else null. */
    private static Witness replay(Probe probe, NetfilterSimulator sim, Packet witness, SymbolicOutcome path,
                                  String why) {
        List<Outcome> outcomes = sim.simulate(witness);
        String expectedDst = predictedDestination(path, witness);
        for (Outcome o : outcomes) {
            if (o.disposition() == path.disposition() && o.masquerade() == path.masquerade()
                    && o.finalPacket().destinationText().equals(expectedDst)) {
                String text = witness + " on " + probe.node() + " is " + describe(o) + ": " + why;
                return new Witness(probe.node(), witness, outcomes, text);
            }
        }
        return null;
    }

    private static String predictedDestination(SymbolicOutcome path, Packet witness) {
        Packet h = path.header();
        Packet d = witness.withDestination(path.isOriginal(Field.DST_ADDR) ? witness.destination() : h.destination(),
                path.isOriginal(Field.DST_PORT) ? witness.destinationPort() : h.destinationPort());
        return d.destinationText();
    }

    static String describe(Outcome o) {
        String s = o.disposition().name();
        if (o.disposition() == Disposition.FORWARDED) {
            s += " to " + o.finalPacket().destinationText();
        } else if (o.disposition() == Disposition.LOCAL) {
            s += " (delivered to the node at " + o.finalPacket().destinationText() + ")";
        }
        if (o.masquerade()) {
            s += ", masqueraded";
        }
        return s;
    }

    @Override
    public void close() {
        for (SmtContext c : contexts.values()) {
            c.close();
        }
        contexts.clear();
    }
}
