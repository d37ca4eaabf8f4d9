package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The MBPO/PETS probabilistic ensemble: its Gaussian negative log-likelihood (with the soft
 * log-variance bounds, their penalty and the weight decay) against finite differences; and, trained
 * on a known linear system with known noise, its predicted mean and variance against the truth.
 */
class EnsembleTest {

    @Test
    void nllGradientMatchesFiniteDifferences() {
        int members = 3, in = 3, out = 2, n = 5;
        Ensemble e = new Ensemble(members, 2, in, out, new int[] {6, 4}, 1e-3, n, new Rng(1));
        Rng rng = new Rng(2);
        // move the log-variance limits off their initial values, and make some raw log-variances hit them
        for (int d = 0; d < out; d++) {
            e.theta[e.lvOff + d] = 0.3 + 0.2 * d;
            e.theta[e.lvOff + out + d] = -2.0 - d;
        }
        for (int i = 0; i < e.bx.length; i++) e.bx[i] = rng.nextGaussian() * 1.5;
        for (int i = 0; i < e.by.length; i++) e.by[i] = rng.nextGaussian();
        e.lossAndGrad(n);
        double[] g = e.grad.clone();
        double[] fd = GradientCheck.central(e.theta, 0, g.length, () -> e.lossAndGrad(n), 1e-6);
        // measured: |analytic − central difference| ≤ 1.1e-9 (h = 1e-6; round-off of the differences);
        // bound ~10× that
        GradientCheck.assertGradient(g, fd, 1e-8, "ensemble NLL");
    }

    @Test
    void learnsMeanAndVarianceOfALinearSystem() {
        // y = A x + b + N(0, diag(σ²)), x ~ U(−1, 1)²
        double[][] A = {{0.8, -0.5}, {0.3, 1.2}};
        double[] b = {0.1, -0.2}, sigma = {0.05, 0.2};
        int n = 1000, in = 2, out = 2;
        Rng rng = new Rng(3);
        double[] x = new double[n * in], y = new double[n * out];
        for (int i = 0; i < n; i++) {
            x[i * 2] = rng.nextDouble(-1, 1);
            x[i * 2 + 1] = rng.nextDouble(-1, 1);
            for (int d = 0; d < out; d++) {
                y[i * 2 + d] = A[d][0] * x[i * 2] + A[d][1] * x[i * 2 + 1] + b[d] + sigma[d] * rng.nextGaussian();
            }
        }
        // Trained to convergence (100 epochs, no holdout): each member's mean is the linear map and its
        // variance the noise's.
        Ensemble e = new Ensemble(3, 2, in, out, new int[] {24, 24}, 3e-3, 128, new Rng(4));
        assertEquals(100, e.train(x, y, n, new Rng(5), 0.0, 5000, 5, 100));
        int m = 50;
        double[] tx = new double[m * in], mean = new double[m * out], var = new double[m * out];
        for (int i = 0; i < m; i++) { tx[i * 2] = rng.nextDouble(-0.9, 0.9); tx[i * 2 + 1] = rng.nextDouble(-0.9, 0.9); }
        for (int member = 0; member < 3; member++) {
            e.predict(member, m, tx, 0, mean, var);
            double[] vsum = new double[out];
            for (int i = 0; i < m; i++) {
                for (int d = 0; d < out; d++) {
                    double truth = A[d][0] * tx[i * 2] + A[d][1] * tx[i * 2 + 1] + b[d];
                    assertEquals(truth, mean[i * 2 + d], 0.04 + 0.15 * sigma[d], "member " + member + " mean, sample " + i + " dim " + d);
                    vsum[d] += var[i * 2 + d] / m;
                }
            }
            for (int d = 0; d < out; d++) {
                assertEquals(sigma[d], Math.sqrt(vsum[d]), 0.1 * sigma[d], "member " + member + " predicted noise std, dim " + d);
            }
        }
        // MBPO's procedure: 20 % held out, stop after 5 epochs without a 1 % improvement, elites = the
        // members with the lowest holdout error, in order.
        Ensemble f = new Ensemble(4, 2, in, out, new int[] {24, 24}, 3e-3, 128, new Rng(6));
        int epochs = f.train(x, y, n, new Rng(7), 0.2, 5000, 5, 0);
        assertTrue(epochs > 6 && epochs < 1000, "stopped early: " + epochs);
        int[] el = f.elites();
        for (int k = 0; k < 4; k++) {
            if (k != el[0] && k != el[1]) assertTrue(f.holdoutMse[el[1]] <= f.holdoutMse[k], "elite " + el[1] + " vs member " + k);
        }
        assertTrue(f.holdoutMse[el[0]] <= f.holdoutMse[el[1]]);
        // the noise alone gives (0.05² + 0.2²)/2 = 0.0213; measured 0.0227 (34 epochs)
        assertTrue(f.holdoutMse[el[0]] < 0.025, "holdout MSE of the best member: " + f.holdoutMse[el[0]]);
    }
}
