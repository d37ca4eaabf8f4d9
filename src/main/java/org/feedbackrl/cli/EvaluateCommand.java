package org.feedbackrl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.feedbackrl.embed.EmbeddedPolicy;
import org.feedbackrl.embed.PolicyFileException;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code feedbackrl evaluate RUN}: drives a trained policy — loaded with {@link EmbeddedPolicy#load},
 * the object users embed — on a simulated plant from the task's start state, and reports the
 * tracking error. {@code examples/embed} computes the same number in its own loop.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a trained policy from the task's start state on a simulated plant and prints its tracking error",
                "(car/go1: mean distance to the figure-8 over the states x_0..x_T [m]; pendulum: mean end-effector distance to the target).",
                "The policy is loaded and driven exactly as a user's program does it with org.feedbackrl.embed.EmbeddedPolicy."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "run directory of 'feedbackrl train' (newest checkpoint) or one checkpoint file") Path run;
    @Option(names = "--plant", description = "simulated plant to run on: model, sim, authors (car), true (pendulum), mujoco (car, pendulum); default: the run's own plant") String plant;
    @Option(names = "--seed", defaultValue = "1", description = "plant seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--laps", defaultValue = "1", description = "figure-8 laps (car 5.5 s, go1 37.7 s each) or pendulum episodes (default ${DEFAULT-VALUE})") int laps;

    @Override
    public Integer call() {
        if (laps < 1 || laps > 1000) throw new UserError("--laps must be in 1..1000, got " + laps);
        EmbeddedPolicy policy;
        try {
            policy = EmbeddedPolicy.load(run);
        } catch (PolicyFileException e) {
            throw new UserError(e.getMessage());
        }
        TrainConfig settings = TrainConfig.fromFingerprint(policy.source().fingerprint(), run);
        String p = plant != null ? plant : settings.plant();
        if (p.equals("jetracer") || p.equals("go1")) {
            throw new UserError("evaluate runs on simulated plants only, and this run was trained on '" + p + "'; pass --plant "
                    + (policy.task().system().equals("pendulum") ? "true or model" : "sim or model"));
        }
        TrainingTask task;
        try {
            task = Tasks.create(settings.withPlant(p));
        } catch (IllegalArgumentException | IllegalStateException e) {   // IllegalStateException: MuJoCo not installed
            throw new UserError("--plant: " + e.getMessage());
        }
        int n = policy.stateDim(), m = policy.inputDim(), q = policy.memoryDim();
        int steps = (int) Math.round(laps * policy.episodeSeconds() / policy.dt());
        double[] x0 = new double[n];
        policy.startState(x0);
        Rollout r = new Rollout(n, m, q, steps);
        try (var pl = task.plant()) {
            new Unroller(n, m, q).run(pl, policy, task.reward(), x0, seed, r);
        }
        double err = task.trackingError(r);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "evaluate %s: %s policy, %s (iteration %d), on plant '%s', seed %d: %d %s = %d steps of %s s from %s%n",
                run, policy.task().system(), policy.source().checkpoint().getFileName(), policy.source().iteration(), p, seed, laps,
                policy.task().system().equals("pendulum") ? (laps == 1 ? "episode" : "episodes") : (laps == 1 ? "lap" : "laps"),
                steps, policy.dt(), Arrays.toString(x0));
        out.println("tracking_error " + err);
        out.println("total_reward " + r.totalReward());
        out.flush();
        return 0;
    }
}
