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
import io.netprove.verifier.topology.ClusterSimulator;
import io.netprove.verifier.topology.PathExtender;
import io.netprove.verifier.topology.Topology;

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
    private final PathExtender extender;
    private final ClusterSimulator cluster;
    private final int timeoutMillis;
    private final int maxPaths;
    private final Map<AddressFamily, SmtContext> contexts = new EnumMap<>(AddressFamily.class);

    /** Paths are followed on the node where they enter only. */
    public ReachChecker(NodeStates nodes, int timeoutMillis, int maxPaths) {
        this(nodes, null, timeoutMillis, maxPaths);
    }

    /** Paths that leave their node are followed across the cluster by {@code extender} (when not null). */
    public ReachChecker(NodeStates nodes, PathExtender extender, int timeoutMillis, int maxPaths) {
        this.nodes = nodes;
        this.extender = extender;
        this.cluster = extender == null ? null : new ClusterSimulator(extender);
        this.timeoutMillis = timeoutMillis;
        this.maxPaths = maxPaths;
    }

    private static final int SYMBOLIC_FIELDS = (1 << Field.SRC_ADDR.ordinal()) | (1 << Field.DST_ADDR.ordinal())
            | (1 << Field.SRC_PORT.ordinal()) | (1 << Field.DST_PORT.ordinal());

    /** True for the pseudo-node of packets that go straight from the parent network to MAC-VLAN pods. */
    private static boolean onLan(Probe p) {
        return Topology.LAN.equals(p.node());
    }

    /** The probe's paths, followed across nodes when an extender is set; null when the node was not captured. */
    private NetfilterSimulator.Exploration exploreProbe(Probe probe, NetfilterSimulator sim) {
        if (onLan(probe)) {
            return new NetfilterSimulator.Exploration(List.of(extender.lanDelivery(probe.template(),
                    SYMBOLIC_FIELDS, probe.space())), true, 1);
        }
        NetfilterSimulator.Exploration ex = sim.explore(probe.template(), probe.space(), maxPaths);
        if (extender == null) {
            return ex;
        }
        return new NetfilterSimulator.Exploration(extender.extend(probe.node(), ex.paths()), ex.complete(),
                ex.walks());
    }

    /** Every outcome of a concrete packet of the probe, followed across nodes when an extender is set. */
    private List<Outcome> simulate(Probe probe, NetfilterSimulator sim, Packet p) {
        if (onLan(probe)) {
            return List.of(cluster.lanDelivery(p));
        }
        return cluster == null ? sim.simulate(p) : cluster.simulate(probe.node(), p);
    }

    private NetfilterSimulator simulatorOf(Probe probe) {
        if (onLan(probe)) {
            return LAN_MARKER;
        }
        return nodes.simulator(probe.node(), probe.template().family());
    }

    /** Stands for "no node's netfilter" on MAC-VLAN deliveries, so that they are not taken as uncaptured. */
    private static final NetfilterSimulator LAN_MARKER = new NetfilterSimulator(
            new io.netprove.model.netfilter.Ruleset(AddressFamily.IPV4, Map.of(), List.of(), List.of(), List.of()),
            io.netprove.verifier.sim.NodeContext.of(Set.of()));

    private SmtContext context(AddressFamily f) {
        return contexts.computeIfAbsent(f, x -> new SmtContext(x, timeoutMillis));
    }

    /** The concrete simulation a witness is replayed with: across nodes when paths are followed across nodes. */
    public List<Outcome> simulate(Probe probe, Packet p) {
        NetfilterSimulator sim = simulatorOf(probe);
        return sim == null ? List.of() : simulate(probe, sim, p);
    }

    /** Decides the probes against the judge: VIOLATED on the first replayed witness, else UNKNOWN or HOLDS. */
    public CheckResult check(List<Probe> probes, PathJudge judge) {
        Search s = search(probes, judge);
        if (s.witness != null) {
            return new CheckResult(Status.VIOLATED, s.witness.explanation(), List.of(s.witness),
                    List.copyOf(s.reasons), List.copyOf(s.approximations));
        }
        if (!s.reasons.isEmpty()) {
            return new CheckResult(Status.UNKNOWN, "could not be decided: " + s.reasons.iterator().next(), List.of(),
                    List.copyOf(s.reasons), List.copyOf(s.approximations));
        }
        return new CheckResult(Status.HOLDS, "proven for every packet in scope (" + probes.size() + " probe"
                + (probes.size() == 1 ? "" : "s") + ")", List.of(), List.of(), List.copyOf(s.approximations));
    }

    /**
     * Looks for a packet that takes a path the judge marks BAD (read: "wanted"): HOLDS with the replayed witness
     * when one exists, VIOLATED when none can exist (with an illustrative packet from the first probe), UNKNOWN
     * when only paths depending on unmodelled constructs could provide one.
     */
    public CheckResult find(List<Probe> probes, PathJudge wanted, String found, String missing) {
        Search s = search(probes, wanted);
        if (s.witness != null) {
            return new CheckResult(Status.HOLDS, found + ": " + s.witness.explanation(), List.of(s.witness),
                    List.of(), List.copyOf(s.approximations));
        }
        if (!s.reasons.isEmpty()) {
            return new CheckResult(Status.UNKNOWN, "could not be decided: " + s.reasons.iterator().next(), List.of(),
                    List.copyOf(s.reasons), List.copyOf(s.approximations));
        }
        List<Witness> illustration = new ArrayList<>();
        for (Probe p : probes) {
            Witness w = illustrate(p, missing);
            if (w != null) {
                illustration.add(w);
                break;
            }
        }
        return new CheckResult(Status.VIOLATED, missing + (illustration.isEmpty() ? ""
                : "; for example " + illustration.get(0).explanation()), illustration,
                List.of("no packet in scope takes such a path (proven: the query is unsatisfiable)"),
                List.copyOf(s.approximations));
    }

    /** Explores the probes and returns the sources an exact BAD path may start from, plus reasons for doubt. */
    public BadSources badSources(List<Probe> probes, PathJudge judge) {
        Set<String> reasons = new LinkedHashSet<>();
        Map<AddressFamily, io.netprove.model.space.IntervalSet> bad = new EnumMap<>(AddressFamily.class);
        boolean exact = true;
        for (Probe probe : probes) {
            NetfilterSimulator sim = simulatorOf(probe);
            if (sim == null) {
                reasons.add("no forwarding state was captured for node " + probe.node() + " (" + probe.what() + ")");
                continue;
            }
            NetfilterSimulator.Exploration ex = exploreProbe(probe, sim);
            if (!ex.complete()) {
                reasons.add("more than " + maxPaths + " paths for " + probe.what());
            }
            for (SymbolicOutcome path : ex.paths()) {
                Judgement j = judge.judge(path);
                if (j.kind() == Judgement.Kind.GOOD) {
                    continue;
                }
                for (SymbolicOutcome p : restricted(path, j)) {
                    exact &= p.exact() && j.kind() == Judgement.Kind.BAD && p.residual().isEmpty();
                    io.netprove.model.space.IntervalSet src = p.space().get(Field.SRC_ADDR);
                    bad.merge(probe.template().family(), src, io.netprove.model.space.IntervalSet::union);
                }
            }
        }
        return new BadSources(bad, exact, List.copyOf(reasons));
    }

    /** Sources from which some bad path may start; {@code exact} when every such source really has one. */
    public record BadSources(Map<AddressFamily, io.netprove.model.space.IntervalSet> sources, boolean exact,
                             List<String> reasons) {
    }

    private static final class Search {
        Witness witness;
        final Set<String> reasons = new LinkedHashSet<>();
        final Set<String> approximations = new LinkedHashSet<>();
    }

    /** A probe explored on its node: the simulator (null when the node's state was not captured) and the paths. */
    public record Explored(Probe probe, NetfilterSimulator sim, List<SymbolicOutcome> paths, boolean complete) {
    }

    /** Explores every probe (the expensive part), so that several judges can share the paths. */
    public List<Explored> explore(List<Probe> probes) {
        List<Explored> out = new ArrayList<>(probes.size());
        for (Probe probe : probes) {
            NetfilterSimulator sim = simulatorOf(probe);
            if (sim == null) {
                out.add(new Explored(probe, null, List.of(), true));
                continue;
            }
            NetfilterSimulator.Exploration ex = exploreProbe(probe, sim);
            out.add(new Explored(probe, sim, ex.paths(), ex.complete()));
        }
        return out;
    }

    /** {@link #check} over probes already explored (their paths may be a relevant subset). */
    public CheckResult checkExplored(List<Explored> explored, PathJudge judge) {
        Search s = decide(explored, judge);
        if (s.witness != null) {
            return new CheckResult(Status.VIOLATED, s.witness.explanation(), List.of(s.witness),
                    List.copyOf(s.reasons), List.copyOf(s.approximations));
        }
        if (!s.reasons.isEmpty()) {
            return new CheckResult(Status.UNKNOWN, "could not be decided: " + s.reasons.iterator().next(), List.of(),
                    List.copyOf(s.reasons), List.copyOf(s.approximations));
        }
        return new CheckResult(Status.HOLDS, "proven for every packet in scope (" + explored.size() + " probe"
                + (explored.size() == 1 ? "" : "s") + ")", List.of(), List.of(), List.copyOf(s.approximations));
    }

    private Search search(List<Probe> probes, PathJudge judge) {
        return decide(explore(probes), judge);
    }

    private Search decide(List<Explored> explored, PathJudge judge) {
        Search s = new Search();
        for (Explored e : explored) {
            Probe probe = e.probe();
            NetfilterSimulator sim = e.sim();
            if (sim == null) {
                s.reasons.add("no " + (probe.template().family() == AddressFamily.IPV4 ? "IPv4" : "IPv6")
                        + " forwarding state was captured for node " + probe.node() + " (" + probe.what() + ")");
                continue;
            }
            if (sim != LAN_MARKER) {
                s.approximations.addAll(sim.ruleset().assumptions());
            }
            if (!e.complete()) {
                s.reasons.add("more than " + maxPaths + " paths for " + probe.what()
                        + "; the rest were not explored");
            }
            List<SymbolicOutcome> bad = new ArrayList<>();
            List<SymbolicOutcome> maybe = new ArrayList<>();
            List<String> badWhy = new ArrayList<>();
            List<String> maybeWhy = new ArrayList<>();
            for (SymbolicOutcome path : e.paths()) {
                Judgement j = judge.judge(path);
                if (j.kind() == Judgement.Kind.GOOD) {
                    continue;
                }
                for (SymbolicOutcome p : restricted(path, j)) {
                    if (j.kind() == Judgement.Kind.BAD && p.exact()) {
                        bad.add(p);
                        badWhy.add(j.why());
                    } else {
                        maybe.add(p);
                        maybeWhy.add(j.kind() == Judgement.Kind.BAD ? j.why() + " (if "
                                + String.join("; ", p.unknowns()) + ")" : j.why());
                    }
                }
            }
            if (bad.isEmpty() && maybe.isEmpty()) {
                continue;
            }
            SmtContext ctx = context(probe.template().family());
            PathQuery.Answer a = firstSatisfiable(ctx, bad, probe.template());
            if (a instanceof PathQuery.Sat sat) {
                SymbolicOutcome path = bad.get(sat.path());
                Witness w = replay(probe, simulate(probe, sim, sat.witness()), sat.witness(), path,
                        badWhy.get(sat.path()));
                if (w != null) {
                    s.approximations.addAll(path.assumptions());
                    s.witness = w;
                    return s;
                }
                s.reasons.add("internal disagreement: the witness " + sat.witness() + " on " + probe.node()
                        + " did not replay in the concrete simulator; reported as unknown");
            } else if (a instanceof PathQuery.Unknown u) {
                s.reasons.add("the solver gave up on " + probe.what() + ": " + u.reason());
            }
            PathQuery.Answer m = PathQuery.anyPath(ctx, maybe, probe.template());
            if (m instanceof PathQuery.Sat sat) {
                s.reasons.add("for example " + sat.witness() + " on " + probe.node() + ": "
                        + maybeWhy.get(sat.path()));
            } else if (m instanceof PathQuery.Unknown u) {
                s.reasons.add("the solver gave up on " + probe.what() + ": " + u.reason());
            }
        }
        return s;
    }

    /**
     * Asks Z3 about growing prefixes of the paths (1, 16, 256, ... then all): when many paths falsify a statement, a
     * witness comes from a small query; UNSAT is only concluded on the query over every path.
     */
    private static PathQuery.Answer firstSatisfiable(SmtContext ctx, List<SymbolicOutcome> paths,
                                                     Packet template) {
        int n = 1;
        while (n < paths.size()) {
            PathQuery.Answer a = PathQuery.anyPath(ctx, paths.subList(0, n), template);
            if (a instanceof PathQuery.Sat) {
                return a;
            }
            n *= 16;
        }
        return PathQuery.anyPath(ctx, paths, template);
    }

    private static List<SymbolicOutcome> restricted(SymbolicOutcome path, Judgement j) {
        if (j.regions().isEmpty()) {
            return List.of(path);
        }
        List<SymbolicOutcome> out = new ArrayList<>();
        for (HeaderSpace region : j.regions()) {
            SymbolicOutcome p = restrict(path, region);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    /** Simulates one sample packet of the probe (the lowest values of its space) to show what happens. */
    private Witness illustrate(Probe probe, String why) {
        NetfilterSimulator sim = simulatorOf(probe);
        if (sim == null || probe.space().isEmpty()) {
            return null;
        }
        // the packet a witness would be: host-like addresses and an ephemeral source port where the space has them
        Packet p = PathQuery.pick(probe.space(), probe.template(), probe.template().family());
        List<Outcome> outcomes = simulate(probe, sim, p);
        StringBuilder text = new StringBuilder(p + " on " + probe.node() + " is ");
        for (int i = 0; i < outcomes.size(); i++) {
            text.append(i == 0 ? "" : " or ").append(describe(outcomes.get(i)));
        }
        return new Witness(probe.node(), p, outcomes, text.toString());
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
    private static Witness replay(Probe probe, List<Outcome> outcomes, Packet witness, SymbolicOutcome path,
                                  String why) {
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
