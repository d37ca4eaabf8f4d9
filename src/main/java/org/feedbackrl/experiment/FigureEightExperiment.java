package org.feedbackrl.experiment;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.Style;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Trainer;
import org.feedbackrl.train.TrainingTask;

/**
 * Figure-8 training on a stand-in for the real robot (the car or the Go1), before/after: the paper's
 * Fig. 1 (car) and Fig. 3 right (Go1). Each seed trains from the nominal controller; the policy
 * before and after training is then driven for two laps from the reference's start.
 */
public final class FigureEightExperiment {
    /**
     * @param system     car or go1
     * @param plant      sim, authors, model
     * @param model      "default" or the car's "authors:S"
     * @param iterations updates per seed
     * @param batch      rollouts per update
     * @param lr         Adam step size
     * @param seeds      one training run per seed
     * @param out        output directory
     * @param threads    seeds trained in parallel
     */
    public record Settings(String system, String plant, String model, int iterations, int batch, double lr, long[] seeds, Path out, int threads) {}

    /** One seed's training rows and evaluations. */
    public record SeedResult(long seed, List<String> rows, Evaluation.Result before, Evaluation.Result after) {
        double dataMinutes() { return Double.parseDouble(rows.get(rows.size() - 1).split(",")[4]) / 60.0; }
    }

    private FigureEightExperiment() {}

    static TrainConfig config(Settings s, long seed) {
        // Seeds run in parallel on s.threads(); what is left over goes to the rollouts of a batch.
        int lanes = Math.max(1, s.threads() / Math.max(1, Math.min(s.threads(), s.seeds().length)));
        return new TrainConfig(s.system(), s.plant(), s.iterations(), s.batch(), s.lr(), "adam", 0, seed, false,
                s.out().resolve("seed-" + seed), false, 0, 64, s.model(), lanes, true);
    }

    /** Start of the evaluation laps: exactly on the reference at τ = 0. */
    static double[] start(TrainingTask task, double speed) {
        return task.model().stateDim() == 4 ? new double[] {0, 0, speed, -Math.PI / 2} : new double[] {0, 0, -Math.PI / 2};
    }

    /** The policy of seed's task at θ (null: as initialised) driven for two laps from the start (the paper's Fig. 1). */
    static Evaluation.Result evaluate(Settings s, long seed, double[] theta) {
        TrainingTask task = Tasks.create(config(s, seed));
        try {   // plants may hold native memory (MuJoCo): close each when done
            if (theta != null) System.arraycopy(theta, 0, task.policy().params(), 0, theta.length);
            double lap = s.system().equals("car") ? 5.5 : 37.7;
            double speed = new FigureEight(lap).speed();
            int evalSteps = (int) Math.round(2 * lap / task.plant().dt());   // two laps, as in the paper's Fig. 1
            return Evaluation.run(task, start(task, speed), evalSteps, seed);
        } finally {
            task.plant().close();
        }
    }

    /** One seed's training and its evaluation after training. */
    record Trained(Trainer.Result run, Evaluation.Result after) {}

    static Trained trainSeed(Settings s, long seed, Trainer.Progress progress) throws IOException {
        TrainConfig c = config(s, seed);
        TrainingTask training = Tasks.create(c);
        Trainer.Result r;
        try {
            r = Trainer.run(c, training, progress);
        } finally {
            training.plant().close();
        }
        return new Trained(r, evaluate(s, seed, r.theta()));
    }

    /**
     * Trains one seed; the progress receives the trainer's per-iteration reports. With
     * {@code s.threads()} &gt; 1 the evaluation before training and the plotting stack's start-up
     * ({@link #warmUpPlots}) run on a second thread meanwhile.
     */
    public static SeedResult runSeed(Settings s, long seed, Trainer.Progress progress) throws Exception {
        if (s.threads() < 2) {
            Evaluation.Result b = evaluate(s, seed, null);
            Trained t = trainSeed(s, seed, progress);
            return new SeedResult(seed, t.run().rows(), b, t.after());
        }
        ExecutorService side = Executors.newSingleThreadExecutor(daemon("experiment-side"));
        try {
            Future<Evaluation.Result> b = side.submit(() -> evaluate(s, seed, null));
            side.submit(FigureEightExperiment::warmUpPlots);
            Trained t = trainSeed(s, seed, progress);
            return new SeedResult(seed, t.run().rows(), b.get(), t.after());
        } finally {
            side.shutdown();
        }
    }

