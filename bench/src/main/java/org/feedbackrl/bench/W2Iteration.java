package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** W2: one training iteration on the model plant (8 rollouts + W1 + Adam). θ is reset before each op (not timed). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class W2Iteration {
    Workloads.Iteration fbrl;
    Impl.Ejml ejml;

    @Setup(Level.Trial)
    public void setup() {
        fbrl = new Workloads.Iteration(Workloads.w1());
        ejml = new Impl.Ejml();
    }

    @Setup(Level.Invocation)
    public void reset() {
        fbrl.reset();
        ejml.w2Reset();
    }

    @Benchmark public double fbrl(ThreadAlloc.Window w) { return fbrl.run(); }

    @Benchmark public double ejml(ThreadAlloc.Window w) { return ejml.w2(); }
}
