package org.feedbackrl.analysis;

import java.awt.Color;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.feedbackrl.analysis.SystemGradientAnalysis.Options;
import org.feedbackrl.analysis.SystemGradientAnalysis.Row;
import org.feedbackrl.plot.Axes;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.LegendPosition;
import org.feedbackrl.plot.Marker;
import org.feedbackrl.plot.Style;

/** Plot and printed summary of {@link SystemGradientAnalysis} (used by {@code analyze car|go1|pendulum}). */
public final class SystemReport {
    private SystemReport() {}

    private static final String[] QUANTITIES = {"variance", "bias", "hessian"};

    @SuppressWarnings("unchecked")
    private static final ToDoubleFunction<Row>[] GETTERS = new ToDoubleFunction[] {
        (ToDoubleFunction<Row>) Row::variance, (ToDoubleFunction<Row>) Row::bias, (ToDoubleFunction<Row>) Row::hessianMaxEig};

    /** The values of one quantity for one class, in horizon order. */
    public static double[] column(List<Row> rows, boolean feedback, ToDoubleFunction<Row> f) {
        return rows.stream().filter(r -> r.feedback() == feedback).mapToDouble(f).toArray();
    }

    /** Growth fit of quantity q (0 variance, 1 bias, 2 Hessian) of one class. */
    public static GrowthFit.Growth fit(int[] ts, List<Row> rows, boolean feedback, int q) {
        double[] t = java.util.Arrays.stream(ts).asDoubleStream().toArray();
        return GrowthFit.classify(t, column(rows, feedback, GETTERS[q]));
    }

    /** Four log-y panels against the horizon: variance, error, curvature, α and α̂. */
    public static Figure plot(String system, double dt, int[] ts, List<Row> rows, Options o) {
        Figure fig = new Figure(2400, 680, 1, 4).title(String.format(
                "%s: model-based gradient vs horizon (%s; θ = %s, N = %d)", system, RealSystems.shortLabel(system),
                o.perturb() > 0 ? "init, output layer ×" + o.perturb() : "init", o.samples()));
        double[] t = java.util.Arrays.stream(ts).asDoubleStream().toArray();
        Color[] colours = {Style.CYCLE[0], Style.CYCLE[3]};
        Marker[] markers = {Marker.SQUARE, Marker.CIRCLE};
        String[] titles = {"Variance of the estimate", "Error of the estimate", "Curvature of J"};
        String[] ylabels = {"mean ‖ĝ − mean ĝ‖² [1]", "mean ‖ĝ − ∇J‖ [1]", "largest |eigenvalue| of ∇²J [1]"};
        for (int panel = 0; panel < 3; panel++) {
            Axes ax = fig.axes(0, panel).title(titles[panel]).xlabel("horizon T [steps of " + fmt(dt) + " s]").ylabel(ylabels[panel]).logY()
                    .legend(LegendPosition.UPPER_LEFT);
            for (int c = 0; c < 2; c++) {
                boolean fb = c == 0;
                GrowthFit.Growth g = fit(ts, rows, fb, panel);
                String label = String.format("%s (%s)", SystemGradientAnalysis.name(fb), describe(g, dt).replaceAll(" \\(with .*\\)", ""));
                ax.line(t, column(rows, fb, GETTERS[panel]), label, Style.DEFAULT.withColor(colours[c]).withMarker(markers[c]));
            }
        }
        Axes ax = fig.axes(0, 3).title("Closed-loop growth α (window ≥ " + fmt(o.windowSeconds()) + " s)")
                .xlabel("horizon T [steps of " + fmt(dt) + " s]").ylabel("α [1/step]").logY().legend(LegendPosition.UPPER_LEFT);
        for (int c = 0; c < 2; c++) {
            boolean fb = c == 0;
            String nm = SystemGradientAnalysis.name(fb);
            ax.line(t, column(rows, fb, Row::alpha), nm + " α (real)", Style.DEFAULT.withColor(colours[c]).withMarker(markers[c]));
            ax.line(t, column(rows, fb, Row::alphaModel), nm + " α̂ (model)", Style.DEFAULT.withColor(colours[c]).dashed().withMarker(markers[c]));
        }
        ax.hline(1.0, "α = 1", Style.DEFAULT.withColor(Color.GRAY).withWidth(1.2f));
        return fig;
    }

    /** "exponential 0.12/s", "polynomial T^1.9", "bounded". */
    public static String describe(GrowthFit.Growth g, double dt) {
        return switch (g.shape()) {
            case EXPONENTIAL -> String.format("exponential, ×e per %.2f s (with ~T^%.1f)", 1 / (g.rate() / dt), g.degree());
            case POLYNOMIAL -> String.format("polynomial, ~T^%.1f", g.degree());
            case BOUNDED -> "bounded";
            case UNKNOWN -> "too few points";
        };
    }

    /** The printed summary: setup, per class and quantity the values at the shortest and longest horizon and the fits. */
    public static void summary(PrintWriter o, String system, double dt, int[] ts, List<Row> rows, Options opt) {
        int window = Math.max(1, (int) Math.round(opt.windowSeconds() / dt));
        o.printf("%s: %s%n", system, RealSystems.describe(system));
        o.printf("θ = %s; N = %d rollouts per point (same x0 for every T and class); dt = %s s; α over windows ≥ %s s (%d steps, capped at T),"
                        + " max over %d rollouts; Hessian by %d power iterations on %d x0%n",
                opt.perturb() > 0 ? "init with the output layer at " + opt.perturb() + " × Glorot" : "init (network output 0: the nominal controller)",
                opt.samples(), fmt(dt), fmt(opt.windowSeconds()), window, opt.alphaRollouts(), opt.hessianIterations(), opt.hessianSamples());
        int last = ts.length - 1;
        o.printf("%-12s %-9s %11s %11s %10s | %12s %13s %8s  %s%n", "policy", "quantity", "T=" + ts[0], "T=" + ts[last], "ratio",
                "rate [1/step]", "rate [1/s]", "degree", "shape");
        for (boolean fb : new boolean[] {true, false}) {
            for (int q = 0; q < 3; q++) {
                double[] y = column(rows, fb, GETTERS[q]);
                GrowthFit.Growth g = fit(ts, rows, fb, q);
                o.printf("%-12s %-9s %11.4g %11.4g %10.4g | %12.5f %13.4f %8.2f  %s%n", SystemGradientAnalysis.name(fb), QUANTITIES[q],
                        y[0], y[last], y[last] / y[0], g.rate(), g.rate() / dt, g.degree(), describe(g, dt));
            }
            double[] al = column(rows, fb, Row::alpha), am = column(rows, fb, Row::alphaModel);
            o.printf("%-12s alpha (real) %s, alpha_model %s over T = %d…%d%n", SystemGradientAnalysis.name(fb), range(al), range(am), ts[0], ts[last]);
        }
        o.println("fits: degree = slope of ln y vs ln T for T >= T_max/3; rate = r of ln y = c + d ln T + r T over all T. shape: bounded if degree < 0.5, exponential if r (T_max - T_min) >= 2, else polynomial");
        boolean overflow = rows.stream().anyMatch(r -> !Double.isFinite(r.variance()) || !Double.isFinite(r.bias()) || !Double.isFinite(r.hessianMaxEig()));
        if (overflow) o.println("note: some values overflowed (inf/nan in the CSV); fits use the finite ones only");
    }

    private static String range(double[] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        return String.format("%.4f…%.4f", lo, hi);
    }

    static String fmt(double v) {
        String s = String.format("%.4g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
