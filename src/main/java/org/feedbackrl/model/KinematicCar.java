package org.feedbackrl.model;

import java.util.random.RandomGenerator;

/**
 * The JetRacer's kinematic car model, paper eq. (11), generalised with the parameters of the
 * authors' model-mismatch study (DESIGN.md §4):
 * <pre>
 *   x'  = x + v cos φ Δt
 *   y'  = y + v sin φ Δt
 *   v'  = v + Δt (g_a a − d v²)            g_a = accelGain, d = drag
 *   φ'  = φ + Δt (g_s ω + β) v             g_s = steerGain, β = steerBias
 * </pre>
 * With g_a = g_s = 1, d = β = 0 this is eq. (11) exactly ({@link #paper()}). The drag term is −d v²
 * as in the authors' "reality" (smooth; the model is meant for forward driving, v ≥ 0).
 *
 * <p>State (x [m], y [m], v [m/s], φ [rad]); input (a, ω) = (throttle, steering), dimensionless
 * commands in U = [0, 1] × [−1, 1] on the car (paper §7). g_a·a is an acceleration [m/s²] and
 * (g_s·ω + β) a path curvature [1/m] (φ̇ = curvature · v).
 *
 * <p>Jacobians of the discrete map, by hand (row = output, column = variable):
 * <pre>
 *          x   y   v                   φ
 *   ∂x'/   1   0   cos φ Δt            −v sin φ Δt
 *   ∂y'/   0   1   sin φ Δt             v cos φ Δt
 *   ∂v'/   0   0   1 − 2 d v Δt         0
 *   ∂φ'/   0   0   Δt (g_s ω + β)       1
 *
 *          a         ω
 *   ∂x'/   0         0
 *   ∂y'/   0         0
 *   ∂v'/   g_a Δt    0
 *   ∂φ'/   0         g_s v Δt
 * </pre>
 * Immutable and thread-safe; {@link #step} and {@link #jacobians} allocate nothing.
 */
public final class KinematicCar implements DynamicsModel {
    /** The paper's control period for the car, 50 Hz. */
    public static final double PAPER_DT = 0.02;

    private final double accelGain;
    private final double drag;
    private final double steerGain;
    private final double steerBias;
    private final double dt;

    /**
     * @param accelGain g_a, acceleration per unit throttle [m/s²], finite
     * @param drag      d, quadratic drag coefficient [1/m] (v̇ contains −d v²), finite
     * @param steerGain g_s, curvature per unit steering [1/m], finite
     * @param steerBias β, curvature at zero steering [1/m], finite
     * @param dt        control period Δt [s], finite and &gt; 0
     */
    public KinematicCar(double accelGain, double drag, double steerGain, double steerBias, double dt) {
        if (!Double.isFinite(accelGain) || !Double.isFinite(drag) || !Double.isFinite(steerGain)
                || !Double.isFinite(steerBias)) {
            throw new IllegalArgumentException("car parameters must be finite, got accelGain=" + accelGain
                    + ", drag=" + drag + ", steerGain=" + steerGain + ", steerBias=" + steerBias);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("car dt must be a positive finite number of seconds, got " + dt);
        this.accelGain = accelGain;
        this.drag = drag;
        this.steerGain = steerGain;
        this.steerBias = steerBias;
        this.dt = dt;
    }

    /** Paper eq. (11) exactly: unit gains, no drag, no steering bias, Δt = 0.02 s. */
    public static KinematicCar paper() {
        return new KinematicCar(1.0, 0.0, 1.0, 0.0, PAPER_DT);
    }

    /**
     * The authors' car "reality" {@code v̇ = 11.25 u₁ − 0.55 v²}, {@code φ̇ = (6.5 u₂ + 0.1) v}, with every
     * parameter multiplied by {@code scale}. scale = 1 is the reality itself; their mismatch study uses
     * models with scale 1, 0.75, 0.5 and 0.25. Δt = 0.02 s.
     *
     * @param scale s, finite (typically in (0, 1])
     */
    public static KinematicCar authorsReality(double scale) {
        if (!Double.isFinite(scale)) throw new IllegalArgumentException("scale must be finite, got " + scale);
        return new KinematicCar(11.25 * scale, 0.55 * scale, 6.5 * scale, 0.1 * scale, PAPER_DT);
    }

    public double accelGain() { return accelGain; }
    public double drag() { return drag; }
    public double steerGain() { return steerGain; }
    public double steerBias() { return steerBias; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return dt; }
    @Override public String name() { return "car"; }

    @Override
    public void step(double[] x, double[] u, double[] xNext) {
        double v = x[2], phi = x[3];
        xNext[0] = x[0] + v * Math.cos(phi) * dt;
        xNext[1] = x[1] + v * Math.sin(phi) * dt;
        xNext[2] = v + dt * (accelGain * u[0] - drag * v * v);
        xNext[3] = phi + dt * (steerGain * u[1] + steerBias) * v;
    }

    @Override
    public void jacobians(double[] x, double[] u, double[] a, double[] b) {
        double v = x[2], c = Math.cos(x[3]), s = Math.sin(x[3]);
        // Â (4×4), rows x', y', v', φ'; columns x, y, v, φ (derivation in the class comment).
        a[0] = 1;  a[1] = 0;  a[2] = c * dt;                               a[3] = -v * s * dt;
        a[4] = 0;  a[5] = 1;  a[6] = s * dt;                               a[7] = v * c * dt;
        a[8] = 0;  a[9] = 0;  a[10] = 1 - 2 * drag * v * dt;               a[11] = 0;
        a[12] = 0; a[13] = 0; a[14] = dt * (steerGain * u[1] + steerBias); a[15] = 1;
        // B̂ (4×2), columns a, ω.
        b[0] = 0;              b[1] = 0;
        b[2] = 0;              b[3] = 0;
        b[4] = accelGain * dt; b[5] = 0;
        b[6] = 0;              b[7] = steerGain * v * dt;
    }

    @Override public String[] stateNames() { return new String[] {"x [m]", "y [m]", "v [m/s]", "phi [rad]"}; }

    @Override public String[] inputNames() { return new String[] {"a [throttle]", "omega [steering]"}; }

    /**
     * Operating region of the figure-8 task: position within ±4 m (the track spans x ∈ [−3, 3],
     * y ∈ [−1.5, 1.5]), forward speed 0–4 m/s (nominal 3.43 m/s), any heading, throttle and
     * steering in [−1, 1] (the car's U = [0, 1] × [−1, 1], plus braking).
     */
    @Override
    public void sample(RandomGenerator rng, double[] x, double[] u) {
        x[0] = rng.nextDouble(-4, 4);
        x[1] = rng.nextDouble(-4, 4);
        x[2] = rng.nextDouble(0, 4);
        x[3] = rng.nextDouble(-Math.PI, Math.PI);
        u[0] = rng.nextDouble(-1, 1);
        u[1] = rng.nextDouble(-1, 1);
    }

    @Override
    public String toString() {
        return "KinematicCar[accelGain=" + accelGain + ", drag=" + drag + ", steerGain=" + steerGain
                + ", steerBias=" + steerBias + ", dt=" + dt + "]";
    }
}
