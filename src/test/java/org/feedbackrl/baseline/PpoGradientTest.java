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
            int clipped = 0;
            for (int i = 0; i < n; i++) {
                double lp = 0;
                for (int j = 0; j < 2; j++) {
                    double ls = p.theta[p.logStdOff + j], d = (a[i * 2 + j] - p.mu[i * 2 + j]) / Math.exp(ls);
                    lp += -0.5 * d * d - ls - 0.5 * Math.log(2 * Math.PI);
                }
                double shift = (i % 2 == 0 ? 1 : -1) * (0.05 + 0.1 * i / n * 3);
                old[i] = lp + shift;
                if (Math.abs(shift) > Math.log(1.2)) clipped++;
            }
            assertTrue(clipped >= 2, "some ratios must leave the clip range");
            double loss = eval(p, obs, a, old, adv, ret, n);
            double[] g = p.grad.clone(), fd = new double[g.length];
            double h = 1e-6;
            for (int k = 0; k < g.length; k++) {
                double v = p.theta[k];
                p.theta[k] = v + h;
                double lp = eval(p, obs, a, old, adv, ret, n);
                p.theta[k] = v - h;
                double lm = eval(p, obs, a, old, adv, ret, n);
                p.theta[k] = v;
                fd[k] = (lp - lm) / (2 * h);
            }
            assertTrue(Double.isFinite(loss));
            double scale = 0;
            for (double v : fd) scale = Math.max(scale, Math.abs(v));
            assertTrue(scale > 1e-4);
            for (int k = 0; k < g.length; k++) assertEquals(fd[k], g[k], 1e-7 + 1e-6 * Math.abs(fd[k]), act + " parameter " + k);
        }
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
