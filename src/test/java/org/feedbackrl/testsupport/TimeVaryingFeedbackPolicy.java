package org.feedbackrl.testsupport;

import org.feedbackrl.policy.Policy;

/**
 * Test policy: time-varying linear feedback around a parameterised setpoint,
 * {@code u_t = ū_t + K (x̄_t − x_t)}, θ = (ū_t, x̄_t) per step (block t of size m + n: ū_t first),
 * K a fixed m×n row-major gain. K_t = −K, ∂u_t/∂ū_t = I, ∂u_t/∂x̄_t = K.
 */
public final class TimeVaryingFeedbackPolicy implements Policy {
    private final int n, m, horizon;
    private final double[] k;
    private final double[] theta;

    /**
     * @param n       state dimension
     * @param m       input dimension
     * @param horizon T
     * @param k       gain K, m×n row-major (copied)
     */
    public TimeVaryingFeedbackPolicy(int n, int m, int horizon, double[] k) {
        if (k.length != m * n) throw new IllegalArgumentException("K must be m*n");
        this.n = n;
        this.m = m;
        this.horizon = horizon;
        this.k = k.clone();
        this.theta = new double[horizon * (m + n)];
    }

    /** Offset of ū_t in θ; x̄_t follows at +m. */
    public int block(int t) { return t * (m + n); }

    @Override public int stateDim() { return n; }
    @Override public int inputDim() { return m; }
    @Override public int paramDim() { return theta.length; }
    @Override public double[] params() { return theta; }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        if (t < 0 || t >= horizon) throw new IndexOutOfBoundsException(t);
        int off = block(t);
        for (int i = 0; i < m; i++) {
            double s = theta[off + i];
            for (int j = 0; j < n; j++) s += k[i * n + j] * (theta[off + m + j] - x[j]);
            u[i] = s;
        }
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
                    double[] xBar, double[] zPrevBar, double[] g) {
        int off = block(t);
        for (int i = 0; i < m; i++) g[off + i] += uBar[i];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += uBar[i] * k[i * n + j];
            g[off + m + j] += s;
            xBar[j] -= s;
        }
    }
}
