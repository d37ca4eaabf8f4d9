package org.feedbackrl.gradient;

import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * The batch estimate of paper eq. (8): ĝ = (1/N) Σ_i ∇̂J(θ; x_0^i) over N recorded rollouts.
 * Allocation-free after construction.
 */
public final class BatchEstimator {
    private final CostateEstimator costate;

    public BatchEstimator(DynamicsModel model, int paramDim, int memoryDim) {
        this.costate = new CostateEstimator(model, paramDim, memoryDim);
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
}
