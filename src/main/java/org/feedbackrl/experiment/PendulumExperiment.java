package org.feedbackrl.experiment;

import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.feedbackrl.model.DoublePendulum;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.Style;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Trainer;
import org.feedbackrl.train.TrainingTask;

/**
 * The paper's Fig. 2: the feedback policy class (LQR designed on the model + network corrections)
 * against the no-feedback class (gravity compensation + network torques) on the double pendulum,
 * (a) with the model as the real system and (b) with the true masses while the estimator uses the
 * 50%-mass model. Batch 5; a learning-rate sweep; each class is reported at its best rate (highest
 * mean reward over the last 10 iterations, averaged over seeds).
 */
public final class PendulumExperiment {
    /**
     * @param lrs           learning rates swept
     * @param seeds         seeds per configuration
     * @param keepRollouts  record every run's rollouts (60 runs × 505 rollouts ≈ 2 GB); by default the
     *                      simulated rollouts are not written (metrics and checkpoints are)
     */
    public record Settings(int iterations, int batch, double[] lrs, long[] seeds, Path out, int threads, boolean keepRollouts, String realPlant) {
        /** The paper's setting: the true-mass analytic pendulum as the real system. */
        public Settings(int iterations, int batch, double[] lrs, long[] seeds, Path out, int threads, boolean keepRollouts) {
            this(iterations, batch, lrs, seeds, out, threads, keepRollouts, "true");
        }

        /**
         * The two panels: (a) without mass mismatch, (b) with the 50 %-mass model (the Fig. 2b claim).
         * Paper setting ({@code realPlant} "true"): (a) runs the model itself, (b) the true masses. On
         * MuJoCo ("mujoco" or "mujoco:FILE"): both run on MuJoCo, (a) with the full-mass analytic model
         * as the estimator's, (b) with the 50 %-mass one.
         */
        List<Panel> panels() {
            return org.feedbackrl.mujoco.MujocoPlants.isMujoco(realPlant)
                    ? List.of(new Panel("mujoco-full", realPlant, "full", "(a) MuJoCo; model with the true masses"),
                              new Panel("mujoco-half", realPlant, "half", "(b) MuJoCo; model with 50% masses"))
                    : List.of(new Panel("model", "model", "default", "(a) real system = the model (no mismatch)"),
                              new Panel("true", "true", "default", "(b) real system has the true masses, model has 50%"));
        }
    }

    /** One panel of Fig. 2: a key (the "plant" column of the CSVs), the real system, the estimator's model, a title. */
    record Panel(String key, String plant, String model, String title) {}

    /** One training run's reward curve. */
    public record Run(String plant, boolean feedback, double lr, long seed, double[] rewards, double[] theta) {
        double tail() {
            double s = 0;
            int k = Math.min(10, rewards.length);
            for (int i = rewards.length - k; i < rewards.length; i++) s += rewards[i] / k;
            return s;
        }
    }

    private PendulumExperiment() {}

    static TrainConfig config(Settings s, String plant, boolean feedback, double lr, long seed) {
        Panel p = s.panels().stream().filter(x -> x.key().equals(plant)).findFirst().orElseThrow();
        String dir = String.format(Locale.ROOT, "%s-%s-lr%s-seed%d", plant, feedback ? "feedback" : "no-feedback", lr, seed);
        // Without --keep-rollouts the simulated rollouts are not written at all (they used to be written
        // durably and deleted after each run: 505 files per run for nothing).
        return new TrainConfig("pendulum", p.plant(), s.iterations(), s.batch(), lr, "adam", 0, seed, !feedback, s.out().resolve("runs").resolve(dir), false, 0, 64, p.model())
                .withRecord(s.keepRollouts());
    }

    static String second(Settings s) { return s.panels().get(1).key(); }

