package org.feedbackrl.rollout;

import org.feedbackrl.policy.Policy;
import org.feedbackrl.task.Reward;

/**
 * Runs a policy on a plant and records the trajectory (Algorithm 1, line 5). Buffers are allocated
 * once per (n, m, q); {@link #run} allocates nothing.
 */
public final class Unroller {
    private final double[] x;
    private final double[] u;
    private final double[] zPrev;
    private final double[] z;
    private final double[] gx;
    private final double[] gu;

    public Unroller(int n, int m, int q) {
        x = new double[n];
        u = new double[m];
        zPrev = new double[q];
        z = new double[q];
        gx = new double[n];
        gu = new double[m];
    }

    /**
     * Unrolls from x0 for {@code out.horizon} steps.
     *
     * @param plant  the real system
     * @param policy the policy (its current θ)
     * @param reward the objective
     * @param x0     initial state (length n)
     * @param seed   plant seed
     * @param out    the rollout to fill
     */
    public void run(Plant plant, Policy policy, Reward reward, double[] x0, long seed, Rollout out) {
        int n = out.n, m = out.m, q = out.q, T = out.horizon;
        plant.reset(x0, seed);
        plant.observe(x);
        java.util.Arrays.fill(zPrev, 0.0);               // z_{-1} = 0 unless the policy says otherwise
        policy.initMemory(x, zPrev);
        System.arraycopy(zPrev, 0, out.zs, 0, q);
        out.recordedSteps = 0;
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, 0, out.xs, t * n, n);
            policy.act(t, x, zPrev, z, u);
            System.arraycopy(u, 0, out.us, t * m, m);
            System.arraycopy(z, 0, out.zs, (t + 1) * q, q);
            out.rewards[t] = reward.stage(t, x, u, gx, gu);
            plant.step(u);
            plant.observe(x);
            System.arraycopy(z, 0, zPrev, 0, q);
            out.recordedSteps = t + 1;
        }
        System.arraycopy(x, 0, out.xs, T * n, n);
        out.rewards[T] = reward.terminal(x, gx);
        out.seconds = T * plant.dt();
    }
}
