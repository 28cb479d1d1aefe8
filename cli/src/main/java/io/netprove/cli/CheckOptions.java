package io.netprove.cli;

import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportWriter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Options shared by check, ask and diff: output format, report file, solver limits, state override. */
final class CheckOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, junit or sarif (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--report-file", paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path reportFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Solver timeout per query in seconds (default: ${DEFAULT-VALUE}); a timeout is UNKNOWN.")
    int timeoutSeconds;

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "500000", hidden = true,
            description = "Paths explored per probe before giving up (UNKNOWN).")
    int maxPaths;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Read node state from DIR/nodes/NAME instead of the folders the intent names.")
    Path state;

    int timeoutMillis() {
        if (timeoutSeconds < 1) {
            throw new UsageError("--timeout " + timeoutSeconds + ": expected at least 1 second");
        }
        return timeoutSeconds * 1000;
    }

    ReportFormat reportFormat() {
        ReportFormat f = ReportFormat.lookup(format);
        if (f == null) {
            throw new UsageError("--format " + format + ": expected text, json, junit or sarif");
        }
        return f;
    }

    /** Writes the report (findings to stdout or the report file, notes to stderr) and returns the exit status. */
    int emit(Report report, PrintWriter out, PrintWriter err) {
        String text = ReportWriter.render(report, reportFormat());
        if (reportFile != null) {
            try {
                Files.writeString(reportFile, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageError("--report-file " + reportFile + ": cannot write: " + e.getMessage());
            }
        } else {
            out.print(text);
            out.flush();
        }
        if (reportFormat() != ReportFormat.TEXT || reportFile != null) {
            for (String n : report.notes()) {
                err.println("note: " + n);
            }
            err.flush();
        }
        return report.exitStatus();
    }
}
