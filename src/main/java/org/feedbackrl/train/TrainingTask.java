package org.feedbackrl.train;

import java.util.random.RandomGenerator;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * Everything Algorithm 1 needs for one system: the model whose Jacobians the estimator uses, the
 * plant the policy runs on, the policy, the reward, the horizon and the initial-state distribution.
 */
public interface TrainingTask {
    String name();

    DynamicsModel model();

    Plant plant();

    Policy policy();

    Reward reward();

    /** T, control steps per rollout. */
    int horizon();

    /** Draws x_0 ~ D. */
    void sampleInitialState(RandomGenerator rng, double[] x0);

    /** The task's precision metric for one rollout (figure-8: mean distance to the path [m]). */
    double trackingError(Rollout r);

    /**
     * An independent copy of this task for another thread ({@code train --threads}): its own plant
     * instance ({@link Plant#newInstance()}), its own policy and reward objects (they keep scratch
     * state), the same model, horizon and initial-state distribution. The trainer copies θ into the
     * copy's policy before each batch. The default, null, makes the trainer run the batch's rollouts
     * one after another (a hardware plant: one robot).
     *
     * @return a replica, or null when the task (its plant) cannot be replicated
     */
    default TrainingTask replica() { return null; }
}
