package org.feedbackrl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Analytic Jacobians of every model's DISCRETE map against central finite differences, plus the
 * models' defining equations checked against independent computations.
 */
class ModelJacobianTest {

    static Stream<DynamicsModel> models() {
        return Stream.of(new ScalarModel(1.1, 0.8), KinematicCar.paper(), KinematicCar.authorsReality(1.0),
                KinematicCar.authorsReality(0.25), new KinematicCar(0.8, 0.3, 1.7, -0.2, 0.05),
                new Unicycle(), new Unicycle(0.37), DoublePendulum.trueSystem(), DoublePendulum.halfMassModel(),
                new DoublePendulum(0.3, 0.7, 0.6, 1.3, 9.81, 0.002));
    }

    /**
     * Own check, independent of JacobianCheck: fourth-order central differences
     * (8(f(+h) − f(−h)) − (f(+2h) − f(−2h))) / 12h at 2000 random points per model, judged with
     * |analytic − numeric| ≤ 1e-7 · max(1, |numeric|).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void jacobiansMatchCentralDifferences(DynamicsModel model) {
        int n = model.stateDim(), m = model.inputDim();
        double[] x = new double[n], u = new double[m], a = new double[n * n], b = new double[n * m];
        double[] f1 = new double[n], f2 = new double[n], f3 = new double[n], f4 = new double[n];
        SplittableRandom rng = new SplittableRandom(42);
        double worst = 0;
        for (int s = 0; s < 2000; s++) {
            model.sample(rng, x, u);
            model.jacobians(x, u, a, b);
            for (int col = 0; col < n + m; col++) {
                double[] v = col < n ? x : u;
                int k = col < n ? col : col - n;
                double h = 1e-4 * Math.max(1, Math.abs(v[k]));
                double keep = v[k];
                v[k] = keep + h; model.step(x, u, f1);
                v[k] = keep - h; model.step(x, u, f2);
                v[k] = keep + 2 * h; model.step(x, u, f3);
                v[k] = keep - 2 * h; model.step(x, u, f4);
                v[k] = keep;
                for (int i = 0; i < n; i++) {
                    double num = (8 * (f1[i] - f2[i]) - (f3[i] - f4[i])) / (12 * h);
                    double ana = col < n ? a[i * n + k] : b[i * m + k];
                    double err = Math.abs(ana - num) / Math.max(1, Math.abs(num));
                    worst = Math.max(worst, err);
                    if (!(err < 1e-7)) {
                        throw new AssertionError(model + ": d(out " + i + ")/d(" + (col < n ? "x" : "u") + k + ") analytic "
                                + ana + " vs numeric " + num + " at x=" + java.util.Arrays.toString(x) + " u=" + java.util.Arrays.toString(u));
                    }
                }
            }
        }
        assertTrue(worst < 1e-7, "worst " + worst);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void jacobianCheckPasses(DynamicsModel model) {
        JacobianCheck.Result r = JacobianCheck.run(model, new SplittableRandom(7), 500, 1e-6);
        assertTrue(r.a().relError() < 1e-6, () -> model + " A: " + r.a());
        assertTrue(r.b().relError() < 1e-6, () -> model + " B: " + r.b());
    }

    /** The checker itself must fail a wrong Jacobian, and point at the wrong entry. */
    @org.junit.jupiter.api.Test
    void jacobianCheckFlagsAWrongEntry() {
        DynamicsModel car = KinematicCar.paper();
        DynamicsModel wrong = new DynamicsModel() {
            @Override public int stateDim() { return car.stateDim(); }
            @Override public int inputDim() { return car.inputDim(); }
            @Override public double dt() { return car.dt(); }
            @Override public String name() { return "car-with-a-wrong-A01"; }
            @Override public void step(double[] x, double[] u, double[] xNext) { car.step(x, u, xNext); }
            @Override public void jacobians(double[] x, double[] u, double[] a, double[] b) {
                car.jacobians(x, u, a, b);
                a[1] += 1e-3;                                      // ∂x'₀/∂x₁ off by 1e-3
            }
            @Override public String[] stateNames() { return car.stateNames(); }
            @Override public String[] inputNames() { return car.inputNames(); }
            @Override public void sample(java.util.random.RandomGenerator rng, double[] x, double[] u) { car.sample(rng, x, u); }
        };
        JacobianCheck.Result r = JacobianCheck.run(wrong, new SplittableRandom(7), 50, 1e-6);
        assertTrue(r.a().absError() > 0.9e-3, () -> "A: " + r.a());
        assertEquals(0, r.a().row());
        assertEquals(1, r.a().col());
        assertTrue(r.b().relError() < 1e-6, () -> "B untouched: " + r.b());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void namesAndDimensionsAgree(DynamicsModel model) {
        assertEquals(model.stateDim(), model.stateNames().length);
        assertEquals(model.inputDim(), model.inputNames().length);
        assertTrue(model.dt() > 0);
    }

    @Test
    void carPaperIsEquation11() {
        KinematicCar car = KinematicCar.paper();
        assertEquals(0.02, car.dt());
        double[] x = {1.0, -2.0, 3.0, 0.7}, u = {0.4, -0.6}, next = new double[4];
        car.step(x, u, next);
        double dt = 0.02;
        assertArrayEquals(new double[] {1.0 + 3.0 * Math.cos(0.7) * dt, -2.0 + 3.0 * Math.sin(0.7) * dt,
                3.0 + 0.4 * dt, 0.7 + 3.0 * -0.6 * dt}, next, 1e-15);
    }

    @Test
    void carAuthorsRealityParameters() {
        KinematicCar r = KinematicCar.authorsReality(1.0);
        assertEquals(11.25, r.accelGain());
        assertEquals(0.55, r.drag());
        assertEquals(6.5, r.steerGain());
        assertEquals(0.1, r.steerBias());
        KinematicCar q = KinematicCar.authorsReality(0.25);
        assertEquals(11.25 * 0.25, q.accelGain(), 1e-15);
        assertEquals(0.55 * 0.25, q.drag(), 1e-15);
        assertEquals(6.5 * 0.25, q.steerGain(), 1e-15);
        assertEquals(0.1 * 0.25, q.steerBias(), 1e-15);
        // v̇ = 11.25 u1 − 0.55 v², φ̇ = (6.5 u2 + 0.1) v, one Euler step
        double[] x = {0, 0, 2.0, 0.3}, u = {0.5, -0.2}, next = new double[4];
        r.step(x, u, next);
        assertEquals(2.0 + 0.02 * (11.25 * 0.5 - 0.55 * 4.0), next[2], 1e-15);
        assertEquals(0.3 + 0.02 * (6.5 * -0.2 + 0.1) * 2.0, next[3], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> KinematicCar.authorsReality(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new KinematicCar(1, 0, 1, 0, 0));
    }

    @Test
    void unicycleIsEquation12() {
        Unicycle g = new Unicycle();
        assertEquals(0.1, g.dt());
        double[] x = {1.0, 2.0, -0.4}, u = {0.5, 1.5}, next = new double[3];
        g.step(x, u, next);
        assertArrayEquals(new double[] {1.0 + 0.5 * Math.cos(-0.4) * 0.1, 2.0 + 0.5 * Math.sin(-0.4) * 0.1, -0.4 + 0.15}, next, 1e-15);
    }

    @Test
    void pendulumParameters() {
        DoublePendulum t = DoublePendulum.trueSystem(), h = DoublePendulum.halfMassModel();
        assertEquals(0.1, t.m1()); assertEquals(0.1, t.m2());
        assertEquals(1.0, t.l1()); assertEquals(1.0, t.l2()); assertEquals(1.0, t.gravity()); assertEquals(0.01, t.dt());
        assertEquals(0.05, h.m1()); assertEquals(0.05, h.m2());
        assertEquals(1.0, h.l1()); assertEquals(1.0, h.l2()); assertEquals(1.0, h.gravity()); assertEquals(0.01, h.dt());
        assertThrows(IllegalArgumentException.class, () -> new DoublePendulum(0, 0.1, 1, 1, 1, 0.01));
    }

    /**
     * Independent check of M, c, g: the Euler–Lagrange equations of L = ½ m1|ṗ1|² + ½ m2|ṗ2|² − V
     * with the mass positions written directly, M q̈ = τ − Ṁ q̇ + ∂T/∂q − ∂V/∂q, every derivative of
     * T and V taken by finite differences. Also Euler integration, q' = q + Δt q̇.
     */
    @Test
    void pendulumMatchesEulerLagrange() {
        DoublePendulum p = new DoublePendulum(0.3, 0.7, 0.6, 1.3, 9.81, 0.01);
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = new double[4], u = new double[2], qdd = new double[2], next = new double[4], mm = new double[4];
        for (int s = 0; s < 200; s++) {
            p.sample(rng, x, u);
            p.acceleration(x, u, qdd);
            p.step(x, u, next);
            assertEquals(x[0] + 0.01 * x[2], next[0], 1e-15);
            assertEquals(x[1] + 0.01 * x[3], next[1], 1e-15);
            assertEquals(x[2] + 0.01 * qdd[0], next[2], 1e-14);
            assertEquals(x[3] + 0.01 * qdd[1], next[3], 1e-14);
            // Independent right-hand side
            double h = 1e-5;
            double[] rhs = new double[2];
            for (int k = 0; k < 2; k++) {
                // d/dt (∂T/∂q̇_k) − M q̈ = (Ṁ q̇)_k: along the motion, ∂T/∂q̇ = M q̇, so take
                // d/ds ∂T/∂q̇_k (q + s q̇, q̇) at s = 0 by central differences.
                double dMqd = (dTdqd(p, x[0] + h * x[2], x[1] + h * x[3], x[2], x[3], k)
                        - dTdqd(p, x[0] - h * x[2], x[1] - h * x[3], x[2], x[3], k)) / (2 * h);
                double[] qp = {x[0], x[1]}, qm = {x[0], x[1]};
                qp[k] += h; qm[k] -= h;
                double dTdq = (kinetic(p, qp[0], qp[1], x[2], x[3]) - kinetic(p, qm[0], qm[1], x[2], x[3])) / (2 * h);
                double dVdq = (potential(p, qp[0], qp[1]) - potential(p, qm[0], qm[1])) / (2 * h);
                rhs[k] = u[k] - dMqd + dTdq - dVdq;
            }
            p.massMatrix(x, mm);
            // M from kinetic energy: ∂²T/∂q̇_i∂q̇_j (T is quadratic in q̇: exact with any step)
            for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) {
                double[] w = {x[2], x[3]};
                double e = 0.5;
                double[] pp = w.clone(), pm = w.clone(), mp = w.clone(), mmv = w.clone();
                pp[i] += e; pp[j] += e; pm[i] += e; pm[j] -= e; mp[i] -= e; mp[j] += e; mmv[i] -= e; mmv[j] -= e;
                double d2 = (kinetic(p, x[0], x[1], pp[0], pp[1]) - kinetic(p, x[0], x[1], pm[0], pm[1])
                        - kinetic(p, x[0], x[1], mp[0], mp[1]) + kinetic(p, x[0], x[1], mmv[0], mmv[1])) / (4 * e * e);
                assertEquals(d2, mm[i * 2 + j], 1e-12 * Math.max(1, Math.abs(d2)));
            }
            for (int k = 0; k < 2; k++) {
                double lhs = mm[k * 2] * qdd[0] + mm[k * 2 + 1] * qdd[1];
                assertEquals(rhs[k], lhs, 1e-6 * Math.max(1, Math.abs(rhs[k])), "Euler-Lagrange row " + k);
            }
            // gravity torque = ∂V/∂q
            double[] gt = new double[2];
            p.gravityTorque(x, gt);
            for (int k = 0; k < 2; k++) {
                double[] qp = {x[0], x[1]}, qm = {x[0], x[1]};
                qp[k] += h; qm[k] -= h;
                assertEquals((potential(p, qp[0], qp[1]) - potential(p, qm[0], qm[1])) / (2 * h), gt[k], 1e-8);
            }
        }
    }

    @Test
    void pendulumHelpers() {
        DoublePendulum p = new DoublePendulum(0.3, 0.7, 0.6, 1.3, 9.81, 0.01);
        double[] ee = new double[2], j = new double[4], ep = new double[2], em = new double[2];
        // hanging straight down: end effector at (0, −(l1 + l2)); upright: (0, l1 + l2)
        p.endEffector(new double[] {0, 0}, ee);
        assertArrayEquals(new double[] {0, -1.9}, ee, 1e-15);
        p.endEffector(new double[] {Math.PI, 0}, ee);
        assertArrayEquals(new double[] {0, 1.9}, ee, 1e-14);
        // gravity torque vanishes hanging and upright, and equals the mass moment arms horizontally
        double[] g = new double[2];
        p.gravityTorque(new double[] {Math.PI / 2, 0}, g);
        assertArrayEquals(new double[] {(0.3 + 0.7) * 9.81 * 0.6 + 0.7 * 9.81 * 1.3, 0.7 * 9.81 * 1.3}, g, 1e-12);
        // holding still under gravity compensation: q̈ = 0
        double[] x = {0.9, -1.7, 0, 0}, qdd = new double[2];
        p.gravityTorque(x, g);
        p.acceleration(x, g, qdd);
        assertArrayEquals(new double[] {0, 0}, qdd, 1e-12);
        // end-effector Jacobian vs central differences
        SplittableRandom rng = new SplittableRandom(5);
        for (int s = 0; s < 200; s++) {
            double[] q = {rng.nextDouble(-4, 4), rng.nextDouble(-4, 4)};
            p.endEffectorJacobian(q, j);
            for (int k = 0; k < 2; k++) {
                double[] qp = q.clone(), qm = q.clone();
                qp[k] += 1e-6; qm[k] -= 1e-6;
                p.endEffector(qp, ep);
                p.endEffector(qm, em);
                for (int i = 0; i < 2; i++) assertEquals((ep[i] - em[i]) / 2e-6, j[i * 2 + k], 1e-8);
            }
        }
    }

    @Test
    void stepAndJacobiansDoNotAllocate() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (DynamicsModel model : models().toList()) {
            int n = model.stateDim(), m = model.inputDim();
            double[] x = new double[n], u = new double[m], nx = new double[n], a = new double[n * n], b = new double[n * m];
            SplittableRandom rng = new SplittableRandom(1);
            model.sample(rng, x, u);
            double sink = 0;
            for (int i = 0; i < 20_000; i++) { model.step(x, u, nx); model.jacobians(x, u, a, b); sink += nx[0] + a[0]; }
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) { model.step(x, u, nx); model.jacobians(x, u, a, b); sink += nx[0] + a[0]; }
            long used = bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(used < 4096, model + " allocated " + used + " bytes in 100k step+jacobians calls");
            assertTrue(Double.isFinite(sink));
        }
    }

    @Test
    void registry() {
        assertEquals(java.util.List.of("scalar", "car", "unicycle", "pendulum"), Models.names());
        for (String name : Models.names()) assertEquals(name, Models.byName(name).name());
        assertEquals("unicycle", Models.byName("go1").name());
        ScalarModel s = (ScalarModel) Models.byName("scalar");
        assertEquals(1.1, s.a()); assertEquals(0.8, s.b());
        KinematicCar c = (KinematicCar) Models.byName("car");
        assertEquals(1.0, c.accelGain()); assertEquals(0.0, c.drag()); assertEquals(1.0, c.steerGain()); assertEquals(0.0, c.steerBias());
        DoublePendulum p = (DoublePendulum) Models.byName("pendulum");
        assertEquals(0.05, p.m1()); assertEquals(0.05, p.m2());
        var e = assertThrows(IllegalArgumentException.class, () -> Models.byName("boat"));
        assertTrue(e.getMessage().contains("boat") && e.getMessage().contains("pendulum"));
    }

    // --- independent pendulum energies, positions written directly ---

    private static double kinetic(DoublePendulum p, double q1, double q2, double w1, double w2) {
        // ṗ1 = l1 w1 (cos q1, sin q1); ṗ2 = ṗ1 + l2 (w1 + w2) (cos q12, sin q12)
        double v1x = p.l1() * w1 * Math.cos(q1), v1y = p.l1() * w1 * Math.sin(q1);
        double v2x = v1x + p.l2() * (w1 + w2) * Math.cos(q1 + q2), v2y = v1y + p.l2() * (w1 + w2) * Math.sin(q1 + q2);
        return 0.5 * p.m1() * (v1x * v1x + v1y * v1y) + 0.5 * p.m2() * (v2x * v2x + v2y * v2y);
    }

    private static double dTdqd(DoublePendulum p, double q1, double q2, double w1, double w2, int k) {
        double e = 0.5;   // T is quadratic in q̇: central differences are exact up to rounding
        return k == 0 ? (kinetic(p, q1, q2, w1 + e, w2) - kinetic(p, q1, q2, w1 - e, w2)) / (2 * e)
                : (kinetic(p, q1, q2, w1, w2 + e) - kinetic(p, q1, q2, w1, w2 - e)) / (2 * e);
    }

    private static double potential(DoublePendulum p, double q1, double q2) {
        double y1 = -p.l1() * Math.cos(q1), y2 = y1 - p.l2() * Math.cos(q1 + q2);
        return p.gravity() * (p.m1() * y1 + p.m2() * y2);
    }
}
