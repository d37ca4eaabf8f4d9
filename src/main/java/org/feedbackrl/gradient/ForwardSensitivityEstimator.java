package org.feedbackrl.gradient;

import java.util.Arrays;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * Reference implementation of the same estimate in forward-sensitivity form (paper eq. 7):
 * <pre>
 *   S_0 = 0, Z_{-1} = 0
 *   du_t = K_t S_t + ∂u_t/∂z_{t-1} Z_{t-1} + ∂π_t/∂θ ;  Z_t = ∂z_t/∂x S_t + ∂z_t/∂z_{t-1} Z_{t-1} + ∂z_t/∂θ
 *   S_{t+1} = Â_t S_t + B̂_t du_t
 *   g = Σ_t (∇ₓR_t S_t + ∇ᵤR_t du_t) + ∇ₓR_T S_T
 * </pre>
 * O(T·n·p) time and dense Jacobians of the policy (obtained from its VJP with basis cotangents).
 * For tests and small problems only; it allocates freely.
 */
public final class ForwardSensitivityEstimator {
    private ForwardSensitivityEstimator() {}

    /**
     * @return the estimate ∇̂J(θ; x_0) for one recorded rollout (length p)
     */
    public static double[] estimate(DynamicsModel model, Rollout r, Policy policy, Reward reward) {
        int n = r.n, m = r.m, q = r.q, p = policy.paramDim(), T = r.horizon;
        double[] S = new double[n * p];     // ∂x_t/∂θ, row-major n×p
        double[] Z = new double[q * p];     // ∂z_{t-1}/∂θ
        double[] g = new double[p];
        double[] x = new double[n], u = new double[m], zPrev = new double[q];
        double[] A = new double[n * n], B = new double[n * m], gx = new double[n], gu = new double[m];
        // Dense one-step policy Jacobians, rows = outputs (u then z), columns = inputs.
        double[] dUx = new double[m * n], dUz = new double[m * q], dUth = new double[m * p];
        double[] dZx = new double[q * n], dZz = new double[q * q], dZth = new double[q * p];
        double[] uBar = new double[m], zBar = new double[q], xBar = new double[n], zpBar = new double[q], gRow = new double[p];
        for (int t = 0; t < T; t++) {
            r.state(t, x);
            r.input(t, u);
            r.memoryBefore(t, zPrev);
            for (int row = 0; row < m + q; row++) {
                Arrays.fill(uBar, 0);
                Arrays.fill(zBar, 0);
                Arrays.fill(xBar, 0);
                Arrays.fill(gRow, 0);
                if (row < m) uBar[row] = 1; else zBar[row - m] = 1;
                policy.vjp(t, x, zPrev, uBar, zBar, xBar, zpBar, gRow);
                if (row < m) {
                    System.arraycopy(xBar, 0, dUx, row * n, n);
                    System.arraycopy(zpBar, 0, dUz, row * q, q);
                    System.arraycopy(gRow, 0, dUth, row * p, p);
                } else {
                    int k = row - m;
                    System.arraycopy(xBar, 0, dZx, k * n, n);
                    System.arraycopy(zpBar, 0, dZz, k * q, q);
                    System.arraycopy(gRow, 0, dZth, k * p, p);
                }
            }
            double[] du = add3(mul(dUx, S, m, n, p), mul(dUz, Z, m, q, p), dUth);
            double[] Znew = add3(mul(dZx, S, q, n, p), mul(dZz, Z, q, q, p), dZth);
            model.jacobians(x, u, A, B);
            reward.stage(t, x, u, gx, gu);
            for (int k = 0; k < p; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += gx[i] * S[i * p + k];
                for (int j = 0; j < m; j++) s += gu[j] * du[j * p + k];
                g[k] += s;
            }
            double[] Snew = new double[n * p];
            double[] AS = mul(A, S, n, n, p), Bdu = mul(B, du, n, m, p);
            for (int i = 0; i < n * p; i++) Snew[i] = AS[i] + Bdu[i];
            S = Snew;
            Z = Znew;
        }
        r.state(T, x);
        reward.terminal(x, gx);
        for (int k = 0; k < p; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += gx[i] * S[i * p + k];
            g[k] += s;
        }
        return g;
    }

    private static double[] mul(double[] a, double[] b, int rows, int inner, int cols) {
        double[] c = new double[rows * cols];
        for (int i = 0; i < rows; i++)
            for (int k = 0; k < inner; k++) {
                double aik = a[i * inner + k];
                if (aik == 0) continue;
                for (int j = 0; j < cols; j++) c[i * cols + j] += aik * b[k * cols + j];
            }
        return c;
    }

    private static double[] add3(double[] x, double[] y, double[] z) {
        double[] o = new double[x.length];
        for (int i = 0; i < o.length; i++) o[i] = x[i] + y[i] + z[i];
        return o;
    }
}
