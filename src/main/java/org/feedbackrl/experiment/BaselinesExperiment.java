package org.feedbackrl.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.feedbackrl.baseline.BaselineRun;
import org.feedbackrl.baseline.ConfigText;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.LegendPosition;
import org.feedbackrl.plot.Style;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Trainer;
import org.feedbackrl.train.TrainingTask;

/**
 * The paper's Fig. 3 (left): PPO, SAC and MBPO against feedback-rl on the high-fidelity car
 * simulator, every method "optimizing over the feedback control architecture" — the baselines act
 * through {@link org.feedbackrl.baseline.CarFigureEightEnv} (the outputs of the figure-8 policy
 * class's network), feedback-rl is Algorithm 1 as {@code experiment car} runs it.
 *
 * <p>Every policy is evaluated the same way: two laps from the start of the reference, its mean
 * distance to the path (the tracking error) against the minutes of simulated driving its training
 * consumed. The baselines are evaluated at roughly log-spaced amounts of data and at the budget;
 * feedback-rl after each of its 12 iterations (θ_{k+1} after k + 1 rollouts of 11 s). Writes
 * curves.csv, summary.csv and baselines.png, and prints per method the data it needed to reach
 * feedback-rl's final error (the median over seeds), or "not within M minutes".
 */
public final class BaselinesExperiment {
    /** Default data budget per run [min]; see the README section for why it is this value. */
    public static final double DEFAULT_BUDGET_MINUTES = 10;
    /** feedback-rl iterations, as {@code experiment car}. */
    static final int FEEDBACK_ITERATIONS = 12;
    static final String FEEDBACK = "feedback-rl";

    /**
     * @param methods       baselines to run (ppo, sac, mbpo); feedback-rl always runs
     * @param seeds         one run per method and seed
     * @param budgetMinutes simulated minutes of data per baseline run (&gt; 0)
     * @param out           output directory
     * @param threads       runs in parallel
     * @param resume        reuse the finished runs in out
     * @param configs       the baselines' hyperparameters ({@code BaselineRun.Configs.defaults("car")}, or
     *                      those with the {@code --set} overrides); written to settings.txt
     */
    public record Settings(List<String> methods, long[] seeds, double budgetMinutes, Path out, int threads, boolean resume,
                           BaselineRun.Configs configs) {}

    private BaselinesExperiment() {}

    static String settingsText(Settings s) {
        BaselineRun.Configs cfg = s.configs();
        return "experiment baselines (car figure-8, CarSimulator)\n"
                + "budget_minutes=" + s.budgetMinutes() + "\n"
                + "feedback-rl: train car --plant sim, " + FEEDBACK_ITERATIONS + " iterations, batch 1, lr 0.005, adam\n"
                + "ppo: " + ConfigText.describe(cfg.ppo()) + "\n"
                + "sac: " + ConfigText.describe(cfg.sac()) + "\n"
                + "mbpo: " + ConfigText.describe(cfg.mbpo()) + "\n";
    }

    public static void run(Settings s, PrintWriter log) throws Exception {
        Path dir = s.out();
        BaselineRuns.prepare(dir, settingsText(s), s.resume());
        double budget = s.budgetMinutes() * 60;
        double episode = 11.0;
        double[] thresholds = BaselineRun.logSchedule(episode, budget);
        BaselineRun.Configs cfg = s.configs();
        List<BaselineRuns.Job> jobs = new ArrayList<>();
        for (long seed : s.seeds()) {
            Path runDir = dir.resolve("runs").resolve(FEEDBACK + "-seed" + seed);
            jobs.add(new BaselineRuns.Job(FEEDBACK, seed, FEEDBACK_ITERATIONS * episode, p -> feedbackRl(seed, runDir, p)));
        }
        for (String m : s.methods()) {
            for (long seed : s.seeds()) {
                jobs.add(new BaselineRuns.Job(m, seed, budget, p -> BaselineRun.run(m, "car", seed, cfg, budget, thresholds, p)));
            }
        }
        log.printf(Locale.ROOT, "baselines on the car figure-8: %s and feedback-rl, seeds %s, %s min of simulated data per baseline run, %d parallel run(s) -> %s%n",
                String.join(", ", s.methods()), java.util.Arrays.toString(s.seeds()), minutes(s.budgetMinutes()), s.threads(), dir);
        log.flush();
        long t0 = System.nanoTime();
        List<BaselineRuns.Curve> curves = BaselineRuns.execute(dir, jobs, s.threads(), log, new BaselineRuns.Formatter() {
            @Override
            public String progress(BaselineRuns.Job j, BaselineRun.Point p) {
                String eta = BaselineRuns.etaText(BaselineRuns.eta(j, p));
                return String.format(Locale.ROOT, "  %-11s seed %d: %6.2f/%s min  tracking %.3f m  return %9.2f  (%4.0f s, %s)",
                        j.method(), j.seed(), p.dataSeconds() / 60, minutes(j.budgetSeconds() / 60), p.trackingError(), p.ret(), p.wallSeconds(), eta);
            }

            @Override
            public int cost(String method) {
                return switch (method) { case "mbpo" -> 0; case "sac" -> 1; case "ppo" -> 2; default -> 3; };
            }
        });
        log.printf(Locale.ROOT, "all runs finished (%.0f s in this session)%n", (System.nanoTime() - t0) / 1e9);
        write(s, curves, nominalError(), log);
    }

