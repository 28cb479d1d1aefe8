package io.netprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netprove.api.Snapshot;
import io.netprove.api.Verifier;
import io.netprove.cli.report.Exposure;
import io.netprove.cli.report.ExposureGraph;
import io.netprove.cli.report.Report;
import io.netprove.cli.report.ReportFormat;
import io.netprove.cli.report.ReportWriter;
import io.netprove.verifier.check.ExposureMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

/** {@code netprove matrix INTENT}: which declared zones reach which services, each cell proven or witnessed. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Decide, for every zone of the intent and every service, whether the zone reaches it.",
        footer = {"", "Examples:", "  netprove matrix examples/shop/intent.np",
                "  netprove matrix examples/shop/intent.np --format html --output dot=exposure.dot > matrix.html",
                "", "Cells: REACHABLE (a witness packet arrives at an endpoint), unreachable (proven), UNKNOWN.",
                "Exit status 0, or 3 if a cell is unknown, 2 on bad input."})
public final class MatrixCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INTENT", description = "The intent file.")
    Path intentFile;

    @Mixin
    CheckOptions options = new CheckOptions();

    @Override
    public Integer call() throws Exception {
        Snapshot snapshot = options.snapshot();
        ExposureMatrix.Matrix m;
        Exposure exposure;
        List<String> notes;
        try (Verifier verifier = Verifier.open(CheckOptions.intent(intentFile, snapshot), snapshot,
                options.limits())) {
            m = verifier.matrix();
            exposure = new Exposure(m, ExposureGraph.of(verifier.context(), m));
            notes = verifier.notes();
        }
        int status = m.count(io.netprove.model.verdict.Status.UNKNOWN) > 0 ? ExitCode.INCONCLUSIVE : ExitCode.OK;
        List<CheckOptions.Output> destinations = options.destinations();
        for (CheckOptions.Output d : destinations) {
            if (d.format() == ReportFormat.JUNIT || d.format() == ReportFormat.SARIF) {
                throw new UsageError("--format " + d.format().word() + ": matrix writes text, json, html or dot");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (CheckOptions.Output d : destinations) {
            String text = switch (d.format()) {
                case HTML, DOT -> ReportWriter.render(new Report(intentFile.toString(), List.of(), notes),
                        d.format(), exposure);
                case JSON -> json(m);
                default -> text(m);
            };
            if (d.file() == null) {
                out.print(text);
                out.flush();
            } else {
                CheckOptions.write(d.file(), text);
            }
        }
        return status;
    }

    static String json(ExposureMatrix.Matrix m) throws com.fasterxml.jackson.core.JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("zones", m.zones());
        root.put("services", m.services());
        List<Object> cells = new ArrayList<>();
        for (ExposureMatrix.Cell c : m.cells()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("zone", c.zone());
            cm.put("service", c.service());
            cm.put("state", c.state());
            cm.put("summary", c.verdict().summary());
            cells.add(cm);
        }
        root.put("cells", cells);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
    }

    static String text(ExposureMatrix.Matrix m) {
        StringBuilder sb = new StringBuilder();
        int w = m.zones().stream().mapToInt(String::length).max().orElse(4) + 2;
        StringBuilder head = new StringBuilder(String.format("%-" + w + "s", ""));
        for (String s : m.services()) {
            head.append(String.format("%-" + Math.max(12, s.length() + 2) + "s", s));
        }
        sb.append(head.toString().stripTrailing()).append('\n');
        for (String z : m.zones()) {
            StringBuilder row = new StringBuilder(String.format("%-" + w + "s", z));
            for (String s : m.services()) {
                String st = m.cell(z, s).state();
                row.append(String.format("%-" + Math.max(12, s.length() + 2) + "s", st.equals("UNREACHABLE") ? "-"
                        : st));
            }
            sb.append(row.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
