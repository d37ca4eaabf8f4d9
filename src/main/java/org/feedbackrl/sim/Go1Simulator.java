package org.feedbackrl.sim;

import org.feedbackrl.rollout.Plant;

/**
 * Stand-in for the Unitree Go1 under high-level velocity commands: a unicycle whose realised
 * velocities lag, saturate and drift. Parameters and the reasons for them: {@link Go1Params}.
 *
 * <p><b>Interface (the model's, paper eq. 12).</b> Observed state (x [m], y [m], φ [rad], continuous);
 * input (v [m/s] forward speed command, ω [rad/s] yaw-rate command). NaN commands are rejected.
 * One {@link #step} = {@link Go1Params#controlDt()} (0.1 s).
 *
 * <p><b>Hidden state</b> (X, Y, ψ, v_r, ω_r, g): pose, realised forward speed and yaw rate, gait
 * activity g ∈ [0, 1] (0 standing, 1 walking).
 *
 * <pre>
 * after the latency d:  v_c = 0 if |v| &lt; v_dz else clamp(v, −v_back, v_fwd);   ω_c likewise
 *                       g* = 1 if v_c ≠ 0 or ω_c ≠ 0, else 0
 * lags:    v̇_r = (k_v v_c − v_r)/τ_v,   ω̇_r = (k_ω ω_c − ω_r)/τ_ω,   ġ = (g* − g)/τ_v
 * pose:    Ẋ = v_r cos ψ − d_lat g sin ψ,   Ẏ = v_r sin ψ + d_lat g cos ψ,   ψ̇ = ω_r + d_yaw g
 * </pre>
 *
 * integrated with RK4 on the fine grid. {@link #reset} starts the robot standing (v_r = ω_r = g = 0)
 * with the delay line full of zero commands: the observed state has no velocity to be consistent
 * with. {@link #step} allocates nothing.
 */
public final class Go1Simulator implements Plant {
    static final int X = 0, Y = 1, PSI = 2, V = 3, W = 4, G = 5, NS = 6;

    private final Go1Params p;
    private final int finePerControl;
    private final double h;
    private final double[] s = new double[NS];
    private final double[] k1 = new double[NS], k2 = new double[NS], k3 = new double[NS], k4 = new double[NS];
    private final double[] tmp = new double[NS];
    private final double[] noise = new double[3];
    private final DelayLine delay;
    private final NoiseRng rng = new NoiseRng(0);
    private final boolean noisy;

    public Go1Simulator() {
        this(Go1Params.defaults());
    }

    public Go1Simulator(Go1Params params) {
        this.p = params;
        this.h = params.fineStep();
        this.finePerControl = Steps.wholeMultiple("controlDt", params.controlDt(), "fineStep", h);
        this.delay = new DelayLine(2, finePerControl, Steps.wholeMultiple("delay", params.delay(), "fineStep", h));
        this.noisy = params.noisePos() > 0 || params.noiseHeading() > 0;
        reset(new double[] {0, 0, 0}, 0L);
    }

    public Go1Params params() { return p; }

    @Override public int stateDim() { return 3; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return p.controlDt(); }
    @Override public String name() { return "go1-sim"; }
    @Override public Plant newInstance() { return new Go1Simulator(p); }

    /**
     * @param x0   (x [m], y [m], φ [rad]), finite; the robot starts standing
     * @param seed seed of the measurement noise (ignored when noise is off)
     */
    @Override
    public void reset(double[] x0, long seed) {
        if (x0.length != 3) {
            throw new IllegalArgumentException("Go1 state has 3 entries (x, y, phi), got " + x0.length);
        }
        for (double v : x0) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Go1 initial state must be finite, got " + java.util.Arrays.toString(x0));
            }
        }
        s[X] = x0[0];
        s[Y] = x0[1];
        s[PSI] = x0[2];
        s[V] = s[W] = s[G] = 0.0;
        tmp[0] = tmp[1] = 0.0;
        delay.reset(tmp);
        rng.reseed(seed);
        drawNoise();
    }

    @Override
    public void observe(double[] x) {
        x[0] = s[X] + noise[0];
        x[1] = s[Y] + noise[1];
        x[2] = s[PSI] + noise[2];
    }

    @Override
    public void step(double[] u) {
        if (Double.isNaN(u[0]) || Double.isNaN(u[1])) {
            throw new IllegalArgumentException("Go1 command must not be NaN (v " + u[0] + ", omega " + u[1] + ")");
        }
        delay.push(u);
        double[] buf = delay.buffer();
        for (int j = 0; j < finePerControl; j++) {
            int off = delay.activeOffset(j);
            double vc = Math.abs(buf[off]) < p.vDeadZone() ? 0.0 : Steps.clamp(buf[off], -p.vMaxBackward(), p.vMaxForward());
            double wc = Math.abs(buf[off + 1]) < p.omegaDeadZone() ? 0.0 : Steps.clamp(buf[off + 1], -p.omegaMax(), p.omegaMax());
            double gTarget = (vc != 0.0 || wc != 0.0) ? 1.0 : 0.0;
            double vT = p.speedGain() * vc, wT = p.yawGain() * wc;
            rhs(s, vT, wT, gTarget, k1);
            for (int i = 0; i < NS; i++) tmp[i] = s[i] + 0.5 * h * k1[i];
            rhs(tmp, vT, wT, gTarget, k2);
            for (int i = 0; i < NS; i++) tmp[i] = s[i] + 0.5 * h * k2[i];
            rhs(tmp, vT, wT, gTarget, k3);
            for (int i = 0; i < NS; i++) tmp[i] = s[i] + h * k3[i];
            rhs(tmp, vT, wT, gTarget, k4);
            for (int i = 0; i < NS; i++) s[i] += h / 6.0 * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
        }
        delay.advance();
        drawNoise();
    }

    /** @return realised forward speed v_r [m/s]. */
    public double forwardSpeed() { return s[V]; }

    /** @return realised yaw rate ω_r (without the drift) [rad/s]. */
    public double yawRate() { return s[W]; }

    /** @return gait activity g ∈ [0, 1]. */
    public double gaitActivity() { return s[G]; }

    private void rhs(double[] q, double vT, double wT, double gT, double[] dq) {
        double psi = q[PSI], v = q[V], w = q[W], g = q[G];
        double c = Math.cos(psi), sn = Math.sin(psi);
        double lat = p.lateralDrift() * g;
        dq[X] = v * c - lat * sn;
        dq[Y] = v * sn + lat * c;
        dq[PSI] = w + p.yawDrift() * g;
        dq[V] = (vT - v) / p.tauV();
        dq[W] = (wT - w) / p.tauOmega();
        dq[G] = (gT - g) / p.tauV();
    }

    private void drawNoise() {
        if (!noisy) {
            noise[0] = noise[1] = noise[2] = 0.0;
            return;
        }
        noise[0] = p.noisePos() * rng.nextGaussian();
        noise[1] = p.noisePos() * rng.nextGaussian();
        noise[2] = p.noiseHeading() * rng.nextGaussian();
    }
}
