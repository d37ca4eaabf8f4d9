package org.feedbackrl.sim;

/** Small helpers for the fixed-step grids of the simulators. */
final class Steps {
    private Steps() {}

    /** Checks that {@code a} is a whole multiple of {@code b} (to 1e-9 relative) and returns a/b. */
    static int wholeMultiple(String aName, double a, String bName, double b) {
        double r = a / b;
        long n = Math.round(r);
        if (n < 1 || Math.abs(r - n) > 1e-9 * Math.max(1.0, r)) {
            throw new IllegalArgumentException(aName + " (" + a + " s) must be a whole multiple of "
                    + bName + " (" + b + " s)");
        }
        return (int) n;
    }

    /** Hermite smoothstep: 0 below lo, 1 above hi, C¹ in between. */
    static double smoothstep(double lo, double hi, double v) {
        double s = (v - lo) / (hi - lo);
        if (s <= 0) return 0.0;
        if (s >= 1) return 1.0;
        return s * s * (3.0 - 2.0 * s);
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
