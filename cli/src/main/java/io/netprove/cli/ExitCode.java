package io.netprove.cli;

/** The exit statuses of netprove; each means one thing. */
public final class ExitCode {
    /** Every statement holds / the command did what was asked. */
    public static final int OK = 0;
    /** An internal error (a bug in netprove). */
    public static final int INTERNAL = 1;
    /** A usage error or bad input (file:line:col on stderr). */
    public static final int INPUT = 2;
    /** Nothing violated, but something could not be decided. */
    public static final int INCONCLUSIVE = 3;
    /** At least one statement is violated. */
    public static final int VIOLATED = 4;

    private ExitCode() {
    }
}
