package io.netprove.model.verdict;

import io.netprove.model.netfilter.SourceLocation;

import java.util.List;

/**
 * The verdict on one statement: {@code subject} is the statement's name (or its text), {@code text} its text and
 * {@code location} where it was written. {@code summary} says the result in one sentence; {@code reasons} explain
 * UNKNOWN (and how a VIOLATED was found); {@code approximations} name every semantic approximation the answer rests on.
 */
public record Verdict(String subject, String text, SourceLocation location, Status status, String summary,
                      List<Witness> witnesses, List<String> reasons, List<String> approximations, long millis) {

    public Verdict {
        witnesses = List.copyOf(witnesses);
        reasons = List.copyOf(reasons);
        approximations = List.copyOf(approximations);
    }
}
