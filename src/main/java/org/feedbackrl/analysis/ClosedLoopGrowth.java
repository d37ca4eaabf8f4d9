package org.feedbackrl.analysis;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;

/**
 * The closed-loop growth factor α of Theorem 1 (assumption 3, ‖Φ_{t,t'}‖ ≤ M α^{t−t'}) measured
 * along a recorded rollout. With A_t, B_t the Jacobians of a dynamics model at (x_t, u_t) and
 * K_t = ∂π_t/∂x (x_t) the policy's feedback, the per-step closed loop is A^cl_t = A_t + B_t K_t
 * (paper eq. 5) and
 * <pre>
 *   α = max over 0 ≤ s &lt; t ≤ T of ‖A^cl_{t−1} ⋯ A^cl_s‖₂^{1/(t−s)}
 * </pre>
 * the largest per-step growth of a perturbation over any window of the rollout. Give it the real
 * dynamics for α and the model for α̂. K_t is obtained from the policy's VJP with unit input
 * cotangents, i.e. the direct feedback at fixed policy memory (the whole feedback for memoryless
 * policies, which are all the policies it is used with so far).
 *
 * <p>O(T²) products per rollout (O(T²) scalar additions when n = 1, done in log space so it never
 * overflows); products of matrices are renormalised at every step for the same reason. This is an
 * analysis tool, not a hot path: it allocates.
 */
public final class ClosedLoopGrowth {
    private final DynamicsModel model;
    private final Policy policy;
    private final int n, m;
    private final double[] a, b, k, x, u, zPrev, uBar, zBar, zPrevBar, xBar, gDummy;

    /**
     * @param model  dynamics whose Jacobians are used (the real system for α, the model for α̂)
     * @param policy the policy that produced the rollouts, at the same θ
     */
    public ClosedLoopGrowth(DynamicsModel model, Policy policy) {
        if (model.stateDim() != policy.stateDim() || model.inputDim() != policy.inputDim()) {
            throw new IllegalArgumentException("model and policy dimensions differ");
        }
        this.model = model;
        this.policy = policy;
        this.n = model.stateDim();
        this.m = model.inputDim();
        int q = policy.memoryDim();
        a = new double[n * n];
        b = new double[n * m];
        k = new double[m * n];
        x = new double[n];
        u = new double[m];
        zPrev = new double[q];
        uBar = new double[m];
        zBar = new double[q];
        zPrevBar = new double[q];
        xBar = new double[n];
        gDummy = new double[policy.paramDim()];
    }

