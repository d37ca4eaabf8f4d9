package org.feedbackrl.baseline;

/**
 * Running mean and variance of a vector stream (SB3's {@code RunningMeanStd}: the parallel update of
 * Chan, Golub &amp; LeVeque 1979, starting from mean 0, variance 1 and a pseudo-count of 1e-4), used by
 * PPO's observation and reward normalisation ({@code VecNormalize}). Allocation-free.
 */
public final class RunningMeanStd {
    final int dim;
    final double[] mean, var;
    double count = 1e-4;
    private final double[] bMean, bVar;

    public RunningMeanStd(int dim) {
        this.dim = dim;
        mean = new double[dim];
        var = new double[dim];
        java.util.Arrays.fill(var, 1.0);
        bMean = new double[dim];
        bVar = new double[dim];
    }

    /** Folds in n rows of x (n×dim, row-major from off), as {@code RunningMeanStd.update(arr)}. */
    public void update(double[] x, int off, int n) {
        for (int j = 0; j < dim; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[off + i * dim + j];
            double m = s / n, v = 0;
            for (int i = 0; i < n; i++) {
                double d = x[off + i * dim + j] - m;
                v += d * d;
            }
            bMean[j] = m;
            bVar[j] = v / n;                                   // numpy's var: population
        }
        double tot = count + n;
        for (int j = 0; j < dim; j++) {
            double delta = bMean[j] - mean[j];
            double m2 = var[j] * count + bVar[j] * n + delta * delta * count * n / tot;
            mean[j] = mean[j] + delta * n / tot;
            var[j] = m2 / tot;
        }
        count = tot;
    }

    /** out = clip((x − mean)/√(var + 1e-8), −clip, clip) for one row (VecNormalize.normalize_obs). */
    public void normalize(double[] x, int xOff, double[] out, int outOff, double clip) {
        for (int j = 0; j < dim; j++) {
            double v = (x[xOff + j] - mean[j]) / Math.sqrt(var[j] + 1e-8);
            out[outOff + j] = Math.min(Math.max(v, -clip), clip);
        }
    }
}
