package io.netprove.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Runs the CLI in-process and captures what it prints. */
record CliRunner(int status, String out, String err) {

    static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRunner(status, out.toString(), err.toString());
    }

    /** A path under the repository root (tests run with the module folder as working directory). */
    static String repo(String relative) {
        String root = System.getProperty("netprove.root");
        Path base = root != null ? Paths.get(root) : Paths.get("..");
        return base.resolve(relative).toString();
    }
}
