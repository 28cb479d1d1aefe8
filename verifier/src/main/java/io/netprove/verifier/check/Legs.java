package io.netprove.verifier.check;

import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Field;
import io.netprove.model.space.IntervalSet;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One connection of a proxied path (client to ingress controller, controller to backend, client to API server, API
 * server to kubelet or to endpoints), asked with the same probes, judges and solver as a direct statement. A request
 * through a proxy takes two such connections; each is a {@link Leg}, decided on its own, with its own witness.
 */
final class Legs {

    /** Where source addresses come from: per family, the zone they were named by (for its routes), and their name. */
    record Sources(Map<AddressFamily, IntervalSet> sets, Optional<String> zone, String text) {

        IntervalSet of(AddressFamily f) {
            return sets.getOrDefault(f, IntervalSet.empty(f.bits()));
        }

        boolean isEmpty() {
            return sets.values().stream().allMatch(IntervalSet::isEmpty);
        }

        /** The same sources narrowed to {@code keep} (per family). */
        Sources within(Map<AddressFamily, IntervalSet> keep, String text) {
            Map<AddressFamily, IntervalSet> out = new EnumMap<>(AddressFamily.class);
            for (AddressFamily f : AddressFamily.values()) {
                out.put(f, of(f).intersect(keep.getOrDefault(f, IntervalSet.empty(f.bits()))));
            }
            return new Sources(out, zone, text);
        }
    }

    /** A leg: TCP packets (probes) and where they must end, per family. */
    record Leg(String what, List<Probe> probes, Map<AddressFamily, Arrival> arrivals) {

        boolean isEmpty() {
            return probes.isEmpty();
        }

        Arrival arrival(AddressFamily f) {
            return arrivals.get(f);
        }
    }

    private final StatementChecker sc;

    Legs(StatementChecker sc) {
        this.sc = sc;
    }

    /** Sources given per family by a function. */
    static Map<AddressFamily, IntervalSet> perFamily(Function<AddressFamily, IntervalSet> f) {
        Map<AddressFamily, IntervalSet> out = new EnumMap<>(AddressFamily.class);
        for (AddressFamily a : AddressFamily.values()) {
            out.put(a, f.apply(a));
        }
        return out;
    }

    /** A destination of a leg: an address and port, and what it is ("endpoint of shop/web:http"). */
    record Dest(IpAddress address, int port, Protocol protocol, String text) {
    }

    /**
     * Probes from the sources to the frontends each entry offers ({@code frontends}: only those whose address the
     * entry can carry are kept), one per entry and frontend.
     */
    Leg toFrontends(String what, Sources src, Function<StatementChecker.Entry, List<Frontend>> frontends,
                    Map<AddressFamily, Arrival> arrivals) {
        return toDestinations(what, src, e -> frontends.apply(e).stream().map(fe -> new Dest(fe.address(), fe.port(),
                fe.protocol(), fe.text() + " of " + fe.of())).toList(), arrivals);
    }

