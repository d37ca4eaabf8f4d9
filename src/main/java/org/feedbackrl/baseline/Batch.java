package org.feedbackrl.baseline;

/**
 * A minibatch of transitions (s, a, r, s', terminated) in row-major arrays, one row per sample,
 * filled by {@link ReplayBuffer#sample} and read by {@link Sac#update}. Actions are in the agent's
 * normalised box [−1, 1]; {@code done} is 1 for a terminal s' (never for a time-limit cut).
 */
public final class Batch {
    public final int size, obsDim, actDim;
    public final double[] obs, act, rew, next, done;

    public Batch(int size, int obsDim, int actDim) {
        this.size = size;
        this.obsDim = obsDim;
        this.actDim = actDim;
        obs = new double[size * obsDim];
        act = new double[size * actDim];
        rew = new double[size];
        next = new double[size * obsDim];
        done = new double[size];
    }
}
