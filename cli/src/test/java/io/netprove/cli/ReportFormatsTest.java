package io.netprove.cli;

import io.netprove.cli.report.HtmlReportWriter;
import io.netprove.cli.report.Report;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The html and dot formats, --output, and the snapshot options of ask and matrix, without a browser. */
class ReportFormatsTest {

    private static final String INTENT = CliRunner.repo("examples/shop/intent.np");

    @Test
    void oneRunWritesSeveralFormats(@TempDir Path tmp) throws Exception {
        Path sarif = tmp.resolve("out/n.sarif");
        Path html = tmp.resolve("n.html");
        Path dot = tmp.resolve("n.dot");
        CliRunner r = CliRunner.run("check", INTENT, "--output", "sarif=" + sarif, "--output", "html=" + html,
                "--output", "dot=" + dot);
        assertEquals(4, r.status(), r.err());
        assertTrue(r.out().contains("9 statements: 8 hold, 1 violated, 0 unknown"), "text still on stdout");
        assertTrue(Files.readString(sarif).contains("NP-INTENT-VIOLATED"));
        String page = Files.readString(html);
        assertTrue(page.contains("<table class=\"matrix\">") && page.contains("<svg") && page.contains("id=\"findings\""));
        assertFalse(page.contains("<script src") || page.contains("<img src=\"http"), "self-contained");
        assertFalse(page.contains("<link"), "no external stylesheet");
        String graph = Files.readString(dot);
        assertTrue(graph.startsWith("digraph exposure {"), graph);
        assertTrue(graph.contains("\"zone:office\" -> \"nodeport:tcp:30080\""), graph);
        assertTrue(graph.contains("\"svc:shop/cart\" -> \"pod:shop/cart-1\""), graph);
        CliRunner bad = CliRunner.run("check", INTENT, "--output", "pdf=x.pdf");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("expected text, json, junit, sarif, html or dot"), bad.err());
    }

    @Test
    void matrixWritesHtmlAndDotFromASnapshot() {
        CliRunner dot = CliRunner.run("matrix", "--snapshot", CliRunner.repo("examples/snapshots/before"),
                CliRunner.repo("examples/snapshots/shop.np"), "--format", "dot");
        assertEquals(0, dot.status(), dot.err());
        assertTrue(dot.out().contains("\"zone:internet\""), dot.out());
        CliRunner html = CliRunner.run("matrix", INTENT, "--format", "html");
        assertEquals(0, html.status(), html.err());
        assertTrue(html.out().contains("data-zone=\"partners\" data-service=\"shop/api\" data-state=\"REACHABLE\""),
                html.out());
        CliRunner sarif = CliRunner.run("matrix", INTENT, "--format", "sarif");
        assertEquals(2, sarif.status());
    }

    @Test
    void askReadsASnapshot() {
        CliRunner r = CliRunner.run("ask", "office can reach service shop/cart via nodeport", "--intent",
                CliRunner.repo("examples/snapshots/shop.np"), "--snapshot", CliRunner.repo("examples/snapshots/before"));
        assertEquals(4, r.status(), r.err());
        assertTrue(r.out().startsWith("No. office can reach service shop/cart via nodeport does not hold."), r.out());
        CliRunner noSnapshot = CliRunner.run("ask", "office can reach service shop/web", "--intent",
                CliRunner.repo("examples/snapshots/shop.np"));
        assertEquals(2, noSnapshot.status(), "without meta.json the cluster zone has nothing to stand for");
        assertTrue(noSnapshot.err().contains("needs the cluster"), noSnapshot.err());
    }

    @Test
    void findingsRenderWhenPresentAndTextIsEscaped() {
        Verdict v = new Verdict("a <b> & c", "office can reach 10.0.0.1", new SourceLocation("i.np", 3, 1),
                Status.HOLDS, "ok \"quoted\"", List.of(), List.of(), List.of(), 5);
        String page = HtmlReportWriter.render(new Report("i.np", List.of(v), List.of("note <x>")), null,
                List.of(new HtmlReportWriter.Finding("NP-LINT-001", "warning", "service <web> has no endpoints",
                        "cluster/services.yaml:12")));
        assertTrue(page.contains("a &lt;b&gt; &amp; c"), page);
        assertTrue(page.contains("<td><code>NP-LINT-001</code></td><td>service &lt;web&gt; has no endpoints</td>"),
                page);
        assertTrue(page.contains("note &lt;x&gt;"));
        assertTrue(page.contains("Not available in this report"), "no matrix without the cluster");
    }
}
