package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.feedbackrl.cli.Main;
import org.feedbackrl.rollout.Rollout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DESIGN.md §2 exact check 3: the running example's closed-form estimates.
 *
 * <p>Derivation from the costate recursion. Reward R_t = −x_t²/2 for t = 0…T (terminal included),
 * no input term, so ∇ᵤR_t = 0 and ∇ₓR_t = −x_t with x_t the RECORDED REAL trajectory
 * (x_{t+1} = a x_t + b u_t). Model Jacobians Â_t = â, B̂_t = b̂; policy Jacobian K_t = 0 (open loop,
 * u_t = ū_t, ∂u_t/∂θ_t = 1) or K_t = −k (tracking, u_t = k(x̄_t − x_t), ∂u_t/∂θ_t = k). Then
 * <pre>
 *   λ_T = −x_T,   v_t = λ_{t+1} b̂,   λ_t = −x_t + λ_{t+1} (â + b̂ K_t),   ĝ_t = v_t ∂u_t/∂θ_t.
 * </pre>
 * Unrolling λ with α = â + b̂ K (â open loop, â − b̂k tracking):
 * λ_{t'+1} = Σ_{t=t'+1}^{T} (−x_t) α^{t−t'−1}, hence
 * <pre>
 *   open loop:  ĝ_{t'} = Σ_{t=t'+1}^{T} (−x_t) â^{t−t'−1} b̂
 *   tracking:   ĝ_{t'} = Σ_{t=t'+1}^{T} (−x_t) (â − b̂k)^{t−t'−1} b̂ k
 * </pre>
 * The sum includes t = T (the terminal reward); R_{t'} itself does not depend on θ_{t'}. In the
 * feedback case B̂ is b̂, not b as the paper prints.
 */
class ScalarClosedFormTest {
    static final double A = 1.2, B = 1.0, A_HAT = 1.1, B_HAT = 0.8, K = 0.7;
    static final int T = 30;

    static double[] closedForm(ScalarExample.PolicyClass cls, double[] xs, double aHat, double bHat, double k) {
        int horizon = xs.length - 1;
        double alpha = cls == ScalarExample.PolicyClass.OPEN_LOOP ? aHat : aHat - bHat * k;
        double du = cls == ScalarExample.PolicyClass.OPEN_LOOP ? 1.0 : k;
        double[] g = new double[horizon];
        for (int tp = 0; tp < horizon; tp++) {
            double s = 0;
            for (int t = tp + 1; t <= horizon; t++) s += -xs[t] * Math.pow(alpha, t - tp - 1) * bHat * du;
            g[tp] = s;
        }
        return g;
    }

    @ParameterizedTest
    @EnumSource(ScalarExample.PolicyClass.class)
    void estimatorEqualsClosedForm(ScalarExample.PolicyClass cls) {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            ScalarExample ex = new ScalarExample(A, B, A_HAT, B_HAT, K, cls, T);
            double[] th = ex.policy.params();
            for (int i = 0; i < T; i++) th[i] = rng.nextDouble(-1, 1);
            double x0 = rng.nextDouble(-1, 1);
            Rollout r = ex.newRollout();
            double[] g = new double[T];
            double J = ex.gradient(x0, r, g);
            // the recorded trajectory is the REAL one
            double x = x0, sumR = 0;
            for (int t = 0; t < T; t++) {
                assertEquals(x, r.xs[t], 1e-12 * Math.max(1, Math.abs(x)));
                double u = cls == ScalarExample.PolicyClass.OPEN_LOOP ? th[t] : K * (th[t] - x);
                sumR -= 0.5 * x * x;
                x = A * x + B * u;
            }
            sumR -= 0.5 * x * x;
            assertEquals(x, r.xs[T], 1e-12 * Math.max(1, Math.abs(x)));
            assertEquals(sumR, J, 1e-12 * Math.max(1, Math.abs(sumR)));
            double[] cf = closedForm(cls, r.xs, A_HAT, B_HAT, K);
            double err = GradientChecks.relError(g, cf);
            assertTrue(err < 1e-12, cls + ": relative error " + err + "\n est " + Arrays.toString(g) + "\n cf  " + Arrays.toString(cf));
        }
    }

    @ParameterizedTest
    @EnumSource(ScalarExample.PolicyClass.class)
    void cliPrintsTheClosedForm(ScalarExample.PolicyClass cls) {
        SplittableRandom rng = new SplittableRandom(12);
        double[] th = new double[T];
        StringBuilder thetaArg = new StringBuilder();
        for (int i = 0; i < T; i++) {
            th[i] = rng.nextDouble(-1, 1);
            if (i > 0) thetaArg.append(',');
            thetaArg.append(th[i]);
        }
        double x0 = 0.37;
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "gradient", "scalar",
                "--a", "" + A, "--b", "" + B, "--a-hat", "" + A_HAT, "--b-hat", "" + B_HAT, "--gain", "" + K,
                "--policy", cls == ScalarExample.PolicyClass.OPEN_LOOP ? "open-loop" : "tracking",
                "--horizon", "" + T, "--x0", "" + x0, "--theta", thetaArg.toString());
        assertEquals(0, code, err.toString());
        assertEquals("", err.toString());
        // independent real trajectory
        double[] xs = new double[T + 1];
        xs[0] = x0;
        double J = -0.5 * x0 * x0;
        for (int t = 0; t < T; t++) {
            double u = cls == ScalarExample.PolicyClass.OPEN_LOOP ? th[t] : K * (th[t] - xs[t]);
            xs[t + 1] = A * xs[t] + B * u;
            J -= 0.5 * xs[t + 1] * xs[t + 1];
        }
        double[] cf = closedForm(cls, xs, A_HAT, B_HAT, K);
        Matcher mm = Pattern.compile("^\\{\"J\": ([^,]+), \"gradient\": \\[([^\\]]*)\\]\\}$").matcher(out.toString().strip());
        assertTrue(mm.matches(), "not the expected JSON: " + out);
        assertEquals(J, Double.parseDouble(mm.group(1)), 1e-12 * Math.abs(J));
        double[] printed = Arrays.stream(mm.group(2).split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
        assertEquals(T, printed.length);
        double e = GradientChecks.relError(printed, cf);
        assertTrue(e < 1e-12, "relative error " + e);
    }
}
