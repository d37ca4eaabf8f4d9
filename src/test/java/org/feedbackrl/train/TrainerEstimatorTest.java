package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.feedbackrl.gradient.Estimators;
import org.feedbackrl.gradient.GradientEstimator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code train}, {@code demo} and the experiments run: the trainer picks the batched estimator
 * for the figure-8 and pendulum policy classes, and on a real training step — the policy after three
 * updates on the simulator, the rollouts of iteration 3 run on the simulator by the trainer's own
 * {@link TrainingIteration} — its gradient equals the generic per-step pass to 1e-13 relative (the issue asks 1e-10; the two sum in another order and differ by ~1e-15), and its
 * mean J and |ĝ| are what the training run wrote into metrics.csv for that iteration.
 */
class TrainerEstimatorTest {

    @ParameterizedTest
    @CsvSource({"car,sim,false,BatchedTrackingEstimator", "go1,sim,false,BatchedTrackingEstimator",
            "car,authors,false,BatchedTrackingEstimator",
            "pendulum,true,false,BatchedTimeNetworkEstimator", "pendulum,true,true,BatchedTimeNetworkEstimator",
            "car,sim,true,BatchedTimeNetworkEstimator", "scalar,real,false,BatchEstimator"})
    void trainerPicksTheBatchedEstimatorAndItEqualsTheGenericPass(String system, String plant, boolean noFeedback, String expected,
                                                                  @TempDir Path tmp) throws Exception {
        Tasks.Defaults d = Tasks.defaults(system);
        int batch = 2, k = 3;
        TrainConfig c = new TrainConfig(system, plant, k, batch, d.lr(), "adam", 0, 5, noFeedback, tmp, false, 0, 64);
        Trainer.Result run = Trainer.run(c, Tasks.create(c), (kk, K, r, e, g, dd) -> {});
        // Checkpoint 3 holds θ_3, the parameters iteration 3 of that run ran with.
        TrainingTask task = Tasks.create(c);
        Checkpoint ck = Checkpoint.decode(Files.readAllBytes(tmp.resolve("checkpoints").resolve(String.format(Locale.ROOT, "ckpt-%06d.bin", k))), "ckpt");
        assertEquals(k, ck.iteration());
        System.arraycopy(ck.theta(), 0, task.policy().params(), 0, ck.theta().length);
        try (TrainingIteration it = new TrainingIteration(task, batch, c.seed(), 1)) {
            GradientEstimator est = it.estimator();
            assertEquals(expected, est.getClass().getSimpleName(), system + " on " + plant + (noFeedback ? " (no feedback)" : ""));
            it.collect(k, null, TrainingIteration.Hooks.NONE);           // iteration 3's rollouts, on the plant
            double meanJ = it.estimate();
            double[] g = it.gradient().clone();
            double[] ref = new double[g.length];
            double jRef = Estimators.generic(task.model(), task.policy(), task.reward()).meanGradient(it.rollouts(), batch, ref);
            assertEquals(jRef, meanJ, 0.0, "mean J: the same bits as the generic pass");
            double num = 0, den = 0;
            for (int i = 0; i < g.length; i++) {
                num = Math.max(num, Math.abs(g[i] - ref[i]));
                den = Math.max(den, Math.abs(ref[i]));
            }
            assertTrue(den > 1e-6, "the gradient must not be trivial: max |g| = " + den);
            assertTrue(num <= 1e-13 * den, system + ": max |Δ| / max |g| = " + num / den);
            // It is the trainer's step: metrics.csv row 3 holds this J and |ĝ|.
            String[] row = run.rows().get(k).split(",");
            assertEquals(String.format(Locale.ROOT, "%.9g", meanJ), row[1], "mean reward of iteration " + k);
            assertEquals(String.format(Locale.ROOT, "%.9g", Trainer.norm(g)), row[3], "|ĝ| of iteration " + k);
        }
    }
}
