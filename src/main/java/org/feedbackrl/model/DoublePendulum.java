package org.feedbackrl.model;

import java.util.random.RandomGenerator;

/**
 * The double pendulum of the paper's first experiment (§7, Fig. 2): the planar 2R open chain of
 * Lynch &amp; Park, <i>Modern Robotics</i> (§8.1), with point masses m1, m2 at the ends of massless
 * links l1, l2, joint torques τ1, τ2, integrated by explicit Euler.
 *
 * <p><b>Coordinates.</b> q1 is the angle of link 1 from hanging straight down, q2 the angle of link 2
 * relative to link 1 (both counter-clockwise, rad); q = (0, 0) hangs at rest, q = (π, 0) is upright.
 * State x = (q1, q2, q̇1, q̇2), input u = (τ1, τ2) [N·m].
 *
 * <p><b>Dynamics.</b> Mass positions p1 = l1 (sin q1, −cos q1), p2 = p1 + l2 (sin q12, −cos q12),
 * q12 = q1 + q2. Kinetic energy ½m1|ṗ1|² + ½m2|ṗ2|² = ½ q̇ᵀ M(q) q̇ with (c2 = cos q2, s2 = sin q2)
 * <pre>
 *   M11 = m1 l1² + m2 (l1² + 2 l1 l2 c2 + l2²),  M12 = M21 = m2 (l1 l2 c2 + l2²),  M22 = m2 l2².
 * </pre>
 * Christoffel symbols of M give the Coriolis/centripetal torques, with h = m2 l1 l2:
 * <pre>
 *   c1 = −h s2 (2 q̇1 q̇2 + q̇2²),   c2 = h s2 q̇1².
 * </pre>
 * Potential V = −(m1 + m2) g l1 cos q1 − m2 g l2 cos q12, so the gravity torques g(q) = ∂V/∂q are
 * <pre>
 *   g1 = (m1 + m2) g l1 sin q1 + m2 g l2 sin q12,   g2 = m2 g l2 sin q12.
 * </pre>
 * (The same M and c as Modern Robotics eq. 8.9; g differs only because the angle is measured from
 * hanging down instead of from the horizontal.) Then M(q) q̈ + c(q, q̇) + g(q) = τ, and explicit Euler
 * with step Δt:
 * <pre>
 *   q' = q + Δt q̇,     q̇' = q̇ + Δt q̈(q, q̇, τ),     q̈ = M⁻¹ (τ − c − g).
 * </pre>
 *
 * <p><b>Jacobians of the discrete map</b> (derived by hand). Differentiating M q̈ = τ − c − g:
 * <pre>
 *   ∂q̈/∂q_k  = M⁻¹ (−∂c/∂q_k − ∂g/∂q_k − (∂M/∂q_k) q̈)
 *   ∂q̈/∂q̇_k = M⁻¹ (−∂c/∂q̇_k)
 *   ∂q̈/∂τ    = M⁻¹
 * </pre>
 * with M and c independent of q1, and
 * <pre>
 *   ∂M/∂q2   = [[−2 h s2, −h s2], [−h s2, 0]]
 *   ∂c/∂q2   = (−h c2 (2 q̇1 q̇2 + q̇2²),  h c2 q̇1²)
 *   ∂c/∂q̇1  = (−2 h s2 q̇2,               2 h s2 q̇1)
 *   ∂c/∂q̇2  = (−2 h s2 (q̇1 + q̇2),       0)
 *   ∂g/∂q1   = ((m1 + m2) g l1 cos q1 + m2 g l2 cos q12,  m2 g l2 cos q12)
 *   ∂g/∂q2   = (m2 g l2 cos q12,                          m2 g l2 cos q12)
 * </pre>
 * so, with D = ∂q̈/∂q and E = ∂q̈/∂q̇ (2×2 each),
 * <pre>
 *   Â = [[I, Δt I], [Δt D, I + Δt E]],    B̂ = [[0], [Δt M⁻¹]].
 * </pre>
 * M is always invertible: det M = m1 m2 l1² l2² + m2² l1² l2² s2² &gt; 0 for positive parameters.
 *
 * <p>Immutable and thread-safe; every method works on scalars and caller-owned arrays and allocates
 * nothing.
 */
public final class DoublePendulum implements DynamicsModel {
    /** The paper's integration step [s]. */
    public static final double PAPER_DT = 0.01;

