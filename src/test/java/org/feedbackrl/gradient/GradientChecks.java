package org.feedbackrl.gradient;

import java.util.Arrays;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.testsupport.TestSystems;
import org.feedbackrl.task.Reward;

/** Shared helpers for the gradient tests. */
final class GradientChecks {
    private GradientChecks() {}

    /** At least {@code count} distinct indices spread over [0, p) (all of them when p ≤ count), first and last included. */
    static int[] spread(int p, int count) {
        if (p <= count) {
            int[] all = new int[p];
            for (int i = 0; i < p; i++) all[i] = i;
            return all;
        }
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = (int) Math.round(i * (p - 1.0) / (count - 1.0));
        return Arrays.stream(idx).distinct().toArray();
    }

    /** J of a full re-rollout on the plant at the policy's current θ. */
    static double rolloutJ(Plant plant, Policy policy, Reward reward, double[] x0, int horizon) {
        return TestSystems.unroll(plant, policy, reward, x0, horizon).totalReward();
    }

    /**
     * ∂J/∂θ_k by the fourth-order central difference
     * (8(J(θ+h e_k) − J(θ−h e_k)) − (J(θ+2h e_k) − J(θ−2h e_k))) / 12h, h = step·max(1, |θ_k|).
     */
    static double centralDifference(Plant plant, Policy policy, Reward reward, double[] x0, int horizon, int k, double step) {
        double[] th = policy.params();
        double keep = th[k], h = step * Math.max(1, Math.abs(keep));
        th[k] = keep + h;     double p1 = rolloutJ(plant, policy, reward, x0, horizon);
        th[k] = keep - h;     double m1 = rolloutJ(plant, policy, reward, x0, horizon);
        th[k] = keep + 2 * h; double p2 = rolloutJ(plant, policy, reward, x0, horizon);
        th[k] = keep - 2 * h; double m2 = rolloutJ(plant, policy, reward, x0, horizon);
        th[k] = keep;
        return (8 * (p1 - m1) - (p2 - m2)) / (12 * h);
    }

    /** max_i |a_i − b_i| / max_i |b_i|: the error relative to the size of the reference vector. */
    static double relError(double[] a, double[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return den == 0 ? num : num / den;
    }
}
