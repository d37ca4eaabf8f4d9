package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * SAC's tanh-squashed Gaussian log-probability (Haarnoja et al. 2018b, Appendix C): the density it
 * implies integrates to 1 over (−1, 1), and it equals the change-of-variables formula
 * N(atanh a; μ, σ) / (1 − a²) computed directly.
 */
class SquashedGaussianTest {

    @Test
    void densityIntegratesToOne() {
        double[][] cases = {{0, 0}, {0.3, -0.5}, {-1.2, 0.4}, {2.0, -1.5}, {0.0, 1.0}};
        int checkedOverA = 0;
        for (double[] c : cases) {
            // Substitute a = tanh(u): ∫ p(a) da = ∫ p(tanh u) (1 − tanh² u) du, Simpson on u ∈ [μ − 12σ, μ + 12σ].
            double mu = c[0], sd = Math.exp(c[1]);
            int n = 20000;
            double lo = mu - 12 * sd, hi = mu + 12 * sd, h = (hi - lo) / n, sum = 0;
            for (int i = 0; i <= n; i++) {
                double u = lo + i * h, a = Math.tanh(u);
                double f = Math.exp(Sac.logProb(mu, c[1], (u - mu) / sd)) * (1 - a * a);
                sum += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
            }
            // measured: |∫ − 1| ≤ 1.6e-12 (the widest case; ≤ 8e-15 for the others)
            assertEquals(1.0, sum * h / 3, 1e-11, "mu=" + mu + " logStd=" + c[1]);
            // and directly over a, with the midpoint rule, where little mass sits near ±1 (σ < 1.2: the
            // first, second and fourth case; measured |∫ − 1| ≤ 3.2e-12, while the wide cases have 2e-5
            // and 5e-3 of discretisation error at the ends)
            if (sd < 1.2) {
                int m = 400000;
                double s2 = 0, da = 2.0 / m;
                for (int i = 0; i < m; i++) s2 += Sac.density(mu, c[1], -1 + (i + 0.5) * da) * da;
                assertEquals(1.0, s2, 1e-11, "over a: mu=" + mu + " logStd=" + c[1]);
                checkedOverA++;
            }
        }
        assertEquals(3, checkedOverA, "cases integrated over a");
    }

    @Test
    void logProbIsTheChangeOfVariables() {
        double[] mus = {-0.7, 0, 0.4, 1.5};
        double[] logStds = {-2, -0.3, 0.5};
        double[] as = {-0.95, -0.3, 0, 0.2, 0.8, 0.999};
        for (double mu : mus) for (double ls : logStds) for (double a : as) {
            double sd = Math.exp(ls), u = 0.5 * Math.log((1 + a) / (1 - a));
            double ref = -0.5 * Math.pow((u - mu) / sd, 2) - Math.log(sd) - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a * a);
            // measured: relative difference ≤ 1.4e-14 (the reference's 1 − a² loses digits at a = 0.999)
            assertEquals(ref, Sac.logProb(mu, ls, (u - mu) / sd), 1e-13 * Math.max(1, Math.abs(ref)), mu + " " + ls + " " + a);
        }
        // far in the tail the stable form keeps working where 1 − tanh² u underflows
        assertEquals(-2 * 30 + 2 * Math.log(2), Sac.log1mTanh2(30), 1e-12);
        assertEquals(-2 * 30 + 2 * Math.log(2), Sac.log1mTanh2(-30), 1e-12);
    }
}
