package org.feedbackrl.experiment;

import org.feedbackrl.task.FigureEight;

/**
 * Progress along the figure-8 and lap times, measured from positions only.
 *
 * <p>Each position has two candidate lap fractions, one per circle: on the right circle
 * (counter-clockwise from the origin) f = ((θ_R − π) mod 2π)/4π ∈ [0, ½), on the left (clockwise)
 * f = ½ + ((−θ_L) mod 2π)/4π ∈ [½, 1). The car moves a few thousandths of a lap per step, so the
 * candidate that continues the previous progress (smallest wrapped step, plus a small penalty for
 * distance from that circle) is taken, and the progress is unwrapped over laps.
 */
public final class Laps {
    private Laps() {}

    /**
     * @param xs     x positions [m], one per step
     * @param ys     y positions [m]
     * @param f0     lap fraction at the first sample (0 at the origin heading down)
     * @return unwrapped progress in laps at every sample (starts at f0)
     */
    public static double[] progress(double[] xs, double[] ys, double f0) {
        double[] out = new double[xs.length];
        double prev = f0, total = f0;
        double R = FigureEight.RADIUS;
        for (int i = 0; i < xs.length; i++) {
            double thR = Math.atan2(ys[i], xs[i] - R), thL = Math.atan2(ys[i], xs[i] + R);
            double fR = mod(thR - Math.PI, 2 * Math.PI) / (4 * Math.PI);
            double fL = 0.5 + mod(-thL, 2 * Math.PI) / (4 * Math.PI);
            double dR = Math.abs(Math.hypot(xs[i] - R, ys[i]) - R), dL = Math.abs(Math.hypot(xs[i] + R, ys[i]) - R);
            double stepR = wrapHalf(fR - prev), stepL = wrapHalf(fL - prev);
            double step = Math.abs(stepR) + 0.1 * dR <= Math.abs(stepL) + 0.1 * dL ? stepR : stepL;
            if (i > 0) total += step;
            prev = mod(prev + (i > 0 ? step : 0), 1.0);
            out[i] = total;
        }
        return out;
    }

    /**
     * Time of the first full lap: the first time progress has grown by one lap, linearly interpolated.
     *
     * @return seconds, or NaN when the car never completes a lap
     */
    public static double firstLapTime(double[] progress, double dt) {
        double start = progress[0];
        for (int i = 1; i < progress.length; i++) {
            if (progress[i] - start >= 1.0) {
                double a = progress[i - 1] - start, b = progress[i] - start;
                return (i - 1 + (1.0 - a) / (b - a)) * dt;
            }
        }
        return Double.NaN;
    }

    private static double mod(double a, double m) {
        double r = a % m;
        return r < 0 ? r + m : r;
    }

    private static double wrapHalf(double d) {
        double r = mod(d + 0.5, 1.0) - 0.5;
        return r;
    }
}
