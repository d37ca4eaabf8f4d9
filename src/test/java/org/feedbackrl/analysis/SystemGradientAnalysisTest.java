package org.feedbackrl.analysis;

import static org.junit.jupiter.api.Assertions.*;

import org.feedbackrl.analysis.SystemGradientAnalysis.Options;
import org.feedbackrl.analysis.SystemGradientAnalysis.Row;
import org.junit.jupiter.api.Test;

/** The real-system analysis on a tiny pendulum configuration: finite numbers and the predicted ordering. */
class SystemGradientAnalysisTest {
    // hidden 8, 4 rollouts, α on 1 rollout, Hessian: 3 power iterations on 2 x0; window 1 s = 100 steps
    static final Options TINY = new Options(4, 3, 8, 1, 2, 3, 1.0, 0.0);

    @Test
    void pendulumFeedbackContractsAndNoFeedbackExplodes() {
        Row fb25 = SystemGradientAnalysis.analyze("pendulum", true, 25, TINY);
        Row fb150 = SystemGradientAnalysis.analyze("pendulum", true, 150, TINY);
        Row nf25 = SystemGradientAnalysis.analyze("pendulum", false, 25, TINY);
        Row nf150 = SystemGradientAnalysis.analyze("pendulum", false, 150, TINY);
        for (Row r : new Row[] {fb25, fb150, nf25, nf150}) {
            for (double v : new double[] {r.variance(), r.bias(), r.hessianMaxEig(), r.alpha(), r.alphaModel()}) {
                assertTrue(Double.isFinite(v) && v > 0, r.toString());
            }
        }
        // the variance of the no-feedback class grows much faster with the horizon
        double fbGrowth = fb150.variance() / fb25.variance(), nfGrowth = nf150.variance() / nf25.variance();
        assertTrue(nfGrowth > 100 * fbGrowth, "no-feedback ×" + nfGrowth + " vs feedback ×" + fbGrowth);
        assertTrue(nf150.bias() / nf25.bias() > fb150.bias() / fb25.bias());
        // LQR contracts over 1 s windows (real and model); gravity compensation alone does not
        assertTrue(fb150.alpha() < 1 && fb150.alphaModel() < 1, fb150.toString());
        assertTrue(nf150.alpha() >= 1 && nf150.alphaModel() >= 1, nf150.toString());
        // with the half-mass compensation the true arm falls faster than the model's: α > α̂
        assertTrue(nf150.alpha() > nf150.alphaModel(), nf150.toString());
    }

    @Test
    void perturbedOutputLayerChangesOnlyTheLastLayer() {
        Options o = new Options(2, 3, 8, 1, 1, 1, 1.0, 0.5);   // same seed as TINY: same hidden layers
        double[] init = SystemGradientAnalysis.task("car", true, 10, TINY).policy().params();
        double[] pert = SystemGradientAnalysis.task("car", true, 10, o).policy().params();
        int last = (8 + 1) * 10;   // car feedback network: 10 outputs
        for (int i = 0; i < init.length - last; i++) assertEquals(init[i], pert[i], 0.0);
        int changed = 0;
        for (int i = init.length - last; i < init.length; i++) if (pert[i] != 0 && init[i] == 0) changed++;
        assertEquals(last, changed);
    }

    @Test
    void go1AndCarRunAndScaledUnicycleJacobiansMatchFiniteDifferences() {
        for (String s : new String[] {"car", "go1"}) {
            Row r = SystemGradientAnalysis.analyze(s, false, 12, new Options(2, 1, 4, 1, 1, 1, 0.1, 0.0));
            assertTrue(Double.isFinite(r.variance()) && Double.isFinite(r.hessianMaxEig()) && r.alpha() >= 1, s + " " + r);
        }
        var m = new org.feedbackrl.model.Unicycle(0.9, 0.8, 0.1);
        double[] x = {0.3, -0.2, 0.7}, u = {0.8, -1.1}, a = new double[9], b = new double[6], xp = new double[3], xm = new double[3];
        m.jacobians(x, u, a, b);
        double h = 1e-6;
        for (int j = 0; j < 3; j++) {
            double[] x1 = x.clone(), x2 = x.clone();
            x1[j] += h; x2[j] -= h;
            m.step(x1, u, xp); m.step(x2, u, xm);
            for (int i = 0; i < 3; i++) assertEquals((xp[i] - xm[i]) / (2 * h), a[i * 3 + j], 1e-8);
        }
        for (int j = 0; j < 2; j++) {
            double[] u1 = u.clone(), u2 = u.clone();
            u1[j] += h; u2[j] -= h;
            m.step(x, u1, xp); m.step(x, u2, xm);
            for (int i = 0; i < 3; i++) assertEquals((xp[i] - xm[i]) / (2 * h), b[i * 2 + j], 1e-8);
        }
    }
}
