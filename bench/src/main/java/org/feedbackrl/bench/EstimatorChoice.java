package org.feedbackrl.bench;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.gradient.Estimators;
import org.feedbackrl.gradient.GradientEstimator;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingIteration;
import org.feedbackrl.train.TrainingTask;

/**
 * Probe outside JMH (issue 16, "measure and choose"): for each training task as the trainer runs it
 * (default horizon, call interval and batch of the experiments), the gradient of one iteration by
 * the estimator the trainer picks against the generic per-step pass, on the same recorded rollouts
 * (real rollouts on the task's plant), steady state, interleaved; prints milliseconds and their
 * agreement. Run with the bench classpath:
 * {@code java … org.feedbackrl.bench.EstimatorChoice [rounds]}.
 */
public final class EstimatorChoice {
    private EstimatorChoice() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[][] cases = {
                {"car", "sim", "1", "false"}, {"car", "sim", "8", "false"}, {"go1", "sim", "1", "false"},
                {"pendulum", "true", "5", "false"}, {"pendulum", "true", "5", "true"}, {"car", "sim", "1", "true"}};
        for (String[] c : cases) {
            int batch = Integer.parseInt(c[2]);
            boolean noFeedback = Boolean.parseBoolean(c[3]);
            TrainConfig cfg = new TrainConfig(c[0], c[1], 1, batch, 1e-3, "adam", 0, 3, noFeedback, Path.of("unused"), false, 0, 64);
            TrainingTask task = Tasks.create(cfg);
            SplittableRandom rng = new SplittableRandom(5);
            double[] th = task.policy().params();
            for (int i = 0; i < th.length; i++) th[i] += rng.nextDouble(-0.02, 0.02);
            try (TrainingIteration it = new TrainingIteration(task, batch, 3, 1)) {
                it.collect(0, null, TrainingIteration.Hooks.NONE);
                GradientEstimator picked = it.estimator();
                GradientEstimator generic = Estimators.generic(task.model(), task.policy(), task.reward());
                double[] g1 = new double[th.length], g2 = new double[th.length];
                double best1 = Double.MAX_VALUE, best2 = Double.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    best1 = Math.min(best1, time(() -> picked.meanGradient(it.rollouts(), batch, g1), 40));
                    best2 = Math.min(best2, time(() -> generic.meanGradient(it.rollouts(), batch, g2), 40));
                }
                double num = 0, den = 0;
                for (int k = 0; k < g1.length; k++) {
                    num = Math.max(num, Math.abs(g1[k] - g2[k]));
                    den = Math.max(den, Math.abs(g2[k]));
                }
                System.out.printf("%-9s %-5s N=%d T=%d%s: %-21s %7.3f ms | generic %7.3f ms | %5.2fx | max|dg|/max|g| %.1e%n",
                        c[0], c[1], batch, task.horizon(), noFeedback ? " no-feedback" : "", picked.name(), best1 * 1e3, best2 * 1e3,
                        best2 / best1, num / den);
            }
        }
    }

    static double time(Runnable r, int n) {
        for (int i = 0; i < 5 * n; i++) r.run();        // warm (C2 settles after a few hundred calls)
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) r.run();
        return (System.nanoTime() - t0) / 1e9 / n;
    }
}