    /** Probes from the sources to the destinations each entry offers and can carry, one per entry and destination. */
    Leg toDestinations(String what, Sources src, Function<StatementChecker.Entry, List<Dest>> dests,
                       Map<AddressFamily, Arrival> arrivals) {
        List<Probe> probes = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            if (src.of(f).isEmpty()) {
                continue;
            }
            for (StatementChecker.Entry e : sc.entries(src.of(f), f, src.zone())) {
                for (Dest d : dests.apply(e)) {
                    if (d.address().family() != f || !e.carry().contains(d.address().hi(), d.address().lo())) {
                        continue;
                    }
                    IntervalSet port = IntervalSet.range(16, d.port(), d.port());
                    Traffic t = new Traffic(d.protocol(), -1, port);
                    probes.add(new Probe(e.nodeName(), t.template(f), StatementChecker.space(f, e.sources(),
                            IntervalSet.of(d.address()), port), src.text() + " to " + d.text() + " on "
                            + e.nodeName()));
                }
            }
        }
        return new Leg(what, probes, arrivals);
    }

    /**
     * Probes from the sources to every destination each entry can carry ({@code restrict}, when not null, narrows
     * them), on every TCP port: for "no packet gets there" questions.
     */
    Leg toAnything(String what, Sources src, Function<StatementChecker.Entry, IntervalSet> restrict,
                   Map<AddressFamily, Arrival> arrivals) {
        List<Probe> probes = new ArrayList<>();
        for (AddressFamily f : AddressFamily.values()) {
            if (src.of(f).isEmpty()) {
                continue;
            }
            for (StatementChecker.Entry e : sc.entries(src.of(f), f, src.zone())) {
                IntervalSet dst = restrict == null ? e.carry() : e.carry().intersect(restrict.apply(e));
                if (dst.isEmpty()) {
                    continue;
                }
                Traffic t = new Traffic(Protocol.TCP, -1, Traffic.ALL_PORTS);
                probes.add(new Probe(e.nodeName(), t.template(f), StatementChecker.space(f, e.sources(), dst,
                        Traffic.ALL_PORTS), src.text() + " (tcp, any port) entering " + e.nodeName()));
            }
        }
        return new Leg(what, probes, arrivals);
    }

    /**
     * Every packet of the leg arrives (HOLDS), or a witness that one does not (VIOLATED), or UNKNOWN; a leg without
     * packets (its sources have no addresses, or none can address its destinations) is UNKNOWN, never a vacuous proof.
     */
    CheckResult every(Leg leg) {
        if (leg.isEmpty()) {
            return StatementChecker.unknown("nothing to check for " + leg.what() + ": its sources have no address"
                    + " that can send to its destinations");
        }
        PathJudge judge = path -> StatementChecker.canReachJudge(leg.arrival(path.header().family()), false)
                .judge(path);
        return sc.reachChecker().check(leg.probes(), judge);
    }

    /** Some packet of the leg arrives (HOLDS, with its witness), or none can (VIOLATED), or UNKNOWN. */
    CheckResult some(Leg leg) {
        return sc.reachChecker().find(leg.probes(), arrives(leg), leg.what(), "no packet of " + leg.what()
                + " arrives");
    }

    /** No packet of the leg arrives (HOLDS), or a witness that one does (VIOLATED), or UNKNOWN. */
    CheckResult none(Leg leg) {
        return sc.reachChecker().check(leg.probes(), arrives(leg));
    }

    private static PathJudge arrives(Leg leg) {
        return path -> {
            if (path.disposition() == Disposition.UNKNOWN) {
                return Judgement.undetermined("an unmodelled target decides the packet's fate");
            }
            Arrival a = leg.arrival(path.header().family());
            return Judgement.badWithin(a.arriving(path), "it arrives at " + a.description());
        };
    }

    /**
     * A concrete packet of the leg's first probe (lowest source, destination and port), replayed, to show a leg
     * that was proven for every packet.
     */
    Optional<Witness> sample(Leg leg, String text) {
        for (Probe p : leg.probes()) {
            if (p.space().isEmpty()) {
                continue;
            }
            AddressFamily f = p.template().family();
            long[] s = p.space().get(Field.SRC_ADDR).first();
            long[] d = p.space().get(Field.DST_ADDR).first();
            IpAddress src = f == AddressFamily.IPV4 ? IpAddress.v4(s[1]) : IpAddress.v6(s[0], s[1]);
            IpAddress dst = f == AddressFamily.IPV4 ? IpAddress.v4(d[1]) : IpAddress.v6(d[0], d[1]);
            Packet packet = p.template().withSource(src, 40000)
                    .withDestination(dst, (int) p.space().get(Field.DST_PORT).first()[1]);
            return Optional.of(new Witness(p.node(), packet, sc.reachChecker().simulate(p, packet), text));
        }
        return Optional.empty();
    }

    /** A leg's result with its explanation and witnesses prefixed by the leg's name. */
    static CheckResult named(String name, CheckResult r) {
        List<Witness> ws = new ArrayList<>();
        for (Witness w : r.witnesses()) {
            ws.add(new Witness(w.node(), w.packet(), w.outcomes(), name + ": " + w.explanation()));
        }
        return new CheckResult(r.status(), name + ": " + r.summary(), ws, r.reasons(), r.approximations());
    }

    static boolean holds(CheckResult r) {
        return r.status() == Status.HOLDS;
    }
}
