package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** GAE (Schulman et al. 2016, eq. 16) against a case computed by hand, with an episode boundary inside. */
class GaeTest {

    @Test
    void handComputedCase() {
        // One environment, 3 steps, γ = 0.9, λ = 0.8; step 1 ends an episode (step 2 starts one);
        // after step 2 the episode goes on with V = 2.
        //   t=2: δ = 3 + 0.9·2 − 1.5 = 3.3                 Â = 3.3
        //   t=1: δ = 2 + 0 − 1.0 = 1.0 (episode ends)      Â = 1.0
        //   t=0: δ = 1 + 0.9·1.0 − 0.5 = 1.4               Â = 1.4 + 0.9·0.8·1.0 = 2.12
        double[] adv = new double[3], ret = new double[3];
        Gae.compute(3, 1, new double[] {1, 2, 3}, new double[] {0.5, 1.0, 1.5}, new double[] {1, 0, 1},
                new double[] {2.0}, new double[] {0}, 0.9, 0.8, adv, ret);
        assertArrayEquals(new double[] {2.12, 1.0, 3.3}, adv, 1e-12);
        assertArrayEquals(new double[] {2.62, 2.0, 4.8}, ret, 1e-12);
    }

    @Test
    void environmentsAreIndependentAndTheLastDoneStopsTheBootstrap() {
        // Two environments interleaved (row t·2 + e). Env 0 as above; env 1: rewards 1, 1, 1, values 0,
        // no boundary, but its last step ended an episode (lastDone = 1), so V_last = 5 is ignored:
        //   t=2: Â = 1;  t=1: Â = 1 + 0.72·1 = 1.72;  t=0: Â = 1 + 0.72·1.72 = 2.2384
        double[] rew = {1, 1, 2, 1, 3, 1}, val = {0.5, 0, 1.0, 0, 1.5, 0}, start = {1, 1, 0, 0, 1, 0};
        double[] adv = new double[6], ret = new double[6];
        Gae.compute(3, 2, rew, val, start, new double[] {2.0, 5.0}, new double[] {0, 1}, 0.9, 0.8, adv, ret);
        assertArrayEquals(new double[] {2.12, 2.2384, 1.0, 1.72, 3.3, 1.0}, adv, 1e-12);
        assertArrayEquals(new double[] {2.62, 2.2384, 2.0, 1.72, 4.8, 1.0}, ret, 1e-12);
    }
}
