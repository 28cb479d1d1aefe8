package io.netprove.verifier.sim;

import io.netprove.model.packet.Disposition;
import io.netprove.model.packet.Packet;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.space.Condition;
import io.netprove.model.space.Field;
import io.netprove.model.space.HeaderSpace;

import java.util.List;

/**
 * One path of a symbolic walk: the packets that take it are those of the original header in {@code space} that also
 * satisfy every {@code residual} condition. {@code header} holds the values of the fields the path rewrote (NAT) or
 * that were concrete from the start; a field whose bit is set in {@code varMask} is still the original packet's
 * field. {@code unknowns} lists unmodelled constructs the path depends on; {@code assumptions} the free choices
 * (statistic branches, recent lookups...) it took.
 */
public record SymbolicOutcome(Disposition disposition, Packet header, int varMask, boolean masquerade, boolean dnat,
                              boolean snat, HeaderSpace space, List<Condition> residual, List<TraceStep> steps,
                              List<String> assumptions, List<String> unknowns) {

    public SymbolicOutcome {
        residual = List.copyOf(residual);
        steps = List.copyOf(steps);
        assumptions = List.copyOf(assumptions);
        unknowns = List.copyOf(unknowns);
    }

    /** True if {@code f} is still the original packet's field at the end of the path. */
    public boolean isOriginal(Field f) {
        return (varMask & (1 << f.ordinal())) != 0;
    }

    public boolean exact() {
        return unknowns.isEmpty();
    }
}
