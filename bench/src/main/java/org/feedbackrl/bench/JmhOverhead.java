package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What JMH's {@code -prof gc} reports for an operation that allocates nothing: {@code spin} burns
 * CPU for about as long as one W1 op ({@code tokens} of {@link Blackhole#consumeCPU}) with no
 * allocation at all. Its {@code gc.alloc.rate.norm} is the harness's own per-iteration bookkeeping
 * (counted by the profiler, which sums every thread of the JVM) divided by the ops in an iteration,
 * i.e. the floor under any B/op reported for a millisecond-scale op, while {@link ThreadAlloc}
 * reports 0 for it. Timed by {@code bench} with W1 and shown as the "JMH floor" row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class JmhOverhead {
    @Param({"4000000"})
    public long tokens;

    @Benchmark public void spin(ThreadAlloc.Window w) { Blackhole.consumeCPU(tokens); }
}
