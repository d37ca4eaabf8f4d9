package org.feedbackrl.train;

/**
 * Gradient ASCENT on J (Algorithm 1, line 7: θ ← θ + α ĝ), optionally after clipping ĝ to a global
 * L2 norm. Adam (Kingma &amp; Ba, bias-corrected) or plain SGD. The state is exposed for checkpoints.
 */
public final class Optimizer {
    /** Which update rule. */
    public enum Kind { ADAM, SGD }

    private final Kind kind;
    private final double lr, beta1, beta2, eps, clip;
    /** First and second moment estimates (Adam); unused by SGD. */
    public final double[] m1, m2;
    /** Number of updates applied so far. */
    public long steps;

    /**
     * @param kind  update rule
     * @param p     parameter count
     * @param lr    step size α (&gt; 0)
     * @param clip  global-norm clip of ĝ (≤ 0 or ∞ disables)
     */
    public Optimizer(Kind kind, int p, double lr, double clip) {
        this.kind = kind;
        this.lr = lr;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.clip = clip;
        this.m1 = new double[p];
        this.m2 = new double[p];
    }

    /**
     * Applies one ascent step to θ in place.
     *
     * @return the L2 norm of ĝ before clipping
     */
    public double ascend(double[] theta, double[] g) {
        double n2 = 0;
        for (double v : g) n2 += v * v;
        double norm = Math.sqrt(n2);
        double scale = (clip > 0 && Double.isFinite(clip) && norm > clip) ? clip / norm : 1.0;
        steps++;
        if (kind == Kind.SGD) {
            for (int i = 0; i < theta.length; i++) theta[i] += lr * scale * g[i];
            return norm;
        }
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < theta.length; i++) {
            double gi = scale * g[i];
            m1[i] = beta1 * m1[i] + (1 - beta1) * gi;
            m2[i] = beta2 * m2[i] + (1 - beta2) * gi * gi;
            theta[i] += lr * (m1[i] / bc1) / (Math.sqrt(m2[i] / bc2) + eps);
        }
        return norm;
    }
}
