package org.feedbackrl.gradient;

import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * The batch estimate of paper eq. (8): ĝ = (1/N) Σ_i ∇̂J(θ; x_0^i) over N recorded rollouts, by the
 * generic per-step {@link CostateEstimator} (one policy VJP per step and rollout). It serves every
 * {@link Policy} and is the reference the batched estimators are tested against.
 * Allocation-free after construction.
 */
public final class BatchEstimator implements GradientEstimator {
    private final CostateEstimator costate;
    private final Policy policy;
    private final Reward reward;

    /** An estimator for any policy passed to {@link #estimate}. */
    public BatchEstimator(DynamicsModel model, int paramDim, int memoryDim) {
        this.costate = new CostateEstimator(model, paramDim, memoryDim);
        this.policy = null;
        this.reward = null;
    }

    /** An estimator bound to one policy and reward (the {@link GradientEstimator} form). */
    public BatchEstimator(DynamicsModel model, Policy policy, Reward reward) {
        this.costate = new CostateEstimator(model, policy.paramDim(), policy.memoryDim());
        this.policy = policy;
        this.reward = reward;
    }

    /**
     * @param rollouts recorded rollouts; the first {@code count} are used
     * @param count    N ≥ 1
     * @param g        output (overwritten) mean gradient, length p
     * @return the mean J over the rollouts
     */
    public double estimate(Rollout[] rollouts, int count, Policy policy, Reward reward, double[] g) {
        if (count < 1) throw new IllegalArgumentException("batch needs at least one rollout");
        java.util.Arrays.fill(g, 0.0);
        double sumJ = 0;
        for (int i = 0; i < count; i++) sumJ += costate.accumulate(rollouts[i], policy, reward, g);
        double inv = 1.0 / count;
        for (int k = 0; k < g.length; k++) g[k] *= inv;
        return sumJ * inv;
    }

    @Override
    public double meanGradient(Rollout[] rollouts, int count, double[] g) {
        if (policy == null) throw new IllegalStateException("this estimator is not bound to a policy; call estimate(rollouts, count, policy, reward, g)");
        return estimate(rollouts, count, policy, reward, g);
    }

    @Override
    public String name() { return "generic"; }
}
