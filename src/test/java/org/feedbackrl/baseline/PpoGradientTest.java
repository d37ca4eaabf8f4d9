package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * PPO's loss (clipped surrogate + value loss − entropy bonus, advantages standardised per
 * minibatch) against central finite differences on a tiny network, every parameter including the
 * state-independent log σ, with some ratios inside and some outside the clip range.
 */
class PpoGradientTest {

    @Test
    void lossGradientMatchesFiniteDifferences() {
        for (String act : new String[] {"tanh", "relu"}) {
            PpoConfig c = new PpoConfig(new int[] {5, 4}, act, 1e-3, 1, 8, 8, 1, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5, -0.3, false, false, true);
            Ppo p = new Ppo(c, new Env[] {new StubEnv(3, 2)}, new Rng(1));
            Rng rng = new Rng(2);
            int n = 8;
            double[] obs = new double[n * 3], a = new double[n * 2], ret = new double[n], adv = new double[n], old = new double[n];
            for (int i = 0; i < obs.length; i++) obs[i] = rng.nextGaussian();
            for (int i = 0; i < a.length; i++) a[i] = rng.nextGaussian();
            for (int i = 0; i < n; i++) { ret[i] = rng.nextGaussian(); adv[i] = rng.nextGaussian(); }
            // old log-probabilities near the current ones, so that the ratios straddle 1 ± 0.2
            System.arraycopy(obs, 0, p.mbObs, 0, obs.length);
            System.arraycopy(a, 0, p.mbAct, 0, a.length);
            p.policy.forward(n, obs, 0, p.mu, 0, p.policy.newWorkspace(n));
            for (int i = 0; i < n; i++) {
                double shift = (i % 2 == 0 ? 1 : -1) * (0.05 + 0.1 * i / n * 3);
                old[i] = lp(p, a, i) + shift;
            }
            double loss = eval(p, obs, a, old, adv, ret, n);
            // r_i = exp(−shift_i); the clip cuts the gradient of row i where r leaves [0.8, 1.2] on the
            // side the (standardised) advantage makes the clipped term the minimum
            int cut = 0, live = 0;
            for (int i = 0; i < n; i++) {
                double r = Math.exp(lp(p, a, i) - old[i]), A = p.mbAdv[i];
                if ((r < 0.8 && A < 0) || (r > 1.2 && A > 0)) cut++;
                else live++;
            }
            assertTrue(cut >= 1 && live >= 1, act + ": rows with and without the clip active: " + cut + " / " + live);
            double[] g = p.grad.clone();
            double[] fd = GradientCheck.central(p.theta, 0, g.length, () -> eval(p, obs, a, old, adv, ret, n), 1e-6);
            assertTrue(Double.isFinite(loss));
            // measured: |analytic − central difference| ≤ 2.7e-10 (h = 1e-6, loss of order 1); bound ~10× that
            GradientCheck.assertGradient(g, fd, 2e-9, act + " PPO loss");
        }
    }

    /** log π(a_i|s_i) at the current θ, from the means of the last forward in p.mu. */
    private static double lp(Ppo p, double[] a, int i) {
        double lp = 0;
        for (int j = 0; j < 2; j++) {
            double ls = p.theta[p.logStdOff + j], d = (a[i * 2 + j] - p.mu[i * 2 + j]) / Math.exp(ls);
            lp += -0.5 * d * d - ls - 0.5 * Math.log(2 * Math.PI);
        }
        return lp;
    }

    private static double eval(Ppo p, double[] obs, double[] a, double[] old, double[] adv, double[] ret, int n) {
        System.arraycopy(obs, 0, p.mbObs, 0, obs.length);
        System.arraycopy(a, 0, p.mbAct, 0, a.length);
        System.arraycopy(old, 0, p.mbOld, 0, n);
        System.arraycopy(adv, 0, p.mbAdv, 0, n);          // standardised in place by the loss
        System.arraycopy(ret, 0, p.mbRet, 0, n);
        return p.lossAndGrad(n);
    }
}
