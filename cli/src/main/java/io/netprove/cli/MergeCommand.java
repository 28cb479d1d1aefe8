package io.netprove.cli;

import io.netprove.api.ShardMerge;
import io.netprove.api.Verification;
import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netprove merge REPORT...}: the shards' JSON reports of one sharded check, combined into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Combine the JSON reports of every shard of a sharded check (check --shard I/N --format json)"
                + " into the report of the whole cluster, in any format.",
        footer = {"", "Examples:",
                "  netprove merge shard-*.json",
                "  netprove merge reports/*.json --format sarif --report-file netprove.sarif --output html=report.html",
                "", "A statement about every packet is violated if a shard found a witness, unknown if none did but",
                "one could not decide, and holds if it held on every shard; statements about some packet are taken",
                "from shard 0, which checks them on every node.",
                "", "Exit status as for check: 0 all hold, 4 some violated, 3 something unknown, 2 bad or missing",
                "shard reports."})
public final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "REPORT", description = "The shards' JSON reports.")
    List<Path> reports = new ArrayList<>();

    @Mixin
    CheckOptions options = new CheckOptions();

    @Override
    public Integer call() {
        if (options.snapshot != null) {
            throw new UsageError("--snapshot: merge reads only the shards' reports");
        }
        if (options.destinations().stream().anyMatch(d -> d.format() == ReportFormat.DOT)) {
            throw new UsageError("--format dot: the exposure graph is drawn by check and matrix on the whole"
                    + " cluster, not from shard reports");
        }
        List<Verification> shards = new ArrayList<>();
        for (Path p : reports) {
            shards.add(ReportReader.read(p).verification());
        }
        Verification merged;
        try {
            merged = ShardMerge.merge(shards);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        return options.emit(Report.of(merged), () -> null, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
