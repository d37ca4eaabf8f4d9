package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batched fast path equals the generic costate pass ({@link CostateEstimator} through
 * {@code TrackingPolicy.vjp}) to 1e-13 relative (round-off, ~1e-15), on the car figure-8 with the network every step
 * (W1's shape, shorter) and with spline segments between calls.
 */
class BatchedTrackingEstimatorTest {

    @ParameterizedTest
    @CsvSource({"8,275,1", "3,40,1", "4,50,7", "2,23,5", "1,1,1"})
    void equalsGenericCostatePass(int rollouts, int horizon, int callEvery) {
        CarGradientWorkload w = new CarGradientWorkload(rollouts, horizon, callEvery, 42);
        double[] ref = w.referenceGradient();
        double jRef = 0;
        for (var r : w.recorded) jRef += r.totalReward();
        BatchedTrackingEstimator est = new BatchedTrackingEstimator(w.model, w.policy, w.features, w.reward, rollouts, horizon);
        double[] g = new double[ref.length];
        double J = est.estimate(w.recorded, rollouts, g);
        assertEquals(jRef, J, 1e-13 * Math.abs(jRef));
        double num = 0, den = 0, gmax = 0;
        for (int k = 0; k < g.length; k++) {
            num += (g[k] - ref[k]) * (g[k] - ref[k]);
            den += ref[k] * ref[k];
            gmax = Math.max(gmax, Math.abs(ref[k]));
        }
        assertTrue(gmax > 1e-3, "the workload's gradient should not be trivial, max |g| = " + gmax);
        double rel = Math.sqrt(num / den);
        assertTrue(rel < 1e-13, "relative difference " + rel);
        for (int k = 0; k < g.length; k++) assertEquals(ref[k], g[k], 1e-13 * gmax, "component " + k);
        // A second call gives the same (buffers reused, g accumulates).
        double[] g2 = new double[ref.length];
        est.estimate(w.recorded, rollouts, g2);
        for (int k = 0; k < g.length; k++) assertEquals(g[k], g2[k], 0.0);
    }
}