    public static List<Run> run(Settings s, PrintWriter log) throws Exception {
        Files.createDirectories(s.out());
        List<Future<Run>> fs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, s.threads()));
        List<Run> runs = new ArrayList<>();
        try {
            for (String plant : s.panels().stream().map(Panel::key).toList())
                for (boolean fb : new boolean[] {true, false})
                    for (double lr : s.lrs())
                        for (long seed : s.seeds()) {
                            fs.add(pool.submit(() -> {
                                TrainConfig c = config(s, plant, fb, lr, seed);
                                TrainingTask task = Tasks.create(c);
                                Trainer.Result r;
                                try {
                                    r = Trainer.run(c, task, (k, K, rw, e, g, d) -> {});
                                } finally {
                                    task.plant().close();
                                }
                                double[] rewards = r.rows().stream().mapToDouble(row -> Double.parseDouble(row.split(",")[1])).toArray();
                                return new Run(plant, fb, lr, seed, rewards, r.theta());
                            }));
                        }
            int done = 0;
            for (Future<Run> f : fs) {
                runs.add(f.get());
                done++;
                if (done % 10 == 0 || done == fs.size()) {
                    log.printf("  %d/%d training runs done%n", done, fs.size());
                    log.flush();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        write(s, runs, log);
        return runs;
    }

    static String key(String plant, boolean fb) { return plant + "/" + (fb ? "feedback" : "no-feedback"); }

    /** Best learning rate per (plant, class): highest mean over seeds of the last-10-iteration reward. */
    static Map<String, Double> bestRates(Settings s, List<Run> runs) {
        Map<String, Double> best = new LinkedHashMap<>();
        Map<String, Double> score = new LinkedHashMap<>();
        for (String plant : s.panels().stream().map(Panel::key).toList())
            for (boolean fb : new boolean[] {true, false})
                for (double lr : s.lrs()) {
                    double m = runs.stream().filter(r -> r.plant().equals(plant) && r.feedback() == fb && r.lr() == lr).mapToDouble(Run::tail).average().orElse(Double.NEGATIVE_INFINITY);
                    String k = key(plant, fb);
                    if (!score.containsKey(k) || m > score.get(k)) {
                        score.put(k, m);
                        best.put(k, lr);
                    }
                }
        return best;
    }

    static void write(Settings s, List<Run> runs, PrintWriter out) throws Exception {
        Csv sweep = new Csv("plant", "policy", "lr", "seed", "initial_reward", "final_reward", "last10_mean_reward");
        for (Run r : runs) sweep.row(r.plant(), r.feedback() ? "feedback" : "no-feedback", r.lr(), r.seed(), r.rewards()[0], r.rewards()[r.rewards().length - 1], r.tail());
        sweep.save(s.out().resolve("sweep.csv"));
        Map<String, Double> best = bestRates(s, runs);
        out.printf("%nlearning-rate sweep %s, %d seeds, batch %d, %d iterations; each class at its best rate:%n",
                java.util.Arrays.toString(s.lrs()), s.seeds().length, s.batch(), s.iterations());
        out.printf("%-26s %-12s %8s %16s %16s %14s%n", org.feedbackrl.mujoco.MujocoPlants.isMujoco(s.realPlant()) ? "plant, estimator's model" : "plant (estimator: 50% mass)", "policy", "best lr", "final reward", "min..max seeds", "final dist [m]");
        Figure fig = new Figure(1400, 600, 1, 2).title((org.feedbackrl.mujoco.MujocoPlants.isMujoco(s.realPlant()) ? "Double pendulum on MuJoCo" : "Double pendulum") + " (Fig. 2): mean reward per rollout, each class at its best learning rate, band = min-max over " + s.seeds().length + " seeds");
        Csv curves = new Csv("plant", "policy", "lr", "seed", "iteration", "mean_reward");
        int col = 0;
        for (Panel panel : s.panels()) {
            String plant = panel.key();
            var ax = fig.axes(0, col++).title(panel.title())
                    .xlabel("iteration").ylabel("mean reward per rollout [-]");
            for (boolean fb : new boolean[] {true, false}) {
                double lr = best.get(key(plant, fb));
                List<Run> sel = runs.stream().filter(r -> r.plant().equals(plant) && r.feedback() == fb && r.lr() == lr).toList();
                int K = sel.get(0).rewards().length;
                double[] it = new double[K], mean = new double[K], lo = new double[K], hi = new double[K];
                for (int k = 0; k < K; k++) {
                    it[k] = k;
                    lo[k] = Double.POSITIVE_INFINITY;
                    hi[k] = Double.NEGATIVE_INFINITY;
                    for (Run r : sel) {
                        mean[k] += r.rewards()[k] / sel.size();
                        lo[k] = Math.min(lo[k], r.rewards()[k]);
                        hi[k] = Math.max(hi[k], r.rewards()[k]);
                    }
                }
                for (Run r : sel) for (int k = 0; k < K; k++) curves.row(plant, fb ? "feedback" : "no-feedback", lr, r.seed(), k, r.rewards()[k]);
                String label = (fb ? "feedback (LQR + network)" : "no feedback (network torques)") + ", lr " + lr;
                Style st = Style.DEFAULT.withColor(fb ? Style.CYCLE[0] : Style.CYCLE[1]);
                ax.band(it, lo, hi, label, st).line(it, mean, label, st);
                double dist = finalDistance(s, sel);
                out.printf(Locale.ROOT, "%-26s %-12s %8s %16.4f %7.3f..%-8.3f %14.4f%n", switch (plant) {
                            case "model" -> "model (no mismatch)";
                            case "true" -> "true masses (mismatch)";
                            case "mujoco-full" -> "MuJoCo, full-mass model";
                            default -> "MuJoCo, 50%-mass model";
                        },
                        fb ? "feedback" : "no-feedback", lr, mean[K - 1], lo[K - 1], hi[K - 1], dist);
            }
        }
        curves.save(s.out().resolve("curves.csv"));
        fig.save(s.out().resolve("training.png"));
        // Fig. 2b claim: with the 50%-mass model the feedback class ends higher in every seed.
        String mm = second(s);
        double bf = best.get(key(mm, true)), bn = best.get(key(mm, false));
        int wins = 0;
        for (long seed : s.seeds()) {
            double f = runs.stream().filter(r -> r.plant().equals(mm) && r.feedback() && r.lr() == bf && r.seed() == seed).findFirst().orElseThrow().tail();
            double n = runs.stream().filter(r -> r.plant().equals(mm) && !r.feedback() && r.lr() == bn && r.seed() == seed).findFirst().orElseThrow().tail();
            if (f > n) wins++;
        }
        out.printf("with the 50%%-mass model%s the feedback class ends with the higher reward in %d of %d seeds%n",
                org.feedbackrl.mujoco.MujocoPlants.isMujoco(s.realPlant()) ? " on MuJoCo" : "", wins, s.seeds().length);
        trajectoryPlot(s, runs, best).save(s.out().resolve("trajectory.png"));
        out.println("wrote " + s.out().resolve("sweep.csv") + ", curves.csv, training.png, trajectory.png; every run in runs/");
        out.flush();
    }

    /** Mean end-effector distance to the target over an evaluation rollout, averaged over the runs' seeds. */
    static double finalDistance(Settings s, List<Run> sel) {
        double sum = 0;
        for (Run r : sel) sum += evaluate(s, r).trackingError() / sel.size();
        return sum;
    }

    static Evaluation.Result evaluate(Settings s, Run r) {
        TrainingTask t = Tasks.create(config(s, r.plant(), r.feedback(), r.lr(), r.seed()));
        if (r.theta() != null) System.arraycopy(r.theta(), 0, t.policy().params(), 0, r.theta().length);
        double[] x0 = {Math.PI + 0.08, -0.08, 0.05, -0.05};
        try {
            return Evaluation.run(t, x0, t.horizon(), 0);
        } finally {
            t.plant().close();
        }
    }

    /** End-effector paths before and after training on the true system (seed of the first run), target marked. */
    static Figure trajectoryPlot(Settings s, List<Run> runs, Map<String, Double> best) {
        String mm = second(s);
        Figure fig = new Figure(1400, 650, 1, 2).title(org.feedbackrl.mujoco.MujocoPlants.isMujoco(s.realPlant())
                ? "Double pendulum on MuJoCo, 50%-mass model: end-effector path over 3 s from a perturbed upright start"
                : "Double pendulum with the true masses: end-effector path over 3 s from a perturbed upright start");
        DoublePendulum kin = DoublePendulum.trueSystem();
        int col = 0;
        for (boolean fb : new boolean[] {true, false}) {
            double lr = best.get(key(mm, fb));
            Run r = runs.stream().filter(x -> x.plant().equals(mm) && x.feedback() == fb && x.lr() == lr).findFirst().orElseThrow();
            Run initial = new Run(r.plant(), fb, lr, r.seed(), r.rewards(), null);
            var ax = fig.axes(0, col++).title(fb ? "feedback class (LQR + network)" : "no-feedback class (gravity comp. + network)")
                    .xlabel("x [m]").ylabel("y [m]").equalAspect();
            for (Run which : new Run[] {initial, r}) {
                Evaluation.Result e = evaluate(s, which);
                int T = e.rollout().horizon;
                double[] ex = new double[T + 1], ey = new double[T + 1], p = new double[2], x = new double[4];
                for (int t = 0; t <= T; t++) {
                    e.rollout().state(t, x);
                    kin.endEffector(x, p);
                    ex[t] = p[0];
                    ey[t] = p[1];
                }
                ax.line(ex, ey, which.theta() == null ? "before training" : "after training",
                        Style.DEFAULT.withColor(which.theta() == null ? Color.GRAY : Style.CYCLE[fb ? 0 : 1]));
            }
            ax.scatter(new double[] {Tasks.PENDULUM_TARGET_X}, new double[] {Tasks.PENDULUM_TARGET_Y}, "target", Style.POINTS.withColor(Color.RED));
        }
        return fig;
    }
}