    private final double m1, m2, l1, l2, grav, dt;

    /**
     * @param m1   mass at the end of link 1 [kg], &gt; 0
     * @param m2   mass at the end of link 2 [kg], &gt; 0
     * @param l1   length of link 1 [m], &gt; 0
     * @param l2   length of link 2 [m], &gt; 0
     * @param grav gravitational acceleration [m/s²], finite, ≥ 0
     * @param dt   Euler step Δt [s], &gt; 0
     */
    public DoublePendulum(double m1, double m2, double l1, double l2, double grav, double dt) {
        if (!(m1 > 0) || !(m2 > 0) || !(l1 > 0) || !(l2 > 0) || !(grav >= 0) || !(dt > 0)
                || !Double.isFinite(m1 + m2 + l1 + l2 + grav + dt)) {
            throw new IllegalArgumentException("double pendulum needs positive finite masses, lengths and dt and a finite g >= 0, got m1="
                    + m1 + ", m2=" + m2 + ", l1=" + l1 + ", l2=" + l2 + ", g=" + grav + ", dt=" + dt);
        }
        this.m1 = m1;
        this.m2 = m2;
        this.l1 = l1;
        this.l2 = l2;
        this.grav = grav;
        this.dt = dt;
    }

    /** The paper's "real" pendulum: m1 = m2 = 0.1 kg, l1 = l2 = 1 m, g = 1 m/s², Δt = 0.01 s. */
    public static DoublePendulum trueSystem() {
        return new DoublePendulum(0.1, 0.1, 1.0, 1.0, 1.0, PAPER_DT);
    }

    /** The paper's model: the true system with both masses halved (0.05 kg). */
    public static DoublePendulum halfMassModel() {
        return new DoublePendulum(0.05, 0.05, 1.0, 1.0, 1.0, PAPER_DT);
    }

    public double m1() { return m1; }
    public double m2() { return m2; }
    public double l1() { return l1; }
    public double l2() { return l2; }
    /** @return g [m/s²] */
    public double gravity() { return grav; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return dt; }
    @Override public String name() { return "pendulum"; }

    /**
     * M(q), 2×2 row-major.
     *
     * @param q   joint angles (reads q[0], q[1]; a full state vector may be passed) [rad]
     * @param out output, length ≥ 4
     */
    public void massMatrix(double[] q, double[] out) {
        double c2 = Math.cos(q[1]);
        double m12 = m2 * (l1 * l2 * c2 + l2 * l2);
        out[0] = m1 * l1 * l1 + m2 * (l1 * l1 + 2 * l1 * l2 * c2 + l2 * l2);
        out[1] = m12;
        out[2] = m12;
        out[3] = m2 * l2 * l2;
    }

    /**
     * Gravity torques g(q) = ∂V/∂q: the torques that hold the arm still at q (gravity compensation).
     *
     * @param q   joint angles (reads q[0], q[1]) [rad]
     * @param out output (g1, g2) [N·m], length ≥ 2
     */
    public void gravityTorque(double[] q, double[] out) {
        double s12 = Math.sin(q[0] + q[1]);
        out[0] = (m1 + m2) * grav * l1 * Math.sin(q[0]) + m2 * grav * l2 * s12;
        out[1] = m2 * grav * l2 * s12;
    }

    /**
     * Coriolis and centripetal torques c(q, q̇).
     *
     * @param x   state (q1, q2, q̇1, q̇2)
     * @param out output (c1, c2) [N·m], length ≥ 2
     */
    public void coriolis(double[] x, double[] out) {
        double h = m2 * l1 * l2, s2 = Math.sin(x[1]), w1 = x[2], w2 = x[3];
        out[0] = -h * s2 * (2 * w1 * w2 + w2 * w2);
        out[1] = h * s2 * w1 * w1;
    }

