package org.feedbackrl.policy;

/**
 * The running example's feedback class (paper §6): θ = (x̄_0, …, x̄_{T-1}),
 * {@code u_t = k (x̄_t − x_t)}. K_t = −k and ∂u_t/∂x̄_t = k.
 */
public final class ScalarTrackingPolicy implements Policy {
    private final double k;
    private final int horizon;
    private final double[] theta;

    /**
     * @param k       proportional gain (finite); choose |a − b k| &lt; 1 to stabilise
     * @param horizon T (≥ 1)
     */
    public ScalarTrackingPolicy(double k, int horizon) {
        if (!Double.isFinite(k)) throw new IllegalArgumentException("gain must be finite, got " + k);
        if (horizon < 1) throw new IllegalArgumentException("horizon must be ≥ 1, got " + horizon);
        this.k = k;
        this.horizon = horizon;
        this.theta = new double[horizon];
    }

    public double gain() { return k; }

    @Override public int stateDim() { return 1; }
    @Override public int inputDim() { return 1; }
    @Override public int paramDim() { return horizon; }
    @Override public double[] params() { return theta; }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        u[0] = k * (theta[t] - x[0]);
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
                    double[] xBar, double[] zPrevBar, double[] g) {
        xBar[0] -= k * uBar[0];
        g[t] += k * uBar[0];
    }
}
