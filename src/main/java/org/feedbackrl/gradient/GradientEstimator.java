package org.feedbackrl.gradient;

import org.feedbackrl.rollout.Rollout;

/**
 * The batch estimate of paper eq. (8), ĝ = (1/N) Σ_i ∇̂J(θ; x_0^i), over N recorded rollouts of one
 * policy at its current θ, with the model's Jacobians. One implementation per policy class, chosen by
 * {@link Estimators#forPolicy}: the batched, vectorized passes for the classes they serve and the
 * generic per-step costate pass ({@link BatchEstimator}) for every other policy. They agree to
 * round-off (the batched ones sum in another order); the tests hold them to 1e-10 relative.
 */
public interface GradientEstimator {
    /**
     * @param rollouts recorded rollouts at the policy's current θ; the first {@code count} are used
     * @param count    N, 1 … the largest batch the estimator was built for
     * @param g        output (overwritten) ĝ, length p, laid out like the policy's θ
     * @return the mean J of the N recorded trajectories (Σ R_t + R_T, re-evaluated)
     */
    double meanGradient(Rollout[] rollouts, int count, double[] g);

    /** @return a short name for logs and tests ("batched-tracking", "batched-time-network", "generic") */
    String name();
}
