package io.netprove.cli;

import io.netprove.api.Intent;
import io.netprove.api.Limits;
import io.netprove.api.Snapshot;
import io.netprove.cli.report.Exposure;
import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportWriter;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Options shared by check, ask, diff and matrix: output formats and files, solver limits, the snapshot to read. */
final class CheckOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "text, json, junit, sarif, html or dot (default: ${DEFAULT-VALUE}). html is one"
                    + " self-contained page; dot is the exposure graph for Graphviz.")
    String format;

    @Option(names = "--report-file", paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output.")
    Path reportFile;

    @Option(names = "--output", paramLabel = "FORMAT=FILE",
            description = "Also write the report in FORMAT to FILE (repeatable), e.g. --output sarif=netprove.sarif"
                    + " --output html=netprove.html: one run, several formats.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Solver timeout per query in seconds (default: ${DEFAULT-VALUE}); a timeout is UNKNOWN.")
    int timeoutSeconds;

    @Option(names = "--max-paths", paramLabel = "N", defaultValue = "500000", hidden = true,
            description = "Paths explored per probe before giving up (UNKNOWN).")
    int maxPaths;

    @Option(names = {"--snapshot", "--state"}, paramLabel = "DIR",
            description = "Read the cluster from the snapshot folder DIR (cluster/, nodes/NAME/, meta.json; see"
                    + " docs/snapshots.md) instead of the paths the intent names. Nodes and networks the intent's"
                    + " cluster block leaves out are taken from DIR/meta.json.")
    Path snapshot;

    /** The format words, for shell completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(ReportFormat.values()).map(ReportFormat::word).iterator();
        }
    }

    /** One report to write: a format and a file (null: standard output). */
    record Output(ReportFormat format, Path file) {
    }

    Limits limits() {
        if (timeoutSeconds < 1) {
            throw new UsageError("--timeout " + timeoutSeconds + ": expected at least 1 second");
        }
        if (maxPaths < 1) {
            throw new UsageError("--max-paths " + maxPaths + ": expected at least 1");
        }
        return new Limits(Duration.ofSeconds(timeoutSeconds), maxPaths);
    }

    /** The snapshot given with --snapshot, or null. */
    Snapshot snapshot() {
        return snapshot == null ? null : Snapshot.load(snapshot);
    }

    /** The intent, completed from the snapshot's meta.json when there is one. */
    static Intent intent(Path file, Snapshot snapshot) {
        return snapshot == null ? Intent.parse(file) : Intent.parse(file, snapshot);
    }

    ReportFormat reportFormat() {
        return lookup(format, "--format " + format);
    }

    private static ReportFormat lookup(String word, String what) {
        ReportFormat f = ReportFormat.lookup(word);
        if (f == null) {
            throw new UsageError(what + ": expected text, json, junit, sarif, html or dot");
        }
        return f;
    }

    /** Every report to write: --format (to --report-file or standard output), then each --output. */
    List<Output> destinations() {
        List<Output> out = new ArrayList<>();
        out.add(new Output(reportFormat(), reportFile));
        for (String o : outputs) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw new UsageError("--output " + o + ": expected FORMAT=FILE, e.g. sarif=netprove.sarif");
            }
            out.add(new Output(lookup(o.substring(0, eq), "--output " + o), Path.of(o.substring(eq + 1))));
        }
        return out;
    }

    /** True when some report shows the exposure matrix and graph. */
    boolean needsExposure() {
        return destinations().stream().anyMatch(d -> d.format().needsExposure());
    }

    /**
     * Writes the report in every requested format (findings to stdout or the report files, notes to stderr unless
     * the text report on stdout already shows them) and returns the exit status. {@code exposure} is asked for only
     * when a format shows it.
     */
    int emit(Report report, Supplier<Exposure> exposure, PrintWriter out, PrintWriter err) {
        List<Output> dest = destinations();
        Exposure ex = needsExposure() ? exposure.get() : null;
        boolean notesShown = false;
        for (Output d : dest) {
            String text = ReportWriter.render(report, d.format(), ex);
            if (d.file() != null) {
                write(d.file(), text);
            } else {
                out.print(text);
                out.flush();
                notesShown = d.format() == ReportFormat.TEXT;
            }
        }
        if (!notesShown) {
            for (String n : report.notes()) {
                err.println("note: " + n);
            }
            err.flush();
        }
        return report.exitStatus();
    }

    static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageError(file + ": cannot write the report: " + e.getMessage());
        }
    }
}
