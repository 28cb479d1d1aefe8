package io.netprove.api;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdicts on an intent's statements, in the intent's order, with the notes about the input worth showing once
 * ("not captured: ..."). A shard's verification ({@link Verifier#open(Intent, Snapshot, Limits, Shard)}) carries
 * its {@link ShardRun}; {@link ShardMerge} turns a complete set of them into one unsharded verification.
 */
public record Verification(String intentFile, List<Verdict> verdicts, List<String> notes, Optional<ShardRun> shard) {

    /** Copies the lists; a shard run must have one scope per verdict. */
    public Verification {
        Objects.requireNonNull(intentFile, "intentFile");
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
        Objects.requireNonNull(shard, "shard");
        if (shard.isPresent() && shard.get().scopes().size() != verdicts.size()) {
            throw new IllegalArgumentException("a shard run needs one scope per verdict");
        }
    }

    /** How many verdicts have this status. */
    public long count(Status s) {
        return verdicts.stream().filter(v -> v.status() == s).count();
    }

    /** 0 all hold, 4 some violated, 3 nothing violated but something unknown (the CLI's exit status). */
    public int exitStatus() {
        if (count(Status.VIOLATED) > 0) {
            return 4;
        }
        return count(Status.UNKNOWN) > 0 ? 3 : 0;
    }
}
