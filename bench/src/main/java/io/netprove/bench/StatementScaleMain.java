package io.netprove.bench;

import io.netprove.model.net.IpAddress;
import io.netprove.model.net.Protocol;
import io.netprove.model.packet.Packet;
import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ClusterContext;
import io.netprove.verifier.check.ExposureMatrix;
import io.netprove.verifier.check.StatementChecker;
import io.netprove.verifier.sim.NetfilterSimulator;

import java.util.Arrays;

/**
 * The issue-3 figures on the generated kube-proxy cluster of {@link StatementWorkload}: one statement ("internet
 * cannot reach pods on tcp", the 203.0.113.0/24 zone against every endpoint), the exposure matrix (4 zones x every
 * service), and a naive baseline that enumerates concrete packets through the concrete simulator, extrapolated to
 * the packets the statement covers. Run once per size, e.g. 10000 then 50000, and compare.
 *
 * <pre>java -Xmx12g -XX:+UseParallelGC -cp bench/target/benchmarks.jar io.netprove.bench.StatementScaleMain 10000</pre>
 */
public final class StatementScaleMain {

    private StatementScaleMain() {
    }

    public static void main(String[] args) {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        boolean matrix = args.length <= 2 || !args[2].equals("no-matrix");
        long t0 = System.nanoTime();
        StatementWorkload w = new StatementWorkload(services, 5, 42);
        ClusterContext ctx = w.context();
        ctx.nodes().forEach(n -> n.v4());
        System.out.printf("%d services x 5 endpoints: workload built in %.1f s%n", services,
                (System.nanoTime() - t0) / 1e9);
        try (StatementChecker checker = new StatementChecker(ctx, 120_000, 5_000_000)) {
            double[] ms = new double[runs];
            Verdict v = null;
            for (int i = 0; i < runs; i++) {
                long a = System.nanoTime();
                v = checker.check(w.statement());
                ms[i] = (System.nanoTime() - a) / 1e6;
            }
            double[] warm = Arrays.copyOfRange(ms, Math.min(2, runs - 1), runs);
            Arrays.sort(warm);
            System.out.printf("statement '%s': %s; first %.0f ms, warm median %.0f ms (min %.0f, max %.0f)%n",
                    w.statement().text(), v.status(), ms[0], warm[warm.length / 2], warm[0],
                    warm[warm.length - 1]);
            if (matrix) {
                for (int i = 0; i < 2; i++) {
                    long a = System.nanoTime();
                    ExposureMatrix.Matrix m = ExposureMatrix.compute(ctx, checker);
                    System.out.printf("exposure matrix %d zones x %d services (%d cells: %d HOLDS, %d VIOLATED,"
                                    + " %d UNKNOWN): %.1f s%n", m.zones().size(), m.services().size(),
                            m.cells().size(), m.count(Status.HOLDS), m.count(Status.VIOLATED),
                            m.count(Status.UNKNOWN),
                            (System.nanoTime() - a) / 1e9);
                }
            }
        }
        naive(ctx);
    }

    /**
     * The naive baseline: concrete packets from the zone to the node's address on every TCP port, each simulated;
     * the statement covers 256 sources x (node addresses + load-balancer and external IPs) x 65,536 ports.
     */
    private static void naive(ClusterContext ctx) {
        NetfilterSimulator sim = ctx.nodes().get(0).v4();
        IpAddress node = ctx.nodes().get(0).addresses().get(0);
        long count = 0;
        long outcomes = 0;
        long a = System.nanoTime();
        for (int src = 1; src <= 2; src++) {
            for (int port = 0; port < 65_536; port++) {
                Packet p = Packet.newConnection(IpAddress.parse("203.0.113." + src), node, Protocol.TCP, port);
                outcomes += sim.simulate(p).size();
                count++;
            }
        }
        double seconds = (System.nanoTime() - a) / 1e9;
        double rate = count / seconds;
        long destinations = ctx.nodeAddresses(io.netprove.model.net.AddressFamily.IPV4).sizeSaturated()
                + ctx.publishedServiceAddresses(io.netprove.model.net.AddressFamily.IPV4).sizeSaturated();
        double covered = 256.0 * destinations * 65_536;
        System.out.printf("naive baseline: %d concrete packets (%d outcomes) in %.1f s = %.0f packets/s; the"
                        + " statement covers 256 sources x %d destinations x 65,536 ports = %.3g packets: about %.1f"
                        + " hours by enumeration%n", count, outcomes, seconds, rate, destinations, covered,
                covered / rate / 3600);
    }
}
