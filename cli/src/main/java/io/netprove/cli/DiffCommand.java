package io.netprove.cli;

import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.api.Intent;
import io.netprove.api.Snapshot;
import io.netprove.api.Verifier;
import io.netprove.model.intent.Statement;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.FlowDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code netprove diff --before DIR --after DIR INTENT}: which statements change verdict, and flows that change fate. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two snapshots (folders with nodes/NAME/, cluster/ and meta.json) against an intent.",
        footer = {"", "Example:",
                "  netprove diff --before snapshots/monday --after snapshots/tuesday examples/shop/intent.np",
                "  netprove diff --before snapshots/monday --predict-after pr/intent.np",
                "", "Exit status: 0 no statement changed verdict, 4 some did (the after-verdicts are in the report),",
                "2 usage or input error."})
public final class DiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INTENT", description = "The intent file.")
    Path intentFile;

    @Option(names = "--before", paramLabel = "DIR", required = true, description = "Snapshot folder before the change.")
    Path before;

    @Option(names = "--after", paramLabel = "DIR", description = "Snapshot folder after the change.")
    Path after;

    @Option(names = "--predict-after",
            description = "Instead of --after: the state kube-proxy would write for the manifests the intent names (a"
                    + " pull request's working tree), compiled as netprove compile does.")
    boolean predictAfter;

    @Option(names = "--examples", paramLabel = "N", defaultValue = "20",
            description = "At most N example flows whose fate changes (default: ${DEFAULT-VALUE}).")
    int examples;

    @Mixin
    CheckOptions options = new CheckOptions();

    @Override
    public Integer call() {
        if (options.snapshot != null) {
            throw new UsageError("--snapshot: diff reads its two snapshots from --before and --after");
        }
        if (options.needsExposure()) {
            throw new UsageError("--format " + options.format + ": diff writes text, json, junit or sarif");
        }
        if ((after == null) == !predictAfter) {
            throw new UsageError("give exactly one of --after DIR and --predict-after");
        }
        Path temporary = predictAfter ? Prediction.temporaryFolder() : null;
        try {
            return compare(temporary);
        } finally {
            if (temporary != null) {
                Prediction.delete(temporary);
            }
        }
    }

    private Integer compare(Path predicted) {
        Snapshot s1 = Snapshot.load(before);
        List<String> predictionNotes = List.of();
        Snapshot s2;
        Intent intent;
        if (predicted != null) {
            intent = Intent.parse(intentFile);
            Prediction.Result r = Prediction.predict(intent.model(), predicted);
            predictionNotes = r.notes();
            s2 = Snapshot.load(r.folder());
        } else {
            s2 = Snapshot.load(after);
            intent = CheckOptions.intent(intentFile, s2);
        }
        Map<Statement, Verdict[]> verdicts = new LinkedHashMap<>();
        List<FlowDiff.Change> flows;
        List<String> inputNotes = new ArrayList<>();
        try (Verifier k1 = Verifier.open(intent, s1, options.limits());
             Verifier k2 = Verifier.open(intent, s2, options.limits())) {
            for (Statement s : intent.statements()) {
                verdicts.put(s, new Verdict[] {k1.check(s), k2.check(s)});
            }
            flows = FlowDiff.between(k1.context(), k2.context(), examples);
            for (String n : k1.notes()) {
                inputNotes.add("before: " + n);
            }
            for (String n : k2.notes()) {
                inputNotes.add("after: " + n);
            }
            for (String n : predictionNotes) {
                inputNotes.add("after: " + n);
            }
        }
        List<Verdict> changed = new ArrayList<>();
        for (Verdict[] v : verdicts.values()) {
            if (v[0].status() != v[1].status()) {
                changed.add(v[1]);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.reportFormat() != ReportFormat.TEXT) {
            List<String> notes = new ArrayList<>(inputNotes);
            for (FlowDiff.Change c : flows) {
                notes.add("flow " + c.packet() + " on " + c.node() + ": was " + c.before() + ", now " + c.after());
            }
            options.emit(new Report(intentFile.toString(), changed, notes), () -> null, out,
                    spec.commandLine().getErr());
            return changed.isEmpty() ? ExitCode.OK : ExitCode.VIOLATED;
        }
        out.println("Statements whose verdict changes (" + changed.size() + " of " + verdicts.size() + "):");
        for (Map.Entry<Statement, Verdict[]> e : verdicts.entrySet()) {
            Verdict b = e.getValue()[0];
            Verdict a = e.getValue()[1];
            if (b.status() != a.status()) {
                out.println("  " + b.status() + " -> " + a.status() + "  " + a.subject() + "  (" + a.location() + ")");
                out.println("      now: " + a.summary());
            }
        }
        if (changed.isEmpty()) {
            out.println("  (none)");
        }
        out.println();
        out.println("Example flows whose fate changes (" + flows.size() + (flows.size() >= examples ? "+" : "")
                + "):");
        for (FlowDiff.Change c : flows) {
            out.println("  " + c.packet() + " on " + c.node());
            out.println("      was: " + c.before());
            out.println("      now: " + c.after());
        }
        if (flows.isEmpty()) {
            out.println("  (none found among the representative flows)");
        }
        out.flush();
        return changed.isEmpty() ? ExitCode.OK : ExitCode.VIOLATED;
    }
}
