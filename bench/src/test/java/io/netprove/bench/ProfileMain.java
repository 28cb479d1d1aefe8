package io.netprove.bench;

import io.netprove.verifier.check.Probe;
import io.netprove.verifier.check.ReachChecker;
import io.netprove.verifier.check.StatementChecker;

import java.util.List;

/** Ad-hoc phase timing for the statement benchmark (not a test). */
public final class ProfileMain {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long t0 = System.nanoTime();
        StatementWorkload w = new StatementWorkload(n, 5, 42);
        long t1 = System.nanoTime();
        System.out.printf("setup %.0f ms%n", (t1 - t0) / 1e6);
        try (StatementChecker c = new StatementChecker(w.context(), 60_000, 5_000_000)) {
            for (int i = 0; i < 5; i++) {
                long a = System.nanoTime();
                List<Probe> probes = c.zoneProbes("internet");
                List<ReachChecker.Explored> ex = c.reachChecker().explore(probes);
                long b = System.nanoTime();
                int paths = ex.stream().mapToInt(e -> e.paths().size()).sum();
                var v = c.check(w.statement());
                long d = System.nanoTime();
                System.out.printf("explore %d probes, %d paths: %.0f ms; full check %.0f ms: %s%n", probes.size(),
                        paths, (b - a) / 1e6, (d - b) / 1e6, v.status());
            }
        }
    }
}
