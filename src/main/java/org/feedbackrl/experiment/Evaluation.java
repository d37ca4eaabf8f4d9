package org.feedbackrl.experiment;

import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.TrainingTask;

/**
 * Runs a task's current policy once from a fixed start (for before/after comparisons and plots).
 */
public final class Evaluation {
    /** One evaluated trajectory and its metrics. */
    public record Result(Rollout rollout, double trackingError, double reward, double lapTime, double[] xs, double[] ys) {}

    private Evaluation() {}

    /**
     * @param task    the task (its policy at the parameters to evaluate)
     * @param x0      start state
     * @param horizon steps to run (e.g. two laps)
     * @param seed    plant seed
     */
    public static Result run(TrainingTask task, double[] x0, int horizon, long seed) {
        int n = task.model().stateDim(), m = task.model().inputDim(), q = task.policy().memoryDim();
        Rollout r = new Rollout(n, m, q, horizon);
        new Unroller(n, m, q).run(task.plant(), task.policy(), task.reward(), x0, seed, r);
        double[] xs = new double[horizon + 1], ys = new double[horizon + 1];
        for (int t = 0; t <= horizon; t++) {
            xs[t] = r.xs[t * n];
            ys[t] = r.xs[t * n + 1];
        }
        double lap = Laps.firstLapTime(Laps.progress(xs, ys, 0.0), task.plant().dt());
        return new Result(r, task.trackingError(r), r.totalReward(), lap, xs, ys);
    }
}
