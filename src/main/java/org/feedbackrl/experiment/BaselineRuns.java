package org.feedbackrl.experiment;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.feedbackrl.baseline.BaselineRun;
import org.feedbackrl.io.AtomicFiles;

/**
 * The machinery shared by {@code experiment baselines} and {@code experiment pendulum-v1}: a set of
 * (method, seed) runs executed on a thread pool, each written atomically to
 * {@code runs/METHOD-seedS.csv} when it finishes, so an interrupted experiment loses at most the runs
 * in progress and {@code --resume} reuses every finished one (a finished experiment resumed only
 * redraws its table and plot). A {@code settings.txt} records what the runs were made with; resuming
 * with other settings is refused.
 */
final class BaselineRuns {
    /** Header of the per-run files and of curves.csv. */
    static final String HEADER = "method,seed,steps,data_seconds,tracking_error,return,wall_seconds";

    /** One (method, seed) job: how to run it when it is not on disk. */
    record Job(String method, long seed, double budgetSeconds, Runner runner) {
        String file() { return method + "-seed" + seed + ".csv"; }
    }

    /** Runs a job, reporting each evaluation. */
    interface Runner {
        List<BaselineRun.Point> run(BaselineRun.Progress progress) throws Exception;
    }

    /** The evaluations of one finished run. */
    record Curve(String method, long seed, List<BaselineRun.Point> points) {}

    private BaselineRuns() {}

