package io.netprove.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netprove.grammar.input.VerificationInput;
import io.netprove.grammar.intent.IntentReader;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.ExposureMatrix;
import io.netprove.verifier.check.StatementChecker;
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
        footer = {"", "Example:", "  netprove matrix examples/shop/intent.np",
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
        VerificationInput input = VerificationInput.load(IntentReader.read(intentFile), options.state);
        ClusterContext ctx = ClusterContext.of(input.intent(), input.objects(), input.nodes());
        ExposureMatrix.Matrix m;
        try (StatementChecker checker = new StatementChecker(ctx, options.timeoutMillis(), options.maxPaths)) {
            m = ExposureMatrix.compute(ctx, checker);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.format.equals("json")) {
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
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
        } else if (options.format.equals("text")) {
            int w = m.zones().stream().mapToInt(String::length).max().orElse(4) + 2;
            StringBuilder head = new StringBuilder(String.format("%-" + w + "s", ""));
            for (String s : m.services()) {
                head.append(String.format("%-" + Math.max(12, s.length() + 2) + "s", s));
            }
            out.println(head.toString().stripTrailing());
            for (String z : m.zones()) {
                StringBuilder row = new StringBuilder(String.format("%-" + w + "s", z));
                for (String s : m.services()) {
                    String st = m.cell(z, s).state();
                    row.append(String.format("%-" + Math.max(12, s.length() + 2) + "s",
                            st.equals("UNREACHABLE") ? "-" : st));
                }
                out.println(row.toString().stripTrailing());
            }
        } else {
            throw new UsageError("--format " + options.format + ": matrix supports text and json");
        }
        out.flush();
        return m.count(io.netprove.model.verdict.Status.UNKNOWN) > 0 ? ExitCode.INCONCLUSIVE : ExitCode.OK;
    }
}
