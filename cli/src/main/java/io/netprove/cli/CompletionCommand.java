package io.netprove.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code netprove completion bash|zsh}: a completion script generated from the command definitions. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a shell completion script for bash or zsh, generated from netprove's own command"
                + " definitions (subcommands, options, formats).",
        footer = {"", "Examples:",
                "  source <(netprove completion bash)                      # this bash session",
                "  netprove completion bash > /etc/bash_completion.d/netprove",
                "  netprove completion zsh > \"${fpath[1]}/_netprove\"      # then start a new zsh",
                "", "Exit status: 0, or 2 for a shell other than bash or zsh."})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells a script can be generated for. */
    enum CompletionShell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    CompletionShell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("netprove", root);
        PrintWriter out = spec.commandLine().getOut();
        if (shell == CompletionShell.zsh) {
            // picocli's script serves zsh through bashcompinit; as an fpath file it needs the #compdef line and
            // must load bashcompinit itself.
            out.println("#compdef netprove");
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
        }
        out.print(script);
        out.flush();
        return ExitCode.OK;
    }
}
