package io.netprove.bench;

import io.netprove.model.packet.Outcome;
import io.netprove.model.packet.Packet;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Packets per second traced through the 10,000-service dump: one operation is one {@code simulate} call on the
 * next packet of a 4,096-packet mix (see {@link KubeProxyWorkload#packetMix}), every outcome enumerated (a
 * ClusterIP hit on a 5-endpoint service has 5).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class TraceBenchmark {

    @Param({"10000"})
    public int services;

    @Param({"5"})
    public int endpoints;

    private NetfilterSimulator simulator;
    private Packet[] packets;
    private int next;

    @Setup(Level.Trial)
    public void prepare() {
        KubeProxyWorkload workload = new KubeProxyWorkload(services, endpoints, 1);
        simulator = workload.simulator();
        packets = workload.packetMix(4096, 42).stream().map(KubeProxyWorkload.Probe::packet)
                .toArray(Packet[]::new);
    }

    @Benchmark
    public List<Outcome> tracePacket() {
        Packet p = packets[next];
        next = (next + 1) & (packets.length - 1);
        return simulator.simulate(p);
    }
}