    /**
     * Checks the output directory against --resume and the settings, then writes the settings.
     *
     * @throws IllegalArgumentException with a one-line message for the user
     */
    static void prepare(Path dir, String settings, boolean resume) throws IOException {
        Path s = dir.resolve("settings.txt");
        boolean exists = Files.exists(s) || (Files.isDirectory(dir.resolve("runs")) && hasRuns(dir.resolve("runs")));
        if (exists && !resume) {
            throw new IllegalArgumentException(dir + " already holds an experiment; continue it with --resume or choose another --out");
        }
        if (exists && Files.exists(s)) {
            String old = Files.readString(s, StandardCharsets.UTF_8).strip();
            if (!old.equals(settings.strip())) {
                throw new IllegalArgumentException("the runs in " + dir + " were made with other settings (" + firstDifference(old, settings.strip())
                        + "); resume with the same ones or choose another --out");
            }
        }
        Files.createDirectories(dir.resolve("runs"));
        AtomicFiles.write(s, (settings.strip() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasRuns(Path runs) throws IOException {
        try (var st = Files.list(runs)) {
            return st.anyMatch(p -> p.getFileName().toString().endsWith(".csv"));
        }
    }

    private static String firstDifference(String a, String b) {
        String[] x = a.split("\n"), y = b.split("\n");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "", q = i < y.length ? y[i] : "";
            if (!p.equals(q)) return "was '" + p + "', now '" + q + "'";
        }
        return "?";
    }

    /**
     * Runs every job not yet on disk (longest first, {@code threads} at a time) and returns all curves
     * in the jobs' order. Progress lines go to {@code log}.
     */
    static List<Curve> execute(Path dir, List<Job> jobs, int threads, PrintWriter log, Formatter fmt) throws Exception {
        Path runs = dir.resolve("runs");
        Map<Job, Curve> done = new LinkedHashMap<>();
        List<Job> todo = new ArrayList<>();
        for (Job j : jobs) {
            Path f = runs.resolve(j.file());
            if (Files.exists(f)) {
                done.put(j, read(f, j));
                say(log, String.format(Locale.ROOT, "  %-11s seed %d: finished earlier, reusing %s", j.method(), j.seed(), dir.relativize(f)));
            } else {
                todo.add(j);
            }
        }
        Thread hook = new Thread(() -> {
            System.err.println("experiment: interrupted; finished runs are kept in " + runs + " (continue with --resume)");
            System.err.flush();
        }, "experiment-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, Math.max(1, todo.size()))));
        try {
            List<Job> order = new ArrayList<>(todo);
            order.sort(Comparator.comparingInt(j -> fmt.cost(j.method())));    // most expensive first
            Map<Job, Future<Curve>> fs = new LinkedHashMap<>();
            for (Job j : order) {
                fs.put(j, pool.submit(() -> {
                    say(log, String.format(Locale.ROOT, "  %-11s seed %d: started", j.method(), j.seed()));
                    long t0 = System.nanoTime();
                    List<BaselineRun.Point> pts = j.runner().run(p -> say(log, fmt.progress(j, p)));
                    Curve c = new Curve(j.method(), j.seed(), pts);
                    write(runs.resolve(j.file()), c);
                    say(log, String.format(Locale.ROOT, "  %-11s seed %d: done in %.0f s -> %s", j.method(), j.seed(),
                            (System.nanoTime() - t0) / 1e9, dir.relativize(runs.resolve(j.file()))));
                    return c;
                }));
            }
            for (Map.Entry<Job, Future<Curve>> e : fs.entrySet()) done.put(e.getKey(), e.getValue().get());
        } finally {
            pool.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        List<Curve> out = new ArrayList<>();
        for (Job j : jobs) out.add(done.get(j));
        return out;
    }

    /** How progress lines look and which methods are expensive. */
    interface Formatter {
        String progress(Job j, BaselineRun.Point p);

        int cost(String method);
    }

    /**
     * Seconds left for a job, from the rate of its last interval (wall seconds per second of data
     * between its last two evaluations): MBPO gets slower as its data grows, so the recent rate predicts
     * better than the average. NaN before the second evaluation.
     */
    static double eta(Job j, BaselineRun.Point p) {
        synchronized (LAST) {
            BaselineRun.Point prev = LAST.put(j, p);
            if (prev == null || p.dataSeconds() <= prev.dataSeconds()) return Double.NaN;
            double rate = (p.wallSeconds() - prev.wallSeconds()) / (p.dataSeconds() - prev.dataSeconds());
            return Math.max(0, j.budgetSeconds() - p.dataSeconds()) * rate;
        }
    }

    /** "eta   42 s", or "eta    ? s" before a job's rate is known (its first evaluation). */
    static String etaText(double seconds) {
        return Double.isFinite(seconds) ? String.format(Locale.ROOT, "eta %4.0f s", seconds) : "eta    ? s";
    }

    private static final Map<Job, BaselineRun.Point> LAST = new java.util.HashMap<>();

    static void say(PrintWriter log, String line) {
        synchronized (log) {
            log.println(line);
            log.flush();
        }
    }

    static void write(Path f, Curve c) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (BaselineRun.Point p : c.points()) sb.append(row(c.method(), c.seed(), p)).append('\n');
        AtomicFiles.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String row(String method, long seed, BaselineRun.Point p) {
        return String.format(Locale.ROOT, "%s,%d,%d,%.6f,%s,%s,%.3f", method, seed, p.steps(), p.dataSeconds(),
                num(p.trackingError()), num(p.ret()), p.wallSeconds());
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "nan" : Double.toString(v);
    }

    static Curve read(Path f, Job j) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException(f + " is not a run file of this experiment (header '" + (lines.isEmpty() ? "" : lines.get(0))
                    + "'); delete it to run that seed again");
        }
        List<BaselineRun.Point> pts = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) continue;
            String[] c = l.split(",");
            try {
                pts.add(new BaselineRun.Point(Long.parseLong(c[2]), Double.parseDouble(c[3]), parse(c[4]), parse(c[5]), Double.parseDouble(c[6])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(f + ": unreadable row '" + l + "'; delete the file to run that seed again");
            }
        }
        return new Curve(j.method(), j.seed(), pts);
    }

    private static double parse(String s) {
        return s.equals("nan") ? Double.NaN : Double.parseDouble(s);
    }

    /** Header of curves.csv (no wall-clock column: the file reproduces bit for bit from the seeds). */
    static final String CURVES_HEADER = "method,seed,steps,data_seconds,tracking_error,return";

    /** Writes curves.csv: every evaluation of every run. */
    static void writeCurves(Path f, List<Curve> curves) throws IOException {
        StringBuilder sb = new StringBuilder(CURVES_HEADER).append('\n');
        for (Curve c : curves) {
            for (BaselineRun.Point p : c.points()) {
                String r = row(c.method(), c.seed(), p);
                sb.append(r, 0, r.lastIndexOf(',')).append('\n');
            }
        }
        AtomicFiles.write(f, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Median of values (NaN-free), the lower middle for an even count averaged with the upper. */
    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /** Per-index median, minimum and maximum of one column over the curves of a method (shortest curve's length). */
    static double[][] band(List<Curve> curves, java.util.function.ToDoubleFunction<BaselineRun.Point> f,
                           java.util.function.ToDoubleFunction<BaselineRun.Point> x) {
        int n = curves.stream().mapToInt(c -> c.points().size()).min().orElse(0);
        double[] xs = new double[n], med = new double[n], lo = new double[n], hi = new double[n];
        for (int k = 0; k < n; k++) {
            double[] v = new double[curves.size()], xv = new double[curves.size()];
            for (int s = 0; s < curves.size(); s++) {
                v[s] = f.applyAsDouble(curves.get(s).points().get(k));
                xv[s] = x.applyAsDouble(curves.get(s).points().get(k));
            }
            xs[k] = median(xv);
            med[k] = median(v);
            lo[k] = Arrays.stream(v).min().orElse(Double.NaN);
            hi[k] = Arrays.stream(v).max().orElse(Double.NaN);
        }
        return new double[][] {xs, med, lo, hi};
    }
}
