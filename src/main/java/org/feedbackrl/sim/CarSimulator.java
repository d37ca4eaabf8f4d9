package org.feedbackrl.sim;

import org.feedbackrl.rollout.Plant;

/**
 * High-fidelity stand-in for the NVIDIA JetRacer 1/10 car: a single-track (bicycle) model with
 * Pacejka tyres, a lossy drive train, input scaling unlike the model's, steering bias, first-order
 * motor and servo lags and a pure actuation delay, integrated with RK4 on a fine grid (1 ms) while
 * the policy runs at 50 Hz. Parameters and the reasons for them: {@link CarParams}.
 *
 * <p><b>Interface (the model's, paper eq. 11).</b> Observed state x = (x [m], y [m], v [m/s], φ [rad]):
 * position of the centre of gravity, v = v_x the forward speed in the body frame, φ the heading
 * (continuous, not wrapped). Input u = (a, ω): a throttle command, ω steering command. The paper's
 * input set is [0, 1] × [−1, 1]; this plant accepts a ∈ [−1, 1] (negative = braking, and reverse
 * drive when stopped — a real ESC needs a double tap for reverse, ignored here) and ω ∈ [−1, 1];
 * values outside are clamped, NaN is rejected. One {@link #step} = {@link CarParams#controlDt()}.
 *
 * <p><b>Hidden state</b> s = (X, Y, ψ, v_x, v_y, r, δ, f): position, heading, body-frame velocities,
 * yaw rate, wheel angle, motor (throttle) state.
 *
 * <pre>
 * commands after the delay d:  f* = clamp(a, −1, 1),  δ* = clamp(k_δ clamp(ω, −1, 1) + δ_bias, ±δ_max)
 * lags:     ḟ = (f* − f)/τ_m,   δ̇ = clamp((δ* − δ)/τ_s, ±δ̇_max)
 * drive:    F_x = clamp(m a_max f − m (c₀ tanh(v_x/v_ε) + c₂ v_x|v_x|), ±μ m g)
 * slip:     α_f = −atan2(v_lat,f, |v_long,f|) with the front-wheel velocity
 *           v_long,f = v_x cos δ + (v_y + l_f r) sin δ,  v_lat,f = −v_x sin δ + (v_y + l_f r) cos δ;
 *           α_r = −atan2(v_y − l_r r, |v_x|)     (≈ δ − (v_y + l_f r)/v_x and −(v_y − l_r r)/v_x forward)
 * tyres:    F_y,i = μ F_z,i sin(C atan(B_i α_i)),  B_i = C_S,i / C,  F_z,f = m g l_r/L,  F_z,r = m g l_f/L
 * dynamic:  v̇_x = (F_x − F_y,f sin δ)/m + v_y r
 *           v̇_y = (F_y,f cos δ + F_y,r)/m − v_x r
 *           ṙ   = (l_f F_y,f cos δ − l_r F_y,r)/I_z
 * kinematic (no tyre slip; v_y = v_x l_r tan δ / L, r = v_x tan δ / L differentiated in time, plus a
 *           relaxation onto those values so a car slowing down from a slide becomes consistent):
 *           v̇_x = F_x/m,  v̇_y = (l_r/L) κ̇ + (v_x l_r tanδ/L − v_y)/τ_k,  ṙ = κ̇/L + (v_x tanδ/L − r)/τ_k,
 *           κ̇ = v̇_x tan δ + v_x δ̇ / cos²δ
 * blend:    w = smoothstep(v_kin, v_dyn, |v_x|);  (v̇_x, v̇_y, ṙ) = w·dynamic + (1 − w)·kinematic
 * pose:     Ẋ = v_x cos ψ − v_y sin ψ,  Ẏ = v_x sin ψ + v_y cos ψ,  ψ̇ = r
 * </pre>
 *
 * <p>{@link #step} allocates nothing. Measurement noise (off by default) is drawn once per step from
 * a generator seeded by {@link #reset}; with noise off the plant is deterministic and ignores the seed.
 */
public final class CarSimulator implements Plant {
    /** Hidden-state indices. */
    static final int X = 0, Y = 1, PSI = 2, VX = 3, VY = 4, R = 5, DELTA = 6, F = 7, NS = 8;

