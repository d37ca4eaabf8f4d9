package org.feedbackrl.baseline;

/**
 * A reinforcement-learning environment in Gymnasium's shape: {@code reset} gives the first
 * observation, {@code step} applies an action in the box {@code [low, high]} and gives the reward
 * and the next observation, and tells apart <em>termination</em> (a terminal state: no value after
 * it) from <em>truncation</em> (the time limit: the episode is cut, the state is not terminal, so
 * value targets bootstrap through it — Pardo et al. 2018, and SB3's {@code handle_timeout_termination}).
 *
 * <p>Every step consumes simulated time ({@link #lastStepSeconds}); the experiments count data in
 * those seconds, so "minutes of data" means the same for every method. Implementations allocate
 * nothing in {@link #step} and {@link #reset}.
 */
public interface Env {
    /** @return a short name ("pendulum-v1", "car") */
    String name();

    int obsDim();

    int actDim();

    /** @return the lower bound of action component i (Gymnasium's Box.low) */
    double actionLow(int i);

    /** @return the upper bound of action component i (Box.high) */
    double actionHigh(int i);

    /** @return the time limit in steps (the episode is truncated after it) */
    int maxEpisodeSteps();

    /**
     * Starts an episode with a random initial state.
     *
     * @param rng source of the initial state (and of any plant noise seed)
     * @param obs output, the first observation (length obsDim)
     */
    void reset(Rng rng, double[] obs);

    /**
     * Applies {@code action} (components outside the box are clipped, as the Gymnasium environments do)
     * for one step.
     *
     * @param action  length actDim, read only
     * @param nextObs output, the next observation
     * @return the reward of this step
     */
    double step(double[] action, double[] nextObs);

    /** @return whether the last step reached a terminal state */
    boolean terminated();

    /** @return whether the last step hit the time limit (and did not terminate) */
    boolean truncated();

    /** @return simulated seconds the last step consumed */
    double lastStepSeconds();

    /** @return simulated seconds of one full episode (the time limit) */
    double episodeSeconds();
}
