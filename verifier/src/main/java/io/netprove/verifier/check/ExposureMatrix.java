package io.netprove.verifier.check;

import io.netprove.model.intent.Quantifier;
import io.netprove.model.intent.Reachability;
import io.netprove.model.intent.ReachStatement;
import io.netprove.model.intent.Source;
import io.netprove.model.intent.Target;
import io.netprove.model.intent.ZoneDef;
import io.netprove.model.intent.ZoneExpr;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.cluster.ServicePortView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which zones reach which services: for every declared zone and every service, the verdict of "ZONE cannot reach
 * service S". A VIOLATED cell is a reachable pair (with its witness), a HOLDS cell a proven unreachable one.
 */
public final class ExposureMatrix {

    /** One cell: a zone, a service, and what was decided. */
    public record Cell(String zone, String service, Verdict verdict) {

        /** REACHABLE, UNREACHABLE or UNKNOWN. */
        public String state() {
            return switch (verdict.status()) {
                case VIOLATED -> "REACHABLE";
                case HOLDS -> "UNREACHABLE";
                case UNKNOWN -> "UNKNOWN";
            };
        }
    }

    /** The rows (zones), columns (services) and cells in row-major order. */
    public record Matrix(List<String> zones, List<String> services, List<Cell> cells) {

        public Matrix {
            zones = List.copyOf(zones);
            services = List.copyOf(services);
            cells = List.copyOf(cells);
        }

        public Cell cell(String zone, String service) {
            return cells.get(zones.indexOf(zone) * services.size() + services.indexOf(service));
        }

        public long count(Status s) {
            return cells.stream().filter(c -> c.verdict().status() == s).count();
        }
    }

    private ExposureMatrix() {
    }

    /** Decides every zone x service cell with the given checker. */
    public static Matrix compute(ClusterContext ctx, StatementChecker checker) {
        List<String> zones = new ArrayList<>();
        for (ZoneDef z : ctx.intent().zones()) {
            zones.add(z.name());
        }
        Set<String> services = new LinkedHashSet<>();
        for (ServicePortView v : ctx.services().ports()) {
            services.add(v.namespace() + "/" + v.name());
        }
        List<Cell> cells = new ArrayList<>();
        SourceLocation at = SourceLocation.of("<exposure matrix>", 0);
        for (String zone : zones) {
            for (String service : services) {
                String[] ns = service.split("/", 2);
                String text = zone + " cannot reach service " + service;
                ReachStatement s = new ReachStatement(Optional.of(text), Quantifier.EVERY,
                        new Source.ZoneSource(new ZoneExpr.ZoneRef(zone, at)), Reachability.CANNOT_REACH,
                        new Target.ServiceTarget(ns[0], ns[1], Optional.empty(), at), List.of(), false, List.of(),
                        false, text, at);
                cells.add(new Cell(zone, service, checker.check(s)));
            }
        }
        return new Matrix(zones, new ArrayList<>(services), cells);
    }
}
