package io.netprove.bench;

import io.netprove.grammar.iptables.IptablesFrontEnd;
import io.netprove.model.net.AddressFamily;
import io.netprove.verifier.sim.NetfilterSimulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times parse + index of one dump file outside JMH, for side-by-side runs with {@code iptables-restore --test}
 * (see iptables-restore-baseline.sh, PAIRED=1): {@code FILE [WARMUP [RUNS]]} (defaults 6 and 9); prints the median
 * wall time in milliseconds.
 */
public final class ParseAndIndexTimer {

    private ParseAndIndexTimer() {
    }

    public static void main(String[] args) throws IOException {
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        long[] ms = new long[runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            NetfilterSimulator sim = new NetfilterSimulator(IptablesFrontEnd.read(args[0], text, AddressFamily.IPV4),
                    KubeProxyWorkload.node());
            long t = (System.nanoTime() - t0) / 1_000_000;
            if (sim.ruleset().ruleCount() == 0) {
                throw new IllegalStateException("no rules read from " + args[0]);
            }
            if (i >= warmup) {
                ms[i - warmup] = t;
            }
        }
        Arrays.sort(ms);
        System.out.println(ms[runs / 2]);
    }
}
