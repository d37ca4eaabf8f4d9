package org.feedbackrl.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.feedbackrl.io.AtomicFiles;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.RolloutFile;

/**
 * Algorithm 1 of the paper, as one readable loop:
 * <pre>
 *   for k = 0 … K:
 *     sample N initial states x_0^i ~ D                      (seeded by (seed, k, i))
 *     unroll the policy π^{θ_k} on the plant from each       (the real system)
 *     ĝ = (1/N) Σ_i ∇̂J(θ_k; x_0^i)                          (costate pass with the model's Jacobians, eq. 8)
 *     log metrics of θ_k; if k &lt; K: θ_{k+1} = θ_k + α ĝ     (Adam or SGD ascent)
 *     checkpoint atomically (θ_{k+1}, optimizer, metrics)
 * Each rollout is written durably to rollouts/iter-K/rollout-I.csv before the gradient uses it.
 * </pre>
 * Row k of metrics.csv describes the rollouts of θ_k, so rows 0 … K show the policy before training
 * and after each of the K updates. Every random draw is derived from (seed, k, i), so a resumed run
 * reaches exactly the parameters of an uninterrupted one.
 *
 * <p>The rollouts, the gradient and the update of one iteration are {@link TrainingIteration#run}
 * (also what the W2 benchmark times): it picks the estimator for the policy class and, with
 * {@link TrainConfig#threads()} &gt; 1 on a simulated plant, runs the rollouts of a batch in
 * parallel — bit-identical to one thread. This class adds what is around it: the recordings, resume,
 * the operator's confirmation, metrics and checkpoints.
 */
public final class Trainer {
    /** Checkpoints kept in a run directory (the newest ones). */
    public static final int KEEP_CHECKPOINTS = 3;

    /** Column header of metrics.csv. */
    public static final String HEADER = "iteration,mean_reward,tracking_error,grad_norm,data_seconds";

    /** Receives progress; the CLI draws a bar. */
    public interface Progress {
        void iteration(int k, int total, double meanReward, double trackingError, double gradNorm, double dataSeconds);

        default void warn(String message) {}

        /**
         * Called before each rollout that will run on the plant (not for reused recordings): a
         * hardware run asks the operator here. Returning false stops training cleanly.
         */
        default boolean beforeRollout(int k, int i, String plant) { return true; }
    }

    /** What a run produced. */
    public record Result(double[] theta, List<String> rows, Path dir) {}

