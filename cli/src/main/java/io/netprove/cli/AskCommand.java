package io.netprove.cli;

import io.netprove.api.Intent;
import io.netprove.api.Snapshot;
import io.netprove.api.Verifier;
import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.model.packet.Outcome;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.model.verdict.Witness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netprove ask "STATEMENT" --intent FILE}: one statement, answered in plain words with its witness. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer one statement (in the intent language) against the cluster an intent file describes.",
        footer = {"", "Examples:",
                "  netprove ask \"internet cannot reach service shop/db\" --intent examples/shop/intent.np",
                "  netprove ask \"office can reach service shop/web\" --intent intent.np --snapshot snap/",
                "", "Exit status as for check: 0 holds, 4 violated, 3 unknown, 2 usage or input error."})
public final class AskCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STATEMENT", description = "A statement, quoted as one argument.")
    String statement;

    @Option(names = "--intent", paramLabel = "FILE", required = true,
            description = "The intent file that describes the cluster (its zones, nodes and manifests).")
    Path intentFile;

    @Mixin
    CheckOptions options = new CheckOptions();

    @Override
    public Integer call() {
        Snapshot snapshot = options.snapshot();
        Intent intent = CheckOptions.intent(intentFile, snapshot);
        try (Verifier verifier = Verifier.open(intent, snapshot, options.limits())) {
            Verdict v = verifier.ask(statement);
            Report report = new Report(intentFile.toString(), List.of(v), verifier.notes());
            PrintWriter out = spec.commandLine().getOut();
            if (options.reportFormat() != ReportFormat.TEXT || options.reportFile != null
                    || !options.outputs.isEmpty()) {
                return options.emit(report, () -> CheckCommand.exposure(verifier), out, spec.commandLine().getErr());
            }
            out.println(plainAnswer(v));
            for (Witness w : v.witnesses()) {
                out.println();
                out.println((v.status() == Status.HOLDS ? "Example" : "Witness") + " on " + w.node() + ": "
                        + w.packet());
                int i = 0;
                for (Outcome o : w.outcomes()) {
                    i++;
                    out.println("  outcome " + i + ": " + TraceReport.headline(o));
                    for (var step : o.steps()) {
                        out.println("    " + step.hook() + " " + step.table() + " " + step.chain()
                                + (step.location().line() > 0 ? " " + step.location() : "") + ": " + step.effect());
                    }
                }
            }
            for (String r : v.reasons()) {
                out.println("Reason: " + r);
            }
            for (String a : v.approximations()) {
                out.println("Assumes: " + a);
            }
            out.flush();
            return report.exitStatus();
        }
    }

    static String plainAnswer(Verdict v) {
        return switch (v.status()) {
            case HOLDS -> "Yes. " + v.text() + "\n" + v.summary() + ".";
            case VIOLATED -> "No. " + v.text() + " does not hold.\n" + v.summary();
            case UNKNOWN -> "Unknown. " + v.text() + " could not be decided.\n" + v.summary();
        };
    }
}
