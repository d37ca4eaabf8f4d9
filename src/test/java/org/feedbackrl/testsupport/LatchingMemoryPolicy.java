package org.feedbackrl.testsupport;

import org.feedbackrl.policy.Policy;

/**
 * Test policy WITH memory (q = m), a toy of a network slower than its controller. Every
 * {@link #PERIOD} steps (at t ≡ {@link #PHASE} mod PERIOD) it latches
 * {@code z_t = tanh(W x_t + c_j)} (j = index of the latch, c_j ∈ R^m part of θ); between latches it
 * holds {@code z_t = z_{t-1}}. The input is {@code u_t = s z_t + ū_t − K x_t}.
 *
 * <p>θ = (ū_0 … ū_{T-1}, c_0 … c_{L-1}). z_{-1} = tanh(W x0) (independent of θ), so steps before the
 * first latch read the initial memory, and steps after a latch read a z that depends on an earlier
 * state and on θ: the memory path of the costate pass is exercised.
 */
public final class LatchingMemoryPolicy implements Policy {
    public static final int PERIOD = 5;
    public static final int PHASE = 2;

    private final int n, m, horizon, latches;
    private final double[] w, k;
    private final double s;
    private final double[] theta;
    private final double[] pre;

    /**
     * @param w       W, m×n row-major (copied)
     * @param k       K, m×n row-major (copied)
     * @param s       weight of the held memory in u
     */
    public LatchingMemoryPolicy(int n, int m, int horizon, double[] w, double[] k, double s) {
        this.n = n;
        this.m = m;
        this.horizon = horizon;
        this.w = w.clone();
        this.k = k.clone();
        this.s = s;
        int count = 0;
        for (int t = 0; t < horizon; t++) if (isLatch(t)) count++;
        this.latches = count;
        this.theta = new double[horizon * m + latches * m];
        this.pre = new double[m];
    }

    public static boolean isLatch(int t) { return t % PERIOD == PHASE; }

    /** Number of latch steps within the horizon. */
    public int latches() { return latches; }

    /** Offset of c_j in θ. */
    public int latchOffset(int j) { return horizon * m + j * m; }

    @Override public int stateDim() { return n; }
    @Override public int inputDim() { return m; }
    @Override public int paramDim() { return theta.length; }
    @Override public int memoryDim() { return m; }
    @Override public double[] params() { return theta; }

    @Override
    public void initMemory(double[] x0, double[] z) {
        for (int i = 0; i < m; i++) {
            double a = 0;
            for (int j = 0; j < n; j++) a += w[i * n + j] * x0[j];
            z[i] = Math.tanh(a);
        }
    }

    private void preActivation(int t, double[] x) {
        int off = latchOffset((t - PHASE) / PERIOD);
        for (int i = 0; i < m; i++) {
            double a = theta[off + i];
            for (int j = 0; j < n; j++) a += w[i * n + j] * x[j];
            pre[i] = a;
        }
    }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        if (t < 0 || t >= horizon) throw new IndexOutOfBoundsException(t);
        if (isLatch(t)) {
            preActivation(t, x);
            for (int i = 0; i < m; i++) z[i] = Math.tanh(pre[i]);
        } else {
            System.arraycopy(zPrev, 0, z, 0, m);
        }
        for (int i = 0; i < m; i++) {
            double a = s * z[i] + theta[t * m + i];
            for (int j = 0; j < n; j++) a -= k[i * n + j] * x[j];
            u[i] = a;
        }
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
                    double[] xBar, double[] zPrevBar, double[] g) {
        // ū_t and the −K x_t term
        for (int i = 0; i < m; i++) g[t * m + i] += uBar[i];
        for (int j = 0; j < n; j++) {
            double a = 0;
            for (int i = 0; i < m; i++) a += uBar[i] * k[i * n + j];
            xBar[j] -= a;
        }
        // total cotangent of z_t: from the output z_t and from u_t = s z_t + …
        if (isLatch(t)) {
            preActivation(t, x);
            int off = latchOffset((t - PHASE) / PERIOD);
            for (int i = 0; i < m; i++) {
                double zt = Math.tanh(pre[i]);
                double wi = (zBar[i] + s * uBar[i]) * (1 - zt * zt);
                g[off + i] += wi;
                for (int j = 0; j < n; j++) xBar[j] += wi * w[i * n + j];
                zPrevBar[i] = 0;
            }
        } else {
            for (int i = 0; i < m; i++) zPrevBar[i] = zBar[i] + s * uBar[i];
        }
    }
}
