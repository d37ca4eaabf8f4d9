package org.feedbackrl.analysis;

/** Exponential growth rates fitted by least squares on a log scale. */
public final class GrowthFit {
    private GrowthFit() {}

    /**
     * The slope r of ln y ≈ c + r·x by ordinary least squares, using only the points where x is
     * finite and y is finite and &gt; 0.
     *
     * @return r in (units of ln y) per unit of x, or NaN when fewer than two usable points remain
     */
    public static double logSlope(double[] xs, double[] ys) {
        if (xs.length != ys.length) throw new IllegalArgumentException("xs and ys differ in length");
        int cnt = 0;
        double sx = 0, sy = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!usable(xs[i], ys[i])) continue;
            cnt++;
            sx += xs[i];
            sy += Math.log(ys[i]);
        }
        if (cnt < 2) return Double.NaN;
        double mx = sx / cnt, my = sy / cnt, sxx = 0, sxy = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!usable(xs[i], ys[i])) continue;
            double dx = xs[i] - mx;
            sxx += dx * dx;
            sxy += dx * (Math.log(ys[i]) - my);
        }
        return sxx > 0 ? sxy / sxx : Double.NaN;
    }

    private static boolean usable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && y > 0;
    }
}
