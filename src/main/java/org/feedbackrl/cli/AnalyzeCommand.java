package org.feedbackrl.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.feedbackrl.analysis.GrowthFit;
import org.feedbackrl.analysis.ScalarGradientAnalysis;
import org.feedbackrl.analysis.ScalarGradientAnalysis.Params;
import org.feedbackrl.analysis.ScalarGradientAnalysis.Row;
import org.feedbackrl.analysis.ScalarTheory;
import org.feedbackrl.analysis.SystemGradientAnalysis;
import org.feedbackrl.gradient.ScalarExample.PolicyClass;
import org.feedbackrl.plot.Axes;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.LegendPosition;
import org.feedbackrl.plot.Marker;
import org.feedbackrl.plot.Style;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exploding-gradient analysis (paper §5–6, Theorem 1).",
                "'analyze scalar' measures, at θ = 0 with x0 ~ U[-1,1] and reward -x²/2 for t = 0…T, for the open-loop class",
                "(θ = ū_t) and the P-tracking class (θ = x̄_t, u = k(x̄_t − x_t)) at each horizon: the variance and the error",
                "of the model-based gradient estimate, the largest |eigenvalue| of the Hessian of J and the closed-loop growth",
                "factors α (real) and α̂ (model). Writes DIR/scalar.csv and DIR/scalar.png and prints the fitted growth rates",
                "next to the derived ones (docs/exploding-gradients.md).",
                "'analyze car|go1|pendulum' measures the same for the real tasks, with the embedded controller (feedback:",
                "tracking controller / LQR under the network) and without (no-feedback: the network outputs the inputs), at",
                "the initial θ. The 'real' system is a model with Jacobians that differs from the estimator's (car: the",
                "authors' reality vs eq. 11; pendulum: true vs half masses; go1: a unicycle with the Go1 stand-in's speed",
                "gain 0.9 vs eq. 12). Writes DIR/SYSTEM.csv and DIR/SYSTEM.png and prints exponential and polynomial fits."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "scalar (the running example), car, go1 or pendulum") String system;

    @Option(names = "--a", description = "scalar: real system coefficient a (x' = a x + b u)") Double a;
    @Option(names = "--b", description = "scalar: real input gain b") Double b;
    @Option(names = "--a-hat", description = "scalar: model coefficient â") Double aHat;
    @Option(names = "--b-hat", description = "scalar: model input gain b̂") Double bHat;
    @Option(names = "--gain", description = "scalar: tracking gain k (choose |a − b k| < 1)") Double gain;
    @Option(names = "--horizons", paramLabel = "T1,T2,…",
            description = {"comma-separated horizons [steps], each 1…" + ScalarGradientAnalysis.MAX_HORIZON + "; required for scalar;",
                    "default car 25…275 (one lap), go1 25…377 (one lap), pendulum 25…300 (3 s)"}) String horizons;
    @Option(names = "--samples", description = "rollouts N ≥ 2 per (class, horizon) (default scalar 2000, others 32)") Integer samples;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the initial states (and network init) (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--hidden", defaultValue = "64", description = "car/go1/pendulum: network width (default ${DEFAULT-VALUE}, as train)") int hidden;
    @Option(names = "--perturb", defaultValue = "0", description = {"car/go1/pendulum: set the network's output layer to σ × its Glorot draw",
            "so the network path matters (0 = the initial θ: network output 0) (default ${DEFAULT-VALUE})"}) double perturb;
    @Option(names = "--window", defaultValue = "1.0", description = "car/go1/pendulum: shortest window of α [s] (default ${DEFAULT-VALUE}; see check-stability --help)") double window;
    @Option(names = "--out", description = "output directory (default runs/analyze-SYSTEM)") Path out;

    static final String[] COLUMNS = {"policy", "horizon", "variance", "bias", "hessian_max_eig", "alpha", "alpha_model"};

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Path.of("runs", "analyze-" + system);
        switch (system) {
            case "scalar" -> { return scalar(dir); }
            case "car", "go1", "pendulum" -> { return realSystem(dir); }
            default -> throw new UserError("analyze: unknown system '" + system + "'; choose scalar, car, go1 or pendulum");
        }
    }

    private int scalar(Path dir) throws IOException {
        for (String[] o : new String[][] {{"--a", str(a)}, {"--b", str(b)}, {"--a-hat", str(aHat)}, {"--b-hat", str(bHat)}, {"--gain", str(gain)}, {"--horizons", horizons}}) {
            if (o[1] == null) throw new UserError("analyze scalar: " + o[0] + " is required (see 'feedbackrl analyze --help')");
        }
        Args.finite("--a", a); Args.finite("--b", b); Args.finite("--a-hat", aHat); Args.finite("--b-hat", bHat);
        Args.finite("--gain", gain);
        int n = samples != null ? samples : 2000;
        if (n < 2) throw new UserError("--samples must be at least 2 (a variance needs two samples), got " + n);
        if (n > 10_000_000) throw new UserError("--samples " + n + " is too large (at most 10,000,000)");
        int[] ts = parseHorizons(horizons);
        Params p = new Params(a, b, aHat, bHat, gain);
        List<Row> rows = ScalarGradientAnalysis.run(p, ts, n, seed);

        Csv csv = new Csv(COLUMNS);
        for (Row r : rows) {
            csv.row(ScalarGradientAnalysis.name(r.cls()), r.horizon(), r.variance(), r.bias(), r.hessianMaxEig(), r.alpha(), r.alphaModel());
        }
        Path csvPath = dir.resolve("scalar.csv"), pngPath = dir.resolve("scalar.png");
        csv.save(csvPath);
        plot(p, ts, rows).save(pngPath);
        summary(spec.commandLine().getOut(), p, ts, rows);
        spec.commandLine().getOut().println("wrote " + csvPath + " and " + pngPath);
        return 0;
    }

    private static String str(Double v) { return v == null ? null : v.toString(); }

    private int realSystem(Path dir) throws IOException {
        for (String[] o : new String[][] {{"--a", str(a)}, {"--b", str(b)}, {"--a-hat", str(aHat)}, {"--b-hat", str(bHat)}, {"--gain", str(gain)}}) {
            if (o[1] != null) throw new UserError("analyze " + system + ": " + o[0] + " is only for 'analyze scalar'");
        }
        int n = samples != null ? samples : 32;
        if (n < 2) throw new UserError("--samples must be at least 2 (a variance needs two samples), got " + n);
        if (n > 100_000) throw new UserError("--samples " + n + " is too large for " + system + " (at most 100,000)");
        if (hidden < 1 || hidden > 4096) throw new UserError("--hidden must be in 1..4096, got " + hidden);
        Args.finite("--perturb", perturb);
        if (perturb < 0) throw new UserError("--perturb must be ≥ 0, got " + perturb);
        Args.finite("--window", window);
        if (!(window > 0)) throw new UserError("--window must be > 0 seconds, got " + window);
        int[] ts = horizons != null ? parseHorizons(horizons) : SystemGradientAnalysis.defaultHorizons(system);
        SystemGradientAnalysis.Options o = new SystemGradientAnalysis.Options(n, seed, hidden, 4, 4, 12, window, perturb);
        long t0 = System.nanoTime();
        List<SystemGradientAnalysis.Row> rows = SystemGradientAnalysis.run(system, ts, o);
        double secs = (System.nanoTime() - t0) / 1e9;
        Csv csv = new Csv(COLUMNS);
        for (SystemGradientAnalysis.Row r : rows) {
            csv.row(r.policy(), r.horizon(), r.variance(), r.bias(), r.hessianMaxEig(), r.alpha(), r.alphaModel());
        }
        Path csvPath = dir.resolve(system + ".csv"), pngPath = dir.resolve(system + ".png"), readme = dir.resolve("README-" + system + ".txt");
        csv.save(csvPath);
        double dt = SystemGradientAnalysis.task(system, true, ts[0], o).model().dt();
        org.feedbackrl.analysis.SystemReport.plot(system, dt, ts, rows, o).save(pngPath);
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw);
        org.feedbackrl.analysis.SystemReport.summary(pw, system, dt, ts, rows, o);
        pw.flush();
        org.feedbackrl.io.AtomicFiles.write(readme, (sw + "command: feedbackrl analyze " + system + " --horizons "
                + joined(ts) + " --samples " + n + " --seed " + seed + " --hidden " + hidden + " --perturb " + perturb + " --window " + window
                + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        PrintWriter o2 = spec.commandLine().getOut();
        o2.print(sw);
        o2.printf("analysis took %.1f s; wrote %s, %s and %s%n", secs, csvPath, pngPath, readme);
        return 0;
    }

    private static String joined(int[] ts) {
        StringBuilder b = new StringBuilder();
        for (int t : ts) b.append(b.isEmpty() ? "" : ",").append(t);
        return b.toString();
    }

    /** Parses "10,20,30" into sorted, distinct horizons within range; one-line errors. */
    static int[] parseHorizons(String text) {
        String[] parts = text.split(",", -1);
        int[] ts = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            if (s.isEmpty()) throw new UserError("--horizons: entry " + (i + 1) + " is empty; give comma-separated integers like 10,20,40");
            try {
                ts[i] = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new UserError("--horizons: entry " + (i + 1) + " '" + s + "' is not an integer; give comma-separated integers like 10,20,40");
            }
            if (ts[i] < 1 || ts[i] > ScalarGradientAnalysis.MAX_HORIZON) {
                throw new UserError("--horizons: " + ts[i] + " is outside 1…" + ScalarGradientAnalysis.MAX_HORIZON);
            }
        }
        Arrays.sort(ts);
        for (int i = 1; i < ts.length; i++) {
            if (ts[i] == ts[i - 1]) throw new UserError("--horizons: " + ts[i] + " appears twice");
        }
        return ts;
    }

    static double[] column(List<Row> rows, PolicyClass cls, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().filter(r -> r.cls() == cls).mapToDouble(f).toArray();
    }

    /** Per-class growth rates: fitted (least squares of ln y vs T) and derived. */
    record Rates(double varFit, double varDerived, double biasFit, double biasDerived, double hessFit, double hessDerived) {}

    static Rates rates(Params p, PolicyClass cls, int[] ts, List<Row> rows) {
        double[] t = Arrays.stream(ts).asDoubleStream().toArray();
        ScalarTheory th = new ScalarTheory(p.a(), p.b(), p.aHat(), p.bHat(), p.k(), cls);
        return new Rates(GrowthFit.logSlope(t, column(rows, cls, Row::variance)), th.varianceRate(),
                GrowthFit.logSlope(t, column(rows, cls, Row::bias)), th.biasRate(),
                GrowthFit.logSlope(t, column(rows, cls, Row::hessianMaxEig)), th.hessianRate());
    }

    private static void summary(PrintWriter o, Params p, int[] ts, List<Row> rows) {
        o.printf("scalar example: real x' = %s x + %s u, model x' = %s x + %s u, gain k = %s; θ = 0, x0 ~ U[-1,1]%n",
                fmt(p.a()), fmt(p.b()), fmt(p.aHat()), fmt(p.bHat()), fmt(p.k()));
        o.println("growth rates are d ln(quantity)/dT per step: least-squares fit over the horizons vs derived (docs/exploding-gradients.md)");
        o.printf("%-10s %8s %8s | %9s %9s | %9s %9s | %9s %9s | %s%n", "policy", "alpha", "alpha^", "var fit", "derived",
                "bias fit", "derived", "hess fit", "derived", "var(T=" + ts[ts.length - 1] + ")/var(T=" + ts[0] + ")");
        for (PolicyClass cls : PolicyClass.values()) {
            Rates r = rates(p, cls, ts, rows);
            double[] v = column(rows, cls, Row::variance);
            double alpha = column(rows, cls, Row::alpha)[0], alphaM = column(rows, cls, Row::alphaModel)[0];
            o.printf("%-10s %8.4f %8.4f | %9.5f %9.5f | %9.5f %9.5f | %9.5f %9.5f | %.4g%n", ScalarGradientAnalysis.name(cls), alpha, alphaM,
                    z(r.varFit()), r.varDerived(), z(r.biasFit()), r.biasDerived(), z(r.hessFit()), r.hessDerived(), v[v.length - 1] / v[0]);
        }
        o.println("derived: variance 2 ln max(1,|ā|,|ā·âc|), bias ln max(1,|ā|,|ā·âc|,ā²), Hessian 2 ln max(1,|ā|); ā = a or a−bk, âc = â or â−b̂k");
        boolean overflow = rows.stream().anyMatch(r -> !Double.isFinite(r.variance()) || !Double.isFinite(r.bias()) || !Double.isFinite(r.hessianMaxEig()));
        if (overflow) o.println("note: some values overflowed double precision (inf/nan in the CSV); fits use the finite ones only");
    }

    private static Figure plot(Params p, int[] ts, List<Row> rows) {
        Figure fig = new Figure(1950, 680, 1, 3).title(String.format(
                "Scalar example: a = %s, b = %s, â = %s, b̂ = %s, k = %s (θ = 0, x₀ ~ U[−1, 1])",
                fmt(p.a()), fmt(p.b()), fmt(p.aHat()), fmt(p.bHat()), fmt(p.k())));
        double[] t = Arrays.stream(ts).asDoubleStream().toArray();
        Color[] colours = {Style.CYCLE[3], Style.CYCLE[0]};
        Marker[] markers = {Marker.CIRCLE, Marker.SQUARE};
        String[] titles = {"Variance of the estimate", "Error of the estimate", "Curvature of J"};
        String[] ylabels = {"mean ‖ĝ − mean ĝ‖² [1]", "mean ‖ĝ − ∇J‖ [1]", "largest |eigenvalue| of ∇²J [1]"};
        List<java.util.function.ToDoubleFunction<Row>> fs = new ArrayList<>(List.of(Row::variance, Row::bias, Row::hessianMaxEig));
        for (int panel = 0; panel < 3; panel++) {
            Axes ax = fig.axes(0, panel).title(titles[panel]).xlabel("horizon T [steps]").ylabel(ylabels[panel]).logY()
                    .legend(LegendPosition.UPPER_LEFT);
            for (PolicyClass cls : PolicyClass.values()) {
                int c = cls.ordinal();
                double[] y = column(rows, cls, fs.get(panel));
                Rates r = rates(p, cls, ts, rows);
                double rate = panel == 0 ? r.varDerived() : panel == 1 ? r.biasDerived() : r.hessDerived();
                double fit = panel == 0 ? r.varFit() : panel == 1 ? r.biasFit() : r.hessFit();
                String label = String.format("%s (fit %s/step)", ScalarGradientAnalysis.name(cls), rate3(fit));
                ax.line(t, y, label, Style.DEFAULT.withColor(colours[c]).withMarker(markers[c]));
                // the derived rate, drawn through the last finite point
                int last = y.length - 1;
                while (last >= 0 && !(Double.isFinite(y[last]) && y[last] > 0)) last--;
                if (last >= 0 && t.length > 1) {
                    double[] ref = new double[t.length];
                    for (int i = 0; i < t.length; i++) ref[i] = y[last] * Math.exp(rate * (t[i] - t[last]));
                    ax.line(t, ref, String.format("derived rate %s: %s/step", ScalarGradientAnalysis.name(cls), rate3(rate)),
                            Style.DEFAULT.withColor(colours[c]).dashed().withWidth(1.6f).withAlpha(0.8f));
                }
            }
        }
        return fig;
    }

    /** Rounds fits that are zero to printing precision to +0 (no "−0.00000" in the table). */
    private static double z(double v) { return Math.abs(v) < 5e-6 ? 0.0 : v; }

    /** Three decimals without a "−0.000". */
    private static String rate3(double v) {
        String s = String.format("%.3f", v);
        return s.equals("-0.000") ? "0.000" : s;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
