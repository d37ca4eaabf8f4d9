package org.feedbackrl.testsupport;

import org.feedbackrl.task.Reward;

/**
 * Smooth test reward: R_t = −½ Σ_i q_i (x_i − r_{t,i})² − ½ ρ Σ_j (u_j − ū_j^ref)², R_T the same
 * state term with weight qT·q. The reference r_{t,i} = c_i + A_i sin(0.07 t + i) moves, so ∇ₓR ≠ 0
 * almost everywhere, and the input term makes ∇ᵤR ≠ 0.
 */
public final class QuadraticTrackingReward implements Reward {
    private final double[] q, c, amp;
    private final double rho, uRef, qT;
    private final int horizon;

    /**
     * @param q       state weights (length n)
     * @param c       reference centre (length n)
     * @param amp     reference amplitude (length n)
     * @param rho     input weight
     * @param uRef    input reference (same for every input)
     * @param qT      terminal multiplier
     * @param horizon T (for the terminal reference)
     */
    public QuadraticTrackingReward(double[] q, double[] c, double[] amp, double rho, double uRef, double qT, int horizon) {
        this.q = q.clone();
        this.c = c.clone();
        this.amp = amp.clone();
        this.rho = rho;
        this.uRef = uRef;
        this.qT = qT;
        this.horizon = horizon;
    }

    private double ref(int t, int i) { return c[i] + amp[i] * Math.sin(0.07 * t + i); }

    @Override
    public double stage(int t, double[] x, double[] u, double[] gx, double[] gu) {
        double r = 0;
        for (int i = 0; i < x.length; i++) {
            double e = x[i] - ref(t, i);
            r -= 0.5 * q[i] * e * e;
            gx[i] = -q[i] * e;
        }
        for (int j = 0; j < u.length; j++) {
            double e = u[j] - uRef;
            r -= 0.5 * rho * e * e;
            gu[j] = -rho * e;
        }
        return r;
    }

    @Override
    public double terminal(double[] x, double[] gx) {
        double r = 0;
        for (int i = 0; i < x.length; i++) {
            double e = x[i] - ref(horizon, i);
            r -= 0.5 * qT * q[i] * e * e;
            gx[i] = -qT * q[i] * e;
        }
        return r;
    }
}
