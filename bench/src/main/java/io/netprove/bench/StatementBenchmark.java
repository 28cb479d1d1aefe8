package io.netprove.bench;

import io.netprove.model.verdict.Status;
import io.netprove.model.verdict.Verdict;
import io.netprove.verifier.check.ExposureMatrix;
import io.netprove.verifier.check.StatementChecker;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Issue 3's speed goals on the generated 10,000-service dump: one statement ("the 203.0.113.0/24 zone cannot reach any
 * endpoint on tcp") warm, and the full exposure matrix (4 zones x every service). {@code services} can be raised to
 * 50,000 to measure the growth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx8g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class StatementBenchmark {

    @Param({"10000"})
    int services;

    StatementWorkload workload;
    StatementChecker checker;

    @Setup(Level.Trial)
    public void setUp() {
        workload = new StatementWorkload(services, 5, 42);
        checker = new StatementChecker(workload.context(), 60_000, 5_000_000);
        Verdict v = checker.check(workload.statement());
        System.out.println("# " + StatementWorkload.STATEMENT + ": " + v.status() + " - " + v.summary());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        checker.close();
    }

    @Benchmark
    public Status oneStatement() {
        return checker.check(workload.statement()).status();
    }

    @Benchmark
    public long exposureMatrix() {
        ExposureMatrix.Matrix m = ExposureMatrix.compute(workload.context(), checker);
        return m.count(Status.VIOLATED);
    }
}
