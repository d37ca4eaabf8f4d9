package org.feedbackrl.task;

/**
 * Figure-8 tracking reward (DESIGN.md §4, the authors' cost, negated):
 * <pre>  R_t = −[ (r − R)² + w_v (v − v_nom)² + w_φ wrap(φ − φ_tan)² ]  </pre>
 * r is the distance to the centre of the nearer circle (x ≥ 0: right), φ_tan the direction of
 * travel along that circle at the car's bearing (right circle counter-clockwise, left clockwise).
 * With w_v = 1/30, w_φ = 10/30 this is the authors' car cost. For a state without speed (the Go1's
 * unicycle) pass {@code speedIndex = -1}. Inputs are not penalised; the terminal reward is the same
 * as a stage reward.
 */
public final class TrackReward implements Reward {
    private final int xi, yi, vi, phii;
    private final double vNom, wv, wphi;

    /**
     * @param xIndex     index of x [m] in the state
     * @param yIndex     index of y [m]
     * @param speedIndex index of v [m/s], or −1 when the state has no speed
     * @param phiIndex   index of the heading φ [rad]
     * @param vNom       nominal speed [m/s]
     * @param wv         weight of the speed error [1/(m/s)²]
     * @param wphi       weight of the heading error [1/rad²]
     */
    public TrackReward(int xIndex, int yIndex, int speedIndex, int phiIndex, double vNom, double wv, double wphi) {
        this.xi = xIndex; this.yi = yIndex; this.vi = speedIndex; this.phii = phiIndex;
        this.vNom = vNom; this.wv = wv; this.wphi = wphi;
    }

    /** The authors' car reward for state (x, y, v, φ). */
    public static TrackReward car(double vNom) { return new TrackReward(0, 1, 2, 3, vNom, 1.0 / 30, 10.0 / 30); }

    /** The Go1 reward for state (x, y, φ): distance and heading. */
    public static TrackReward unicycle() { return new TrackReward(0, 1, -1, 2, 0, 0, 10.0 / 30); }

    @Override
    public double stage(int t, double[] x, double[] u, double[] gx, double[] gu) {
        java.util.Arrays.fill(gu, 0.0);
        return terminal(x, gx);
    }

    @Override
    public double terminal(double[] s, double[] gx) {
        java.util.Arrays.fill(gx, 0.0);
        double px = s[xi], py = s[yi];
        double cx = px >= 0 ? FigureEight.RADIUS : -FigureEight.RADIUS;
        double dx = px - cx, dy = py;
        double r = Math.max(Math.hypot(dx, dy), 1e-9);
        double e = r - FigureEight.RADIUS;
        double cost = e * e;
        // ∂(r − R)²/∂p = 2e (p − c)/r
        gx[xi] -= 2 * e * dx / r;
        gx[yi] -= 2 * e * dy / r;
        if (vi >= 0) {
            double ev = s[vi] - vNom;
            cost += wv * ev * ev;
            gx[vi] -= 2 * wv * ev;
        }
        // φ_tan = bearing ± π/2; ∂bearing/∂p = (−dy, dx)/r²
        double dirSign = px >= 0 ? 1 : -1;
        double tangent = Math.atan2(dy, dx) + dirSign * Math.PI / 2;
        double eφ = wrap(s[phii] - tangent);
        cost += wphi * eφ * eφ;
        gx[phii] -= 2 * wphi * eφ;
        double r2 = r * r;
        gx[xi] -= 2 * wphi * eφ * (dy / r2);     // −∂tangent/∂x = +dy/r²
        gx[yi] -= 2 * wphi * eφ * (-dx / r2);    // −∂tangent/∂y = −dx/r²
        return -cost;
    }

    /** Wraps an angle to (−π, π]. */
    public static double wrap(double a) {
        double w = Math.IEEEremainder(a, 2 * Math.PI);
        return w <= -Math.PI ? w + 2 * Math.PI : w;
    }
}