    /** feedback-rl (Algorithm 1, {@code experiment car}'s settings) with its policy evaluated after every update. */
    static List<BaselineRun.Point> feedbackRl(long seed, Path runDir, BaselineRun.Progress progress) throws IOException {
        deleteTree(runDir);                      // a run interrupted earlier: start it again (it is deterministic)
        TrainConfig c = new TrainConfig("car", "sim", FEEDBACK_ITERATIONS, 1, 5e-3, "adam", 0, seed, false, runDir, false, 0, 64);
        TrainingTask task = Tasks.create(c), eval = Tasks.create(c);
        double[] start = {0, 0, new FigureEight(5.5).speed(), -Math.PI / 2};
        int evalSteps = (int) Math.round(2 * 5.5 / eval.plant().dt());
        long t0 = System.nanoTime();
        List<BaselineRun.Point> pts = new ArrayList<>();
        Trainer.run(c, task, new Trainer.Progress() {
            @Override
            public void iteration(int k, int total, double meanReward, double trackingError, double gradNorm, double dataSeconds) {
                if (k >= total) return;                 // the last row only measures θ_K; no update follows it
                // θ_{k+1} is in the task's policy now; it was computed from the rollouts of iterations 0 … k.
                System.arraycopy(task.policy().params(), 0, eval.policy().params(), 0, task.policy().params().length);
                Evaluation.Result r = Evaluation.run(eval, start, evalSteps, seed);
                BaselineRun.Point p = new BaselineRun.Point(k + 1, dataSeconds, r.trackingError(), r.reward(), (System.nanoTime() - t0) / 1e9);
                pts.add(p);
                progress.point(p);
            }
        });
        return pts;
    }

