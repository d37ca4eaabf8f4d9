package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.testsupport.SteadyState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimator the trainer picks ({@link TrainingIteration#estimate}: the batched tracking pass for
 * the figure-8 policies, the batched time-network pass for the pendulum) allocates nothing per
 * iteration in steady state, and neither does the whole iteration on one thread (rollouts on the
 * simulator, estimate, Adam step: W2). Measured like {@code CostateAllocationTest}, with the thread's
 * allocated-bytes counter after the JIT has settled.
 */
class TrainerEstimatorAllocationTest {

    @ParameterizedTest
    @CsvSource({"car,sim,2,BatchedTrackingEstimator", "go1,sim,2,BatchedTrackingEstimator", "pendulum,true,5,BatchedTimeNetworkEstimator"})
    void theTrainersEstimatorAllocatesNothing(String system, String plant, int batch, String expected) throws Exception {
        TrainConfig c = new TrainConfig(system, plant, 1, batch, 1e-3, "adam", 0, 3, false, Path.of("unused"), false, 0, 64);
        TrainingTask task = Tasks.create(c);
        SplittableRandom rng = new SplittableRandom(1);
        double[] th = task.policy().params();
        for (int i = 0; i < th.length; i++) th[i] += rng.nextDouble(-0.01, 0.01);
        try (TrainingIteration it = new TrainingIteration(task, batch, c.seed(), 1)) {
            assertEquals(expected, it.estimator().getClass().getSimpleName());
            it.collect(0, null, TrainingIteration.Hooks.NONE);
            // Steady state (testsupport.SteadyState): ten allocation-free rounds in a row, then a window;
            // a late recompilation in the window means warm up and measure again, at most five windows.
            long est = SteadyState.bytes(system + " estimate", () -> { for (int k = 0; k < 5; k++) it.estimate(); }, 10, 1000,
                    () -> { for (int k = 0; k < 20; k++) it.estimate(); }, 5);
            assertEquals(0, est, "bytes allocated by 20 gradient estimates of " + system + " (" + expected + ")");
            // The whole iteration on one thread (what W2 times): rollouts, estimate, Adam step.
            Optimizer opt = new Optimizer(Optimizer.Kind.ADAM, th.length, 1e-4, 0);
            int[] iteration = {0};
            Runnable one = () -> {
                try {
                    it.run(iteration[0]++, null, TrainingIteration.Hooks.NONE, opt);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            long run = SteadyState.bytes(system + " iteration", one, 5, 300,
                    () -> { for (int k = 0; k < 5; k++) one.run(); }, 5);
            assertEquals(0, run, "bytes allocated by 5 training iterations of " + system + " (rollouts, estimate, Adam)");
        }
    }
}
