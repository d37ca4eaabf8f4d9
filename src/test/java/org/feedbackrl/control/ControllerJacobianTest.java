package org.feedbackrl.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Controller Jacobians (state, reference, gains) against central finite differences. */
class ControllerJacobianTest {

    static double check(TrackingController c, double[] x, double[] r, double[] k) {
        int n = c.stateDim(), m = c.inputDim(), nr = c.refDim(), nk = c.gainDim();
        double[] u = new double[m], dx = new double[m * n], dr = new double[m * nr], dk = new double[m * nk];
        c.jacobians(x, r, k, u, dx, dr, dk);
        double worst = 0;
        double[][] vecs = {x, r, k};
        double[][] jacs = {dx, dr, dk};
        int[] dims = {n, nr, nk};
        double[] up = new double[m], um = new double[m];
        for (int w = 0; w < 3; w++) {
            for (int j = 0; j < dims[w]; j++) {
                double keep = vecs[w][j], h = 1e-6 * Math.max(1, Math.abs(keep));
                vecs[w][j] = keep + h;
                c.control(x, r, k, up);
                vecs[w][j] = keep - h;
                c.control(x, r, k, um);
                vecs[w][j] = keep;
                for (int i = 0; i < m; i++) {
                    double fd = (up[i] - um[i]) / (2 * h);
                    double an = jacs[w][i * dims[w] + j];
                    worst = Math.max(worst, Math.abs(fd - an) / Math.max(1, Math.abs(fd)));
                }
            }
        }
        return worst;
    }

    @Test
    void carControllerJacobiansMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        // Large bounds so the test is away from the clamps; clamped rows are checked separately.
        CarTrackingController c = new CarTrackingController(new double[] {1, 1, 1, 1, 1, 1}, 100, 100);
        for (int s = 0; s < 200; s++) {
            double[] x = {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(1, 4), rng.nextDouble(-1, 1)};
            double[] r = {x[0] + rng.nextDouble(-0.5, 0.5), x[1] + rng.nextDouble(-0.5, 0.5),
                    3 * Math.cos(x[3]) + rng.nextDouble(-0.5, 0.5), 3 * Math.sin(x[3]) + rng.nextDouble(-0.5, 0.5),
                    rng.nextDouble(-5, 5), rng.nextDouble(-5, 5)};
            double[] k = {rng.nextDouble(0.2, 2), rng.nextDouble(0.2, 2), rng.nextDouble(0.2, 2), rng.nextDouble(0.2, 2), rng.nextDouble(0, 1), rng.nextDouble(0, 1)};
            double e = check(c, x, r, k);
            assertTrue(e < 1e-6, "sample " + s + ": worst relative error " + e);
        }
    }

    @Test
    void unicycleControllerJacobiansMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(4);
        UnicycleTrackingController c = new UnicycleTrackingController(new double[] {0.2, 0.95, 2.5, 0.5}, 100, 100);
        for (int s = 0; s < 200; s++) {
            double[] x = {rng.nextDouble(-2, 2), rng.nextDouble(-2, 2), rng.nextDouble(-1, 1)};
            double[] r = {x[0] + rng.nextDouble(-0.5, 0.5), x[1] + rng.nextDouble(-0.5, 0.5),
                    0.5 * Math.cos(x[2]) + rng.nextDouble(-0.2, 0.2), 0.5 * Math.sin(x[2]) + rng.nextDouble(-0.2, 0.2),
                    rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            double[] k = {rng.nextDouble(0.1, 1), rng.nextDouble(0.5, 1.5), rng.nextDouble(0.5, 3), rng.nextDouble(0, 1)};
            double e = check(c, x, r, k);
            assertTrue(e < 1e-6, "sample " + s + ": worst relative error " + e);
        }
    }

    @Test
    void saturatedInputsHaveZeroDerivative() {
        CarTrackingController c = CarTrackingController.designedOnModel();
        double[] x = {0, 0, 0.1, 0}, r = {-5, 5, -3, 3, 0, 0}, k = c.nominalGains();
        double[] u = new double[2], dx = new double[8], dr = new double[12], dk = new double[12];
        c.jacobians(x, r, k, u, dx, dr, dk);
        assertTrue(Math.abs(u[0]) == 1.0 && Math.abs(u[1]) == 1.0, "both inputs should saturate here");
        for (double v : dx) assertTrue(v == 0);
        for (double v : dr) assertTrue(v == 0);
        for (double v : dk) assertTrue(v == 0);
    }
}
