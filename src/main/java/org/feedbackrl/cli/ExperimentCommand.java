package org.feedbackrl.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.feedbackrl.experiment.BaselinesExperiment;
import org.feedbackrl.experiment.FigureEightExperiment;
import org.feedbackrl.experiment.MismatchExperiment;
import org.feedbackrl.experiment.PendulumExperiment;
import org.feedbackrl.experiment.PendulumV1Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The paper's experiments: summary table, CSV and PNG plots in --out.",
                "The plants deliberately differ from the models the policies are designed and differentiated with.",
                "  pendulum  Fig. 2: feedback vs no-feedback class, (a) true model, (b) 50%%-mass model; lr sweep; seeds (--plant mujoco: both on MuJoCo)",
                "  car       figure-8 on the high-fidelity car simulator (--plant mujoco: the MuJoCo car), before/after",
                "  go1       figure-8 on the Go1 stand-in, 37.7 s laps",
                "  mismatch  car on the authors' reality, estimator model scaled by 1, 0.75, 0.5, 0.25",
                "  baselines    Fig. 3: PPO, SAC, MBPO against feedback-rl on the car simulator, over the feedback architecture",
                "  pendulum-v1  the baselines' honesty check on Gymnasium's Pendulum-v1 (SAC 20000, PPO 200000 steps)"})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "pendulum, car, go1, mismatch, baselines or pendulum-v1") String name;
    @Option(names = "--seeds", description = "comma-separated seeds (default: 1..5 pendulum, 1..3 otherwise)") String seeds;
    @Option(names = "--iterations", description = "updates per training run (default: pendulum 100, car 12, go1 7, mismatch 12)") Integer iterations;
    @Option(names = "--lrs", defaultValue = "0.003,0.01,0.03", description = "pendulum: learning rates swept (default ${DEFAULT-VALUE})") String lrs;
    @Option(names = "--threads", description = "training runs (seeds, pendulum runs) in parallel; bit-identical results for every value (default: available cores)") Integer threads;
    @Option(names = "--keep-rollouts", description = "pendulum: record the rollouts of all 60 runs (~2 GB); by default they are not written (they can be simulated again from the seeds)") boolean keepRollouts;
    @Option(names = "--plant", description = "pendulum and car: the real system; pendulum: true (default, the analytic true masses) or mujoco; car: sim (default) or mujoco (MuJoCo with the project's MJCF; mujoco:FILE.xml for your own)") String plant;
    @Option(names = "--out", description = "output directory (default runs/experiment-NAME)") Path out;
    @Option(names = "--budget-minutes", description = "baselines: simulated minutes of data per baseline run (default " + BaselinesExperiment.DEFAULT_BUDGET_MINUTES + ")") Double budgetMinutes;
    @Option(names = "--budget-steps", description = "pendulum-v1: environment steps per run (default: sac 20000, ppo 200000, mbpo 5000)") Long budgetSteps;
    @Option(names = "--methods", description = "baselines: ppo,sac,mbpo (default all); pendulum-v1: default sac,ppo") String methods;
    @Option(names = "--set", paramLabel = "METHOD.KEY=VALUE", description = "baselines, pendulum-v1: a baseline hyperparameter other than its default; KEY is a flag of 'baseline METHOD --help' without its dashes (e.g. --set ppo.n-steps=256 --set ppo.log-std-init=-1.5); repeatable, recorded in settings.txt") java.util.List<String> set;
    @Option(names = "--resume", description = "baselines, pendulum-v1: reuse the finished runs in --out and run the rest") boolean resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (!java.util.Set.of("pendulum", "car", "go1", "mismatch", "baselines", "pendulum-v1").contains(name)) {
            throw new UserError("unknown experiment '" + name + "'; choose pendulum, car, go1, mismatch, baselines or pendulum-v1");
        }
        boolean baselines = name.equals("baselines") || name.equals("pendulum-v1");
        if (!baselines && (budgetMinutes != null || budgetSteps != null || methods != null || resume || set != null)) {
            throw new UserError("--budget-minutes, --budget-steps, --methods, --set and --resume are for the baselines and pendulum-v1 experiments");
        }
        if (baselines && iterations != null) throw new UserError("--iterations is not used by " + name + "; give --budget-" + (name.equals("baselines") ? "minutes" : "steps"));
        if (budgetMinutes != null && (!(budgetMinutes > 0) || budgetMinutes.isInfinite())) throw new UserError("--budget-minutes must be a positive number, got " + budgetMinutes);
        if (budgetMinutes != null && name.equals("pendulum-v1")) throw new UserError("pendulum-v1 counts steps: give --budget-steps");
        if (budgetSteps != null && budgetSteps < 1) throw new UserError("--budget-steps must be ≥ 1, got " + budgetSteps);
        if (budgetSteps != null && name.equals("baselines")) throw new UserError("baselines counts minutes of data: give --budget-minutes");
        if (plant != null && !(name.equals("pendulum") && (plant.equals("true") || org.feedbackrl.mujoco.MujocoPlants.isMujoco(plant))
                || name.equals("car") && (plant.equals("sim") || org.feedbackrl.mujoco.MujocoPlants.isMujoco(plant)))) {
            throw new UserError("--plant " + plant + " is not available for experiment " + name + "; pendulum: true or mujoco, car: sim or mujoco");
        }
        if (plant != null && org.feedbackrl.mujoco.MujocoPlants.isMujoco(plant)) {
            // Load the MJCF once here, so a missing MuJoCo or a bad file is one line before any run starts.
            try {
                (name.equals("car") ? org.feedbackrl.mujoco.MujocoPlants.car(plant) : org.feedbackrl.mujoco.MujocoPlants.pendulum(plant)).close();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UserError(e.getMessage());
            }
        }
        Path dir = out != null ? out : Path.of("runs", "experiment-" + name + (plant != null && org.feedbackrl.mujoco.MujocoPlants.isMujoco(plant) ? "-mujoco" : ""));
        int th = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (th < 1) throw new UserError("--threads must be ≥ 1, got " + th);
        long[] sd = seeds != null ? parseSeeds(seeds) : name.equals("pendulum") ? new long[] {1, 2, 3, 4, 5} : new long[] {1, 2, 3};
        if (iterations != null && iterations < 1) throw new UserError("--iterations must be ≥ 1, got " + iterations);
        if (!baselines && java.nio.file.Files.isDirectory(dir)) {      // baselines, pendulum-v1: they check it themselves (--resume)
            try (var entries = java.nio.file.Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UserError(dir + " already holds the results of an earlier run; choose another --out or remove it (nothing in it was changed)");
                }
            }
        }
        org.feedbackrl.baseline.BaselineRun.Configs configs = null;
        if (baselines) {
            try {
                configs = org.feedbackrl.baseline.BaselineRun.Configs.defaults(name.equals("baselines") ? "car" : "pendulum-v1")
                        .with(set != null ? set : java.util.List.of());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
        log.printf("experiment %s: seeds %s, %d parallel run(s) -> %s%n", name, Arrays.toString(sd), th, dir);
        if (set != null) log.printf("baseline settings other than the defaults: %s%n", String.join(" ", set));
        log.flush();
        switch (name) {
            case "pendulum" -> {
                double[] rates = Args.vector("--lrs", lrs, lrs.split(",").length);
                for (double r : rates) if (!(r > 0)) throw new UserError("--lrs must be positive, got " + r);
                PendulumExperiment.run(new PendulumExperiment.Settings(iterations != null ? iterations : 100, 5, rates, sd, dir, th, keepRollouts,
                        plant != null ? plant : "true"), log);
            }
            case "car" -> FigureEightExperiment.run(new FigureEightExperiment.Settings("car", plant != null ? plant : "sim", "default",
                    iterations != null ? iterations : 12, 1, 5e-3, sd, dir, th), log);
            case "go1" -> FigureEightExperiment.run(new FigureEightExperiment.Settings("go1", "sim", "default",
                    iterations != null ? iterations : 7, 1, 2e-3, sd, dir, th), log);
            case "mismatch" -> MismatchExperiment.run(new MismatchExperiment.Settings(new double[] {1, 0.75, 0.5, 0.25},
                    iterations != null ? iterations : 12, sd, dir, th), log);
            case "baselines" -> BaselinesExperiment.run(new BaselinesExperiment.Settings(methodList(methods, "ppo,sac,mbpo"), sd,
                    budgetMinutes != null ? budgetMinutes : BaselinesExperiment.DEFAULT_BUDGET_MINUTES, dir, th, resume, configs), log);
            case "pendulum-v1" -> PendulumV1Experiment.run(new PendulumV1Experiment.Settings(methodList(methods, "sac,ppo"), sd,
                    budgetSteps != null ? budgetSteps : 0, dir, th, resume, configs), log);
            default -> throw new UserError("unknown experiment '" + name + "'; choose pendulum, car, go1, mismatch, baselines or pendulum-v1");
        }
        return 0;
    }

    /** A comma-separated list of baseline methods, each known and given once. */
    static java.util.List<String> methodList(String text, String dflt) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String m : (text != null ? text : dflt).split(",")) {
            String t = m.trim().toLowerCase(java.util.Locale.ROOT);
            if (!org.feedbackrl.baseline.BaselineRun.METHODS.contains(t)) {
                throw new UserError("--methods: unknown method '" + m.trim() + "'; choose from " + String.join(", ", org.feedbackrl.baseline.BaselineRun.METHODS));
            }
            if (out.contains(t)) throw new UserError("--methods: '" + t + "' is given twice");
            out.add(t);
        }
        return out;
    }

    static long[] parseSeeds(String text) {
        String[] parts = text.split(",");
        long[] s = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                s[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserError("--seeds: '" + parts[i].trim() + "' is not an integer");
            }
        }
        return s;
    }
}
