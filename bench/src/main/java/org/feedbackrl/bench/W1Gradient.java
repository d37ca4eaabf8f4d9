package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** W1: recorded rollouts → gradient vector (car figure-8, 8 × 275 steps, network every step). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class W1Gradient {
    Impl.Fbrl fbrl;
    Impl.Ejml ejml;

    @Setup(Level.Trial)
    public void setup() {
        fbrl = new Impl.Fbrl();
        ejml = new Impl.Ejml();
    }

    /** feedback-rl's fast path (BatchedTrackingEstimator). */
    @Benchmark public double fbrl(ThreadAlloc.Window w) { return fbrl.w1(); }

    /** feedback-rl's generic per-step path (CostateEstimator + TrackingPolicy.vjp + MlpNetwork). */
    @Benchmark public double fbrlGeneric(ThreadAlloc.Window w) { return fbrl.w1Generic(); }

    /** The generic per-step path with the network in EJML. */
    @Benchmark public double ejml(ThreadAlloc.Window w) { return ejml.w1(); }
}
