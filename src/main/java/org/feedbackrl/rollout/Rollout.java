package org.feedbackrl.rollout;

/**
 * One recorded trajectory, preallocated for a horizon T: states x_0…x_T, inputs u_0…u_{T-1}, the
 * policy memory z_{-1}…z_{T-1} and the rewards. Flat row-major storage; accessors copy into
 * caller-owned arrays so the estimator can walk it without allocating.
 */
public final class Rollout {
    public final int n;
    public final int m;
    public final int q;
    public final int horizon;
    /** x_t at [t*n, t*n+n), t = 0…T. */
    public final double[] xs;
    /** u_t at [t*m, t*m+m), t = 0…T-1. */
    public final double[] us;
    /** z_{t-1} at [t*q, t*q+q), t = 0…T (index 0 holds z_{-1}). */
    public final double[] zs;
    /** R_t at index t, t = 0…T (index T holds the terminal reward). */
    public final double[] rewards;
    /** Seconds of plant time this rollout consumed (T·Δt when complete). */
    public double seconds;
    /** Steps actually recorded; equals T for a complete rollout. */
    public int recordedSteps;

    /**
     * @param n       state dimension
     * @param m       input dimension
     * @param q       policy memory dimension (0 allowed)
     * @param horizon T ≥ 1
     */
    public Rollout(int n, int m, int q, int horizon) {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be ≥ 1, got " + horizon);
        this.n = n;
        this.m = m;
        this.q = q;
        this.horizon = horizon;
        this.xs = new double[(horizon + 1) * n];
        this.us = new double[horizon * m];
        this.zs = new double[(horizon + 1) * q];
        this.rewards = new double[horizon + 1];
    }

    public void state(int t, double[] out) { System.arraycopy(xs, t * n, out, 0, n); }

    public void input(int t, double[] out) { System.arraycopy(us, t * m, out, 0, m); }

    /** Copies z_{t-1} (the memory the policy read at step t). */
    public void memoryBefore(int t, double[] out) { System.arraycopy(zs, t * q, out, 0, q); }

    /** J = Σ R_t + R_T of this rollout. */
    public double totalReward() {
        double s = 0;
        for (double r : rewards) s += r;
        return s;
    }
}
