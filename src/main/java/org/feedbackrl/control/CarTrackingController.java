package org.feedbackrl.control;

import org.feedbackrl.task.TrackReward;

/**
 * Backstepping-style tracking controller for the kinematic car (paper eq. 11, state (x, y, v, φ),
 * inputs (a, ω) with φ̇ = v ω), after the authors' (DESIGN.md §4):
 * <pre>
 *   ṽ   = ṗ_d + diag(kx, ky)(p_d − p)                  desired velocity vector
 *   v_d = |ṽ|,  e_φ = wrap(atan2(ṽ_y, ṽ_x) − φ)         desired speed, heading error (unwrapped near φ)
 *   a_ff = (ṗ_d · p̈_d)/|ṗ_d|                           tangential acceleration of the reference
 *   ω_ff = (ṗ_d × p̈_d)/|ṗ_d|³                          curvature of the reference
 *   a = ka a_ff + kv (v_d − v),   ω = kω ω_ff + kφ e_φ,   a ∈ [−aMax, aMax], ω ∈ [−ωMax, ωMax]
 * </pre>
 * The authors' ω_ff divides by |ṗ_d|² (a yaw rate); in eq. (11) the steering input is a curvature
 * (φ̇ = vω), so the consistent feed-forward is the curvature, divided by |ṗ_d|³.
 * Gains k = (kx, ky, kv, kφ, ka, kω). Reference r = (p_x, p_y, ṗ_x, ṗ_y, p̈_x, p̈_y).
 */
public final class CarTrackingController implements TrackingController {
    private final double[] nominal;
    private final double aMax, omegaMax;

    /**
     * @param nominal  gains (kx, ky [1/s], kv [1/s], kφ [1/(m·rad)], ka, kω [-])
     * @param aMax     throttle bound (the authors clamp at 0.75; eq. 11's input set allows 1)
     * @param omegaMax steering bound (1 as eq. 11's input set)
     */
    public CarTrackingController(double[] nominal, double aMax, double omegaMax) {
        if (nominal.length != 6) throw new IllegalArgumentException("car controller needs 6 gains");
        this.nominal = nominal.clone();
        this.aMax = aMax;
        this.omegaMax = omegaMax;
    }

    /**
     * Gains designed on the model (eq. 11) rather than the authors' hardware-tuned ones (0.45, 0.45,
     * 0.35, 0.35, 0, 0): with those the model itself drifts metres off the track. These keep the
     * model on the figure-8 with a steady lag the network can learn away; see {@code ControllerDesignTest}.
     * Throttle is clamped at 1 (eq. 11's input set) rather than the authors' 0.75: the simulated car
     * needs ≈0.68 to hold the nominal 3.43 m/s against drag, so at 0.75 the speed loop saturates and
     * the closed loop stops contracting (check-stability reports α = 1.000; with 1 it is 0.995).
     */
    public static CarTrackingController designedOnModel() {
        return new CarTrackingController(new double[] {1.0, 1.0, 1.0, 1.0, 0.0, 0.0}, 1.0, 1.0);
    }

    /** @return the throttle bound |a| ≤ aMax */
    public double aMax() { return aMax; }

