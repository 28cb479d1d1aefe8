package io.netprove.bench;

import io.netprove.model.netfilter.Ruleset;
import io.netprove.verifier.sim.NetfilterSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Reading a kube-proxy dump: {@code parse} is {@code IptablesFrontEnd.read} on the text; {@code parseAndIndex}
 * adds {@code new NetfilterSimulator(...)}, which builds the chain indexes: the time before the first packet can be
 * traced. Compare with {@code iptables-restore --test} on the same text (bench/iptables-restore-baseline.sh).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 8, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class ParseBenchmark {

    @Param({"10000"})
    public int services;

    @Param({"5"})
    public int endpoints;

    private KubeProxyWorkload workload;

    @Setup(Level.Trial)
    public void generate() {
        workload = new KubeProxyWorkload(services, endpoints, 1);
    }

    @Benchmark
    public Ruleset parse() {
        return workload.parse();
    }

    @Benchmark
    public NetfilterSimulator parseAndIndex() {
        return new NetfilterSimulator(workload.parse(), KubeProxyWorkload.node());
    }
}
