package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * W2: one training iteration as {@code Trainer.run} does it — {@code TrainingIteration.run}: the
 * rollouts on the model plant, the gradient by the estimator the trainer picks, an Adam step. θ and
 * Adam are reset before each op (not timed). {@code rollouts} times the rollouts alone (the "8
 * rollouts" of the W2 ≤ 1.5 × (W1 + 8 rollouts) target); {@code fbrlThreads2} the same iteration
 * with the rollouts on two threads ({@code --threads 2}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class W2Iteration {

    @State(Scope.Thread)
    public static class Car {
        Workloads.TrainerIteration it;
        @Setup(Level.Trial) public void setup() { it = Workloads.w2Car(1); }
        @Setup(Level.Invocation) public void reset() { it.reset(); }
        @TearDown(Level.Trial) public void close() { it.close(); }
    }

    @State(Scope.Thread)
    public static class Car2 {
        Workloads.TrainerIteration it;
        @Setup(Level.Trial) public void setup() { it = Workloads.w2Car(2); }
        @Setup(Level.Invocation) public void reset() { it.reset(); }
        @TearDown(Level.Trial) public void close() { it.close(); }
    }

    @State(Scope.Thread)
    public static class Go1 {
        Workloads.TrainerIteration it;
        @Setup(Level.Trial) public void setup() { it = Workloads.w2Go1(); }
        @Setup(Level.Invocation) public void reset() { it.reset(); }
        @TearDown(Level.Trial) public void close() { it.close(); }
    }

    @State(Scope.Thread)
    public static class Pendulum {
        Workloads.TrainerIteration it;
        @Setup(Level.Trial) public void setup() { it = Workloads.w2Pendulum(); }
        @Setup(Level.Invocation) public void reset() { it.reset(); }
        @TearDown(Level.Trial) public void close() { it.close(); }
    }

    @State(Scope.Thread)
    public static class Ejml {
        Impl.Ejml ejml;
        @Setup(Level.Trial) public void setup() { ejml = new Impl.Ejml(); }
        @Setup(Level.Invocation) public void reset() { ejml.w2Reset(); }
    }

    /** The trainer's iteration on W1's workload (car, 8 × 275, network every step). */
    @Benchmark public double fbrl(Car s, ThreadAlloc.Window w) { return s.it.run(); }

    /** Its 8 rollouts alone. */
    @Benchmark public double rollouts(Car s, ThreadAlloc.Window w) { return s.it.rollouts(); }

    /** The same iteration with the rollouts on two threads. */
    @Benchmark public double fbrlThreads2(Car2 s, ThreadAlloc.Window w) { return s.it.run(); }

    /** The Go1's training iteration (8 × 377, network every 9 steps). */
    @Benchmark public double go1(Go1 s, ThreadAlloc.Window w) { return s.it.run(); }

    /** The pendulum's training iteration (5 × 300, feedback class). */
    @Benchmark public double pendulum(Pendulum s, ThreadAlloc.Window w) { return s.it.run(); }

    /** EJML: the generic per-step pass with an EJML network, same rollouts, same Adam step. */
    @Benchmark public double ejml(Ejml s, ThreadAlloc.Window w) { return s.ejml.w2(); }
}
