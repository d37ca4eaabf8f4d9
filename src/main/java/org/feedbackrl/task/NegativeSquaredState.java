package org.feedbackrl.task;

import java.util.Arrays;

/** The running example's reward R_t = −‖x_t‖²/2 for t = 0…T (paper §5.2); inputs are free. */
public final class NegativeSquaredState implements Reward {
    @Override
    public double stage(int t, double[] x, double[] u, double[] gx, double[] gu) {
        Arrays.fill(gu, 0.0);
        return terminal(x, gx);
    }

    @Override
    public double terminal(double[] x, double[] gx) {
        double r = 0;
        for (int i = 0; i < x.length; i++) {
            r -= 0.5 * x[i] * x[i];
            gx[i] = -x[i];
        }
        return r;
    }
}
