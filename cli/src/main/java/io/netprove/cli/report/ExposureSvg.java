package io.netprove.cli.report;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws an {@link ExposureGraph} as inline SVG: four columns (zones, frontends, services, pods), boxes stacked and
 * centred in each column in the graph's order, edges as curves from the right side of one box to the left side of
 * the next, under the boxes. Sizes come from the labels (monospace), so the drawing needs no font metrics.
 */
final class ExposureSvg {

    private static final double CHAR = 7.3;
    private static final int BOX_H = 26;
    private static final int GAP_Y = 10;
    private static final int GAP_X = 110;
    private static final int PAD = 16;
    private static final int HEAD = 28;
    private static final String[] TITLES = {"zones", "node ports / LB / external IPs", "services", "pods"};

    private ExposureSvg() {
    }

    private record Box(double x, double y, double w) {
    }

    static String render(ExposureGraph g) {
        ExposureGraph.Kind[] kinds = ExposureGraph.Kind.values();
        double[] widths = new double[kinds.length];
        int tallest = 0;
        for (int k = 0; k < kinds.length; k++) {
            List<ExposureGraph.Node> col = g.column(kinds[k]);
            double w = Math.max(TITLES[k].length() * CHAR * 0.9, 90);
            for (ExposureGraph.Node n : col) {
                w = Math.max(w, n.label().length() * CHAR + 20);
            }
            widths[k] = Math.ceil(w);
            tallest = Math.max(tallest, col.size());
        }
        double height = HEAD + Math.max(1, tallest) * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD;
        Map<String, Box> boxes = new HashMap<>();
        double x = PAD;
        double[] xs = new double[kinds.length];
        for (int k = 0; k < kinds.length; k++) {
            xs[k] = x;
            List<ExposureGraph.Node> col = g.column(kinds[k]);
            double colH = col.size() * (BOX_H + GAP_Y) - GAP_Y;
            double y = PAD + HEAD + (height - 2 * PAD - HEAD - colH) / 2;
            for (ExposureGraph.Node n : col) {
                boxes.put(n.id(), new Box(x, y, widths[k]));
                y += BOX_H + GAP_Y;
            }
            x += widths[k] + GAP_X;
        }
        double width = x - GAP_X + PAD;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"exposure\" width=\"%.0f\""
                + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"exposure graph\">%n",
                width, height, width, height));
        sb.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n");
        for (int k = 0; k < kinds.length; k++) {
            sb.append(String.format(Locale.ROOT, "<text class=\"col-title\" x=\"%.1f\" y=\"%d\">%s</text>%n",
                    xs[k], PAD + 12, Html.escape(TITLES[k])));
            if (g.column(kinds[k]).isEmpty()) {
                sb.append(String.format(Locale.ROOT, "<text class=\"empty\" x=\"%.1f\" y=\"%.1f\">(none)</text>%n",
                        xs[k], PAD + HEAD + 17.0));
            }
        }
        for (ExposureGraph.Edge e : g.edges()) {
            Box a = boxes.get(e.from());
            Box b = boxes.get(e.to());
            if (a == null || b == null) {
                continue;
            }
            double x1 = a.x() + a.w();
            double y1 = a.y() + BOX_H / 2.0;
            double x2 = b.x();
            double y2 = b.y() + BOX_H / 2.0;
            double mx = (x1 + x2) / 2;
            sb.append(String.format(Locale.ROOT, "<path class=\"edge %s\" d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\""
                            + " marker-end=\"url(#arrow)\"><title>%s</title></path>%n", e.evidence(), x1, y1, mx, y1,
                    mx, y2, x2, y2, Html.escape(e.detail())));
        }
        for (ExposureGraph.Node n : g.nodes()) {
            Box b = boxes.get(n.id());
            sb.append(String.format(Locale.ROOT, "<g class=\"node %s\" data-id=\"%s\"><title>%s</title>"
                            + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"5\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>%n", n.kind().name().toLowerCase(Locale.ROOT),
                    Html.escape(n.id()), Html.escape(n.detail()), b.x(), b.y(), b.w(), BOX_H, b.x() + 10,
                    b.y() + BOX_H / 2.0 + 4, Html.escape(n.label())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }
}
