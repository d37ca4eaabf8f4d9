package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.api.Test;

/**
 * The hot paths of a training iteration allocate nothing in steady state: unrolling the car's
 * figure-8 policy (network + spline + controller) on its simulator, and the costate pass over the
 * recorded rollout. Measured with the thread's allocated-bytes counter after the JIT has settled.
 */
class CostateAllocationTest {
    @Test
    void unrollAndCostatePassAllocateNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        TrainConfig c = new TrainConfig("car", "sim", 1, 1, 1e-3, "adam", 0, 3, false, Path.of("unused"), false, 275, 64);
        TrainingTask task = Tasks.create(c);
        Policy pol = task.policy();
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < pol.params().length; i++) pol.params()[i] += rng.nextDouble(-0.01, 0.01);
        int n = task.model().stateDim(), m = task.model().inputDim(), q = pol.memoryDim();
        Rollout r = new Rollout(n, m, q, task.horizon());
        Unroller unroller = new Unroller(n, m, q);
        CostateEstimator est = new CostateEstimator(task.model(), pol.paramDim(), q);
        double[] g = new double[pol.paramDim()], x0 = new double[n];
        task.sampleInitialState(rng, x0);
        Runnable round = () -> {
            for (int k = 0; k < 5; k++) {
                unroller.run(task.plant(), pol, task.reward(), x0, 7, r);
                est.accumulate(r, pol, task.reward(), g);
            }
        };
        long before = 0, mid = 0, end = 0;
        // Steady state: warm up until five rounds in a row allocate nothing (C2 has compiled the vector
        // kernels), then measure. A late recompilation in this shared test JVM can still land in the
        // measured window once (seen: 80 B); then warm up and measure again, at most three windows.
        // Anything allocated per step, per pass or per rollout shows in every window.
        for (int window = 0; window < 3; window++) {
            for (int i = 0, clean = 0; i < 400 && clean < 5; i++) {
                long b = mx.getCurrentThreadAllocatedBytes();
                round.run();
                clean = mx.getCurrentThreadAllocatedBytes() - b == 0 ? clean + 1 : 0;
            }
            before = mx.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) unroller.run(task.plant(), pol, task.reward(), x0, 7, r);
            mid = mx.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) est.accumulate(r, pol, task.reward(), g);
            end = mx.getCurrentThreadAllocatedBytes();
            if (mid == before && end == mid) break;
            System.out.println("CostateAllocationTest: window " + (window + 1) + " allocated " + (mid - before) + " B (unroll), "
                    + (end - mid) + " B (costate); warming up again");
        }
        assertEquals(0, mid - before, "bytes allocated by 20 unrolls of 275 steps on the car simulator (including its reset)");
        assertEquals(0, end - mid, "bytes allocated by 20 costate passes over 275 steps");
    }
}
