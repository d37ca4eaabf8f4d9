package org.feedbackrl.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.feedbackrl.gradient.CostateEstimator;
import org.feedbackrl.gradient.ScalarExample;
import org.feedbackrl.gradient.ScalarExample.PolicyClass;
import org.feedbackrl.rollout.Rollout;

/**
 * Exploding-gradient measurements on the paper's running example (§5–6, Theorem 1): for a horizon
 * T and a policy class, at θ = 0 with x₀ ~ U[−1, 1], the variance and the error ("bias") of the
 * model-based estimator, the largest Hessian eigenvalue of J, and the closed-loop growth factors
 * α (real) and α̂ (model). Everything is measured with the project's estimators on real rollouts;
 * {@link ScalarTheory} holds the closed forms they are tested against.
 */
public final class ScalarGradientAnalysis {
    /** Initial states used for the Hessian average (it does not depend on x₀ here; see {@link #analyze}). */
    public static final int HESSIAN_SAMPLES = 16;

    /** Largest horizon accepted (the Hessian is built column by column: O(T²) per sample, O(T³) eigen). */
    public static final int MAX_HORIZON = 1000;

    /**
     * @param a, b       real system x' = a x + b u (finite)
     * @param aHat, bHat model x' = â x + b̂ u (finite)
     * @param k          tracking gain (finite)
     */
    public record Params(double a, double b, double aHat, double bHat, double k) {}

    /** One CSV row: measured quantities at one (policy class, horizon). */
    public record Row(PolicyClass cls, int horizon, double variance, double bias, double hessianMaxEig, double alpha, double alphaModel) {}

    private ScalarGradientAnalysis() {}

    /**
     * The N initial states x₀ ~ U[−1, 1] drawn from {@code seed}. The same states serve every
     * horizon and both policy classes (common random numbers), so the variance-vs-T curves are
     * not blurred by resampling.
     */
    public static double[] initialStates(int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x0 = new double[samples];
        for (int i = 0; i < samples; i++) x0[i] = rng.nextDouble(-1.0, 1.0);
        return x0;
    }

    /**
     * Measures one (class, horizon) at θ = 0.
     * <ul>
     *   <li>variance = mean_i ‖ĝ(x₀ⁱ) − mean ĝ‖², ĝ the costate estimate with the model's Jacobians
     *       along the real rollout (Welford accumulation per coordinate);</li>
     *   <li>bias = mean_i ‖ĝ(x₀ⁱ) − g(x₀ⁱ)‖, g the exact gradient: a costate pass with the real
     *       system's Jacobians on the same rollout;</li>
     *   <li>Hessian: built column by column from exact Hessian–vector products
     *       H e_j = g(θ + e_j; x₀) − g(θ; x₀) (J is quadratic in θ for this linear system, so the
     *       difference is exact, not an approximation), averaged over the first
     *       min(N, {@value #HESSIAN_SAMPLES}) initial states, symmetrised, and its largest
     *       |eigenvalue| taken from a symmetric eigendecomposition;</li>
     *   <li>α, α̂: {@link ClosedLoopGrowth} with the real system and the model, max over rollouts.</li>
     * </ul>
     *
     * @param p   system, model and gain
     * @param cls policy class
     * @param T   horizon, 1…{@value #MAX_HORIZON}
     * @param x0s initial states (at least 1)
     */
    public static Row analyze(Params p, PolicyClass cls, int T, double[] x0s) {
        if (T < 1 || T > MAX_HORIZON) throw new IllegalArgumentException("horizon must be within 1…" + MAX_HORIZON + ", got " + T);
        if (x0s.length < 1) throw new IllegalArgumentException("need at least one initial state");
        ScalarExample ex = new ScalarExample(p.a(), p.b(), p.aHat(), p.bHat(), p.k(), cls, T);
        CostateEstimator exact = new CostateEstimator(ex.real, T, 0);
        ClosedLoopGrowth growthReal = new ClosedLoopGrowth(ex.real, ex.policy);
        ClosedLoopGrowth growthModel = new ClosedLoopGrowth(ex.model, ex.policy);
        double[] theta = ex.policy.params();
        Arrays.fill(theta, 0.0);
        Rollout r = ex.newRollout();
        double[] gHat = new double[T], g = new double[T], mean = new double[T], m2 = new double[T];
        double biasSum = 0, alpha = 0, alphaModel = 0;
        for (int i = 0; i < x0s.length; i++) {
            ex.gradient(x0s[i], r, gHat);
            Arrays.fill(g, 0.0);
            exact.accumulate(r, ex.policy, ex.reward, g);
            double d2 = 0;
            for (int j = 0; j < T; j++) {
                double d = gHat[j] - g[j];
                d2 += d * d;
                // Welford: running mean and sum of squared deviations per coordinate
                double delta = gHat[j] - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (gHat[j] - mean[j]);
            }
            biasSum += Math.sqrt(d2);
            alpha = Math.max(alpha, growthReal.alpha(r));
            alphaModel = Math.max(alphaModel, growthModel.alpha(r));
        }
        double variance = 0;
        for (double v : m2) variance += v;
        variance /= x0s.length;
        double bias = biasSum / x0s.length;
        double[][] h = exactHessian(ex, exact, r, Arrays.copyOf(x0s, Math.min(x0s.length, HESSIAN_SAMPLES)));
        return new Row(cls, T, variance, bias, maxAbsEigenvalue(h), alpha, alphaModel);
    }

