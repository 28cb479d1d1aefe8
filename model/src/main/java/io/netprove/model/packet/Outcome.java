package io.netprove.model.packet;

import java.util.List;

/**
 * One possible fate of a packet. A packet can have several (one per {@code statistic} branch, for example);
 * {@code probability} is the chance of this one when every branch on its path has a known probability, otherwise
 * null. {@code finalPacket} is the packet as it leaves (after DNAT/SNAT). {@code masquerade} is true when a
 * MASQUERADE target rewrote the source. {@code assumptions} lists the free choices taken on the way (a recent list
 * that was assumed to contain the source, say); {@code unknowns} lists unmodelled constructs the path depended on
 * and makes the outcome inexact.
 */
public record Outcome(Disposition disposition, Packet finalPacket, boolean masquerade, Double probability,
                      List<TraceStep> steps, List<String> assumptions, List<String> unknowns) {

    public Outcome {
        steps = List.copyOf(steps);
        assumptions = List.copyOf(assumptions);
        unknowns = List.copyOf(unknowns);
    }

    /** True when no unmodelled construct influenced this outcome. */
    public boolean exact() {
        return unknowns.isEmpty();
    }
}
