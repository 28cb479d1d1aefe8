package io.netprove.cli;

import io.netprove.cli.report.Report;
import io.netprove.grammar.input.VerificationInput;
import io.netprove.grammar.intent.IntentReader;
import io.netprove.model.intent.Intent;
import io.netprove.model.intent.Statement;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.StatementChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code netprove check INTENT}: decides every statement of an intent file; the exit status gates CI. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Prove or refute every statement of an intent file against the cluster's forwarding state.",
        footer = {"", "Example:", "  netprove check examples/shop/intent.np --format sarif --report-file netprove.sarif",
                "", "Exit status: 0 all hold, 4 some violated, 3 nothing violated but something unknown,",
                "2 usage or input error, 1 internal error."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INTENT", description = "The intent file (.np).")
    Path intentFile;

    @Mixin
    CheckOptions options = new CheckOptions();

    @picocli.CommandLine.Option(names = "--rules", paramLabel = "DIR",
            description = "Also load the .drl rule files under DIR (repeatable); see netprove lint.")
    List<Path> ruleDirs = new ArrayList<>();

    @picocli.CommandLine.Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error",
            description = "Rule findings at or above this severity fail the run: error, warning or info"
                    + " (default: ${DEFAULT-VALUE}).")
    String failOn;

    @picocli.CommandLine.Option(names = "--no-rules", description = "Check the statements only; skip the rule packs.")
    boolean noRules;

    @Override
    public Integer call() {
        java.util.concurrent.CompletableFuture<io.netprove.rules.CompiledRules> builtIn =
                noRules ? null : BuiltInRulesPrefetch.take();
        io.netprove.rules.Severity threshold = io.netprove.rules.Severity.lookup(failOn).orElseThrow(
                () -> new UsageError("--fail-on " + failOn + ": expected error, warning or info"));
        Intent intent = IntentReader.read(intentFile);
        VerificationInput input = VerificationInput.load(intent, options.state);
        List<Verdict> verdicts = new ArrayList<>();
        try (StatementChecker checker = new StatementChecker(ClusterContext.of(input.intent(), input.objects(),
                input.nodes()), options.timeoutMillis(), options.maxPaths)) {
            for (Statement s : input.intent().statements()) {
                verdicts.add(checker.check(s));
            }
        }
        Report report;
        if (noRules) {
            report = new Report(intentFile.toString(), verdicts, input.notes());
        } else {
            io.netprove.rules.LintResult lint = IntentLint.run(input, verdicts, ruleDirs, builtIn);
            report = new Report(intentFile.toString(), verdicts, lint.findings(), lint.rules(), input.notes(),
                    threshold);
        }
        return options.emit(report, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
