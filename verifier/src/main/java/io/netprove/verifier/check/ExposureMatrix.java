package io.netprove.verifier.check;

import io.netprove.model.intent.ZoneDef;
import io.netprove.model.net.IpAddress;
import io.netprove.model.netfilter.SourceLocation;
import io.netprove.model.space.Field;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.cluster.ServiceEndpoint;
import io.netprove.verifier.cluster.ServicePortView;
import io.netprove.verifier.sim.SymbolicOutcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which zones reach which services: for every declared zone and every service, the verdict of "ZONE cannot reach
 * service S". A VIOLATED cell is a reachable pair (with its witness), a HOLDS cell a proven unreachable one. Each
 * zone's traffic is explored once; every service is then judged on the paths that end at one of its endpoints (or
 * that keep the original destination and could), so Z3 only sees the paths relevant to each cell.
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
        Map<String, List<ServicePortView>> services = new LinkedHashMap<>();
        for (ServicePortView v : ctx.services().ports()) {
            services.computeIfAbsent(v.namespace() + "/" + v.name(), k -> new ArrayList<>()).add(v);
        }
        ReachChecker reach = checker.reachChecker();
        List<IpAddress> endpointAddresses = new ArrayList<>();
        for (ServicePortView v : ctx.services().ports()) {
            for (ServiceEndpoint ep : v.endpoints()) {
                endpointAddresses.add(ep.address());
            }
        }
        Map<io.netprove.model.net.AddressFamily, List<IpAddress>> endpointsByFamily = new HashMap<>();
        for (IpAddress a : new java.util.TreeSet<>(endpointAddresses)) {
            endpointsByFamily.computeIfAbsent(a.family(), f -> new ArrayList<>()).add(a);
        }
        List<Cell> cells = new ArrayList<>();
        SourceLocation at = SourceLocation.of("<exposure matrix>", 0);
        for (String zone : zones) {
            List<ReachChecker.Explored> explored = reach.explore(checker.zoneProbes(zone));
            // per probe: the paths that end at each destination address (rewritten destinations directly; paths that
            // keep the original destination under every endpoint address their destination set contains)
            List<Map<IpAddress, List<SymbolicOutcome>>> byDestination = new ArrayList<>();
            for (ReachChecker.Explored e : explored) {
                Map<IpAddress, List<SymbolicOutcome>> m = new HashMap<>();
                List<SymbolicOutcome> keep = new ArrayList<>();
                for (SymbolicOutcome p : e.paths()) {
                    if (p.isOriginal(Field.DST_ADDR)) {
                        keep.add(p);
                    } else {
                        m.computeIfAbsent(p.header().destination(), k -> new ArrayList<>()).add(p);
                    }
                }
                if (!keep.isEmpty()) {
                    index(keep, endpointsByFamily.getOrDefault(e.probe().template().family(), List.of()), m);
                }
                byDestination.add(m);
            }
            for (Map.Entry<String, List<ServicePortView>> svc : services.entrySet()) {
                Set<IpAddress> endpoints = new LinkedHashSet<>();
                for (ServicePortView v : svc.getValue()) {
                    for (ServiceEndpoint ep : v.endpoints()) {
                        endpoints.add(ep.address());
                    }
                }
                List<ReachChecker.Explored> relevant = new ArrayList<>(explored.size());
                for (int i = 0; i < explored.size(); i++) {
                    ReachChecker.Explored e = explored.get(i);
                    if (endpoints.stream().noneMatch(a -> a.family() == e.probe().template().family())) {
                        continue; // nothing of this family to arrive at (as for a cannot-reach statement)
                    }
                    Set<SymbolicOutcome> paths = new LinkedHashSet<>();
                    for (IpAddress a : endpoints) {
                        paths.addAll(byDestination.get(i).getOrDefault(a, List.of()));
                    }
                    relevant.add(new ReachChecker.Explored(e.probe(), e.sim(), new ArrayList<>(paths),
                            e.complete()));
                }
                String[] ns = svc.getKey().split("/", 2);
                long t0 = System.nanoTime();
                CheckResult r = reach.checkExplored(relevant, checker.arrivesAtService(ns[0], ns[1]));
                String text = zone + " cannot reach service " + svc.getKey();
                String summary = r.status() == Status.HOLDS ? "proven: no packet from " + zone + " reaches "
                        + svc.getKey() : r.summary();
                cells.add(new Cell(zone, svc.getKey(), new Verdict(text, text, at, r.status(), summary,
                        r.witnesses(), r.reasons(), r.approximations(), (System.nanoTime() - t0) / 1_000_000)));
            }
        }
        return new Matrix(zones, new ArrayList<>(services.keySet()), cells);
    }

    /**
     * Files every path under each endpoint address (of {@code sorted}: one family, ascending) its destination set
     * contains, walking the sorted addresses interval by interval instead of testing every pair.
     */
    private static void index(List<SymbolicOutcome> paths, List<IpAddress> sorted,
                              Map<IpAddress, List<SymbolicOutcome>> into) {
        for (SymbolicOutcome p : paths) {
            for (long[] r : p.space().get(Field.DST_ADDR).ranges()) {
                int lo = 0;
                int hi = sorted.size();
                while (lo < hi) { // first address >= the interval's start
                    int mid = (lo + hi) >>> 1;
                    IpAddress a = sorted.get(mid);
                    if (compare(a.hi(), a.lo(), r[0], r[1]) < 0) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                for (int k = lo; k < sorted.size(); k++) {
                    IpAddress a = sorted.get(k);
                    if (compare(a.hi(), a.lo(), r[2], r[3]) > 0) {
                        break;
                    }
                    into.computeIfAbsent(a, x -> new ArrayList<>()).add(p);
                }
            }
        }
    }

    private static int compare(long ahi, long alo, long bhi, long blo) {
        int c = Long.compareUnsigned(ahi, bhi);
        return c != 0 ? c : Long.compareUnsigned(alo, blo);
    }
}
