package org.feedbackrl.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Go1SimulatorTest {
    private static final Go1Params P = Go1Params.defaults();
    private static final Go1Params NO_DRIFT = P.withDrift(0, 0);

    private static double[] run(Go1Simulator g, double v, double w, int steps) {
        double[] u = {v, w};
        for (int k = 0; k < steps; k++) g.step(u);
        double[] x = new double[3];
        g.observe(x);
        return x;
    }

    @Test
    void commandsInTheDeadZoneDoNotMoveTheRobot() {
        Go1Simulator g = new Go1Simulator(); // drift on: a standing robot must not drift
        g.reset(new double[] {1, 2, 0.3}, 0);
        assertArrayEquals(new double[] {1, 2, 0.3}, run(g, 0.15, 0.0, 50), 0.0);
        assertArrayEquals(new double[] {1, 2, 0.3}, run(g, -0.15, 0.05, 50), 0.0);
        assertEquals(0.0, g.gaitActivity());
        double[] x = run(g, 0.25, 0.0, 30);
        assertTrue(x[0] - 1 > 0.5, "0.25 m/s moves it: " + x[0]);
    }

    @Test
    void velocitiesSaturate() {
        Go1Simulator g = new Go1Simulator(NO_DRIFT);
        g.reset(new double[] {0, 0, 0}, 0);
        run(g, 5.0, 10.0, 60); // 6 s ≫ τ
        assertEquals(NO_DRIFT.speedGain() * NO_DRIFT.vMaxForward(), g.forwardSpeed(), 1e-6);
        assertEquals(NO_DRIFT.yawGain() * NO_DRIFT.omegaMax(), g.yawRate(), 1e-6);
        run(g, -5.0, -10.0, 60);
        assertEquals(-NO_DRIFT.speedGain() * NO_DRIFT.vMaxBackward(), g.forwardSpeed(), 1e-6);
        assertEquals(-NO_DRIFT.yawGain() * NO_DRIFT.omegaMax(), g.yawRate(), 1e-6);
    }

    @Test
    void stepResponseIsFirstOrderAfterTheLatency() {
        // v_r(t) = k_v v (1 − e^{−(t−d)/τ_v}) for t ≥ d; x(t) = k_v v [(t−d) − τ_v(1 − e^{−(t−d)/τ_v})];
        // likewise ω_r with τ_ω (the heading then rotates the path, so x is checked with ω = 0)
        double v = 0.5, d = NO_DRIFT.delay(), tv = NO_DRIFT.tauV(), tw = NO_DRIFT.tauOmega();
        double target = NO_DRIFT.speedGain() * v;
        Go1Simulator g = new Go1Simulator(NO_DRIFT);
        g.reset(new double[] {0, 0, 0}, 0);
        double[] x = new double[3];
        for (int k = 1; k <= 20; k++) {
            g.step(new double[] {v, 0});
            g.observe(x);
            double t = k * NO_DRIFT.controlDt() - d;
            if (t <= 0) {
                assertArrayEquals(new double[] {0, 0, 0}, x, 0.0);
                assertEquals(0.0, g.forwardSpeed());
                continue;
            }
            double e = Math.exp(-t / tv);
            assertEquals(target * (1 - e), g.forwardSpeed(), 1e-9, "v at t - d = " + t);
            assertEquals(target * (t - tv * (1 - e)), x[0], 1e-9, "x at t - d = " + t);
            assertEquals(0.0, x[1], 0.0);
            // measured time constant from the sample: τ = −t / ln(1 − v_r/target)
            assertEquals(tv, -t / Math.log(1 - g.forwardSpeed() / target), 1e-6);
        }
        g.reset(new double[] {0, 0, 0}, 0);
        for (int k = 1; k <= 10; k++) {
            g.step(new double[] {0, 1.0});
            double t = Math.max(0, k * NO_DRIFT.controlDt() - d);
            assertEquals(NO_DRIFT.yawGain() * (1 - Math.exp(-t / tw)), g.yawRate(), 1e-9);
        }
    }

    @Test
    void walkingRobotDriftsAtTheConfiguredRates() {
        // steady walking: body velocity (k_v v, d_lat), yaw rate d_yaw ⇒ a circle traversed at speed
        // sqrt((k_v v)² + d_lat²) with angular rate d_yaw; the chord over Δt is 2R sin(d_yaw Δt/2)
        Go1Simulator g = new Go1Simulator();
        g.reset(new double[] {0, 0, 0}, 0);
        double[] a = run(g, 0.5, 0.0, 50); // 5 s: g = 1 − e^{−4.88/0.25} ≈ 1 − 3e-9
        double[] b = run(g, 0.5, 0.0, 50);
        assertEquals(P.yawDrift() * 5.0, b[2] - a[2], 1e-7);
        double speed = Math.hypot(P.speedGain() * 0.5, P.lateralDrift());
        double chord = 2 * speed / P.yawDrift() * Math.sin(P.yawDrift() * 5.0 / 2);
        assertEquals(chord, Math.hypot(b[0] - a[0], b[1] - a[1]), 1e-6);
        // direction of travel is heading + atan(d_lat / v) + half the turn
        double dir = Math.atan2(b[1] - a[1], b[0] - a[0]);
        assertEquals(a[2] + Math.atan2(P.lateralDrift(), P.speedGain() * 0.5) + P.yawDrift() * 2.5, dir, 1e-6);
        // the drift-free robot goes straight
        Go1Simulator s = new Go1Simulator(NO_DRIFT);
        s.reset(new double[] {0, 0, 0}, 0);
        double[] x = run(s, 0.5, 0.0, 100);
        assertEquals(0.0, x[1], 0.0);
        assertEquals(0.0, x[2], 0.0);
    }

    @Test
    void commandsTakeEffectOnlyAfterTheLatency() {
        Go1Simulator a = new Go1Simulator(), b = new Go1Simulator();
        a.reset(new double[] {0, 0, 0}, 0);
        b.reset(new double[] {0, 0, 0}, 0);
        double[] xa = new double[3], xb = new double[3];
        run(a, 0.5, 0.2, 10);
        run(b, 0.5, 0.2, 10);
        a.step(new double[] {1.0, 1.0});
        b.step(new double[] {0.3, -1.0});
        a.observe(xa);
        b.observe(xb);
        assertArrayEquals(xa, xb, 0.0); // 0.12 s latency > one 0.1 s period
        assertEquals(a.forwardSpeed(), b.forwardSpeed(), 0.0);
        assertEquals(a.yawRate(), b.yawRate(), 0.0);
        a.step(new double[] {0.5, 0});
        b.step(new double[] {0.5, 0});
        a.observe(xa);
        b.observe(xb);
        assertNotEquals(xa[2], xb[2]);
    }

    @Test
    void sameSeedSameTrajectory() {
        Go1Params noisy = P.withNoise(0.003, 0.01);
        double[][] a = trajectory(new Go1Simulator(noisy), 5);
        double[][] b = trajectory(new Go1Simulator(noisy), 5);
        double[][] c = trajectory(new Go1Simulator(noisy), 6);
        for (int k = 0; k < a.length; k++) assertArrayEquals(a[k], b[k], "step " + k);
        assertNotEquals(a[3][0], c[3][0]);
        Go1Simulator reused = new Go1Simulator();
        trajectory(reused, 1);
        double[][] d = trajectory(reused, 2), e = trajectory(new Go1Simulator(), 3);
        for (int k = 0; k < d.length; k++) assertArrayEquals(d[k], e[k], "step " + k);
    }

    private static double[][] trajectory(Go1Simulator g, long seed) {
        g.reset(new double[] {0.1, 0.2, 0.3}, seed);
        SplittableRandom rng = new SplittableRandom(9);
        double[][] out = new double[201][3];
        double[] u = new double[2];
        g.observe(out[0]);
        for (int k = 0; k < 200; k++) {
            if (k % 5 == 0) {
                u[0] = rng.nextDouble(-1.5, 1.5);
                u[1] = rng.nextDouble(-4, 4);
            }
            g.step(u);
            g.observe(out[k + 1]);
            for (double v : out[k + 1]) assertTrue(Double.isFinite(v));
        }
        return out;
    }

    @Test
    void stepAllocatesNothing() {
        Go1Simulator g = new Go1Simulator(P.withNoise(0.003, 0.01));
        g.reset(new double[] {0, 0, 0}, 1);
        double[] u = {0.5, 0.3}, x = new double[3];
        Runnable loop = () -> {
            for (int k = 0; k < 3000; k++) {
                u[1] = (k & 16) == 0 ? 0.3 : -0.3;
                g.step(u);
                g.observe(x);
            }
        };
        for (int i = 0; i < 4; i++) loop.run();
        assertEquals(0L, Allocation.of(loop));
    }

    @Test
    void badInputIsRejected() {
        Go1Simulator g = new Go1Simulator();
        assertThrows(IllegalArgumentException.class, () -> g.step(new double[] {0, Double.NaN}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Go1Params(0.25, 0.2, 0.9, 1, 1, 0.5, 3, 0.2, 0.1, 0, 0, 0.05, 0.1, 0.002, 0, 0));
        assertTrue(e.getMessage().contains("at least one control period"), e.getMessage());
    }
}
