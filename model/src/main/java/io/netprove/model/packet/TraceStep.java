package io.netprove.model.packet;

import io.netprove.model.netfilter.SourceLocation;

/**
 * One step of a packet's walk: the hook and table it was in, the chain, the rule's source location and text (empty
 * for a chain policy or a routing decision), and what the step did in words.
 */
public record TraceStep(String hook, String table, String chain, SourceLocation location, String rule,
                        String effect) {
}
