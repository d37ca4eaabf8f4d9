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

    /**
     * The same spin plus one 1 KiB array per op (a long[126]: 16-byte header + 1 008): checks that
     * {@link ThreadAlloc} sees an allocation (1 024 B/op) and that {@code -prof gc} adds its floor on top.
     */
    @Benchmark public long[] alloc1k(ThreadAlloc.Window w) {
        Blackhole.consumeCPU(tokens);
        return new long[126];
    }
}
