package org.feedbackrl.model;

import java.util.random.RandomGenerator;

/**
 * The Go1 quadruped's model, paper eq. (12): a unicycle commanded in forward speed and turn rate.
 * <pre>
 *   x' = x + v cos φ Δt
 *   y' = y + v sin φ Δt
 *   φ' = φ + ω Δt
 * </pre>
 * State (x [m], y [m], φ [rad]); input (v [m/s], ω [rad/s]); Δt = 0.1 s (the Go1 controller runs
 * at 10 Hz).
 *
 * <p>Jacobians of the discrete map, by hand:
 * <pre>
 *          x   y   φ                 v           ω
 *   ∂x'/   1   0   −v sin φ Δt       cos φ Δt    0
 *   ∂y'/   0   1    v cos φ Δt       sin φ Δt    0
 *   ∂φ'/   0   0   1                 0           Δt
 * </pre>
 * Immutable and thread-safe; {@link #step} and {@link #jacobians} allocate nothing.
 */
public final class Unicycle implements DynamicsModel {
    /** The paper's control period for the Go1, 10 Hz. */
    public static final double PAPER_DT = 0.1;

    private final double dt, sv, sw;

    /** Paper eq. (12) with Δt = 0.1 s. */
    public Unicycle() { this(PAPER_DT); }

    /** @param dt control period Δt [s], finite and &gt; 0 */
    public Unicycle(double dt) { this(1.0, 1.0, dt); }

    /**
     * Eq. (12) with realised velocities s_v·v and s_ω·ω (a robot that does not do exactly what it is
     * told; the analysis uses it as a "real" system with Jacobians). Â's v and B̂'s columns scale by
     * s_v and s_ω.
     *
     * @param speedGain s_v, realised/commanded forward speed [-], finite
     * @param yawGain   s_ω, realised/commanded yaw rate [-], finite
     * @param dt        control period Δt [s], finite and &gt; 0
     */
    public Unicycle(double speedGain, double yawGain, double dt) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("unicycle dt must be a positive finite number of seconds, got " + dt);
        if (!Double.isFinite(speedGain) || !Double.isFinite(yawGain)) throw new IllegalArgumentException("unicycle gains must be finite");
        this.dt = dt;
        this.sv = speedGain;
        this.sw = yawGain;
    }

    @Override public int stateDim() { return 3; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return dt; }
    @Override public String name() { return "unicycle"; }

    @Override
    public void step(double[] x, double[] u, double[] xNext) {
        double v = sv * u[0], phi = x[2];
        xNext[0] = x[0] + v * Math.cos(phi) * dt;
        xNext[1] = x[1] + v * Math.sin(phi) * dt;
        xNext[2] = phi + sw * u[1] * dt;
    }

    @Override
    public void jacobians(double[] x, double[] u, double[] a, double[] b) {
        double v = sv * u[0], c = Math.cos(x[2]), s = Math.sin(x[2]);
        a[0] = 1; a[1] = 0; a[2] = -v * s * dt;
        a[3] = 0; a[4] = 1; a[5] = v * c * dt;
        a[6] = 0; a[7] = 0; a[8] = 1;
        b[0] = sv * c * dt; b[1] = 0;
        b[2] = sv * s * dt; b[3] = 0;
        b[4] = 0;           b[5] = sw * dt;
    }

    @Override public String[] stateNames() { return new String[] {"x [m]", "y [m]", "phi [rad]"}; }

    @Override public String[] inputNames() { return new String[] {"v [m/s]", "omega [rad/s]"}; }

    /**
     * Operating region of the Go1 figure-8: position within ±3 m, any heading, forward speed within
     * the controller's clamp ±1 m/s, turn rate within its clamp ±3 rad/s.
     */
    @Override
    public void sample(RandomGenerator rng, double[] x, double[] u) {
        x[0] = rng.nextDouble(-3, 3);
        x[1] = rng.nextDouble(-3, 3);
        x[2] = rng.nextDouble(-Math.PI, Math.PI);
        u[0] = rng.nextDouble(-1, 1);
        u[1] = rng.nextDouble(-3, 3);
    }

    @Override
    public String toString() { return "Unicycle[dt=" + dt + "]"; }
}