    /** Thrown for a run directory or checkpoint that cannot be used; the message is for the user. */
    public static final class TrainingException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public TrainingException(String msg) { super(msg); }
    }

    private Trainer() {}

    public static Result run(TrainConfig c, TrainingTask task, Progress progress) throws IOException {
        Policy policy = task.policy();
        int p = policy.paramDim();
        int N = c.batch(), K = c.iterations();
        Path dir = c.out();
        Path ckDir = dir.resolve("checkpoints");
        Optimizer opt = new Optimizer("sgd".equals(c.optimizer()) ? Optimizer.Kind.SGD : Optimizer.Kind.ADAM, p, c.lr(), c.clip());
        List<String> rows = new ArrayList<>();
        int start = 0;
        double dataSeconds = 0;
        if (c.resume()) {
            Checkpoint ck = latestGood(ckDir, progress);
            if (ck == null) throw new TrainingException("nothing to resume in " + dir + ": no readable checkpoint under " + ckDir + "; start without --resume");
            if (!ck.fingerprint().equals(c.fingerprint())) {
                throw new TrainingException("the checkpoint in " + dir + " was made with other settings (" + ck.fingerprint()
                        + "); resume with the same settings or choose another --out");
            }
            if (ck.theta().length != p) throw new TrainingException("checkpoint has " + ck.theta().length + " parameters, the policy " + p);
            System.arraycopy(ck.theta(), 0, policy.params(), 0, p);
            System.arraycopy(ck.m1(), 0, opt.m1, 0, p);
            System.arraycopy(ck.m2(), 0, opt.m2, 0, p);
            opt.steps = ck.optimizerSteps();
            rows.addAll(ck.metricRows());
            start = ck.iteration();
            if (!rows.isEmpty()) {
                String[] last = rows.get(rows.size() - 1).split(",");
                dataSeconds = Double.parseDouble(last[4]);
            }
        } else if (Files.isDirectory(ckDir) && hasCheckpoints(ckDir)) {
            throw new TrainingException(dir + " already holds a training run; continue it with --resume or choose another --out");
        }
        Files.createDirectories(ckDir);

        String plantName = task.plant().name();
        // A task that can be replicated runs on a simulated plant: its files are written by a thread of
        // its own (RunWriter), annotated with the replica's policy (the task's own is busy with the
        // gradient meanwhile). A hardware run writes each rollout before the robot starts the next.
        TrainingTask writerTask = task.replica();
        if (!c.record() && writerTask == null) {
            throw new TrainingException("plant '" + plantName + "' is real hardware: its rollouts are always recorded");
        }
        try (TrainingIteration it = new TrainingIteration(task, N, c.seed(), c.threads());
             RunWriter writer = new RunWriter(writerTask != null)) {
            Rollout[] rollouts = it.rollouts();
            double[] g = it.gradient();
            boolean[] reuse = new boolean[N];
            TrainingIteration.Hooks hooks = new TrainingIteration.Hooks() {
                @Override public void beforeRollout(int k, int i) {
                    if (!progress.beforeRollout(k, i, plantName)) {
                        throw new TrainingException("stopped by the operator before rollout " + i + " of iteration " + k
                                + "; everything recorded so far is in " + dir + " (continue with --resume)");
                    }
                }

                @Override public void recorded(int k, int i, Rollout r, TrainingTask on) throws IOException {
                    if (!c.record()) return;
                    TrainingTask t = writer.async() ? writerTask : on;
                    // The plant's own columns (e.g. the Go1's packet counters) come from the plant that ran
                    // the rollout: hardware is written synchronously (writer.async() is false), so t == on.
                    writer.rollout(() -> RolloutFile.write(rolloutFile(dir, k, i), r, t.plant().dt(), t.model().stateNames(), t.model().inputNames(), t.policy(), t.plant()));
                }
            };
            for (int k = start; k <= K; k++) {
                writer.awaitRollouts();            // the last iteration's recordings still read these buffers
                int reused = 0;
                for (int i = 0; i < N; i++) {
                    // Recorded before use: a crash loses at most the rollouts in progress, and --resume
                    // reuses what is on disk instead of asking the (real) plant again.
                    Path file = rolloutFile(dir, k, i);
                    reuse[i] = c.resume() && Files.exists(file) && tryRead(file, rollouts[i], progress);
                    if (reuse[i]) reused++;
                }
                double meanJ;
                try {
                    // Rollouts (recorded as each one ends), ĝ, and θ_{k+1} = θ_k + α ĝ unless k = K.
                    meanJ = it.run(k, reuse, hooks, k < K ? opt : null);
                } catch (TrainingIteration.RolloutAborted f) {
                    throw new TrainingException(f.getMessage() + "; it is discarded, every completed rollout is recorded in "
                            + dir.resolve("rollouts") + " (continue with --resume)");
                }
                double track = 0;
                for (int i = 0; i < N; i++) {
                    track += task.trackingError(rollouts[i]);
                    dataSeconds += rollouts[i].seconds;
                }
                if (reused > 0) progress.warn("iteration " + k + ": reused " + reused + " recorded rollout(s) from " + dir.resolve("rollouts"));
                double gNorm = norm(g);
                if (!Double.isFinite(meanJ) || !Double.isFinite(gNorm)) {
                    throw new TrainingException("iteration " + k + ": the reward or gradient is not finite (J=" + meanJ + ", |g|=" + gNorm
                            + "); lower --lr or set --clip; the last good checkpoint is kept in " + ckDir);
                }
                rows.add(String.format(Locale.ROOT, "%d,%.9g,%.9g,%.9g,%.3f", k, meanJ, track / N, gNorm, dataSeconds));
                // Checkpoint θ_{k+1} (after every recording of iteration k: the writer keeps the order).
                Checkpoint ck = new Checkpoint(c.fingerprint(), k + 1, opt.steps, policy.params().clone(), opt.m1.clone(), opt.m2.clone(), List.copyOf(rows));
                int next = k + 1;
                writer.other(() -> {
                    AtomicFiles.write(ckDir.resolve(String.format(Locale.ROOT, "ckpt-%06d.bin", next)), ck.encode());
                    // Keep the newest KEEP_CHECKPOINTS: enough to fall back past a corrupted one, not one per iteration forever.
                    Files.deleteIfExists(ckDir.resolve(String.format(Locale.ROOT, "ckpt-%06d.bin", next - KEEP_CHECKPOINTS)));
                    writeMetrics(dir.resolve("metrics.csv"), ck.metricRows());
                });
                progress.iteration(k, K, meanJ, track / N, gNorm, dataSeconds);
            }
            writer.awaitAll();
        } finally {
            if (writerTask != null) writerTask.plant().close();
        }
        return new Result(policy.params().clone(), rows, dir);
    }

    static Path rolloutFile(Path dir, int k, int i) {
        return dir.resolve(String.format(Locale.ROOT, "rollouts/iter-%06d/rollout-%03d.csv", k, i));
    }

    private static boolean tryRead(Path file, Rollout r, Progress progress) {
        try {
            RolloutFile.read(file, r);
            return true;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // leave it; it will be overwritten only by a fresh, complete recording
            }
            progress.warn("recorded rollout " + file + " is unusable (" + e.getMessage() + "); kept as " + aside.getFileName() + ", running it again");
            return false;
        }
    }

    static void writeMetrics(Path file, List<String> rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String r : rows) sb.append(r).append('\n');
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean hasCheckpoints(Path ckDir) throws IOException {
        try (Stream<Path> s = Files.list(ckDir)) {
            return s.anyMatch(f -> f.getFileName().toString().matches("ckpt-\\d+\\.bin"));
        }
    }

    /**
     * The newest checkpoint that reads back intact. A corrupted or truncated newer one is reported,
     * renamed to {@code *.corrupt} (kept for inspection, never overwritten) and skipped.
     */
    public static Checkpoint latestGood(Path ckDir, Progress progress) throws IOException {
        if (!Files.isDirectory(ckDir)) return null;
        List<Path> files;
        try (Stream<Path> s = Files.list(ckDir)) {
            files = s.filter(f -> f.getFileName().toString().matches("ckpt-\\d+\\.bin")).sorted().toList();
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            Path f = files.get(i);
            try {
                return Checkpoint.decode(Files.readAllBytes(f), f.toString());
            } catch (Checkpoint.CorruptCheckpointException e) {
                Path aside = f.resolveSibling(f.getFileName() + ".corrupt");
                Files.move(f, aside, StandardCopyOption.REPLACE_EXISTING);
                progress.warn(e.getMessage() + "; kept as " + aside.getFileName() + ", falling back to the previous checkpoint");
            }
        }
        return null;
    }

    static double norm(double[] g) {
        double s = 0;
        for (double v : g) s += v * v;
        return Math.sqrt(s);
    }

    /** A well-mixed 64-bit seed for (seed, k, i) (SplitMix64 finaliser). */
    static long mix(long seed, int k, int i) {
        return TrainingIteration.mix(seed, k, i);
    }
}
