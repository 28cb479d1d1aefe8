package io.netprove.model.verdict;

import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;

import java.util.List;

/**
 * A concrete packet that demonstrates a verdict, on the node where it was checked, with every outcome the concrete
 * simulator gives it (replayed, so it is known to agree with the proof engine) and a sentence saying why it matters.
 */
public record Witness(String node, Packet packet, List<Outcome> outcomes, String explanation) {

    public Witness {
        outcomes = List.copyOf(outcomes);
    }
}
