package org.feedbackrl.control;

import org.feedbackrl.task.TrackReward;

/**
 * Tracking controller for the Go1's unicycle model (paper eq. 12, state (x, y, φ), inputs v, ω),
 * after the authors' (DESIGN.md §4):
 * <pre>
 *   ṽ = kv ṗ_d + kp (p_d − p),   v = clamp(|ṽ|, ±vMax),   e_φ = wrap(atan2(ṽ) − φ)
 *   ω = clamp(kω ω_ff + kφ e_φ, ±ωMax),   ω_ff = (ṗ_d × p̈_d)/|ṗ_d|²  (yaw rate: here φ̇ = ω)
 * </pre>
 * Gains k = (kp, kv, kφ, kω), nominal (0.2, 0.95, 2.5, 0) as the authors; reference as the car's.
 */
public final class UnicycleTrackingController implements TrackingController {
    private final double[] nominal;
    private final double vMax, omegaMax;

    public UnicycleTrackingController(double[] nominal, double vMax, double omegaMax) {
        if (nominal.length != 4) throw new IllegalArgumentException("unicycle controller needs 4 gains");
        this.nominal = nominal.clone();
        this.vMax = vMax;
        this.omegaMax = omegaMax;
    }

    /** The authors' gains, which stabilise the unicycle model (see {@code ControllerDesignTest}). */
    public static UnicycleTrackingController nominal() {
        return new UnicycleTrackingController(new double[] {0.2, 0.95, 2.5, 0.0}, 1.0, 3.0);
    }

    @Override public int stateDim() { return 3; }
    @Override public int inputDim() { return 2; }
    @Override public int refDim() { return 6; }
    @Override public int gainDim() { return 4; }
    @Override public double[] nominalGains() { return nominal.clone(); }
    @Override public String[] gainNames() { return new String[] {"kp", "kv", "kphi", "kw"}; }

    @Override
    public void control(double[] x, double[] ref, double[] gains, double[] u) {
        jacobians(x, ref, gains, u, null, null, null);
    }

    @Override
    public void jacobians(double[] s, double[] r, double[] k, double[] u, double[] dx, double[] dr, double[] dk) {
        double kp = k[0], kv = k[1], kphi = k[2], kw = k[3];
        double ex = r[0] - s[0], ey = r[1] - s[1];
        double wx = kv * r[2] + kp * ex, wy = kv * r[3] + kp * ey;
        double vn = Math.max(Math.hypot(wx, wy), 1e-9);
        double psi = Math.atan2(wy, wx);
        double ephi = TrackReward.wrap(psi - s[2]);
        double vx0 = r[2], vy0 = r[3], ax0 = r[4], ay0 = r[5];
        double v02 = Math.max(vx0 * vx0 + vy0 * vy0, 1e-18);
        double cross = vx0 * ay0 - vy0 * ax0;
        double wff = cross / v02;
        double wRaw = kw * wff + kphi * ephi;
        boolean vIn = vn < vMax, wIn = wRaw > -omegaMax && wRaw < omegaMax;
        u[0] = Math.min(vn, vMax);
        u[1] = Math.max(-omegaMax, Math.min(omegaMax, wRaw));
        if (dx == null && dr == null && dk == null) return;
        double dvn_wx = wx / vn, dvn_wy = wy / vn, vn2 = vn * vn;
        double dpsi_wx = -wy / vn2, dpsi_wy = wx / vn2;
        double cv = vIn ? 1 : 0, cw = wIn ? 1 : 0;
        if (dx != null) {
            dx[0] = cv * dvn_wx * (-kp); dx[1] = cv * dvn_wy * (-kp); dx[2] = 0;
            dx[3] = cw * kphi * dpsi_wx * (-kp); dx[4] = cw * kphi * dpsi_wy * (-kp); dx[5] = cw * (-kphi);
        }
        if (dr != null) {
            double dwff_vx = ay0 / v02 - 2 * cross * vx0 / (v02 * v02);
            double dwff_vy = -ax0 / v02 - 2 * cross * vy0 / (v02 * v02);
            double dwff_ax = -vy0 / v02, dwff_ay = vx0 / v02;
            dr[0] = cv * dvn_wx * kp; dr[1] = cv * dvn_wy * kp;
            dr[2] = cv * dvn_wx * kv; dr[3] = cv * dvn_wy * kv; dr[4] = 0; dr[5] = 0;
            dr[6] = cw * kphi * dpsi_wx * kp; dr[7] = cw * kphi * dpsi_wy * kp;
            dr[8] = cw * (kphi * dpsi_wx * kv + kw * dwff_vx); dr[9] = cw * (kphi * dpsi_wy * kv + kw * dwff_vy);
            dr[10] = cw * kw * dwff_ax; dr[11] = cw * kw * dwff_ay;
        }
        if (dk != null) {
            dk[0] = cv * (dvn_wx * ex + dvn_wy * ey);
            dk[1] = cv * (dvn_wx * r[2] + dvn_wy * r[3]);
            dk[2] = 0; dk[3] = 0;
            dk[4] = cw * kphi * (dpsi_wx * ex + dpsi_wy * ey);
            dk[5] = cw * kphi * (dpsi_wx * r[2] + dpsi_wy * r[3]);
            dk[6] = cw * ephi;
            dk[7] = cw * wff;
        }
    }
}
