package io.netprove.verifier.check;

import io.netprove.verifier.sim.SymbolicOutcome;

/** Classifies the paths of a symbolic exploration for one statement. */
@FunctionalInterface
public interface PathJudge {
    Judgement judge(SymbolicOutcome path);
}