    /** The nominal controller's tracking error on the evaluation laps (network output 0). */
    static double nominalError() {
        TrainConfig c = new TrainConfig("car", "sim", 1, 1, 5e-3, "adam", 0, 1, false, Path.of("unused"), false, 0, 64);
        TrainingTask t = Tasks.create(c);
        return Evaluation.run(t, new double[] {0, 0, new FigureEight(5.5).speed(), -Math.PI / 2}, (int) Math.round(11 / t.plant().dt()), 1).trackingError();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> w = Files.walk(p)) {
            for (Path q : w.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** Minutes of data at the first evaluation whose error is ≤ target, or +∞. */
    static double minutesToReach(BaselineRuns.Curve c, double target) {
        for (BaselineRun.Point p : c.points()) if (p.trackingError() <= target) return p.dataSeconds() / 60;
        return Double.POSITIVE_INFINITY;
    }

    /** Writes curves.csv, summary.csv and baselines.png and prints the table. */
    static void write(Settings s, List<BaselineRuns.Curve> curves, double nominal, PrintWriter out) throws IOException {
        Path dir = s.out();
        BaselineRuns.writeCurves(dir.resolve("curves.csv"), curves);
        List<String> methods = new ArrayList<>();
        methods.add(FEEDBACK);
        methods.addAll(s.methods());
        List<BaselineRuns.Curve> fb = of(curves, FEEDBACK);
        double target = BaselineRuns.median(fb.stream().mapToDouble(c -> last(c).trackingError()).toArray());
        double fbMinutes = BaselineRuns.median(fb.stream().mapToDouble(c -> last(c).dataSeconds() / 60).toArray());
        out.printf(Locale.ROOT, "%nFig. 3 on the car simulator: tracking error = mean distance to the path over two laps from the start,%n"
                + "against minutes of simulated driving used for training (%d seeds; median, [min, max] over seeds).%n"
                + "nominal controller: %.3f m;  feedback-rl after %.2f min: %.3f m  <- the target%n%n", s.seeds().length, nominal, fbMinutes, target);
        out.printf(Locale.ROOT, "%-12s %-36s %s%n", "method", "final tracking error", "minutes of data to reach " + String.format(Locale.ROOT, "%.3f m", target));
        Csv summary = new Csv("method", "seeds", "budget_minutes", "final_error_median_m", "final_error_min_m", "final_error_max_m",
                "seeds_reaching_target", "median_minutes_to_target", "target_m", "nominal_m");
        for (String m : methods) {
            List<BaselineRuns.Curve> cs = of(curves, m);
            double[] fin = cs.stream().mapToDouble(c -> last(c).trackingError()).toArray();
            double[] reach = cs.stream().mapToDouble(c -> minutesToReach(c, target)).toArray();
            double budgetMin = m.equals(FEEDBACK) ? fbMinutes : s.budgetMinutes();
            long hit = java.util.Arrays.stream(reach).filter(Double::isFinite).count();
            double med = BaselineRuns.median(reach);
            String finText = String.format(Locale.ROOT, "%.3f m [%.3f, %.3f] at %.3g min", BaselineRuns.median(fin),
                    java.util.Arrays.stream(fin).min().orElse(Double.NaN), java.util.Arrays.stream(fin).max().orElse(Double.NaN), budgetMin);
            StringBuilder per = new StringBuilder();
            for (double r : reach) per.append(per.isEmpty() ? "" : ", ").append(Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-");
            String reachText = Double.isFinite(med)
                    ? String.format(Locale.ROOT, "%.2f min (%d/%d seeds: %s)", med, hit, cs.size(), per)
                    : String.format(Locale.ROOT, "not within %s minutes (%d/%d seeds reached it: %s)", minutes(budgetMin), hit, cs.size(), per);
            out.printf(Locale.ROOT, "%-12s %-36s %s%n", m, finText, reachText);
            summary.row(m, cs.size(), budgetMin, BaselineRuns.median(fin), java.util.Arrays.stream(fin).min().orElse(Double.NaN),
                    java.util.Arrays.stream(fin).max().orElse(Double.NaN), hit, med, target, nominal);
        }
        summary.save(dir.resolve("summary.csv"));
        plot(s, curves, methods, nominal, target).save(dir.resolve("baselines.png"));
        out.println("\nwrote " + dir.resolve("curves.csv") + ", summary.csv, baselines.png and per-run files in runs/");
        out.flush();
    }

    /** A number of minutes with at most 4 significant digits and no trailing zeros (30, 2.2, 0.25). */
    static String minutes(double m) {
        return new java.math.BigDecimal(m).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The method's name, with the hyperparameters that differ from its defaults ({@code --set}): "ppo (n-steps=256)". */
    static String label(BaselineRun.Configs cfg, String method) {
        if (!BaselineRun.METHODS.contains(method)) return method;              // feedback-rl
        java.util.Map<String, String> a = ConfigText.values(cfg.of(method)), b = ConfigText.values(BaselineRun.Configs.defaults("car").of(method));
        StringBuilder diff = new StringBuilder();
        for (var e : a.entrySet()) {
            if (!e.getValue().equals(b.get(e.getKey()))) diff.append(diff.isEmpty() ? "" : ", ").append(ConfigText.kebab(e.getKey())).append('=').append(e.getValue());
        }
        return diff.isEmpty() ? method : method + " (" + diff + ")";
    }

    static List<BaselineRuns.Curve> of(List<BaselineRuns.Curve> all, String method) {
        return all.stream().filter(c -> c.method().equals(method)).toList();
    }

    static BaselineRun.Point last(BaselineRuns.Curve c) {
        return c.points().get(c.points().size() - 1);
    }

    static Figure plot(Settings s, List<BaselineRuns.Curve> curves, List<String> methods, double nominal, double target) {
        Figure fig = new Figure(1400, 620, 1, 2).title("Fig. 3 on the car simulator: every method optimises over the feedback architecture ("
                + s.seeds().length + " seeds: median, band = min-max)");
        var err = fig.axes(0, 0).title("Tracking error of the trained policy (two laps from the start)")
                .xlabel("simulated driving used for training [min]").ylabel("mean distance to the path [m]").logX().logY()
                .legend(LegendPosition.LOWER_LEFT);      // under feedback-rl's first evaluations, left of where long runs end
        var ret = fig.axes(0, 1).title("Return of the same evaluation (sum of the task reward)")
                .xlabel("simulated driving used for training [min]").ylabel("return [-]").logX().legend(LegendPosition.LOWER_LEFT);
        err.hline(nominal, String.format(Locale.ROOT, "nominal controller (%.3f m)", nominal), Style.DEFAULT.withColor(Color.GRAY).dashed());
        err.hline(target, String.format(Locale.ROOT, "feedback-rl final (%.3f m)", target), Style.DEFAULT.withColor(Color.BLACK).dotted());
        int ci = 0;
        double lowest = 0.025;                   // y from 0.025 m (room for the legend), lower if a curve gets there
        for (String m : methods) {
            List<BaselineRuns.Curve> cs = of(curves, m);
            if (cs.isEmpty()) continue;
            Style st = Style.DEFAULT.withColor(Style.CYCLE[ci++ % Style.CYCLE.length]);
            double[][] e = BaselineRuns.band(cs, BaselineRun.Point::trackingError, p -> p.dataSeconds() / 60);
            String label = label(s.configs(), m);
            err.band(e[0], e[2], e[3], label, st).line(e[0], e[1], label, st);
            for (double v : e[2]) if (v > 0) lowest = Math.min(lowest, v / 1.25);
            double[][] r = BaselineRuns.band(cs, BaselineRun.Point::ret, p -> p.dataSeconds() / 60);
            ret.band(r[0], r[2], r[3], label, st).line(r[0], r[1], label, st);
        }
        err.ylim(lowest, 0.5);
        return fig;
    }
}
