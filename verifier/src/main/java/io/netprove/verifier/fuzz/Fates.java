package io.netprove.verifier.fuzz;

import io.netprove.model.net.IpAddress;
import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.FieldValues;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.List;

/**
 * The fate of a packet in one comparable word: disposition, then for delivered and forwarded packets the source and
 * destination as they leave and whether MASQUERADE rewrote the source ({@code "FORWARDED 10.0.0.5:40000 ->
 * 10.244.1.3:8080 masq"}). Concrete outcomes and symbolic paths are both turned into this form.
 */
public final class Fates {

    private Fates() {
    }

    /** The fate of one concrete outcome. */
    public static String of(Outcome o) {
        return text(o.disposition(), o.finalPacket().sourceText(), o.finalPacket().destinationText(), o.masquerade());
    }

    /** The fate a symbolic path gives the concrete packet {@code p} (which must satisfy it). */
    public static String of(SymbolicOutcome path, Packet p) {
        IpAddress src = path.isOriginal(Field.SRC_ADDR) ? p.source() : path.header().source();
        int sport = path.isOriginal(Field.SRC_PORT) ? p.sourcePort() : path.header().sourcePort();
        IpAddress dst = path.isOriginal(Field.DST_ADDR) ? p.destination() : path.header().destination();
        int dport = path.isOriginal(Field.DST_PORT) ? p.destinationPort() : path.header().destinationPort();
        return text(path.disposition(), sport >= 0 ? src.withPort(sport) : src.toString(),
                dport >= 0 ? dst.withPort(dport) : dst.toString(), path.masquerade());
    }

    private static String text(Disposition d, String src, String dst, boolean masquerade) {
        if (d != Disposition.LOCAL && d != Disposition.FORWARDED) {
            return d.name();
        }
        return d + " " + src + " -> " + dst + (masquerade ? " masq" : "");
    }

    /** True if {@code p}'s header lies in the path's space and satisfies each of its residual conditions. */
    public static boolean takes(SymbolicOutcome path, Packet p) {
        FieldValues v = FieldValues.of(p);
        if (!v.in(path.space())) {
            return false;
        }
        for (Condition c : path.residual()) {
            if (!v.satisfies(c)) {
                return false;
            }
        }
        return true;
    }

    /** The fates of concrete outcomes, sorted. */
    public static List<String> ofOutcomes(List<Outcome> outcomes) {
        List<String> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            out.add(of(o));
        }
        out.sort(null);
        return out;
    }
}
