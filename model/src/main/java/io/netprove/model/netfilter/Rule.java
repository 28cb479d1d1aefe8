package io.netprove.model.netfilter;

import java.util.List;

/**
 * One rule of a chain: all {@code matches} must hold for {@code target} to apply. {@code text} is the rule as written
 * (without the {@code -A CHAIN} prefix) and {@code location} where it was read.
 */
public record Rule(List<Match> matches, Target target, Counters counters, SourceLocation location, String text) {

    public Rule {
        matches = List.copyOf(matches);
    }
}