    /**
     * Joint accelerations q̈ = M⁻¹ (τ − c − g).
     *
     * @param x   state (q1, q2, q̇1, q̇2)
     * @param u   torques (τ1, τ2) [N·m]
     * @param out output (q̈1, q̈2) [rad/s²], length ≥ 2
     */
    public void acceleration(double[] x, double[] u, double[] out) {
        double q2 = x[1], w1 = x[2], w2 = x[3];
        double c2 = Math.cos(q2), s2 = Math.sin(q2), s1 = Math.sin(x[0]), s12 = Math.sin(x[0] + q2);
        double h = m2 * l1 * l2;
        double M11 = m1 * l1 * l1 + m2 * (l1 * l1 + 2 * l1 * l2 * c2 + l2 * l2);
        double M12 = m2 * (l1 * l2 * c2 + l2 * l2);
        double M22 = m2 * l2 * l2;
        double r1 = u[0] + h * s2 * (2 * w1 * w2 + w2 * w2) - (m1 + m2) * grav * l1 * s1 - m2 * grav * l2 * s12;
        double r2 = u[1] - h * s2 * w1 * w1 - m2 * grav * l2 * s12;
        double inv = 1.0 / (M11 * M22 - M12 * M12);
        out[0] = inv * (M22 * r1 - M12 * r2);
        out[1] = inv * (M11 * r2 - M12 * r1);
    }

    /**
     * Position of the second mass (the end effector) in the plane, origin at the base joint, y up.
     *
     * @param q   joint angles (reads q[0], q[1]) [rad]
     * @param out output (x, y) [m], length ≥ 2
     */
    public void endEffector(double[] q, double[] out) {
        double q12 = q[0] + q[1];
        out[0] = l1 * Math.sin(q[0]) + l2 * Math.sin(q12);
        out[1] = -l1 * Math.cos(q[0]) - l2 * Math.cos(q12);
    }

    /**
     * Jacobian of {@link #endEffector} with respect to (q1, q2), 2×2 row-major:
     * [[l1 cos q1 + l2 cos q12, l2 cos q12], [l1 sin q1 + l2 sin q12, l2 sin q12]].
     *
     * @param q   joint angles (reads q[0], q[1]) [rad]
     * @param out output [m/rad], length ≥ 4
     */
    public void endEffectorJacobian(double[] q, double[] out) {
        double q12 = q[0] + q[1];
        double c12 = Math.cos(q12), s12 = Math.sin(q12);
        out[0] = l1 * Math.cos(q[0]) + l2 * c12;
        out[1] = l2 * c12;
        out[2] = l1 * Math.sin(q[0]) + l2 * s12;
        out[3] = l2 * s12;
    }

    @Override
    public void step(double[] x, double[] u, double[] xNext) {
        // Same arithmetic as acceleration(), inlined so step() needs no scratch array.
        double q1 = x[0], q2 = x[1], w1 = x[2], w2 = x[3];
        double c2 = Math.cos(q2), s2 = Math.sin(q2), s1 = Math.sin(q1), s12 = Math.sin(q1 + q2);
        double h = m2 * l1 * l2;
        double M11 = m1 * l1 * l1 + m2 * (l1 * l1 + 2 * l1 * l2 * c2 + l2 * l2);
        double M12 = m2 * (l1 * l2 * c2 + l2 * l2);
        double M22 = m2 * l2 * l2;
        double r1 = u[0] + h * s2 * (2 * w1 * w2 + w2 * w2) - (m1 + m2) * grav * l1 * s1 - m2 * grav * l2 * s12;
        double r2 = u[1] - h * s2 * w1 * w1 - m2 * grav * l2 * s12;
        double inv = 1.0 / (M11 * M22 - M12 * M12);
        double a1 = inv * (M22 * r1 - M12 * r2);
        double a2 = inv * (M11 * r2 - M12 * r1);
        xNext[0] = q1 + dt * w1;
        xNext[1] = q2 + dt * w2;
        xNext[2] = w1 + dt * a1;
        xNext[3] = w2 + dt * a2;
    }

