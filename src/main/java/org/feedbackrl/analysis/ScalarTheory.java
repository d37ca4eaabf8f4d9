package org.feedbackrl.analysis;

import org.feedbackrl.gradient.ScalarExample.PolicyClass;

/**
 * Closed forms for the paper's running example at θ = 0 (docs/exploding-gradients.md derives them).
 *
 * <p>Both policy classes share one structure. With the real closed loop ā (a open loop, a − bk
 * tracking), the model's closed loop â_c (â, resp. â − b̂k) and the input-to-parameter gain
 * β (b, resp. kb) and β̂ (b̂, resp. kb̂), at θ = 0 the real trajectory is x_t = ā^t x₀ and the
 * costate pass (DESIGN.md §2 with R_t = −x_t²/2, ∇ₓR_t = −x_t) gives
 * <pre>
 *   λ_T = −x_T,  λ_t = −x_t + â_c λ_{t+1}   ⇒   λ_{t'+1} = −x₀ Σ_{s=t'+1}^{T} â_c^{s−t'−1} ā^s
 *   ĝ_{t'} = β̂ λ_{t'+1} = −β̂ x₀ ĉ_{t'},      ĉ_{t'} = Σ_{s=t'+1}^{T} â_c^{s−t'−1} ā^s
 *   g_{t'}  = −β x₀ c_{t'},                  c_{t'} = Σ_{s=t'+1}^{T} ā^{2s−t'−1}     (real Jacobians)
 * </pre>
 * so, over samples x₀⁽ⁱ⁾ with empirical variance v̂ = mean (x₀ − mean x₀)²,
 * <pre>
 *   variance = mean ‖ĝ − mean ĝ‖² = v̂ β̂² Σ_{t'} ĉ_{t'}²
 *   bias     = mean ‖ĝ − g‖        = mean|x₀| · ‖β̂ ĉ − β c‖
 *   Hessian  = −MᵀM,  M_{t,s} = ∂x_t/∂θ_s = β ā^{t−1−s} (1 ≤ t ≤ T, 0 ≤ s &lt; t)     (independent of θ, x₀)
 * </pre>
 * Growth per step of the horizon: ĉ_{t'} sums the terms ā^i (ā â_c)^j with i ≥ 1, i + j ≤ T, so
 * ln(variance) grows at 2 ln max(1, |ā|, |ā â_c|) per step; the exact gradient's terms are
 * ā^i (ā²)^j, so the error ĝ − g grows at ln max(1, |ā|, |ā â_c|, ā²) per step; ‖M‖₂ ~ |β| |ā|^T
 * when |ā| &gt; 1 and tends to |β|/(1 − |ā|) when |ā| &lt; 1, so the Hessian grows at 2 ln max(1, |ā|).
 */
public final class ScalarTheory {
    /** Real closed loop ā, model closed loop â_c, parameter gains β (real) and β̂ (model). */
    public final double aCl, aHatCl, beta, betaHat;

    /**
     * @param a, b       real system x' = a x + b u
     * @param aHat, bHat model x' = â x + b̂ u
     * @param k          tracking gain (unused in open loop)
     * @param cls        policy class
     */
    public ScalarTheory(double a, double b, double aHat, double bHat, double k, PolicyClass cls) {
        boolean open = cls == PolicyClass.OPEN_LOOP;
        aCl = open ? a : a - b * k;
        aHatCl = open ? aHat : aHat - bHat * k;
        beta = open ? b : k * b;
        betaHat = open ? bHat : k * bHat;
    }

    /** ĉ_{t'} (model) or c_{t'} (real), t' = 0…T−1. */
    double[] coefficients(int T, boolean modelJacobians) {
        double back = modelJacobians ? aHatCl : aCl;
        double[] c = new double[T];
        // c_{t'} = Σ_{s>t'} back^{s−t'−1} ā^s, by the backward recursion c_{t'} = ā^{t'+1} + back · c_{t'+1}
        double[] pow = new double[T + 1];
        pow[0] = 1;
        for (int s = 1; s <= T; s++) pow[s] = pow[s - 1] * aCl;
        double next = 0;
        for (int t = T - 1; t >= 0; t--) {
            next = pow[t + 1] + back * next;
            c[t] = next;
        }
        return c;
    }

    /** @return β̂² Σ ĉ², the variance of ĝ per unit variance of x₀ */
    public double varianceCoefficient(int T) {
        double s = 0;
        for (double c : coefficients(T, true)) s += c * c;
        return betaHat * betaHat * s;
    }

    /** @return mean over the samples of ‖ĝ − mean ĝ‖² */
    public double variance(int T, double[] x0s) {
        double mean = 0;
        for (double x : x0s) mean += x;
        mean /= x0s.length;
        double v = 0;
        for (double x : x0s) v += (x - mean) * (x - mean);
        return v / x0s.length * varianceCoefficient(T);
    }

    /** @return mean over the samples of ‖ĝ − g‖ */
    public double bias(int T, double[] x0s) {
        double[] ch = coefficients(T, true), c = coefficients(T, false);
        double s = 0;
        for (int i = 0; i < T; i++) {
            double d = betaHat * ch[i] - beta * c[i];
            s += d * d;
        }
        double meanAbs = 0;
        for (double x : x0s) meanAbs += Math.abs(x);
        return meanAbs / x0s.length * Math.sqrt(s);
    }

    /** @return the exact Hessian −MᵀM of J (T×T, [row][col]) */
    public double[][] hessian(int T) {
        double[][] h = new double[T][T];
        // (MᵀM)_{i,j} = β² Σ_{t > max(i,j)} ā^{t−1−i} ā^{t−1−j} = β² ā^{|i−j|} S(T − max(i,j)),  S(n) = Σ_{k<n} ā^{2k}
        double[] pow = new double[T], sum = new double[T + 1];
        pow[0] = 1;
        for (int d = 1; d < T; d++) pow[d] = pow[d - 1] * aCl;
        double sq = 1;
        for (int n = 1; n <= T; n++) {
            sum[n] = sum[n - 1] + sq;
            sq *= aCl * aCl;
        }
        for (int i = 0; i < T; i++) {
            for (int j = 0; j < T; j++) h[i][j] = -beta * beta * pow[Math.abs(i - j)] * sum[T - Math.max(i, j)];
        }
        return h;
    }

    /** Derived growth rate of ln(variance) per horizon step: 2 ln max(1, |ā|, |ā â_c|). */
    public double varianceRate() {
        return 2 * Math.log(Math.max(1, Math.max(Math.abs(aCl), Math.abs(aCl * aHatCl))));
    }

    /** Derived growth rate of ln(bias) per step: ln max(1, |ā|, |ā â_c|, ā²) (an exact model has no bias). */
    public double biasRate() {
        return Math.log(Math.max(Math.max(1, Math.abs(aCl)), Math.max(Math.abs(aCl * aHatCl), aCl * aCl)));
    }

    /** Derived growth rate of ln(largest |eigenvalue| of the Hessian) per step: 2 ln max(1, |ā|). */
    public double hessianRate() {
        return 2 * Math.log(Math.max(1, Math.abs(aCl)));
    }

    /** For |ā| &lt; 1: the T → ∞ limit of the Hessian's largest |eigenvalue|, β²/(1 − |ā|)²; else +∞. */
    public double hessianLimit() {
        return Math.abs(aCl) < 1 ? beta * beta / ((1 - Math.abs(aCl)) * (1 - Math.abs(aCl))) : Double.POSITIVE_INFINITY;
    }
}
