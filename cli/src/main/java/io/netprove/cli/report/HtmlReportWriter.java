package io.netprove.cli.report;

import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.TraceStep;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.model.verdict.Witness;
import io.netprove.verifier.check.ExposureMatrix;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One self-contained HTML page (no external resources): the totals, the zones x services matrix as a coloured grid,
 * every statement's verdict with its witnesses folded (a click opens the hop-by-hop trace), the rule-pack findings
 * (a section that lists them when there are any), the exposure graph as inline SVG, and the notes. The page is
 * static apart from two buttons that open or close every trace.
 */
public final class HtmlReportWriter {

    /** A rule-pack finding as the page shows it: a stable rule id, a severity word, the message and where. */
    public record Finding(String ruleId, String severity, String message, String location) {
        public Finding {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(location, "location");
        }
    }

    private HtmlReportWriter() {
    }

    /** The page; {@code exposure} may be null (the matrix and graph sections then say they are not available). */
    public static String render(Report r, Exposure exposure, List<Finding> findings) {
        StringBuilder sb = new StringBuilder(32_768);
        String title = "netprove: " + r.intentFile();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        sb.append("<header><h1>netprove report</h1><p class=\"intent\">intent <code>").append(Html.escape(r.intentFile()))
                .append("</code></p>\n<p class=\"totals\" id=\"totals\">")
                .append(String.format(Locale.ROOT, "%d statements: <span class=\"badge holds\">%d hold</span> "
                                + "<span class=\"badge violated\">%d violated</span> <span class=\"badge unknown\">%d"
                                + " unknown</span>", r.verdicts().size(), r.count(Status.HOLDS),
                        r.count(Status.VIOLATED), r.count(Status.UNKNOWN)))
                .append("</p>\n<nav><a href=\"#matrix\">matrix</a> · <a href=\"#statements\">statements</a> · "
                        + "<a href=\"#findings\">findings</a> · <a href=\"#graph\">exposure graph</a> · "
                        + "<a href=\"#notes\">notes</a></nav></header>\n<main>\n");
        matrix(sb, exposure);
        statements(sb, r);
        findings(sb, findings);
        sb.append("<section id=\"graph\"><h2>Exposure graph</h2>\n");
        if (exposure == null) {
            sb.append("<p class=\"empty\">Not available in this report (the graph is drawn by check and matrix,"
                    + " not by merge).</p>\n");
        } else {
            sb.append("<p class=\"help\">Zones, the frontends that take their traffic, services and their pods."
                    + " A red arrow from a zone is the frontend its witness packet used; a dashed arrow is an"
                    + " undecided cell; grey arrows come from the manifests. Hover for details.</p>\n")
                    .append("<div class=\"graph\">").append(ExposureSvg.render(exposure.graph())).append("</div>\n");
        }
        sb.append("</section>\n<section id=\"notes\"><h2>Notes</h2>\n");
        if (r.notes().isEmpty()) {
            sb.append("<p class=\"empty\">None.</p>\n");
        } else {
            sb.append("<ul>\n");
            for (String n : r.notes()) {
                sb.append("<li>").append(Html.escape(n)).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        r.shard().ifPresent(run -> sb.append("<p>Shard ").append(run.shard()).append(" of plan <code>")
                .append(Html.escape(run.plan())).append("</code>: walked ")
                .append(Html.escape(run.nodes().isEmpty() ? "no node" : String.join(", ", run.nodes())))
                .append(".</p>\n"));
        sb.append("</section>\n</main>\n<footer>").append(ReportWriter.TOOL).append(' ').append(ReportWriter.VERSION)
                .append("</footer>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void matrix(StringBuilder sb, Exposure exposure) {
        sb.append("<section id=\"matrix\"><h2>Reachability matrix</h2>\n");
        if (exposure == null) {
            sb.append("<p class=\"empty\">Not available in this report (the matrix is computed by check and matrix,"
                    + " not by merge).</p>\n</section>\n");
            return;
        }
        ExposureMatrix.Matrix m = exposure.matrix();
        if (m.zones().isEmpty() || m.services().isEmpty()) {
            sb.append("<p class=\"empty\">No ").append(m.zones().isEmpty() ? "zones" : "services")
                    .append(" to show.</p>\n</section>\n");
            return;
        }
        sb.append("<p class=\"help\">Can a zone (row) reach a service (column) through any of its frontends?"
                + " Each cell is proven: <span class=\"cell reachable\">reachable</span> with a witness packet,"
                + " <span class=\"cell unreachable\">no</span> for every packet, or"
                + " <span class=\"cell unknown\">unknown</span>. Hover a cell for the reason.</p>\n");
        sb.append("<table class=\"matrix\">\n<thead><tr><th scope=\"col\">zone \\ service</th>");
        for (String s : m.services()) {
            sb.append("<th scope=\"col\">").append(Html.escape(s)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (String z : m.zones()) {
            sb.append("<tr><th scope=\"row\">").append(Html.escape(z)).append("</th>");
            for (String s : m.services()) {
                ExposureMatrix.Cell c = m.cell(z, s);
                String state = c.state();
                String cls = state.toLowerCase(Locale.ROOT);
                String word = switch (state) {
                    case "REACHABLE" -> "reachable";
                    case "UNREACHABLE" -> "no";
                    default -> "unknown";
                };
                sb.append("<td class=\"cell ").append(cls).append("\" data-zone=\"").append(Html.escape(z))
                        .append("\" data-service=\"").append(Html.escape(s)).append("\" data-state=\"").append(state)
                        .append("\" title=\"").append(Html.escape(c.verdict().summary())).append("\">")
                        .append(word).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n</section>\n");
    }

    private static void statements(StringBuilder sb, Report r) {
        sb.append("<section id=\"statements\"><h2>Statements</h2>\n")
                .append("<p class=\"tools\"><button type=\"button\" id=\"open-all\">open every trace</button> "
                        + "<button type=\"button\" id=\"close-all\">close every trace</button></p>\n");
        int i = 0;
        for (Verdict v : r.verdicts()) {
            i++;
            String cls = v.status().name().toLowerCase(Locale.ROOT);
            sb.append("<article class=\"verdict ").append(cls).append("\" id=\"statement-").append(i)
                    .append("\" data-status=\"").append(v.status().name()).append("\">\n<h3><span class=\"badge ")
                    .append(cls).append("\">").append(v.status().name()).append("</span> ");
            if (!v.subject().equals(v.text())) {
                sb.append(Html.escape(v.subject())).append(": ");
            }
            sb.append("<code>").append(Html.escape(v.text())).append("</code></h3>\n<p class=\"where\">")
                    .append(Html.escape(v.location().toString())).append(String.format(Locale.ROOT,
                            " · %.2f s", v.millis() / 1000.0)).append("</p>\n<p class=\"summary\">")
                    .append(Html.escape(v.summary())).append("</p>\n");
            if (!v.reasons().isEmpty()) {
                sb.append("<ul class=\"reasons\">\n");
                for (String reason : v.reasons()) {
                    sb.append("<li>").append(Html.escape(reason)).append("</li>\n");
                }
                sb.append("</ul>\n");
            }
            for (Witness w : v.witnesses()) {
                witness(sb, v, w);
            }
            if (!v.approximations().isEmpty()) {
                sb.append("<details class=\"assumptions\"><summary>assumes (").append(v.approximations().size())
                        .append(")</summary>\n<ul>\n");
                for (String a : v.approximations()) {
                    sb.append("<li>").append(Html.escape(a)).append("</li>\n");
                }
                sb.append("</ul>\n</details>\n");
            }
            sb.append("</article>\n");
        }
        if (r.verdicts().isEmpty()) {
            sb.append("<p class=\"empty\">The intent has no statements.</p>\n");
        }
        sb.append("</section>\n");
    }

    private static void witness(StringBuilder sb, Verdict v, Witness w) {
        sb.append("<details class=\"witness\"><summary>").append(v.status() == Status.HOLDS ? "example" : "witness")
                .append(" on <b>").append(Html.escape(w.node())).append("</b>: <code>")
                .append(Html.escape(w.packet().toString())).append("</code></summary>\n<div class=\"trace\">\n<p>")
                .append(Html.escape(w.explanation())).append("</p>\n");
        int i = 0;
        for (Outcome o : w.outcomes()) {
            i++;
            sb.append("<p class=\"outcome\">outcome ").append(i).append(": <b>").append(o.disposition().name())
                    .append("</b>");
            if (o.disposition().name().equals("FORWARDED")) {
                sb.append(" to <code>").append(Html.escape(o.finalPacket().destinationText())).append("</code>");
            }
            if (o.masquerade()) {
                sb.append(", masqueraded");
            }
            if (o.probability() != null) {
                sb.append(String.format(Locale.ROOT, " (p=%.3g)", o.probability()));
            }
            sb.append("</p>\n<table class=\"steps\"><thead><tr><th>hook</th><th>table</th><th>chain</th><th>rule at</th>"
                    + "<th>effect</th></tr></thead><tbody>\n");
            for (TraceStep s : o.steps()) {
                sb.append("<tr><td>").append(Html.escape(s.hook())).append("</td><td>").append(Html.escape(s.table()))
                        .append("</td><td>").append(Html.escape(s.chain())).append("</td><td>")
                        .append(Html.escape(s.location().line() > 0 ? s.location().toString() : ""))
                        .append("</td><td>").append(Html.escape(s.effect()));
                if (!s.rule().isEmpty()) {
                    sb.append("<div class=\"rule\"><code>").append(Html.escape(s.rule())).append("</code></div>");
                }
                sb.append("</td></tr>\n");
            }
            sb.append("</tbody></table>\n");
            for (String a : o.assumptions()) {
                sb.append("<p class=\"assumed\">assumed: ").append(Html.escape(a)).append("</p>\n");
            }
            for (String u : o.unknowns()) {
                sb.append("<p class=\"unknown-step\">UNKNOWN: ").append(Html.escape(u)).append("</p>\n");
            }
        }
        sb.append("</div>\n</details>\n");
    }

    private static void findings(StringBuilder sb, List<Finding> findings) {
        sb.append("<section id=\"findings\"><h2>Findings</h2>\n");
        if (findings.isEmpty()) {
            sb.append("<p class=\"empty\">No rule-pack findings in this report.</p>\n</section>\n");
            return;
        }
        sb.append("<table class=\"findings\"><thead><tr><th>severity</th><th>rule</th><th>message</th><th>where</th>"
                + "</tr></thead><tbody>\n");
        for (Finding f : findings) {
            sb.append("<tr class=\"").append(Html.escape(f.severity().toLowerCase(Locale.ROOT))).append("\"><td>")
                    .append(Html.escape(f.severity())).append("</td><td><code>").append(Html.escape(f.ruleId()))
                    .append("</code></td><td>").append(Html.escape(f.message())).append("</td><td>")
                    .append(Html.escape(f.location())).append("</td></tr>\n");
        }
        sb.append("</tbody></table>\n</section>\n");
    }

    private static final String CSS = """
            :root { --holds: #1e7d32; --holds-bg: #e3f4e5; --violated: #b3261e; --violated-bg: #fde7e5;
                    --unknown: #8a5300; --unknown-bg: #fff1d6; --line: #d0d4da; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1f23; }
            header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
            header { padding-top: 12px; border-bottom: 1px solid var(--line); }
            h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; margin: 28px 0 8px; }
            h3 { font-size: 15px; margin: 0 0 4px; font-weight: 600; }
            code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
            nav { margin: 8px 0 12px; } nav a { color: #2455a4; }
            .badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
            .badge.holds { color: var(--holds); background: var(--holds-bg); }
            .badge.violated { color: var(--violated); background: var(--violated-bg); }
            .badge.unknown { color: var(--unknown); background: var(--unknown-bg); }
            table.matrix { border-collapse: collapse; }
            table.matrix th, table.matrix td { border: 1px solid var(--line); padding: 5px 10px; text-align: center; }
            table.matrix th[scope=row] { text-align: left; }
            .cell.reachable { background: #f8d0c8; color: #7a1b12; font-weight: 600; }
            .cell.unreachable { background: var(--holds-bg); color: var(--holds); }
            .cell.unknown { background: var(--unknown-bg); color: var(--unknown); }
            span.cell { padding: 0 5px; border-radius: 3px; }
            article.verdict { border: 1px solid var(--line); border-left-width: 5px; border-radius: 4px;
                              padding: 8px 12px; margin: 10px 0; }
            article.verdict.holds { border-left-color: var(--holds); }
            article.verdict.violated { border-left-color: var(--violated); }
            article.verdict.unknown { border-left-color: var(--unknown); }
            .where { color: #5f6670; font-size: 12px; margin: 0; } .summary { margin: 4px 0; }
            details { margin: 6px 0; } summary { cursor: pointer; }
            details.witness > summary { color: #2455a4; }
            .trace { margin: 6px 0 6px 14px; }
            table.steps, table.findings { border-collapse: collapse; font-size: 12px; }
            table.steps th, table.steps td, table.findings th, table.findings td {
                border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
            .rule { color: #5f6670; }
            .empty, .help { color: #5f6670; }
            .graph { overflow-x: auto; border: 1px solid var(--line); border-radius: 4px; }
            svg.exposure text { font: 12px ui-monospace, "DejaVu Sans Mono", monospace; fill: #1d1f23; }
            svg.exposure text.col-title { font-weight: 600; fill: #5f6670; }
            svg.exposure .node rect { stroke: #6b7280; stroke-width: 1; }
            svg.exposure .node.zone rect { fill: #dbe8ff; } svg.exposure .node.frontend rect { fill: #ffe3c2; }
            svg.exposure .node.service rect { fill: #d6f2dc; } svg.exposure .node.pod rect { fill: #ececec; }
            svg.exposure path.edge { fill: none; stroke: #8a9099; stroke-width: 1.2; }
            svg.exposure path.edge.witness { stroke: #b3261e; stroke-width: 1.8; }
            svg.exposure path.edge.unknown { stroke: #b26a00; stroke-dasharray: 5 4; }
            svg.exposure marker path { fill: #6b7280; }
            footer { color: #8a9099; font-size: 12px; padding: 24px 20px; }
            """;

    private static final String SCRIPT = """
            (function () {
              function setAll(open) {
                document.querySelectorAll('details.witness').forEach(function (d) { d.open = open; });
              }
              document.getElementById('open-all').addEventListener('click', function () { setAll(true); });
              document.getElementById('close-all').addEventListener('click', function () { setAll(false); });
            })();
            """;
}
