package io.netprove.cli.report;

import io.netprove.api.ShardRun;
import io.netprove.api.Verification;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check-like command reports: the verdicts of the statements (and, later, rule-pack findings), the file they
 * came from, the notes worth showing once (assumptions about the state), what part of a sharded run it is, and the
 * exit status they imply.
 */
public record Report(String intentFile, List<Verdict> verdicts, List<String> notes, Optional<ShardRun> shard) {

    public Report {
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
        Objects.requireNonNull(shard, "shard");
    }

    /** A report that is not part of a sharded run. */
    public Report(String intentFile, List<Verdict> verdicts, List<String> notes) {
        this(intentFile, verdicts, notes, Optional.empty());
    }

    /** The report of a verification made through the library façade. */
    public static Report of(Verification v) {
        return new Report(v.intentFile(), v.verdicts(), v.notes(), v.shard());
    }

    /** The verification this report shows (for merging shard reports). */
    public Verification verification() {
        return new Verification(intentFile, verdicts, notes, shard);
    }

    public long count(Status s) {
        return verdicts.stream().filter(v -> v.status() == s).count();
    }

    /** 0 all hold, 4 some violated, 3 nothing violated but something unknown. */
    public int exitStatus() {
        if (count(Status.VIOLATED) > 0) {
            return 4;
        }
        return count(Status.UNKNOWN) > 0 ? 3 : 0;
    }
}
