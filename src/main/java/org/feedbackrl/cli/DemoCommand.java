package org.feedbackrl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.feedbackrl.experiment.FigureEightExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job: train the car's figure-8 policy on the high-fidelity simulator.",
                "The simulator stands in for the JetRacer and differs from the model in tyre slip, drag, input scaling, "
                + "steering bias, lags and delay. Training starts from "
                + "the nominal controller designed on the simple model. Prints the before/after table and writes metrics.csv, "
                + "recorded rollouts, checkpoints and plots into the run directory."})
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", description = "run directory (default runs/demo)") Path out;
    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--iterations", defaultValue = "12", description = "policy updates, two 5.5 s laps each (default ${DEFAULT-VALUE})") int iterations;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1) throw new UserError("--iterations must be ≥ 1, got " + iterations);
        Path dir = out != null ? out : Path.of("runs", "demo");
        if (java.nio.file.Files.exists(dir.resolve("seed-" + seed).resolve("checkpoints"))) {
            throw new UserError(dir + " already holds a demo run; pass --out NEWDIR (or remove it)");
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf("feedback-rl demo: car figure-8 on the high-fidelity simulator, seed %d%n", seed);
        o.printf("  model: kinematic car (paper eq. 11); controller designed on it; network 6-64-64-10 corrects reference and gains%n");
        o.printf("  %d iterations x 2 laps of 5.5 s at 50 Hz; gradient by the costate pass with the model's Jacobians%n", iterations);
        o.flush();
        FigureEightExperiment.Settings s = new FigureEightExperiment.Settings("car", "sim", "default", iterations, 1, 5e-3, new long[] {seed}, dir,
                Runtime.getRuntime().availableProcessors());   // a second core evaluates "before" and starts the plotting meanwhile
        FigureEightExperiment.SeedResult r = FigureEightExperiment.runSeed(s, seed, new ProgressBar(spec.commandLine().getErr(), false));
        FigureEightExperiment.write(s, List.of(r), o);
        Path run = dir.resolve("seed-" + seed);
        o.printf(Locale.ROOT, "%nbefore: %.3f m mean distance to the track; after: %.3f m (%.0f%% less), using %.2f min of simulated driving%n",
                r.before().trackingError(), r.after().trackingError(), 100 * (1 - r.after().trackingError() / r.before().trackingError()),
                Double.parseDouble(r.rows().get(r.rows().size() - 1).split(",")[4]) / 60);
        o.println("metrics:   " + run.resolve("metrics.csv"));
        o.println("rollouts:  " + run.resolve("rollouts"));
        o.println("plots:     " + dir.resolve("training.png") + ", " + dir.resolve("trajectory.png"));
        o.flush();
        return 0;
    }
}
