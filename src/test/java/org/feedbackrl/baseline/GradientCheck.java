package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;

/** Shared helpers of the baseline gradient tests: central differences, their comparison, random minibatches. */
final class GradientCheck {
    private GradientCheck() {}

    /**
     * (L(θ + h e_k) − L(θ − h e_k)) / 2h for k in [from, to), θ_k restored after each; the loss is
     * re-evaluated from scratch by {@code loss}.
     *
     * @return the differences, index k − from
     */
    static double[] central(double[] theta, int from, int to, DoubleSupplier loss, double h) {
        double[] fd = new double[to - from];
        for (int k = from; k < to; k++) {
            double v = theta[k];
            theta[k] = v + h;
            double lp = loss.getAsDouble();
            theta[k] = v - h;
            double lm = loss.getAsDouble();
            theta[k] = v;
            fd[k - from] = (lp - lm) / (2 * h);
        }
        return fd;
    }

    /** Every entry within {@code tol} (absolute: the differences' round-off is ε·|L|/h, whatever the entry) and not all zero. */
    static void assertGradient(double[] analytic, double[] fd, double tol, String what) {
        double scale = 0;
        for (double v : fd) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1e-2, what + ": the gradient should not vanish, max |∂L/∂θ| = " + scale);
        for (int i = 0; i < fd.length; i++) assertEquals(fd[i], analytic[i], tol, what + " parameter " + i);
    }

    /** n random transitions: Gaussian observations, actions in (−0.99, 0.99), every doneEvery-th row terminal. */
    static Batch randomBatch(int n, int od, int ad, int doneEvery, long seed) {
        Rng rng = new Rng(seed);
        Batch b = new Batch(n, od, ad);
        for (int i = 0; i < b.obs.length; i++) { b.obs[i] = rng.nextGaussian(); b.next[i] = rng.nextGaussian(); }
        for (int i = 0; i < b.act.length; i++) b.act[i] = rng.nextDouble(-0.99, 0.99);
        for (int i = 0; i < n; i++) { b.rew[i] = rng.nextGaussian(); b.done[i] = i % doneEvery == 0 ? 1 : 0; }
        return b;
    }
}
