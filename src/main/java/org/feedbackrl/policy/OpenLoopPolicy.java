package org.feedbackrl.policy;

/**
 * The running example's open-loop class: θ = (ū_0, …, ū_{T-1}), {@code u_t = ū_t}. K_t = 0, so the
 * closed loop is the open loop and errors in Â compound at rate |â| (paper §5).
 */
public final class OpenLoopPolicy implements Policy {
    private final int n;
    private final int m;
    private final int horizon;
    private final double[] theta;

    /**
     * @param n       state dimension (≥ 1)
     * @param m       input dimension (≥ 1)
     * @param horizon T, number of control steps (≥ 1); θ has T·m entries
     */
    public OpenLoopPolicy(int n, int m, int horizon) {
        if (n < 1 || m < 1 || horizon < 1) throw new IllegalArgumentException("open-loop policy needs n, m, T ≥ 1");
        this.n = n;
        this.m = m;
        this.horizon = horizon;
        this.theta = new double[horizon * m];
    }

    @Override public int stateDim() { return n; }
    @Override public int inputDim() { return m; }
    @Override public int paramDim() { return theta.length; }
    @Override public double[] params() { return theta; }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        System.arraycopy(theta, checkStep(t) * m, u, 0, m);
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
                    double[] xBar, double[] zPrevBar, double[] g) {
        int off = checkStep(t) * m;
        for (int j = 0; j < m; j++) g[off + j] += uBar[j];
    }

    private int checkStep(int t) {
        if (t < 0 || t >= horizon) throw new IndexOutOfBoundsException("step " + t + " outside horizon " + horizon);
        return t;
    }
}
