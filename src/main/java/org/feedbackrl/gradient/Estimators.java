package org.feedbackrl.gradient;

import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.TimeNetworkPolicy;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.task.Reward;

/**
 * Picks the gradient path for a policy class (the trainer, the benchmarks and the tests use this one
 * choice):
 * <ul>
 *   <li>{@link TrackingPolicy} with an {@link MlpNetwork} (the car and Go1 figure-8 policies, any
 *       network call interval) → {@link BatchedTrackingEstimator};</li>
 *   <li>{@link TimeNetworkPolicy} with an {@link MlpNetwork} and time-only features (the pendulum's
 *       feedback and no-feedback classes, the figure-8 no-feedback class) →
 *       {@link BatchedTimeNetworkEstimator};</li>
 *   <li>anything else (the scalar example, test policies, networks other than {@link MlpNetwork}) →
 *       the generic per-step pass, {@link BatchEstimator} over {@link CostateEstimator}.</li>
 * </ul>
 */
public final class Estimators {
    private Estimators() {}

    /**
     * @param model       F̂, whose Jacobians the estimate uses
     * @param policy      the policy being trained (the estimator reads its live θ)
     * @param reward      the objective
     * @param maxRollouts largest batch N (≥ 1)
     * @param horizon     T of every rollout (≥ 1)
     */
    public static GradientEstimator forPolicy(DynamicsModel model, Policy policy, Reward reward, int maxRollouts, int horizon) {
        if (policy instanceof TrackingPolicy tp && tp.network() instanceof MlpNetwork) {
            return new BatchedTrackingEstimator(model, tp, tp.features(), reward, maxRollouts, horizon);
        }
        if (policy instanceof TimeNetworkPolicy tn && tn.network() instanceof MlpNetwork && !tn.features().readsState()
                && tn.memoryDim() == 0) {
            return new BatchedTimeNetworkEstimator(model, tn, reward, maxRollouts, horizon);
        }
        return generic(model, policy, reward);
    }

    /** The generic per-step pass for any policy: the reference every batched path is tested against. */
    public static GradientEstimator generic(DynamicsModel model, Policy policy, Reward reward) {
        return new BatchEstimator(model, policy, reward);
    }
}