    private final CarParams p;
    private final int finePerControl;
    private final double h;
    // derived constants
    private final double wheelbase, fzf, fzr, bf, br, df, dr, maxFx;

    private final double[] s = new double[NS];
    private final double[] k1 = new double[NS], k2 = new double[NS], k3 = new double[NS], k4 = new double[NS];
    private final double[] tmp = new double[NS];
    private final double[] hold = new double[2];
    // Scratch of the steady-state solve in reset(), so a rollout start allocates nothing either.
    private final double[] ssZ = new double[3], ssRes = new double[3], ssRes2 = new double[3], ssJac = new double[9],
            ssDz = new double[3], ssM = new double[9], ssQ = new double[NS], ssDq = new double[NS];
    private final double[] noise = new double[4];
    private final DelayLine delay;
    private final NoiseRng rng = new NoiseRng(0);
    private final boolean noisy;

    /** Simulator with {@link CarParams#defaults()}. */
    public CarSimulator() {
        this(CarParams.defaults());
    }

    /** @param params physical parameters (validated by the record) */
    public CarSimulator(CarParams params) {
        this.p = params;
        this.h = params.fineStep();
        this.finePerControl = Steps.wholeMultiple("controlDt", params.controlDt(), "fineStep", h);
        int delayFine = Steps.wholeMultiple("delay", params.delay(), "fineStep", h);
        this.delay = new DelayLine(2, finePerControl, delayFine);
        this.wheelbase = params.wheelbase();
        this.fzf = params.mass() * params.gravity() * params.lr() / wheelbase;
        this.fzr = params.mass() * params.gravity() * params.lf() / wheelbase;
        this.df = params.mu() * fzf;
        this.dr = params.mu() * fzr;
        this.bf = params.cSf() / params.pacejkaShape();
        this.br = params.cSr() / params.pacejkaShape();
        this.maxFx = params.mu() * params.mass() * params.gravity();
        this.noisy = params.noisePos() > 0 || params.noiseHeading() > 0 || params.noiseSpeed() > 0;
        reset(new double[] {0, 0, 0, 0}, 0L);
    }

    public CarParams params() { return p; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return p.controlDt(); }
    @Override public String name() { return "car-sim"; }
    @Override public Plant newInstance() { return new CarSimulator(p); }

