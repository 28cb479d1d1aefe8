package io.netprove.cli.report;

import java.util.Locale;

/** The exposure graph in Graphviz's DOT language: left to right, one rank per column, dashed edges for UNKNOWN. */
public final class DotWriter {

    private DotWriter() {
    }

    public static String render(ExposureGraph g) {
        StringBuilder sb = new StringBuilder("digraph exposure {\n");
        sb.append("  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=10];\n");
        sb.append("  edge [fontname=\"monospace\", fontsize=9];\n");
        for (ExposureGraph.Kind k : ExposureGraph.Kind.values()) {
            sb.append("  { rank=same; // ").append(k.name().toLowerCase(Locale.ROOT)).append('\n');
            for (ExposureGraph.Node n : g.column(k)) {
                sb.append("    ").append(quote(n.id())).append(" [label=").append(quote(n.label()))
                        .append(", tooltip=").append(quote(n.detail())).append(", fillcolor=\"").append(fill(k))
                        .append("\"];\n");
            }
            sb.append("  }\n");
        }
        for (ExposureGraph.Edge e : g.edges()) {
            sb.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to())).append(" [tooltip=")
                    .append(quote(e.detail()));
            switch (e.evidence()) {
                case "witness" -> sb.append(", color=\"#b3261e\", penwidth=1.6");
                case "unknown" -> sb.append(", color=\"#b26a00\", style=dashed");
                default -> sb.append(", color=\"#666666\"");
            }
            sb.append("];\n");
        }
        return sb.append("}\n").toString();
    }

    private static String fill(ExposureGraph.Kind k) {
        return switch (k) {
            case ZONE -> "#dbe8ff";
            case FRONTEND -> "#ffe3c2";
            case SERVICE -> "#d6f2dc";
            case POD -> "#ececec";
        };
    }

    /** A DOT quoted string: backslashes and quotes escaped, newlines as \n. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
