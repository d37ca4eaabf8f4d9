package org.feedbackrl.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AuthorsCarRealityTest {
    private static final AuthorsCarReality.Params P = AuthorsCarReality.Params.defaults();
    /** Steering that cancels the bias: 6.5 u₂ + 0.1 = 0. */
    private static final double STRAIGHT = -P.steerBias() / P.steerGain();

    @Test
    void speedFromRestFollowsTheClosedForm() {
        // v̇ = a − c v², v(0) = 0  ⇒  v(t) = v_ss tanh(t sqrt(a c)),  v_ss = sqrt(a/c),  a = 11.25 u
        double u = 0.575;
        AuthorsCarReality car = new AuthorsCarReality();
        car.reset(new double[] {0, 0, 0, 0}, 0);
        double a = P.throttleGain() * u, c = P.drag();
        double vss = Math.sqrt(a / c);
        assertEquals(vss, P.steadySpeed(u), 1e-15);
        assertEquals(3.43, vss, 0.005);
        assertEquals(4.52, P.steadySpeed(1.0), 0.005);
        double[] x = new double[4];
        double dist = 0;
        for (int k = 1; k <= 500; k++) {
            car.step(new double[] {u, STRAIGHT});
            car.observe(x);
            double t = k * P.controlDt();
            assertEquals(vss * Math.tanh(t * Math.sqrt(a * c)), x[2], 1e-9, "t = " + t);
        }
        // distance: ∫ v_ss tanh(√(ac) t) dt = ln cosh(√(ac) t)/c, heading unchanged
        double t = 10.0, g = Math.sqrt(a * c) * t;
        dist = (g + Math.log1p(Math.exp(-2 * g)) - Math.log(2)) / c;
        assertEquals(dist, x[0], 1e-8);
        assertEquals(0.0, x[1], 1e-9);
        assertEquals(0.0, x[3], 1e-12);
    }

    @Test
    void constantInputsAtSteadySpeedDriveACircle() {
        // at v = v_ss and constant u₂: φ̇ = κ v with κ = 6.5 u₂ + 0.1, a circle of radius 1/κ
        double u1 = 0.575, u2 = 0.2, v = P.steadySpeed(u1), kappa = P.steerGain() * u2 + P.steerBias();
        AuthorsCarReality car = new AuthorsCarReality();
        car.reset(new double[] {1.0, 2.0, v, 0.5}, 0);
        double[] x = new double[4];
        for (int k = 0; k < 100; k++) car.step(new double[] {u1, u2});
        car.observe(x);
        double phi = 0.5 + kappa * v * 2.0;
        assertEquals(v, x[2], 1e-12);
        assertEquals(phi, x[3], 1e-10);
        assertEquals(1.0 + (Math.sin(phi) - Math.sin(0.5)) / kappa, x[0], 1e-10);
        assertEquals(2.0 - (Math.cos(phi) - Math.cos(0.5)) / kappa, x[1], 1e-10);
    }

    @Test
    void zeroSteeringCirclesAndInputsAreClamped() {
        AuthorsCarReality a = new AuthorsCarReality(), b = new AuthorsCarReality();
        a.reset(new double[] {0, 0, 2, 0}, 0);
        b.reset(new double[] {0, 0, 2, 0}, 0);
        double[] xa = new double[4], xb = new double[4];
        for (int k = 0; k < 50; k++) {
            a.step(new double[] {1.0, 0.0});
            b.step(new double[] {3.0, 0.0});
        }
        a.observe(xa);
        b.observe(xb);
        assertArrayEquals(xa, xb, 0.0);
        assertTrue(xa[3] > 0.1, "the bias turns the car left: " + xa[3]);
    }

    @Test
    void stepAllocatesNothing() {
        AuthorsCarReality car = new AuthorsCarReality();
        car.reset(new double[] {0, 0, 1, 0}, 0);
        double[] u = {0.5, 0.1}, x = new double[4];
        Runnable loop = () -> {
            for (int k = 0; k < 5000; k++) {
                car.step(u);
                car.observe(x);
            }
        };
        for (int i = 0; i < 4; i++) loop.run();
        assertEquals(0L, Allocation.of(loop));
    }
}