    /**
     * The mean Hessian of J over the given initial states at the policy's current θ, built from
     * exact-gradient differences (valid because J is quadratic in θ for this linear system).
     */
    static double[][] exactHessian(ScalarExample ex, CostateEstimator exact, Rollout r, double[] x0s) {
        int T = ex.horizon;
        double[] theta = ex.policy.params();
        double[] base = theta.clone();
        double[] g0 = new double[T], g1 = new double[T];
        double[][] h = new double[T][T];
        for (double x0 : x0s) {
            System.arraycopy(base, 0, theta, 0, T);
            ex.unroll(x0, r);
            Arrays.fill(g0, 0.0);
            exact.accumulate(r, ex.policy, ex.reward, g0);
            for (int j = 0; j < T; j++) {
                System.arraycopy(base, 0, theta, 0, T);
                theta[j] += 1.0;                       // step 1: exact for a quadratic J
                ex.unroll(x0, r);
                Arrays.fill(g1, 0.0);
                exact.accumulate(r, ex.policy, ex.reward, g1);
                for (int i = 0; i < T; i++) h[i][j] += (g1[i] - g0[i]) / x0s.length;
            }
        }
        System.arraycopy(base, 0, theta, 0, T);
        for (int i = 0; i < T; i++) {
            for (int j = i + 1; j < T; j++) {
                double s = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = s;
                h[j][i] = s;
            }
        }
        return h;
    }

    /** @return the largest |eigenvalue| of a symmetric matrix (NaN if it has non-finite entries) */
    public static double maxAbsEigenvalue(double[][] sym) {
        for (double[] row : sym) for (double v : row) if (!Double.isFinite(v)) return Double.NaN;
        double best = 0;
        for (double ev : new EigenDecomposition(new Array2DRowRealMatrix(sym, false)).getRealEigenvalues()) {
            best = Math.max(best, Math.abs(ev));
        }
        return best;
    }

    /** Runs every class (open loop first) at every horizon on the same initial states. */
    public static List<Row> run(Params p, int[] horizons, int samples, long seed) {
        double[] x0s = initialStates(samples, seed);
        List<Row> rows = new ArrayList<>();
        for (PolicyClass cls : PolicyClass.values()) {
            for (int T : horizons) rows.add(analyze(p, cls, T, x0s));
        }
        return rows;
    }

    /** CSV name of a policy class: {@code open-loop} or {@code tracking}. */
    public static String name(PolicyClass cls) { return cls == PolicyClass.OPEN_LOOP ? "open-loop" : "tracking"; }
}
