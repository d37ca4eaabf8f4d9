package org.feedbackrl.analysis;

/**
 * ‖M‖₂ of a small square matrix (n ≲ 10) without allocation: the square root of the largest
 * eigenvalue of the symmetric MᵀM, found by cyclic Jacobi rotations (Numerical Recipes §11.1: each
 * rotation P_pq with t = sgn(θ)/(|θ| + √(θ²+1)), θ = (s_qq − s_pp)/(2 s_pq), zeroes s_pq; the
 * off-diagonal mass falls quadratically once small). Exact to round-off relative to ‖M‖₂, which is
 * all {@link ClosedLoopGrowth} needs; 4×4 takes well under a microsecond of arithmetic.
 * Not thread-safe (one instance per thread).
 */
public final class SpectralNorm {
    private final int n;
    private final double[] s;

    /** @param n matrix size, ≥ 1 */
    public SpectralNorm(int n) {
        if (n < 1) throw new IllegalArgumentException("n must be ≥ 1, got " + n);
        this.n = n;
        this.s = new double[n * n];
    }

    /**
     * @param mat n×n row-major (not modified)
     * @return ‖mat‖₂ ≥ 0 (NaN if mat has a non-finite entry)
     */
    public double of(double[] mat) {
        if (n == 1) return Math.abs(mat[0]);
        // S = MᵀM
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double acc = 0;
                for (int k = 0; k < n; k++) acc += mat[k * n + i] * mat[k * n + j];
                s[i * n + j] = acc;
                s[j * n + i] = acc;
            }
        }
        for (int sweep = 0; sweep < 50; sweep++) {
            double off = 0, diag = 0;
            for (int i = 0; i < n; i++) {
                diag += s[i * n + i] * s[i * n + i];
                for (int j = i + 1; j < n; j++) off += s[i * n + j] * s[i * n + j];
            }
            if (!(off > 1e-32 * diag)) break;            // also stops on NaN
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = s[p * n + q];
                    if (apq == 0) continue;
                    double theta = (s[q * n + q] - s[p * n + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.sqrt(t * t + 1), sn = t * c;
                    // S ← Pᵀ S P: columns p, q then rows p, q
                    for (int r = 0; r < n; r++) {
                        double arp = s[r * n + p], arq = s[r * n + q];
                        s[r * n + p] = c * arp - sn * arq;
                        s[r * n + q] = sn * arp + c * arq;
                    }
                    for (int r = 0; r < n; r++) {
                        double apr = s[p * n + r], aqr = s[q * n + r];
                        s[p * n + r] = c * apr - sn * aqr;
                        s[q * n + r] = sn * apr + c * aqr;
                    }
                }
            }
        }
        double best = 0;
        for (int i = 0; i < n; i++) {
            double d = s[i * n + i];
            if (Double.isNaN(d)) return Double.NaN;
            best = Math.max(best, d);
        }
        return Math.sqrt(best);
    }
}
