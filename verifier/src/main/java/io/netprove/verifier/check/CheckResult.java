package io.netprove.verifier.check;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Witness;

import java.util.List;

/** The outcome of deciding one reachability question, before it is attached to a statement. */
public record CheckResult(Status status, String summary, List<Witness> witnesses, List<String> reasons,
                          List<String> approximations) {

    public CheckResult {
        witnesses = List.copyOf(witnesses);
        reasons = List.copyOf(reasons);
        approximations = List.copyOf(approximations);
    }
}