    /** Trains every seed (in parallel) and writes the tables and plots. */
    public static List<SeedResult> run(Settings s, PrintWriter log) throws Exception {
        List<SeedResult> results = train(List.of(s), s.threads(), log).get(0);
        write(s, results, log);
        return results;
    }

    /**
     * Trains every seed of every settings on one pool of {@code threads} (so that, e.g., the 4 × 3
     * runs of the mismatch study keep both cores busy to the end, not 3 seeds at a time), and
     * reports each seed in order as it is done. The trainings go first; the evaluations before
     * training (independent of it) and the plotting stack's start-up fill the threads that are free
     * while the last trainings run.
     *
     * @return per settings, its seeds' results in the order of its seeds
     */
    public static List<List<SeedResult>> train(List<Settings> all, int threads, PrintWriter log) throws Exception {
        for (Settings s : all) Files.createDirectories(s.out());
        List<List<SeedResult>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), daemon("experiment"));
        try {
            List<List<Future<Trained>>> trained = new ArrayList<>();
            List<List<Future<Evaluation.Result>>> before = new ArrayList<>();
            for (Settings s : all) {
                List<Future<Trained>> f = new ArrayList<>();
                for (long seed : s.seeds()) f.add(pool.submit(() -> trainSeed(s, seed, (k, K, rw, e, g, d) -> {})));
                trained.add(f);
            }
            for (Settings s : all) {
                List<Future<Evaluation.Result>> f = new ArrayList<>();
                for (long seed : s.seeds()) f.add(pool.submit(() -> evaluate(s, seed, null)));
                before.add(f);
            }
            if (threads > 1) pool.submit(FigureEightExperiment::warmUpPlots);
            for (int si = 0; si < all.size(); si++) {
                List<SeedResult> rs = new ArrayList<>();
                long[] seeds = all.get(si).seeds();
                for (int j = 0; j < seeds.length; j++) {
                    Trained t = trained.get(si).get(j).get();
                    SeedResult r = new SeedResult(seeds[j], t.run().rows(), before.get(si).get(j).get(), t.after());
                    rs.add(r);
                    log.printf(Locale.ROOT, "  seed %d done: tracking %.3f -> %.3f m%n", r.seed(), r.before().trackingError(), r.after().trackingError());
                    log.flush();
                }
                results.add(rs);
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /**
     * Renders a small plot and throws it away: the plotting stack's one-time start-up (Java2D, fonts,
     * the PNG writer — a few hundred ms) then happens on a free thread while training runs, instead
     * of before the first real plot at the end.
     */
    static void warmUpPlots() {
        try {
            Figure f = new Figure(320, 200, 1, 1).title("warm-up");
            f.axes(0, 0).title("warm-up").xlabel("x [m]").ylabel("y [m]").band(new double[] {0, 1}, new double[] {0, 0}, new double[] {1, 1}, "b")
                    .line(new double[] {0, 1}, new double[] {0, 1}, "l");
            f.png();
        } catch (RuntimeException | Error e) {
            // Only a warm-up: the real plots report their own errors.
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Writes summary.csv, training.png and trajectory.png and prints the table. */
    public static void write(Settings s, List<SeedResult> results, PrintWriter out) throws IOException {
        Csv csv = new Csv("seed", "tracking_before_m", "tracking_after_m", "ratio", "lap_before_s", "lap_after_s", "data_minutes");
        out.printf("%n%-6s %14s %14s %7s %12s %12s %11s%n", "seed", "track before", "track after", "ratio", "lap before", "lap after", "data");
        double mb = 0, ma = 0, md = 0;
        for (SeedResult r : results) {
            double ratio = r.after().trackingError() / r.before().trackingError();
            csv.row(r.seed(), r.before().trackingError(), r.after().trackingError(), ratio, r.before().lapTime(), r.after().lapTime(), r.dataMinutes());
            out.printf(Locale.ROOT, "%-6d %12.3f m %12.3f m %7.2f %10.2f s %10.2f s %7.2f min%n", r.seed(), r.before().trackingError(),
                    r.after().trackingError(), ratio, r.before().lapTime(), r.after().lapTime(), r.dataMinutes());
            mb += r.before().trackingError() / results.size();
            ma += r.after().trackingError() / results.size();
            md += r.dataMinutes() / results.size();
        }
        out.printf(Locale.ROOT, "%-6s %12.3f m %12.3f m %7.2f %12s %12s %7.2f min%n", "mean", mb, ma, ma / mb, "", "", md);
        csv.save(s.out().resolve("summary.csv"));
        // The two plots render at the same time when there is a second core.
        ExecutorService side = s.threads() > 1 ? Executors.newSingleThreadExecutor(daemon("plot")) : null;
        try {
            Future<?> traj = side == null ? null : side.submit(() -> { trajectoryPlot(s, results.get(0)).save(s.out().resolve("trajectory.png")); return null; });
            trainingPlot(s, results).save(s.out().resolve("training.png"));
            if (traj == null) trajectoryPlot(s, results.get(0)).save(s.out().resolve("trajectory.png"));
            else traj.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the plots", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IllegalStateException(e.getCause());
        } finally {
            if (side != null) side.shutdown();
        }
        out.println("wrote " + s.out().resolve("summary.csv") + ", training.png, trajectory.png and per-seed runs in seed-*/");
        out.flush();
    }

    static Figure trainingPlot(Settings s, List<SeedResult> results) {
        int rows = results.get(0).rows().size();
        double[] minutes = new double[rows], mean = new double[rows], lo = new double[rows], hi = new double[rows];
        double[] it = new double[rows], rm = new double[rows], rlo = new double[rows], rhi = new double[rows];
        for (int k = 0; k < rows; k++) {
            lo[k] = rlo[k] = Double.POSITIVE_INFINITY;
            hi[k] = rhi[k] = Double.NEGATIVE_INFINITY;
            it[k] = k;
            for (SeedResult r : results) {
                String[] f = r.rows().get(k).split(",");
                double e = Double.parseDouble(f[2]), rew = Double.parseDouble(f[1]);
                minutes[k] = Double.parseDouble(f[4]) / 60.0;
                mean[k] += e / results.size();
                lo[k] = Math.min(lo[k], e);
                hi[k] = Math.max(hi[k], e);
                rm[k] += rew / results.size();
                rlo[k] = Math.min(rlo[k], rew);
                rhi[k] = Math.max(rhi[k], rew);
            }
        }
        String name = s.system().equals("car") ? "Car" : "Go1";
        Figure fig = new Figure(1400, 600, 1, 2).title(name + " figure-8 on plant '" + s.plant() + "': training (" + results.size() + " seeds, band = min-max)");
        fig.axes(0, 0).title("Tracking error of the training rollouts").xlabel("data used [min of " + (s.plant().equals("model") ? "model" : "simulated") + " driving]")
                .ylabel("mean distance to the path [m]").band(minutes, lo, hi, "feedback policy").line(minutes, mean, "feedback policy");
        fig.axes(0, 1).title("Reward per rollout").xlabel("iteration").ylabel("mean reward [-]").band(it, rlo, rhi, "feedback policy").line(it, rm, "feedback policy");
        return fig;
    }

    static Figure trajectoryPlot(Settings s, SeedResult r) {
        FigureEight track = new FigureEight(1.0);
        int N = 400;
        double[] rx = new double[N + 1], ry = new double[N + 1], ref = new double[6];
        for (int i = 0; i <= N; i++) {
            track.reference((double) i / N, ref);
            rx[i] = ref[0];
            ry[i] = ref[1];
        }
        String name = s.system().equals("car") ? "Car" : "Go1";
        Figure fig = new Figure(1400, 650, 1, 2).title(name + " on plant '" + s.plant() + "', two laps from the start (seed " + r.seed() + ")");
        Style refStyle = Style.DEFAULT.withColor(Color.GRAY).dashed();
        fig.axes(0, 0).title(String.format(Locale.ROOT, "before training: %.3f m mean distance", r.before().trackingError()))
                .xlabel("x [m]").ylabel("y [m]").equalAspect().line(rx, ry, "reference", refStyle).line(r.before().xs(), r.before().ys(), "nominal controller");
        fig.axes(0, 1).title(String.format(Locale.ROOT, "after training: %.3f m mean distance", r.after().trackingError()))
                .xlabel("x [m]").ylabel("y [m]").equalAspect().line(rx, ry, "reference", refStyle).line(r.after().xs(), r.after().ys(), "trained policy",
                        Style.DEFAULT.withColor(Style.CYCLE[2]));
        return fig;
    }
}
