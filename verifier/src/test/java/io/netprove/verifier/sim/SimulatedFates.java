package io.netprove.verifier.sim;

import io.netprove.grammar.iptables.ProbeFlow;
import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The simulator's outcomes in the plain form the generator's expectations and the kernel oracle's answers are
 * compared in: {@code "FORWARDED 10.180.0.1:8080 masq"}, {@code "LOCAL 192.168.0.2:22"}, {@code "DROPPED"},
 * {@code "REJECTED"}, {@code "UNKNOWN"}; one string per distinct outcome.
 */
public final class SimulatedFates {

    private SimulatedFates() {
    }

    /** The first packet of the probe's connection. */
    public static Packet packet(ProbeFlow f) {
        return Packet.newConnection(IpAddress.parse(f.sourceIp()), IpAddress.parse(f.destination()),
                Protocol.lookup(f.protocol()), f.port());
    }

    /**
     * The outcomes as a sorted set; {@code masqueradeShows} says whether an outcome's masquerade counts (the kernel
     * can only see it when the source address changes).
     */
    public static Set<String> of(List<Outcome> outcomes, Predicate<Outcome> masqueradeShows) {
        Set<String> out = new TreeSet<>();
        for (Outcome o : outcomes) {
            Disposition d = o.disposition();
            if (d == Disposition.LOCAL || d == Disposition.FORWARDED) {
                out.add(d + " " + o.finalPacket().destinationText()
                        + (o.masquerade() && masqueradeShows.test(o) ? " masq" : ""));
            } else {
                out.add(d.name());
            }
        }
        return out;
    }

    /** The generator's expectations in the same form. */
    public static Set<String> expected(ProbeFlow f) {
        Set<String> out = new TreeSet<>();
        f.expected().forEach(e -> out.add(e.toString()));
        return out;
    }
}
