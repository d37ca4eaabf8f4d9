package org.feedbackrl.sim;

import org.feedbackrl.rollout.Plant;

/**
 * The "reality" of the authors' model-mismatch study for the car (LearningWithSimpleModels.jl, see
 * DESIGN.md §4), as a plant: the model's kinematics (paper eq. 11) with input scaling, drag and
 * steering bias,
 *
 * <pre>
 *   ẋ = v cos φ,   ẏ = v sin φ,   v̇ = k_a u₁ − c_d v|v|,   φ̇ = (k_ω u₂ + b_ω) v
 *   k_a = 11.25 m/s²,  c_d = 0.55 1/m,  k_ω = 6.5 1/m,  b_ω = 0.1 1/m
 * </pre>
 *
 * integrated with RK4 on a fine grid (default 1 ms, 20 sub-steps per 50 Hz control period), with the
 * input held constant over the period (zero-order hold, no delay, no noise). The authors write the
 * drag as −0.55 v²; we use v|v| so that reversing is also slowed down (identical for v ≥ 0).
 * Inputs are clamped to [−1, 1] (u₁ < 0 brakes), NaN is rejected. Steady speed under a constant
 * throttle u: v = sqrt(k_a u / c_d), 4.52 m/s at u = 1 and 3.43 m/s at u = 0.575; turning curvature
 * k_ω u₂ + b_ω [1/m], so the car circles with radius 10 m at zero steering.
 */
public final class AuthorsCarReality implements Plant {

    /**
     * @param throttleGain k_a, acceleration per unit throttle [m/s²], &gt; 0 (11.25)
     * @param drag         c_d, quadratic drag [1/m], ≥ 0 (0.55)
     * @param steerGain    k_ω, curvature per unit steering command [1/m], &gt; 0 (6.5)
     * @param steerBias    b_ω, curvature at zero steering command [1/m] (0.1)
     * @param controlDt    control period [s], &gt; 0 (0.02)
     * @param fineStep     RK4 step [s], controlDt/fineStep a whole number (0.001)
     */
    public record Params(double throttleGain, double drag, double steerGain, double steerBias,
                         double controlDt, double fineStep) {
        public Params {
            if (!(throttleGain > 0) || !(drag >= 0) || !(steerGain > 0) || !Double.isFinite(steerBias)
                    || !(controlDt > 0) || !(fineStep > 0)
                    || !Double.isFinite(throttleGain + drag + steerGain + controlDt + fineStep)) {
                throw new IllegalArgumentException("authors' car reality: gains, drag and steps must be finite, "
                        + "throttleGain/steerGain/controlDt/fineStep positive, drag non-negative");
            }
            Steps.wholeMultiple("controlDt", controlDt, "fineStep", fineStep);
        }

        /** The published values: 11.25, 0.55, 6.5, 0.1 at 50 Hz, integrated at 1 ms. */
        public static Params defaults() {
            return new Params(11.25, 0.55, 6.5, 0.1, 0.02, 0.001);
        }

        /** @return steady speed [m/s] under constant throttle u ∈ [0, 1]: sqrt(k_a u / c_d). */
        public double steadySpeed(double u) {
            return Math.sqrt(throttleGain * u / drag);
        }
    }

    private final Params p;
    private final int sub;
    private final double h;
    private final double[] s = new double[4];
    private final double[] k1 = new double[4], k2 = new double[4], k3 = new double[4], k4 = new double[4];
    private final double[] tmp = new double[4];

    public AuthorsCarReality() {
        this(Params.defaults());
    }

    public AuthorsCarReality(Params params) {
        this.p = params;
        this.h = params.fineStep();
        this.sub = Steps.wholeMultiple("controlDt", params.controlDt(), "fineStep", h);
    }

    public Params params() { return p; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return p.controlDt(); }
    @Override public String name() { return "car-authors"; }
    @Override public Plant newInstance() { return new AuthorsCarReality(p); }

    /** @param x0 (x [m], y [m], v [m/s], φ [rad]); @param seed ignored (deterministic plant) */
    @Override
    public void reset(double[] x0, long seed) {
        if (x0.length != 4) {
            throw new IllegalArgumentException("car state has 4 entries (x, y, v, phi), got " + x0.length);
        }
        System.arraycopy(x0, 0, s, 0, 4);
    }

    @Override
    public void observe(double[] x) {
        System.arraycopy(s, 0, x, 0, 4);
    }

    @Override
    public void step(double[] u) {
        if (Double.isNaN(u[0]) || Double.isNaN(u[1])) {
            throw new IllegalArgumentException("car command must not be NaN (throttle " + u[0] + ", steering " + u[1] + ")");
        }
        double u1 = Steps.clamp(u[0], -1, 1), u2 = Steps.clamp(u[1], -1, 1);
        for (int j = 0; j < sub; j++) {
            rhs(s, u1, u2, k1);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + 0.5 * h * k1[i];
            rhs(tmp, u1, u2, k2);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + 0.5 * h * k2[i];
            rhs(tmp, u1, u2, k3);
            for (int i = 0; i < 4; i++) tmp[i] = s[i] + h * k3[i];
            rhs(tmp, u1, u2, k4);
            for (int i = 0; i < 4; i++) s[i] += h / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
        }
    }

    private void rhs(double[] q, double u1, double u2, double[] dq) {
        double v = q[2], phi = q[3];
        dq[0] = v * Math.cos(phi);
        dq[1] = v * Math.sin(phi);
        dq[2] = p.throttleGain() * u1 - p.drag() * v * Math.abs(v);
        dq[3] = (p.steerGain() * u2 + p.steerBias()) * v;
    }
}
