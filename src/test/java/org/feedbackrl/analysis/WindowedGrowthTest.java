package org.feedbackrl.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.feedbackrl.policy.OpenLoopPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.NegativeSquaredState;
import org.junit.jupiter.api.Test;

/** {@link ClosedLoopGrowth#growth} and {@link SpectralNorm} against Commons Math on known linear closed loops. */
class WindowedGrowthTest {
    @Test
    void spectralNormMatchesSvd() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n = 1; n <= 5; n++) {
            SpectralNorm sn = new SpectralNorm(n);
            for (int trial = 0; trial < 50; trial++) {
                double[] m = new double[n * n];
                double[][] rows = new double[n][n];
                double scale = Math.pow(10, rng.nextInt(-3, 4));
                for (int i = 0; i < n * n; i++) {
                    m[i] = trial % 7 == 0 && i % 3 == 0 ? 0 : scale * rng.nextGaussian();
                    rows[i / n][i % n] = m[i];
                }
                double ref = new SingularValueDecomposition(new Array2DRowRealMatrix(rows)).getNorm();
                assertEquals(ref, sn.of(m), 1e-12 * Math.max(ref, 1e-300), "n=" + n + " trial " + trial);
            }
        }
        assertEquals(0.0, new SpectralNorm(3).of(new double[9]));
        assertTrue(Double.isNaN(new SpectralNorm(2).of(new double[] {1, Double.NaN, 0, 1})));
    }

    /**
     * Constant non-normal A (K = 0, open loop): α_L = max over w ≥ L of ‖A^w‖^{1/w}, evaluated
     * here by matrix powers; with L = 1 it is ‖A‖ (> 1 here although ρ(A) = 0.9), for long windows it
     * approaches ρ(A) from above and falls below 1; M bounds every shorter window.
     */
    @Test
    void constantNonNormalClosedLoop() {
        double[] a = {0.9, 2.0, 0.0, 0.5};
        ClosedLoopGrowthTest.Linear2 sys = new ClosedLoopGrowthTest.Linear2(a, new double[] {0, 1});
        int T = 60;
        OpenLoopPolicy pol = new OpenLoopPolicy(2, 1, T);
        Rollout r = new Rollout(2, 1, 0, T);
        new Unroller(2, 1, 0).run(new ModelPlant(sys), pol, new NegativeSquaredState(), new double[] {0.3, -0.2}, 0, r);
        ClosedLoopGrowth g = new ClosedLoopGrowth(sys, pol);
        RealMatrix A = new Array2DRowRealMatrix(new double[][] {{a[0], a[1]}, {a[2], a[3]}});
        double[] normPow = new double[T + 1];
        RealMatrix P = A;
        for (int w = 1; w <= T; w++) {
            normPow[w] = new SingularValueDecomposition(P).getNorm();
            P = A.multiply(P);
        }
        for (int L : new int[] {1, 2, 5, 20, 40, 60, 100}) {
            int Le = Math.min(L, T);
            double ref = 0;
            for (int w = Le; w <= T; w++) ref = Math.max(ref, Math.pow(normPow[w], 1.0 / w));
            ClosedLoopGrowth.Growth gr = g.growth(r, L);
            assertEquals(ref, gr.alpha(), 1e-10 * ref, "L=" + L);
            assertEquals(normPow[1], gr.worstStep(), 1e-12);
            assertEquals(Le, gr.window());
            for (int w = 1; w < Le; w++) assertTrue(normPow[w] <= gr.m() * Math.pow(gr.alpha(), w) * (1 + 1e-10), "M bound at w=" + w);
        }
        assertEquals(g.alpha(r), g.growth(r, 1).alpha(), 1e-12);
        assertTrue(g.growth(r, 1).alpha() > 1);
        assertTrue(g.growth(r, 40).alpha() < 1 && g.growth(r, 40).alpha() > 0.9);
    }

    @Test
    void growthFitClassifiesSyntheticCurves() {
        double[] ts = {25, 50, 100, 150, 200, 300};
        double[] bounded = new double[6], poly = new double[6], exp = new double[6];
        for (int i = 0; i < 6; i++) {
            bounded[i] = 3 - 2 * Math.exp(-ts[i] / 20);
            poly[i] = 5 * ts[i] * ts[i] + 40 * ts[i];
            exp[i] = ts[i] * Math.exp(0.02 * ts[i]);
        }
        assertEquals(GrowthFit.Shape.BOUNDED, GrowthFit.classify(ts, bounded).shape());
        GrowthFit.Growth p = GrowthFit.classify(ts, poly);
        assertEquals(GrowthFit.Shape.POLYNOMIAL, p.shape());
        assertEquals(2.0, p.degree(), 0.1);
        GrowthFit.Growth e = GrowthFit.classify(ts, exp);
        assertEquals(GrowthFit.Shape.EXPONENTIAL, e.shape());
        assertEquals(0.02, e.rate(), 1e-9);              // ln y = ln T + 0.02 T is in the fitted family
        assertEquals(GrowthFit.Shape.UNKNOWN, GrowthFit.classify(new double[] {1, 2, 3}, new double[] {1, 2, 3}).shape());
    }
}
