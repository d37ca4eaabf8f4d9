package org.feedbackrl.sim;

/**
 * A pure transport delay on a piecewise-constant command, resolved on the simulator's fine
 * integration grid.
 *
 * <p>The command issued at control step k (time k·Δt) takes effect at k·Δt + d, with the delay d a
 * whole number of fine steps h and at least one control period (d ≥ Δt = N·h). At fine step j of
 * control step k (time k·N·h + j·h) the active command is therefore the one issued at control step
 * ⌊(k·N + j − d/h) / N⌋. Commands from before the reset are the holding command the buffer was
 * filled with. Allocation-free after construction.
 */
final class DelayLine {
    private final int m;
    private final int finePerControl;
    private final int delayFine;
    private final int capacity;
    private final double[] buf;
    private long k;

    /**
     * @param m              command dimension
     * @param finePerControl N, fine steps per control period (≥ 1)
     * @param delayFine      d/h, the delay in fine steps (≥ N)
     */
    DelayLine(int m, int finePerControl, int delayFine) {
        if (finePerControl < 1 || delayFine < finePerControl) {
            throw new IllegalArgumentException("delay must be at least one control period");
        }
        this.m = m;
        this.finePerControl = finePerControl;
        this.delayFine = delayFine;
        // oldest command still needed at step k is index k - ceil(d/N); keep that many plus the newest
        this.capacity = delayFine / finePerControl + 2;
        this.buf = new double[capacity * m];
    }

    /** Fills the history with {@code hold} and restarts the step count at 0. */
    void reset(double[] hold) {
        for (int s = 0; s < capacity; s++) {
            System.arraycopy(hold, 0, buf, s * m, m);
        }
        k = 0;
    }

    /** Records the command issued at the start of the current control step. */
    void push(double[] u) {
        System.arraycopy(u, 0, buf, slot(k) * m, m);
    }

    /** @return the offset into {@link #buffer()} of the command active at fine step j of this control step. */
    int activeOffset(int j) {
        long idx = Math.floorDiv(k * finePerControl + j - delayFine, (long) finePerControl);
        return slot(idx) * m;
    }

    double[] buffer() {
        return buf;
    }

    /** Ends the current control step. */
    void advance() {
        k++;
    }

    private int slot(long idx) {
        return (int) Math.floorMod(idx, (long) capacity);
    }
}
