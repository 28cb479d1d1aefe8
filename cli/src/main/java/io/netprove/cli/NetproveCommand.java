package io.netprove.cli;

import picocli.CommandLine.Command;

/** The top-level {@code netprove} command. */
@Command(name = "netprove", mixinStandardHelpOptions = true, version = "netprove 0.1.0",
        description = "Verifies Kubernetes cluster networking against intent, with proofs and witness packets.",
        subcommands = {CheckCommand.class, AskCommand.class, DiffCommand.class, LintCommand.class,
                MatrixCommand.class, TraceCommand.class, FuzzCommand.class, CollectCommand.class, MergeCommand.class,
                CompletionCommand.class, CompileCommand.class},
        footer = {"", "Examples:",
                "  netprove check examples/shop/intent.np",
                "  netprove collect --output snap/ && netprove check intent.np --snapshot snap/ --format html > r.html",
                "  netprove check --help",
                "", "Exit status: 0 holds/ok, 4 violated, 3 inconclusive, 2 usage or input error, 1 internal error."})
public final class NetproveCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