    /**
     * Places the car at x0 = (x, y, v, φ) in a steady state: driving at v with the steering command
     * at 0 (so, because of the bias, on a gentle left circle), motor state and servo at equilibrium,
     * lateral velocity and yaw rate solved so that v̇_x = v̇_y = ṙ = 0, and the delay line filled with
     * the {@link #holdingCommand holding command}. If v is above the top speed the throttle saturates
     * at 1 and the car will slow down.
     *
     * @param x0   (x [m], y [m], v [m/s], φ [rad]), finite
     * @param seed seed of the measurement noise (ignored when noise is off)
     */
    @Override
    public void reset(double[] x0, long seed) {
        if (x0.length != 4) {
            throw new IllegalArgumentException("car state has 4 entries (x, y, v, phi), got " + x0.length);
        }
        for (double v : x0) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("car initial state must be finite, got " + java.util.Arrays.toString(x0));
            }
        }
        s[X] = x0[0];
        s[Y] = x0[1];
        s[VX] = x0[2];
        s[PSI] = x0[3];
        s[DELTA] = Steps.clamp(p.steerBias(), -p.maxSteer(), p.maxSteer());
        solveSteadyState();
        hold[0] = s[F];
        hold[1] = 0.0;
        delay.reset(hold);
        rng.reseed(seed);
        drawNoise();
    }

    /**
     * Writes the command that keeps the state {@link #reset} produced: (holding throttle, 0).
     *
     * @param u output, length 2
     */
    public void holdingCommand(double[] u) {
        u[0] = hold[0];
        u[1] = hold[1];
    }

    @Override
    public void observe(double[] x) {
        x[0] = s[X] + noise[0];
        x[1] = s[Y] + noise[1];
        x[2] = s[VX] + noise[2];
        x[3] = s[PSI] + noise[3];
    }

    @Override
    public void step(double[] u) {
        double a = u[0], w = u[1];
        if (Double.isNaN(a) || Double.isNaN(w)) {
            throw new IllegalArgumentException("car command must not be NaN (throttle " + a + ", steering " + w + ")");
        }
        delay.push(u);
        double[] buf = delay.buffer();
        for (int j = 0; j < finePerControl; j++) {
            int off = delay.activeOffset(j);
            double fTarget = Steps.clamp(buf[off], -1.0, 1.0);
            double dTarget = Steps.clamp(p.steerGain() * Steps.clamp(buf[off + 1], -1.0, 1.0) + p.steerBias(),
                    -p.maxSteer(), p.maxSteer());
            rk4(fTarget, dTarget);
        }
        delay.advance();
        drawNoise();
    }

    // ---- diagnostics (hidden state), for tests and plots ----

    /** @return lateral body-frame velocity v_y [m/s]. */
    public double lateralVelocity() { return s[VY]; }

    /** @return yaw rate r [rad/s]. */
    public double yawRate() { return s[R]; }

    /** @return front wheel angle δ [rad]. */
    public double wheelAngle() { return s[DELTA]; }

    /** @return motor (lagged throttle) state f [-]. */
    public double motorState() { return s[F]; }

    /** Copies the hidden state (X, Y, ψ, v_x, v_y, r, δ, f) into out (length ≥ 8). */
    public void hiddenState(double[] out) {
        System.arraycopy(s, 0, out, 0, NS);
    }

    // ---- integration ----

    private void rk4(double fTarget, double dTarget) {
        rhs(s, fTarget, dTarget, k1);
        for (int i = 0; i < NS; i++) tmp[i] = s[i] + 0.5 * h * k1[i];
        rhs(tmp, fTarget, dTarget, k2);
        for (int i = 0; i < NS; i++) tmp[i] = s[i] + 0.5 * h * k2[i];
        rhs(tmp, fTarget, dTarget, k3);
        for (int i = 0; i < NS; i++) tmp[i] = s[i] + h * k3[i];
        rhs(tmp, fTarget, dTarget, k4);
        for (int i = 0; i < NS; i++) s[i] += h / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
    }

    /** State derivative; see the class comment for the equations. */
    void rhs(double[] q, double fTarget, double dTarget, double[] dq) {
        double psi = q[PSI], vx = q[VX], vy = q[VY], r = q[R], delta = q[DELTA], f = q[F];
        double m = p.mass();

        double dDelta = Steps.clamp((dTarget - delta) / p.steerTau(), -p.maxSteerRate(), p.maxSteerRate());
        double dF = (fTarget - f) / p.motorTau();

        double loss = p.rollingDecel() * Math.tanh(vx / p.rollingSmoothing()) + p.dragCoeff() * vx * Math.abs(vx);
        double fx = Steps.clamp(m * (p.maxAccel() * f - loss), -maxFx, maxFx);

        double cosD = Math.cos(delta), sinD = Math.sin(delta), tanD = sinD / cosD;
        double w = Steps.smoothstep(p.vKinematic(), p.vDynamic(), Math.abs(vx));

        double ax, ay, ar;
        // kinematic single-track: v_y and r follow the wheel angle without slip
        double axKin = fx / m;
        double kappaDot = axKin * tanD + vx * dDelta / (cosD * cosD);
        double ayKin = p.lr() / wheelbase * kappaDot + (vx * p.lr() * tanD / wheelbase - vy) / p.kinRelaxTau();
        double arKin = kappaDot / wheelbase + (vx * tanD / wheelbase - r) / p.kinRelaxTau();
        if (w > 0.0) {
            double vFy = vy + p.lf() * r;
            double vLongF = vx * cosD + vFy * sinD;
            double vLatF = -vx * sinD + vFy * cosD;
            double alphaF = -Math.atan2(vLatF, Math.abs(vLongF));
            double alphaR = -Math.atan2(vy - p.lr() * r, Math.abs(vx));
            double c = p.pacejkaShape();
            double fyf = df * Math.sin(c * Math.atan(bf * alphaF));
            double fyr = dr * Math.sin(c * Math.atan(br * alphaR));
            double axDyn = (fx - fyf * sinD) / m + vy * r;
            double ayDyn = (fyf * cosD + fyr) / m - vx * r;
            double arDyn = (p.lf() * fyf * cosD - p.lr() * fyr) / p.yawInertia();
            ax = w * axDyn + (1 - w) * axKin;
            ay = w * ayDyn + (1 - w) * ayKin;
            ar = w * arDyn + (1 - w) * arKin;
        } else {
            ax = axKin;
            ay = ayKin;
            ar = arKin;
        }
        double cosP = Math.cos(psi), sinP = Math.sin(psi);
        dq[X] = vx * cosP - vy * sinP;
        dq[Y] = vx * sinP + vy * cosP;
        dq[PSI] = r;
        dq[VX] = ax;
        dq[VY] = ay;
        dq[R] = ar;
        dq[DELTA] = dDelta;
        dq[F] = dF;
    }

    /**
     * Newton's method on (v_y, r, f) so that v̇_x = v̇_y = ṙ = 0 at the current v_x and wheel angle,
     * starting from the kinematic values. Falls back to the kinematic values if it does not converge
     * (e.g. a tyre at its peak); f is clamped to [−1, 1].
     */
    private void solveSteadyState() {
        double vx = s[VX], delta = s[DELTA], tanD = Math.tan(delta);
        double vyKin = vx * p.lr() * tanD / wheelbase, rKin = vx * tanD / wheelbase;
        double loss = p.rollingDecel() * Math.tanh(vx / p.rollingSmoothing()) + p.dragCoeff() * vx * Math.abs(vx);
        double fKin = loss / p.maxAccel();
        double[] z = ssZ, res = ssRes, res2 = ssRes2, jac = ssJac;
        z[0] = vyKin;
        z[1] = rKin;
        z[2] = fKin;
        boolean ok = false;
        for (int it = 0; it < 50; it++) {
            steadyResidual(z, delta, res);
            double norm = Math.abs(res[0]) + Math.abs(res[1]) + Math.abs(res[2]);
            if (norm < 1e-12) {
                ok = true;
                break;
            }
            for (int c = 0; c < 3; c++) {
                double e = 1e-7 * Math.max(1.0, Math.abs(z[c]));
                double old = z[c];
                z[c] = old + e;
                steadyResidual(z, delta, res2);
                z[c] = old;
                for (int r = 0; r < 3; r++) jac[r * 3 + c] = (res2[r] - res[r]) / e;
            }
            double[] dz = ssDz;
            if (!solve3(jac, res, ssM, dz)) break;
            for (int c = 0; c < 3; c++) z[c] -= dz[c];
        }
        if (!ok || !Double.isFinite(z[0] + z[1] + z[2])) {
            z[0] = vyKin;
            z[1] = rKin;
            z[2] = fKin;
        }
        s[VY] = z[0];
        s[R] = z[1];
        s[F] = Steps.clamp(z[2], -1.0, 1.0);
    }

    private void steadyResidual(double[] z, double delta, double[] out) {
        double[] q = ssQ, dq = ssDq;
        System.arraycopy(s, 0, q, 0, NS);
        q[VY] = z[0];
        q[R] = z[1];
        q[F] = z[2];
        q[DELTA] = delta;
        rhs(q, z[2], delta, dq);
        out[0] = dq[VX];
        out[1] = dq[VY];
        out[2] = dq[R];
    }

    /** Solves J x = r for 3×3 J by Cramer's rule into x (m: 9 scratch); false if singular. */
    private static boolean solve3(double[] j, double[] r, double[] m, double[] x) {
        double det = j[0] * (j[4] * j[8] - j[5] * j[7]) - j[1] * (j[3] * j[8] - j[5] * j[6])
                + j[2] * (j[3] * j[7] - j[4] * j[6]);
        if (!(Math.abs(det) > 1e-300)) return false;
        for (int c = 0; c < 3; c++) {
            System.arraycopy(j, 0, m, 0, 9);
            for (int row = 0; row < 3; row++) m[row * 3 + c] = r[row];
            x[c] = (m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6])
                    + m[2] * (m[3] * m[7] - m[4] * m[6])) / det;
        }
        return true;
    }

    private void drawNoise() {
        if (!noisy) {
            noise[0] = noise[1] = noise[2] = noise[3] = 0.0;
            return;
        }
        noise[0] = p.noisePos() * rng.nextGaussian();
        noise[1] = p.noisePos() * rng.nextGaussian();
        noise[2] = p.noiseSpeed() * rng.nextGaussian();
        noise[3] = p.noiseHeading() * rng.nextGaussian();
    }
}