    @Override
    public void jacobians(double[] x, double[] u, double[] a, double[] b) {
        double q1 = x[0], q2 = x[1], w1 = x[2], w2 = x[3];
        double c2 = Math.cos(q2), s2 = Math.sin(q2), s1 = Math.sin(q1), c1 = Math.cos(q1);
        double s12 = Math.sin(q1 + q2), c12 = Math.cos(q1 + q2);
        double h = m2 * l1 * l2;
        double M11 = m1 * l1 * l1 + m2 * (l1 * l1 + 2 * l1 * l2 * c2 + l2 * l2);
        double M12 = m2 * (l1 * l2 * c2 + l2 * l2);
        double M22 = m2 * l2 * l2;
        double inv = 1.0 / (M11 * M22 - M12 * M12);
        // M⁻¹ = inv · [[M22, −M12], [−M12, M11]]
        double i11 = inv * M22, i12 = -inv * M12, i22 = inv * M11;
        // q̈ = M⁻¹ r, r = τ − c − g
        double r1 = u[0] + h * s2 * (2 * w1 * w2 + w2 * w2) - (m1 + m2) * grav * l1 * s1 - m2 * grav * l2 * s12;
        double r2 = u[1] - h * s2 * w1 * w1 - m2 * grav * l2 * s12;
        double a1 = i11 * r1 + i12 * r2;
        double a2 = i12 * r1 + i22 * r2;

        // Right-hand sides ρ_k = −∂c/∂(·) − ∂g/∂(·) − (∂M/∂(·)) q̈ for each state variable (class comment).
        double gc12 = m2 * grav * l2 * c12;
        // q1: only gravity depends on q1.
        double p1a = -((m1 + m2) * grav * l1 * c1 + gc12), p1b = -gc12;
        // q2: c, g and M depend on q2; (∂M/∂q2) q̈ = (−2h s2 q̈1 − h s2 q̈2, −h s2 q̈1).
        double p2a = h * c2 * (2 * w1 * w2 + w2 * w2) - gc12 + h * s2 * (2 * a1 + a2);
        double p2b = -h * c2 * w1 * w1 - gc12 + h * s2 * a1;
        // q̇1, q̇2: only c depends on velocities.
        double p3a = 2 * h * s2 * w2, p3b = -2 * h * s2 * w1;
        double p4a = 2 * h * s2 * (w1 + w2), p4b = 0;

        // D = ∂q̈/∂q, E = ∂q̈/∂q̇ (columns are M⁻¹ ρ_k).
        double d11 = i11 * p1a + i12 * p1b, d21 = i12 * p1a + i22 * p1b;
        double d12 = i11 * p2a + i12 * p2b, d22 = i12 * p2a + i22 * p2b;
        double e11 = i11 * p3a + i12 * p3b, e21 = i12 * p3a + i22 * p3b;
        double e12 = i11 * p4a + i12 * p4b, e22 = i12 * p4a + i22 * p4b;

        // Â = [[I, Δt I], [Δt D, I + Δt E]]
        a[0] = 1;        a[1] = 0;        a[2] = dt;            a[3] = 0;
        a[4] = 0;        a[5] = 1;        a[6] = 0;             a[7] = dt;
        a[8] = dt * d11; a[9] = dt * d12; a[10] = 1 + dt * e11; a[11] = dt * e12;
        a[12] = dt * d21; a[13] = dt * d22; a[14] = dt * e21;   a[15] = 1 + dt * e22;
        // B̂ = [[0], [Δt M⁻¹]]
        b[0] = 0;        b[1] = 0;
        b[2] = 0;        b[3] = 0;
        b[4] = dt * i11; b[5] = dt * i12;
        b[6] = dt * i12; b[7] = dt * i22;
    }

    @Override
    public String[] stateNames() {
        return new String[] {"theta1 [rad]", "theta2 [rad]", "theta1dot [rad/s]", "theta2dot [rad/s]"};
    }

    @Override public String[] inputNames() { return new String[] {"tau1 [N*m]", "tau2 [N*m]"}; }

    /**
     * Operating region: any configuration (both angles in [−π, π], covering hanging and upright),
     * joint speeds within ±3 rad/s, torques within ±1 N·m (about five times the largest gravity
     * torque of the true system, (m1 + m2) g l1 + m2 g l2 = 0.3 N·m).
     */
    @Override
    public void sample(RandomGenerator rng, double[] x, double[] u) {
        x[0] = rng.nextDouble(-Math.PI, Math.PI);
        x[1] = rng.nextDouble(-Math.PI, Math.PI);
        x[2] = rng.nextDouble(-3, 3);
        x[3] = rng.nextDouble(-3, 3);
        u[0] = rng.nextDouble(-1, 1);
        u[1] = rng.nextDouble(-1, 1);
    }

    @Override
    public String toString() {
        return "DoublePendulum[m1=" + m1 + ", m2=" + m2 + ", l1=" + l1 + ", l2=" + l2 + ", g=" + grav + ", dt=" + dt + "]";
    }
}
