package org.feedbackrl.model;

import java.util.random.RandomGenerator;

/**
 * Compares a model's analytic Jacobians with central finite differences of its step map over
 * random samples from the model's operating region.
 */
public final class JacobianCheck {

    /** Worst error found for one Jacobian, and where. */
    public record Worst(double relError, double absError, int row, int col, double analytic, double numeric, double[] x, double[] u) {}

    /** Result for Â and B̂. */
    public record Result(Worst a, Worst b, int samples) {}

    private JacobianCheck() {}

    /**
     * Relative error is |analytic − numeric| / max(1, |numeric|), so entries near zero are judged
     * absolutely; central differences with step h·max(1, |x_j|).
     *
     * @param samples number of random (x, u) points (≥ 1)
     * @param h       relative finite-difference step (e.g. 1e-6)
     */
    public static Result run(DynamicsModel model, RandomGenerator rng, int samples, double h) {
        int n = model.stateDim(), m = model.inputDim();
        double[] x = new double[n], u = new double[m], A = new double[n * n], B = new double[n * m];
        double[] fp = new double[n], fm = new double[n];
        Worst wa = null, wb = null;
        for (int s = 0; s < samples; s++) {
            model.sample(rng, x, u);
            model.jacobians(x, u, A, B);
            for (int j = 0; j < n + m; j++) {
                boolean isX = j < n;
                double[] v = isX ? x : u;
                int k = isX ? j : j - n;
                double step = h * Math.max(1.0, Math.abs(v[k]));
                double keep = v[k];
                v[k] = keep + step;
                model.step(x, u, fp);
                v[k] = keep - step;
                model.step(x, u, fm);
                v[k] = keep;
                for (int i = 0; i < n; i++) {
                    double num = (fp[i] - fm[i]) / (2 * step);
                    double ana = isX ? A[i * n + k] : B[i * m + k];
                    double abs = Math.abs(ana - num);
                    double rel = abs / Math.max(1.0, Math.abs(num));
                    if (Double.isNaN(ana)) rel = Double.POSITIVE_INFINITY;
                    Worst cur = isX ? wa : wb;
                    if (cur == null || rel > cur.relError()) {
                        Worst w = new Worst(rel, abs, i, k, ana, num, x.clone(), u.clone());
                        if (isX) wa = w; else wb = w;
                    }
                }
            }
        }
        return new Result(wa, wb, samples);
    }
}
