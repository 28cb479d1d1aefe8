package io.netprove.cli.report;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;

import java.util.List;

/**
 * What a check-like command reports: the verdicts of the statements (and, later, rule-pack findings), the file they
 * came from, the notes worth showing once (assumptions about the state), and the exit status they imply.
 */
public record Report(String intentFile, List<Verdict> verdicts, List<String> notes) {

    public Report {
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
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
