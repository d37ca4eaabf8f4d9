package org.feedbackrl.experiment;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;

/**
 * The authors' mismatch study: the car trains on their "reality" (v̇ = 11.25u₁ − 0.55v²,
 * φ̇ = (6.5u₂ + 0.1)v) while the estimator differentiates that model with its parameters scaled by
 * S = 1, 0.75, 0.5, 0.25.
 */
public final class MismatchExperiment {
    public record Settings(double[] scales, int iterations, long[] seeds, Path out, int threads) {}

    private MismatchExperiment() {}

    public static void run(Settings s, PrintWriter log) throws Exception {
        Files.createDirectories(s.out());
        Csv csv = new Csv("model_scale", "seed", "tracking_before_m", "tracking_after_m", "ratio", "data_minutes");
        Figure fig = new Figure(1300, 700).title("Car on the authors' reality; the estimator's model is it scaled by S (" + s.seeds().length + " seeds, band = min-max)");
        var ax = fig.axes(0, 0).xlabel("data used [min of simulated driving]").ylabel("mean distance to the path [m]");
        List<String> table = new ArrayList<>();
        // Every (scale, seed) run on one pool, so both cores stay busy to the end.
        List<FigureEightExperiment.Settings> settings = new ArrayList<>();
        for (double scale : s.scales()) {
            settings.add(new FigureEightExperiment.Settings("car", "authors", "authors:" + scale, s.iterations(), 1, 5e-3,
                    s.seeds(), s.out().resolve(String.format(Locale.ROOT, "scale-%s", scale)), s.threads()));
        }
        List<List<FigureEightExperiment.SeedResult>> all = FigureEightExperiment.train(settings, s.threads(), new PrintWriter(PrintWriter.nullWriter()));
        for (int si = 0; si < settings.size(); si++) {
            double scale = s.scales()[si];
            FigureEightExperiment.Settings fs = settings.get(si);
            List<FigureEightExperiment.SeedResult> res = all.get(si);
            FigureEightExperiment.write(fs, res, new PrintWriter(PrintWriter.nullWriter()));
            int rows = res.get(0).rows().size();
            double[] minutes = new double[rows], mean = new double[rows], lo = new double[rows], hi = new double[rows];
            for (int k = 0; k < rows; k++) {
                lo[k] = Double.POSITIVE_INFINITY;
                hi[k] = Double.NEGATIVE_INFINITY;
                for (var r : res) {
                    String[] f = r.rows().get(k).split(",");
                    double e = Double.parseDouble(f[2]);
                    minutes[k] = Double.parseDouble(f[4]) / 60;
                    mean[k] += e / res.size();
                    lo[k] = Math.min(lo[k], e);
                    hi[k] = Math.max(hi[k], e);
                }
            }
            String label = String.format(Locale.ROOT, "S = %s", scale);
            ax.band(minutes, lo, hi, label).line(minutes, mean, label);
            double b = 0, a = 0;
            for (var r : res) {
                csv.row(scale, r.seed(), r.before().trackingError(), r.after().trackingError(), r.after().trackingError() / r.before().trackingError(), r.dataMinutes());
                b += r.before().trackingError() / res.size();
                a += r.after().trackingError() / res.size();
            }
            table.add(String.format(Locale.ROOT, "%-8s %14.3f m %14.3f m %8.2f", scale, b, a, a / b));
            log.printf(Locale.ROOT, "  S = %s done%n", scale);
            log.flush();
        }
        log.printf("%n%-8s %16s %16s %8s%n", "scale S", "track before", "track after", "ratio");
        for (String l : table) log.println(l);
        csv.save(s.out().resolve("summary.csv"));
        fig.save(s.out().resolve("training.png"));
        log.println("wrote " + s.out().resolve("summary.csv") + " and training.png");
        log.flush();
    }
}
