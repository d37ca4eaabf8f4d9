package org.feedbackrl.baseline;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1) minimising a loss over one slice of a parameter array, with
 * PyTorch's arithmetic ({@code torch.optim.Adam}: bias-corrected moments,
 * {@code θ −= lr·m̂ / (√v̂ + ε)}) and, optionally, PyTorch's {@code clip_grad_norm_} first (the
 * global L2 norm of the slice's gradient scaled down to {@code maxGradNorm}; SB3's PPO uses 0.5).
 *
 * <p>Beside {@link org.feedbackrl.train.Optimizer} (which ascends with a fixed ε = 1e-8) because the
 * baselines need their published ε (SB3 sets 1e-5 for PPO) and descend a loss. Allocation-free.
 */
public final class Adam {
    private final int off, len;
    private final double lr, beta1, beta2, eps, maxGradNorm;
    final double[] m, v;
    long steps;

    /**
     * @param off         first parameter of the slice
     * @param len         number of parameters
     * @param lr          step size (&gt; 0)
     * @param eps         ε added to √v̂ (PyTorch default 1e-8)
     * @param maxGradNorm global-norm clip of the gradient, or ≤ 0 for none
     */
    public Adam(int off, int len, double lr, double eps, double maxGradNorm) {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        this.off = off;
        this.len = len;
        this.lr = lr;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = eps;
        this.maxGradNorm = maxGradNorm;
        this.m = new double[len];
        this.v = new double[len];
    }

    /**
     * One descent step: θ[off + i] −= lr·m̂_i/(√v̂_i + ε) with the gradient g[gOff + i].
     *
     * @return the L2 norm of the gradient before clipping
     */
    public double step(double[] theta, double[] g, int gOff) {
        double n2 = 0;
        for (int i = 0; i < len; i++) n2 += g[gOff + i] * g[gOff + i];
        double norm = Math.sqrt(n2);
        // clip_grad_norm_: coefficient max_norm / (norm + 1e-6), applied only when below 1.
        double scale = maxGradNorm > 0 ? Math.min(1.0, maxGradNorm / (norm + 1e-6)) : 1.0;
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps), bc2 = Math.sqrt(1 - Math.pow(beta2, steps));
        double stepSize = lr / bc1;
        for (int i = 0; i < len; i++) {
            double gi = scale * g[gOff + i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            theta[off + i] -= stepSize * m[i] / (Math.sqrt(v[i]) / bc2 + eps);
        }
        return norm;
    }

    /** @return updates applied so far */
    public long steps() { return steps; }
}