    /**
     * Writes A^cl_t = A_t + B_t K_t (n×n, row-major) of step t of the rollout into out.
     *
     * @param r   recorded rollout
     * @param t   step, 0 ≤ t &lt; T
     * @param out n·n output
     */
    public void closedLoop(Rollout r, int t, double[] out) {
        r.state(t, x);
        r.input(t, u);
        r.memoryBefore(t, zPrev);
        model.jacobians(x, u, a, b);
        // Row j of K_t is the state cotangent the policy returns for the input cotangent e_j.
        for (int j = 0; j < m; j++) {
            java.util.Arrays.fill(uBar, 0.0);
            uBar[j] = 1.0;
            java.util.Arrays.fill(xBar, 0.0);
            java.util.Arrays.fill(zBar, 0.0);
            policy.vjp(t, x, zPrev, uBar, zBar, xBar, zPrevBar, gDummy);
            System.arraycopy(xBar, 0, k, j * n, n);
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                double s = a[i * n + c];
                for (int j = 0; j < m; j++) s += b[i * m + j] * k[j * n + c];
                out[i * n + c] = s;
            }
        }
    }

    /** @return α of the rollout (see the class comment); 0 when every A^cl_t is zero */
    public double alpha(Rollout r) {
        int T = r.recordedSteps > 0 ? r.recordedSteps : r.horizon;
        double[][] acl = new double[T][n * n];
        for (int t = 0; t < T; t++) closedLoop(r, t, acl[t]);
        double best = Double.NEGATIVE_INFINITY;   // max of log‖Φ‖/(t−s)
        if (n == 1) {
            double[] logs = new double[T];
            for (int t = 0; t < T; t++) logs[t] = Math.log(Math.abs(acl[t][0]));
            for (int s = 0; s < T; s++) {
                double sum = 0;
                for (int t = s + 1; t <= T; t++) {
                    sum += logs[t - 1];
                    best = Math.max(best, sum / (t - s));
                }
            }
            return Math.exp(best);
        }
        double[] phi = new double[n * n], tmp = new double[n * n];
        for (int s = 0; s < T; s++) {
            identity(phi);
            double logNorm = 0;
            for (int t = s + 1; t <= T; t++) {
                multiply(acl[t - 1], phi, tmp);          // Φ ← A^cl_{t−1} Φ (later times on the left)
                double nrm = spectralNorm(tmp);
                if (nrm == 0) break;                      // the product stays zero: log‖Φ‖ = −∞
                logNorm += Math.log(nrm);
                for (int i = 0; i < tmp.length; i++) phi[i] = tmp[i] / nrm;
                best = Math.max(best, logNorm / (t - s));
            }
        }
        return Math.exp(best);
    }

    /**
     * The growth of a rollout measured over windows of at least {@code minWindow} steps.
     *
     * @param alpha     max over 0 ≤ s &lt; t ≤ T with t − s ≥ L of ‖A^cl_{t−1} ⋯ A^cl_s‖₂^{1/(t−s)},
     *                  L = min(minWindow, T): the per-step growth once transients of up to L steps
     *                  are absorbed into Theorem 1's constant M
     * @param worstStep max_t ‖A^cl_t‖₂, the worst single step (= {@code alpha} for L = 1 and n = 1)
     * @param m         the M that goes with {@code alpha}: max over windows shorter than L of
     *                  ‖Φ‖₂ / alpha^{t−s} (1 when L = 1), so ‖Φ_{t,s}‖ ≤ M α^{t−s} on this rollout
     * @param window    L, the window actually used [steps]
     */
    public record Growth(double alpha, double worstStep, double m, int window) {}

    /**
     * α over windows of at least {@code minWindow} steps (see {@link Growth}). With minWindow = 1
     * this is {@link #alpha(Rollout)}. Why a window: for a multivariate closed loop, a single step can
     * stretch some direction (‖A^cl_t‖ &gt; 1, e.g. a stable but non-normal discretised LQR loop)
     * while every product over a few hundred milliseconds contracts; Theorem 1 allows that through M.
     * The cost is O(T² n³) per rollout, with the norms from {@link SpectralNorm} (no allocation
     * beyond the T closed-loop matrices).
     *
     * @param r         recorded rollout
     * @param minWindow L ≥ 1 [steps]; windows shorter than L only enter M
     */
    public Growth growth(Rollout r, int minWindow) {
        if (minWindow < 1) throw new IllegalArgumentException("minWindow must be ≥ 1, got " + minWindow);
        int T = r.recordedSteps > 0 ? r.recordedSteps : r.horizon;
        int L = Math.min(minWindow, T);
        double[][] acl = new double[T][n * n];
        SpectralNorm norm = new SpectralNorm(n);
        double worst = 0;
        for (int t = 0; t < T; t++) {
            closedLoop(r, t, acl[t]);
            worst = Math.max(worst, norm.of(acl[t]));
        }
        // log‖Φ_{t,s}‖ for every window; short windows kept (per length) to compute M afterwards
        double best = Double.NEGATIVE_INFINITY;
        double[] shortMax = new double[L];                 // max log‖Φ‖ over windows of length w < L
        java.util.Arrays.fill(shortMax, Double.NEGATIVE_INFINITY);
        double[] phi = new double[n * n], tmp = new double[n * n];
        for (int s = 0; s < T; s++) {
            identity(phi);
            double logNorm = 0;
            for (int t = s + 1; t <= T; t++) {
                multiply(acl[t - 1], phi, tmp);          // Φ ← A^cl_{t−1} Φ (later times on the left)
                double nrm = norm.of(tmp);
                if (Double.isNaN(nrm)) return new Growth(Double.NaN, Double.NaN, Double.NaN, L);  // a diverged rollout
                if (!(nrm > 0)) break;                    // zero product: log‖Φ‖ = −∞ from here on
                logNorm += Math.log(nrm);
                for (int i = 0; i < tmp.length; i++) phi[i] = tmp[i] / nrm;
                int w = t - s;
                if (w >= L) best = Math.max(best, logNorm / w);
                else shortMax[w] = Math.max(shortMax[w], logNorm);
            }
        }
        double logM = 0;
        for (int w = 1; w < L; w++) if (shortMax[w] > Double.NEGATIVE_INFINITY) logM = Math.max(logM, shortMax[w] - w * best);
        return new Growth(Math.exp(best), worst, Math.exp(logM), L);
    }

    private void identity(double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int i = 0; i < n; i++) out[i * n + i] = 1.0;
    }

    private void multiply(double[] l, double[] r, double[] out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int c = 0; c < n; c++) s += l[i * n + c] * r[c * n + j];
                out[i * n + j] = s;
            }
        }
    }

    private double spectralNorm(double[] mat) {
        double[][] rows = new double[n][n];
        for (int i = 0; i < n; i++) System.arraycopy(mat, i * n, rows[i], 0, n);
        return new SingularValueDecomposition(new Array2DRowRealMatrix(rows, false)).getNorm();
    }
}
