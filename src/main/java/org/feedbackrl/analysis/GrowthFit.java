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

    /**
     * A least-squares line ln y ≈ c + r·x with its RMS residual (in ln y).
     *
     * @param slope     r (NaN when fewer than two usable points)
     * @param intercept c
     * @param rms       root-mean-square residual of ln y [nepers]
     * @param points    number of usable points
     */
    public record Line(double slope, double intercept, double rms, int points) {}

    /** The same least squares as {@link #logSlope}, with intercept and residual. */
    public static Line logLine(double[] xs, double[] ys) {
        double r = logSlope(xs, ys);
        int cnt = 0;
        double sx = 0, sy = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!usable(xs[i], ys[i])) continue;
            cnt++;
            sx += xs[i];
            sy += Math.log(ys[i]);
        }
        if (Double.isNaN(r)) return new Line(Double.NaN, Double.NaN, Double.NaN, cnt);
        double c = (sy - r * sx) / cnt, ss = 0;
        for (int i = 0; i < xs.length; i++) {
            if (!usable(xs[i], ys[i])) continue;
            double e = Math.log(ys[i]) - c - r * xs[i];
            ss += e * e;
        }
        return new Line(r, c, Math.sqrt(ss / cnt), cnt);
    }

    /** What a quantity does as the horizon grows. */
    public enum Shape { BOUNDED, POLYNOMIAL, EXPONENTIAL, UNKNOWN }

    /**
     * Growth of y(T) over horizons T.
     *
     * @param rate   r of the fit ln y ≈ c + d ln T + r T (least squares, all usable points) [1/step]:
     *               the exponential part once a power law is allowed for
     * @param degree d ln y / d ln T fitted on the upper horizons (T ≥ T_max/3), the power-law degree
     * @param shape  BOUNDED when that degree is &lt; {@value #BOUNDED_DEGREE}; else EXPONENTIAL when
     *               r·(T_max − T_min) ≥ 2 (the exponential factor alone multiplies y by e² ≈ 7.4 or more over
     *               the spread); else POLYNOMIAL; UNKNOWN with fewer than four usable points
     */
    public record Growth(double rate, double degree, Shape shape) {}

    /** Degree below which a quantity counts as bounded. */
    public static final double BOUNDED_DEGREE = 0.5;

    /** @param ts horizons (&gt; 0, ascending), @param ys values; non-finite or non-positive values are skipped */
    public static Growth classify(double[] ts, double[] ys) {
        int cnt = 0;
        double tMin = Double.POSITIVE_INFINITY, tMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < ts.length; i++) {
            if (!usable(ts[i], ys[i]) || !(ts[i] > 0)) continue;
            cnt++;
            tMin = Math.min(tMin, ts[i]);
            tMax = Math.max(tMax, ts[i]);
        }
        if (cnt < 4) return new Growth(Double.NaN, Double.NaN, Shape.UNKNOWN);
        // degree on the upper horizons (the early transient left out)
        java.util.List<double[]> up = new java.util.ArrayList<>();
        for (int i = 0; i < ts.length; i++) if (usable(ts[i], ys[i]) && ts[i] >= tMax / 3) up.add(new double[] {Math.log(ts[i]), ys[i]});
        double degree = logSlope(up.stream().mapToDouble(v -> v[0]).toArray(), up.stream().mapToDouble(v -> v[1]).toArray());
        // ln y = c + d ln T + r T by normal equations (3×3)
        double[][] a = new double[3][3];
        double[] b = new double[3];
        for (int i = 0; i < ts.length; i++) {
            if (!usable(ts[i], ys[i]) || !(ts[i] > 0)) continue;
            double[] f = {1, Math.log(ts[i]), ts[i]};
            double y = Math.log(ys[i]);
            for (int r = 0; r < 3; r++) {
                b[r] += f[r] * y;
                for (int c = 0; c < 3; c++) a[r][c] += f[r] * f[c];
            }
        }
        double rate;
        try {
            rate = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(a))
                    .getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(b)).getEntry(2);
        } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
            rate = Double.NaN;
        }
        Shape shape;
        if (Double.isNaN(degree)) shape = Shape.UNKNOWN;
        else if (degree < BOUNDED_DEGREE) shape = Shape.BOUNDED;
        else shape = rate * (tMax - tMin) >= 2 ? Shape.EXPONENTIAL : Shape.POLYNOMIAL;
        return new Growth(rate, degree, shape);
    }

    private static boolean usable(double x, double y) {
        return Double.isFinite(x) && Double.isFinite(y) && y > 0;
    }
}
