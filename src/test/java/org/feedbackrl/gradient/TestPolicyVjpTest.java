package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.testsupport.TestSystems;
import org.feedbackrl.testsupport.TestSystems.PolicyKind;
import org.feedbackrl.testsupport.TestSystems.Sys;
import org.junit.jupiter.api.Test;

/**
 * The test policies' own VJPs against central differences of {@code act}, so a failure of the
 * estimator tests points at the estimator, not at a test helper.
 */
class TestPolicyVjpTest {

    @Test
    void vjpMatchesFiniteDifferencesOfAct() {
        int T = 12;
        for (Sys sys : TestSystems.all()) {
            for (PolicyKind kind : PolicyKind.values()) {
                SplittableRandom rng = new SplittableRandom(4);
                Policy pol = sys.policy(kind, T, rng);
                int n = sys.n(), m = sys.m(), q = pol.memoryDim(), p = pol.paramDim();
                double[] x = new double[n], zPrev = new double[q], u = new double[m], z = new double[q];
                double[] uBar = new double[m], zBar = new double[q], xBar = new double[n], zpBar = new double[q], g = new double[p];
                double[] up = new double[m], um = new double[m], zp = new double[q], zm = new double[q];
                for (int t = 0; t < T; t++) {
                    for (int j = 0; j < n; j++) x[j] = sys.x0()[j] + rng.nextDouble(-1, 1);
                    for (int j = 0; j < q; j++) zPrev[j] = rng.nextDouble(-1, 1);
                    for (int j = 0; j < m; j++) uBar[j] = rng.nextDouble(-1, 1);
                    for (int j = 0; j < q; j++) zBar[j] = rng.nextDouble(-1, 1);
                    java.util.Arrays.fill(xBar, 0);
                    java.util.Arrays.fill(g, 0);
                    pol.vjp(t, x, zPrev, uBar, zBar, xBar, zpBar, g);
                    // each input direction: d/dε [ūᵀ u + z̄ᵀ z]
                    for (int kind2 = 0; kind2 < 3; kind2++) {
                        double[] v = kind2 == 0 ? x : kind2 == 1 ? zPrev : pol.params();
                        double[] got = kind2 == 0 ? xBar : kind2 == 1 ? zpBar : g;
                        for (int j = 0; j < v.length; j++) {
                            double keep = v[j], h = 1e-6;
                            v[j] = keep + h; pol.act(t, x, zPrev, zp, up);
                            v[j] = keep - h; pol.act(t, x, zPrev, zm, um);
                            v[j] = keep;
                            double d = 0;
                            for (int i = 0; i < m; i++) d += uBar[i] * (up[i] - um[i]) / (2 * h);
                            for (int i = 0; i < q; i++) d += zBar[i] * (zp[i] - zm[i]) / (2 * h);
                            assertEquals(d, got[j], 1e-7, sys.name() + " " + kind + " t=" + t + " input " + kind2 + "[" + j + "]");
                        }
                    }
                }
                pol.act(0, x, zPrev, z, u);
            }
        }
    }
}
