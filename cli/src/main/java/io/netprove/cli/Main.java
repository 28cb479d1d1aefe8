package io.netprove.cli;

import io.netprove.grammar.InputError;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point. Bad input ends with one line {@code FILE:LINE:COL: what was expected} on stderr and status 2; an
 * internal error with one line and status 1 (set NETPROVE_DEBUG=1 for the stack trace).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        BuiltInRulesPrefetch.startIfLinting(args);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (used by tests too). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(out, err);
        return cl.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new NetproveCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            if (cause instanceof InputError ie) {
                err.println(ie.getMessage());
                err.flush();
                return ExitCode.INPUT;
            }
            if (cause instanceof UsageError ue) {
                err.println("netprove: " + ue.getMessage());
                err.flush();
                return ExitCode.INPUT;
            }
            err.println("netprove: internal error: " + cause);
            if (System.getenv("NETPROVE_DEBUG") != null) {
                cause.printStackTrace(err);
            }
            err.flush();
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            err.println("netprove: " + ex.getMessage());
            err.println("Try 'netprove " + ex.getCommandLine().getCommandName() + " --help' for usage.");
            err.flush();
            return ExitCode.INPUT;
        });
        return cl;
    }
}
