package org.feedbackrl.rollout;

import org.feedbackrl.embed.EmbeddedPolicy;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.task.Reward;

/**
 * Runs a policy on a plant and records the trajectory (Algorithm 1, line 5). Buffers are allocated
 * once per (n, m, q) and per policy; {@link #run} allocates nothing after its first call with a policy.
 * The policy is called through {@link EmbeddedPolicy}, the same per-tick object that users embed in
 * their own control loops and that {@code hw loop-bench} runs.
 */
public final class Unroller {
    private final double[] x;
    private final double[] u;
    private EmbeddedPolicy driver;
    private final double[] gx;
    private final double[] gu;

    public Unroller(int n, int m, int q) {
        x = new double[n];
        u = new double[m];
        gx = new double[n];
        gu = new double[m];
    }

    /**
     * Unrolls from x0 for {@code out.horizon} steps, driving the policy through an
     * {@link EmbeddedPolicy} (the per-tick object users embed), created once per policy and reused.
     *
     * @param plant  the real system
     * @param policy the policy (its current θ)
     * @param reward the objective
     * @param x0     initial state (length n)
     * @param seed   plant seed
     * @param out    the rollout to fill
     */
    public void run(Plant plant, Policy policy, Reward reward, double[] x0, long seed, Rollout out) {
        if (driver == null || driver.policy() != policy || driver.dt() != plant.dt()) driver = EmbeddedPolicy.of(policy, plant.dt());
        run(plant, driver, reward, x0, seed, out);
    }

    /**
     * Unrolls an {@link EmbeddedPolicy} from x0 for {@code out.horizon} steps: resets it, then one
     * {@link EmbeddedPolicy#controlStep} per plant step, recording x, u, the policy memory and the rewards.
     *
     * @param plant  the real system (its period should be the policy's)
     * @param policy the policy as embedded; reset here
     * @param reward the objective
     * @param x0     initial state (length n)
     * @param seed   plant seed
     * @param out    the rollout to fill
     */
    public void run(Plant plant, EmbeddedPolicy policy, Reward reward, double[] x0, long seed, Rollout out) {
        int n = out.n, m = out.m, q = out.q, T = out.horizon;
        plant.reset(x0, seed);
        plant.observe(x);
        policy.reset();
        out.recordedSteps = 0;
        for (int t = 0; t < T; t++) {
            System.arraycopy(x, 0, out.xs, t * n, n);
            policy.controlStep(t, x, u);
            if (t == 0) policy.memoryBefore(out.zs, 0);   // z_{-1}, as the policy initialised it from x_0
            System.arraycopy(u, 0, out.us, t * m, m);
            policy.memory(out.zs, (t + 1) * q);
            out.rewards[t] = reward.stage(t, x, u, gx, gu);
            plant.step(u);
            plant.observe(x);
            out.recordedSteps = t + 1;
        }
        System.arraycopy(x, 0, out.xs, T * n, n);
        out.rewards[T] = reward.terminal(x, gx);
        out.seconds = T * plant.dt();
    }
}
