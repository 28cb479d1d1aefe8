package io.netprove.cli;

import io.netprove.api.Intent;
import io.netprove.api.Shard;
import io.netprove.api.Snapshot;
import io.netprove.api.Verification;
import io.netprove.api.Verifier;
import io.netprove.cli.report.Exposure;
import io.netprove.cli.report.ExposureGraph;
import io.netprove.cli.report.Report;
import io.netprove.verifier.check.ExposureMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.netprove.rules.CompiledRules;
import io.netprove.rules.LintResult;
import io.netprove.rules.Severity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code netprove check INTENT}: decides every statement of an intent file; the exit status gates CI. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Prove or refute every statement of an intent file against the cluster's forwarding state.",
        footer = {"", "Examples:",
                "  netprove check examples/shop/intent.np",
                "  netprove check examples/shop/intent.np --output sarif=netprove.sarif --output html=netprove.html",
                "  netprove check intent.np --snapshot snap/ --shard 0/4 --format json --report-file shard-0.json",
                "", "Exit status: 0 all hold, 4 some violated, 3 nothing violated but something unknown,",
                "2 usage or input error, 1 internal error."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INTENT", description = "The intent file (.np).")
    Path intentFile;

    @Mixin
    CheckOptions options = new CheckOptions();

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Also load the .drl rule files under DIR (repeatable); see netprove lint.")
    List<Path> ruleDirs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Rule findings at or above this severity fail the run: error, warning or info"
                    + " (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--no-rules", description = "Check the statements only; skip the rule packs.")
    boolean noRules;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Check only shard I of N (I counts from 0): the nodes are split by name after grouping"
                    + " byte-identical dumps, which are walked once. Write --format json and combine the shards'"
                    + " reports with netprove merge. Rule packs do not run in a shard (run netprove lint once).")
    String shard;

    @Option(names = "--predict",
            description = "Check the state kube-proxy would write for the manifests the intent names (the working"
                    + " tree of a pull request), compiled as netprove compile does, instead of captured dumps.")
    boolean predict;

    @Option(names = "--predict-output", paramLabel = "DIR",
            description = "With --predict, keep the predicted snapshot in DIR (nodes/NAME/) instead of a temporary"
                    + " folder.")
    Path predictOutput;

    @Override
    public Integer call() {
        if (predictOutput != null && !predict) {
            throw new UsageError("--predict-output: give --predict too");
        }
        if (predict && options.snapshot != null) {
            throw new UsageError("--predict: the state comes from the manifests; leave out --snapshot");
        }
        Path temporary = predict && predictOutput == null ? Prediction.temporaryFolder() : null;
        try {
            return run(temporary);
        } finally {
            if (temporary != null) {
                Prediction.delete(temporary);
            }
        }
    }

    private Integer run(Path temporary) {
        Shard part = null;
        if (shard != null) {
            try {
                part = Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--shard " + e.getMessage().substring(e.getMessage().indexOf(' ') + 1));
            }
            if (options.needsExposure()) {
                throw new UsageError("--shard: the html and dot formats show the whole cluster's exposure; write json"
                        + " per shard and render the merged report with netprove merge");
            }
        }
        boolean rules = !noRules && part == null;
        CompletableFuture<CompiledRules> builtIn = rules ? BuiltInRulesPrefetch.take() : null;
        Severity threshold = Severity.lookup(failOn).orElseThrow(
                () -> new UsageError("--fail-on " + failOn + ": expected error, warning or info"));
        Snapshot snapshot = options.snapshot();
        Intent intent = CheckOptions.intent(intentFile, snapshot);
        List<String> predicted = List.of();
        if (predict) {
            Prediction.Result r = Prediction.predict(intent.model(), temporary != null ? temporary : predictOutput);
            snapshot = Snapshot.load(r.folder());
            predicted = r.notes();
        }
        try (Verifier verifier = part == null ? Verifier.open(intent, snapshot, options.limits())
                : Verifier.open(intent, snapshot, options.limits(), part)) {
            Verification v = verifier.check();
            Report report = Report.of(v);
            if (part != null && !noRules) {
                List<String> notes = new ArrayList<>(v.notes());
                notes.add("rule packs are not run in a shard; run netprove lint once for the cluster");
                report = new Report(v.intentFile(), v.verdicts(), notes, v.shard());
            }
            if (rules) {
                LintResult lint = IntentLint.run(verifier.input(), v.verdicts(), ruleDirs, builtIn);
                report = new Report(v.intentFile(), v.verdicts(), lint.findings(), lint.rules(), v.notes(),
                        threshold);
            }
            if (!predicted.isEmpty()) {
                List<String> notes = new ArrayList<>(predicted);
                boolean v6 = intent.model().cluster().map(c -> c.nodes().stream().anyMatch(n -> n.addresses()
                        .stream().anyMatch(a -> !a.isV4()))).orElse(false);
                for (String n : report.notes()) {
                    if (v6 || !n.startsWith("not captured: ip6tables-save")) {
                        notes.add(n); // a prediction for IPv4-only nodes has no IPv6 rules to capture
                    }
                }
                report = new Report(report.intentFile(), report.verdicts(), report.findings(), report.rules(), notes,
                        report.failOn(), report.shard());
            }
            return options.emit(report, () -> exposure(verifier), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    /** The matrix and exposure graph of the verifier's cluster (one check per zone and service). */
    static Exposure exposure(Verifier verifier) {
        ExposureMatrix.Matrix m = verifier.matrix();
        return new Exposure(m, ExposureGraph.of(verifier.context(), m));
    }
}
