package org.feedbackrl.baseline;

/**
 * A learning algorithm attached to its training environment(s), driven one environment step at a
 * time by {@link BaselineRun}: it collects, stores and updates as its paper prescribes, and answers
 * deterministic actions for evaluation on a separate environment.
 */
public interface Agent {
    /**
     * Advances training by one step of each of the agent's environments, with every update that is
     * due after it.
     *
     * @return simulated seconds of data this step consumed (all environments together)
     */
    double trainStep();

    /** @return environment steps taken so far (all environments together) */
    long steps();

    /**
     * The deterministic action for evaluation (the mean of the policy, squashed or clipped to the
     * box); must not disturb the training state.
     *
     * @param obs       raw observation of the evaluation environment
     * @param envAction output, in the environment's box
     */
    void evalAction(double[] obs, double[] envAction);
}
