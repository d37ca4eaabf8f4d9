package org.feedbackrl.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Bytes allocated by the benchmark thread per op, counting only the measured loop:
 * {@code thread.alloc.norm}.
 *
 * <p>Why, next to JMH's {@code -prof gc}: {@code gc.alloc.rate.norm} sums the allocation of every
 * thread of the JVM over an iteration — including JMH's own per-iteration bookkeeping (≈ 7 KB: the
 * iteration's result objects, the runner and timer threads) — and divides by the ops of that
 * iteration, so a millisecond-scale op that allocates nothing still shows ≈ 60 B/op (see
 * {@link JmhOverhead}). Here a {@link Window} state, taken as an argument by every benchmark method,
 * reads {@code ThreadMXBean.getCurrentThreadAllocatedBytes()} of the worker thread in its
 * iteration-level {@code @Setup} and {@code @TearDown}; between them JMH's generated stub runs only
 * the measured loop (no allocation of its own: its result holder is created before the setup and
 * its result objects after the teardown). This profiler divides that difference by the iteration's
 * operation count and reports it as a secondary result.
 */
public final class ThreadAlloc implements InternalProfiler {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long bytes = -1;

    /** The per-iteration window on the worker thread; add it as a parameter of a benchmark method. */
    @State(Scope.Thread)
    public static class Window {
        private long start;

        @Setup(Level.Iteration)
        public void begin() { start = MX.getCurrentThreadAllocatedBytes(); }

        @TearDown(Level.Iteration)
        public void end() { bytes = MX.getCurrentThreadAllocatedBytes() - start; }
    }

    @Override
    public String getDescription() { return "bytes allocated per op by the benchmark thread inside the measured loop"; }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) { bytes = -1; }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long b = bytes, ops = result.getMetadata().getAllOps();
        if (b < 0 || ops <= 0) return List.of();
        return List.of(new ScalarResult("thread.alloc.norm", (double) b / ops, "B/op", AggregationPolicy.AVG));
    }
}