    /** @return the steering bound |ω| ≤ ωMax */
    public double omegaMax() { return omegaMax; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public int refDim() { return 6; }
    @Override public int gainDim() { return 6; }
    @Override public double[] nominalGains() { return nominal.clone(); }
    @Override public String[] gainNames() { return new String[] {"kx", "ky", "kv", "kphi", "ka", "kw"}; }

    @Override
    public void control(double[] x, double[] ref, double[] gains, double[] u) {
        jacobians(x, ref, gains, u, null, null, null);
    }

    @Override
    public void jacobians(double[] s, double[] r, double[] k, double[] u, double[] dx, double[] dr, double[] dk) {
        double px = s[0], py = s[1], v = s[2], phi = s[3];
        double kx = k[0], ky = k[1], kv = k[2], kphi = k[3], ka = k[4], kw = k[5];
        double ex = r[0] - px, ey = r[1] - py;
        double wx = r[2] + kx * ex, wy = r[3] + ky * ey;             // ṽ
        double vd = Math.max(Math.hypot(wx, wy), 1e-9);
        double psi = Math.atan2(wy, wx);
        double ephi = TrackReward.wrap(psi - phi);
        double vx0 = r[2], vy0 = r[3], ax0 = r[4], ay0 = r[5];
        double v0 = Math.max(Math.hypot(vx0, vy0), 1e-9);
        double dot = vx0 * ax0 + vy0 * ay0, cross = vx0 * ay0 - vy0 * ax0;
        double aff = dot / v0, wff = cross / (v0 * v0 * v0);
        double aRaw = ka * aff + kv * (vd - v);
        double wRaw = kw * wff + kphi * ephi;
        boolean aIn = aRaw > -aMax && aRaw < aMax, wIn = wRaw > -omegaMax && wRaw < omegaMax;
        u[0] = Math.max(-aMax, Math.min(aMax, aRaw));
        u[1] = Math.max(-omegaMax, Math.min(omegaMax, wRaw));
        if (dx == null && dr == null && dk == null) return;
        // Partial derivatives of v_d = |ṽ| and ψ = atan2(ṽ) with respect to ṽ.
        double dvd_wx = wx / vd, dvd_wy = wy / vd;
        double vd2 = vd * vd;
        double dpsi_wx = -wy / vd2, dpsi_wy = wx / vd2;
        double ca = aIn ? 1 : 0, cw = wIn ? 1 : 0;
        if (dx != null) {
            // ∂ṽ/∂p = −diag(kx, ky)
            dx[0] = ca * kv * dvd_wx * (-kx);
            dx[1] = ca * kv * dvd_wy * (-ky);
            dx[2] = ca * (-kv);
            dx[3] = 0;
            dx[4] = cw * kphi * dpsi_wx * (-kx);
            dx[5] = cw * kphi * dpsi_wy * (-ky);
            dx[6] = 0;
            dx[7] = cw * (-kphi);
        }
        if (dr != null) {
            // a_ff = dot/v0: ∂/∂ṗ = (p̈ v0² − dot ṗ)/v0³ ; ∂/∂p̈ = ṗ/v0
            double v03 = v0 * v0 * v0, v05 = v03 * v0 * v0;
            double daff_vx = (ax0 * v0 * v0 - dot * vx0) / v03, daff_vy = (ay0 * v0 * v0 - dot * vy0) / v03;
            double daff_ax = vx0 / v0, daff_ay = vy0 / v0;
            // ω_ff = cross/v0³: ∂/∂ṗx = ay/v0³ − 3 cross vx/v0⁵ ; ∂/∂ṗy = −ax/v0³ − 3 cross vy/v0⁵
            double dwff_vx = ay0 / v03 - 3 * cross * vx0 / v05, dwff_vy = -ax0 / v03 - 3 * cross * vy0 / v05;
            double dwff_ax = -vy0 / v03, dwff_ay = vx0 / v03;
            // row a
            dr[0] = ca * kv * dvd_wx * kx;
            dr[1] = ca * kv * dvd_wy * ky;
            dr[2] = ca * (kv * dvd_wx + ka * daff_vx);
            dr[3] = ca * (kv * dvd_wy + ka * daff_vy);
            dr[4] = ca * ka * daff_ax;
            dr[5] = ca * ka * daff_ay;
            // row ω
            dr[6] = cw * kphi * dpsi_wx * kx;
            dr[7] = cw * kphi * dpsi_wy * ky;
            dr[8] = cw * (kphi * dpsi_wx + kw * dwff_vx);
            dr[9] = cw * (kphi * dpsi_wy + kw * dwff_vy);
            dr[10] = cw * kw * dwff_ax;
            dr[11] = cw * kw * dwff_ay;
        }
        if (dk != null) {
            dk[0] = ca * kv * dvd_wx * ex;
            dk[1] = ca * kv * dvd_wy * ey;
            dk[2] = ca * (vd - v);
            dk[3] = 0;
            dk[4] = ca * aff;
            dk[5] = 0;
            dk[6] = cw * kphi * dpsi_wx * ex;
            dk[7] = cw * kphi * dpsi_wy * ey;
            dk[8] = 0;
            dk[9] = cw * ephi;
            dk[10] = 0;
            dk[11] = cw * wff;
        }
    }
}
