package org.feedbackrl.task;

/**
 * The figure-8 task (paper §7): two circles of radius 1.5 m centred at (±1.5, 0), touching at the
 * origin. One lap takes {@code lapSeconds} at constant speed: the first half runs counter-clockwise
 * round the right circle from the origin, the second clockwise round the left one, so the heading
 * is continuous (−π/2 at the origin) and the curvature flips sign at the crossing.
 *
 * <p>Reference vector layout (length 6): p_x, p_y [m], ṗ_x, ṗ_y [m/s], p̈_x, p̈_y [m/s²].
 */
public final class FigureEight {
    /** Circle radius [m]. */
    public static final double RADIUS = 1.5;
    /** Reference vector length. */
    public static final int REF_DIM = 6;

    private final double lapSeconds;
    private final double speed;
    private final double omega;

    /** @param lapSeconds time of one lap [s] (&gt; 0): 5.5 for the car, 37.7 for the Go1 */
    public FigureEight(double lapSeconds) {
        if (!(lapSeconds > 0) || !Double.isFinite(lapSeconds)) throw new IllegalArgumentException("lap time must be positive, got " + lapSeconds);
        this.lapSeconds = lapSeconds;
        this.omega = 2 * (2 * Math.PI) / lapSeconds;       // angular rate on each circle (half a lap per circle)
        this.speed = omega * RADIUS;
    }

    public double lapSeconds() { return lapSeconds; }

    /** Nominal speed along the path [m/s] (3.43 for a 5.5 s lap). */
    public double speed() { return speed; }

    /**
     * Reference at task time τ (periodic in the lap).
     *
     * @param tau task time [s], any value ≥ 0
     * @param ref output, length {@link #REF_DIM}
     */
    public void reference(double tau, double[] ref) {
        double s = tau % lapSeconds;
        if (s < 0) s += lapSeconds;
        double half = lapSeconds / 2;
        double cx, ang, dir;
        if (s < half) { cx = RADIUS; ang = Math.PI + omega * s; dir = 1; }          // right circle, CCW
        else { cx = -RADIUS; ang = -omega * (s - half); dir = -1; }                 // left circle, CW
        double c = Math.cos(ang), sn = Math.sin(ang);
        ref[0] = cx + RADIUS * c;
        ref[1] = RADIUS * sn;
        // d/dτ of (R cos ang, R sin ang) with d ang/dτ = dir·ω
        ref[2] = -RADIUS * sn * dir * omega;
        ref[3] = RADIUS * c * dir * omega;
        ref[4] = -RADIUS * c * omega * omega;
        ref[5] = -RADIUS * sn * omega * omega;
    }

    /**
     * Distance from a point to the figure-8 path (the union of the two circles) [m].
     */
    public static double distanceToPath(double x, double y) {
        double rR = Math.hypot(x - RADIUS, y), rL = Math.hypot(x + RADIUS, y);
        return Math.min(Math.abs(rR - RADIUS), Math.abs(rL - RADIUS));
    }
}
