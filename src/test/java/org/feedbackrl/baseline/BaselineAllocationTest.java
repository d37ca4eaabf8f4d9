package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.feedbackrl.testsupport.SteadyState;
import org.junit.jupiter.api.Test;

/**
 * Each algorithm's update step allocates nothing in steady state (measured with the thread's
 * allocated-bytes counter after the JIT has settled, as {@code CostateAllocationTest}): SAC's
 * gradient step; PPO's environment step and its epochs of minibatch updates over a full rollout;
 * MBPO's environment step with its SAC updates on mixed real/model minibatches, a model rollout
 * through the elites, and a minibatch step of the ensemble.
 */
class BaselineAllocationTest {
    /**
     * Warms body until three rounds in a row allocate nothing (at most maxRounds), then returns the
     * bytes of {@code measured} more rounds; a late recompilation in that window means warm up and
     * measure again, at most five windows (testsupport.SteadyState).
     */
    private static long steadyState(Runnable body, int maxRounds, int measured) {
        return SteadyState.bytes("BaselineAllocationTest", body, 3, maxRounds, () -> { for (int i = 0; i < measured; i++) body.run(); }, 5);
    }

    @Test
    void sacUpdateAllocatesNothing() {
        SacConfig c = new SacConfig(new int[] {64, 64}, "relu", 1e-3, 1000, 0, 64, 0.005, 0.99, 1, 1, 1.0, Double.NaN);
        Rng rng = new Rng(1);
        Sac s = new Sac(c, 6, 10, new double[10], fill(10, 1), rng);
        Batch b = GradientCheck.randomBatch(64, 6, 10, 5, 2);
        long bytes = steadyState(() -> { for (int i = 0; i < 20; i++) s.update(b, rng); }, 300, 5);
        assertEquals(0, bytes, "bytes allocated by 100 SAC updates");
    }

    @Test
    void ppoStepAndUpdateAllocateNothing() {
        PpoConfig c = new PpoConfig(new int[] {64, 64}, "tanh", 3e-4, 2, 32, 16, 3, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5, 0.0, true, true, true);
        Ppo p = new Ppo(c, new Env[] {new StubEnv(6, 3), new StubEnv(6, 3)}, new Rng(3));
        // one round = one rollout of 32 steps × 2 environments, ending in 3 epochs of 4 minibatches
        long bytes = steadyState(() -> { for (int i = 0; i < 32; i++) p.trainStep(); }, 300, 5);
        assertEquals(0, bytes, "bytes allocated by 5 rollouts with their PPO updates");
        assertEquals(true, p.updates() > 5);
    }

    @Test
    void mbpoStepRolloutAndModelStepAllocateNothing() {
        MbpoConfig c = new MbpoConfig(3, 2, new int[] {32, 32}, 1e-3, 64, 0.2, 5000, 5, 3, 10_000, 10_000, 500,
                new int[] {1, 15, 1, 1}, 1, 0.05, 2, 50, false, new int[] {64, 64}, 3e-4, 64, 5e-3, 0.99, Double.NaN);
        Mbpo m = new Mbpo(c, new StubEnv(4, 2), 100_000, new Rng(4));
        for (int i = 0; i < 60; i++) m.trainStep();          // exploration, then the first model training and rollout
        assertEquals(1, m.modelTrainings());
        long step = steadyState(() -> { for (int i = 0; i < 10; i++) m.trainStep(); }, 300, 5);
        assertEquals(0, step, "bytes allocated by 50 MBPO environment steps (2 SAC updates each on mixed minibatches)");
        long rollout = steadyState(m::rolloutModel, 400, 3);
        assertEquals(0, rollout, "bytes allocated by 3 model rollouts of 500 branches through random elites");
        Ensemble e = m.model;
        int n = 256;
        Rng rng = new Rng(5);
        double[] x = new double[n * 6], y = new double[n * 5];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = rng.nextGaussian();
        int[][] idx = new int[3][n];
        for (int b = 0; b < 3; b++) for (int i = 0; i < n; i++) idx[b][i] = rng.nextInt(n);
        long model = steadyState(() -> { for (int s = 0; s < n; s += 64) e.trainStep(x, y, idx, s, 64); }, 300, 5);
        assertEquals(0, model, "bytes allocated by 20 minibatch steps of the ensemble");
    }

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
