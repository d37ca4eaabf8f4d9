package org.feedbackrl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.feedbackrl.analysis.ClosedLoopGrowth;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "check-stability", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimates the closed-loop growth factor α of Theorem 1 along sampled rollouts of a policy (the initial one,",
                "or θ from a training checkpoint) and warns when the controller does not make the closed loop contract.",
                "",
                "What α means: a perturbation δx of the state at step s reaches step t as Φ_{t,s} δx, with",
                "Φ_{t,s} = A^cl_{t-1}⋯A^cl_s and A^cl_t = A_t + B_t K_t (eq. 5): the dynamics' Jacobians plus the input",
                "Jacobians times the policy's feedback K_t = ∂π_t/∂x. Theorem 1 assumes ‖Φ_{t,s}‖ ≤ M α^(t−s). If α < 1",
                "perturbations die out and the variance and bias of the model-based gradient stay bounded in the horizon; if",
                "α ≥ 1 they grow (polynomially at α = 1, exponentially above), so training is slow and biased. Here α is",
                "max over windows t−s ≥ --window of ‖Φ_{t,s}‖₂^(1/(t−s)) (shorter windows only enter M), per rollout, with",
                "the model's Jacobians along the recorded trajectory (α_model, what the estimator sees); when the plant is a",
                "model with Jacobians (pendulum 'true', scalar, '--plant model') the real α too. K_t is taken with the policy",
                "memory (held spline corrections) fixed. 'worst step' is max_t ‖A^cl_t‖₂, the one-step growth.",
                "",
                "Exit code 0; with --strict, 3 when the median α_model ≥ 1. Bad input: one line, exit 2."})
public final class CheckStabilityCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "car, go1, pendulum or scalar") String system;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "θ from a training checkpoint (RUN/checkpoints/ckpt-NNNNNN.bin); its settings (hidden width, class, horizon, model) are the defaults") Path checkpoint;
    @Option(names = "--plant", description = "what the rollouts run on (default as train: car sim, go1 sim, pendulum true, scalar real; 'model' everywhere)") String plant;
    @Option(names = "--no-feedback", description = "the no-feedback class (network outputs the inputs); default: the checkpoint's class, else feedback") Boolean noFeedback;
    @Option(names = "--hidden", description = "network width (default: the checkpoint's, else 64)") Integer hidden;
    @Option(names = "--horizon", description = "steps per rollout (default: the checkpoint's, else the task's: one lap / 3 s)") Integer horizon;
    @Option(names = "--samples", defaultValue = "16", description = "rollouts (default ${DEFAULT-VALUE})") int samples;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the initial states and plant noise (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--window", description = "shortest window of α [s] (default: a third of the rollout, at least 1 s; "
            + "Theorem 1's α is the asymptotic rate, and short windows mostly measure the transient M)") Double window;
    @Option(names = "--strict", description = "exit 3 when the median α_model ≥ 1") boolean strict;

    /** Exit code of {@code --strict} when the closed loop does not contract. */
    public static final int NOT_CONTRACTING = 3;

    @Override
    public Integer call() throws IOException {
        Tasks.Defaults d;
        try {
            d = Tasks.defaults(system);
        } catch (IllegalArgumentException e) {
            throw new UserError("check-stability: " + e.getMessage());
        }
        if (samples < 1 || samples > 100_000) throw new UserError("--samples must be in 1..100000, got " + samples);
        if (window != null) {
            Args.finite("--window", window);
            if (!(window > 0)) throw new UserError("--window must be > 0 seconds, got " + window);
        }
        Checkpoint ck = checkpoint != null ? read(checkpoint) : null;
        Map<String, String> fp = ck != null ? fingerprint(ck.fingerprint()) : Map.of();
        if (fp.containsKey("system") && !fp.get("system").equals(system)) {
            throw new UserError(checkpoint + " is a checkpoint of '" + fp.get("system") + "', not '" + system + "'");
        }
        boolean nf = noFeedback != null ? noFeedback : Boolean.parseBoolean(fp.getOrDefault("noFeedback", "false"));
        int h = hidden != null ? hidden : intOf(fp, "hidden", 64);
        int T = horizon != null ? horizon : intOf(fp, "horizon", 0);
        String model = fp.getOrDefault("model", "default");
        if (h < 1 || h > 4096) throw new UserError("--hidden must be in 1..4096, got " + h);
        if (T < 0 || T > 1_000_000) throw new UserError("--horizon must be in 0..1000000 (0 = the task's), got " + T);
        if (nf && system.equals("scalar")) throw new UserError("--no-feedback: the scalar task has only the tracking class");
        TrainConfig cfg = new TrainConfig(system, plant != null ? plant : d.plant(), 1, 1, 1e-3, "adam", 0, seed, nf, Path.of("unused"), false, T, h, model);
        TrainingTask task;
        try {
            task = Tasks.create(cfg);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Policy policy = task.policy();
        if (ck != null) {
            if (ck.theta().length != policy.paramDim()) {
                throw new UserError(checkpoint + " has " + ck.theta().length + " parameters but the " + system + " "
                        + (nf ? "no-feedback" : "feedback") + " policy with hidden width " + h + " has " + policy.paramDim()
                        + "; pass the --hidden/--no-feedback the run was trained with");
            }
            for (double v : ck.theta()) if (!Double.isFinite(v)) throw new UserError(checkpoint + " holds non-finite parameters (a diverged run)");
            System.arraycopy(ck.theta(), 0, policy.params(), 0, policy.paramDim());
        }
        double w = window != null ? window : Math.max(1.0, task.horizon() * task.model().dt() / 3);
        Result r = measure(task, samples, seed, w);
        print(spec.commandLine().getOut(), task, cfg, r);
        return strict && r.warn() ? NOT_CONTRACTING : 0;
    }

    private static Checkpoint read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserError("checkpoint " + file + " does not exist (runs keep them in RUN/checkpoints/ckpt-NNNNNN.bin)");
        } catch (IOException e) {
            throw new UserError("cannot read checkpoint " + file + ": " + e.getMessage());
        }
        try {
            return Checkpoint.decode(bytes, file.toString());
        } catch (Checkpoint.CorruptCheckpointException e) {
            throw new UserError(e.getMessage() + "; use another checkpoint of the run");
        }
    }

    static Map<String, String> fingerprint(String text) {
        Map<String, String> m = new HashMap<>();
        for (String kv : text.split(";")) {
            int i = kv.indexOf('=');
            if (i > 0) m.put(kv.substring(0, i), kv.substring(i + 1));
        }
        return m;
    }

    private static int intOf(Map<String, String> m, String key, int def) {
        try {
            return m.containsKey(key) ? Integer.parseInt(m.get(key)) : def;
        } catch (NumberFormatException e) {
            return def;
        }
    }

    /**
     * Per-rollout growth. alpha/alphaReal NaN for a diverged rollout; alphaReal null when the plant
     * has no Jacobians.
     */
    public record Result(double[] alphaModel, double[] alphaReal, double[] worstStepModel, double[] mModel, int window,
                         int horizon, String plantName, boolean warn) {}

    /** Runs the rollouts on the task's plant and measures α along each. */
    public static Result measure(TrainingTask task, int samples, long seed, double windowSeconds) {
        Policy policy = task.policy();
        int n = task.model().stateDim(), m = task.model().inputDim(), q = policy.memoryDim(), T = task.horizon();
        Plant plant = task.plant();
        ClosedLoopGrowth model = new ClosedLoopGrowth(task.model(), policy);
        ClosedLoopGrowth real = plant instanceof ModelPlant mp ? new ClosedLoopGrowth(mp.model(), policy) : null;
        int window = Math.max(1, (int) Math.round(windowSeconds / task.model().dt()));
        Unroller un = new Unroller(n, m, q);
        Rollout r = new Rollout(n, m, q, T);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x0 = new double[n];
        double[] am = new double[samples], ar = real != null ? new double[samples] : null, ws = new double[samples], mm = new double[samples];
        for (int i = 0; i < samples; i++) {
            task.sampleInitialState(rng, x0);
            un.run(plant, policy, task.reward(), x0, seed * 1_000_003L + i, r);
            ClosedLoopGrowth.Growth g = model.growth(r, window);
            am[i] = g.alpha();
            ws[i] = g.worstStep();
            mm[i] = g.m();
            if (real != null) ar[i] = real.growth(r, window).alpha();
        }
        double med = percentile(am, 50);
        return new Result(am, ar, ws, mm, window, T, plant.name(), !(med < 1));
    }

    /** Nearest-rank percentile; NaN (a diverged rollout) counts as +∞. */
    public static double percentile(double[] v, double pct) {
        double[] s = v.clone();
        for (int i = 0; i < s.length; i++) if (Double.isNaN(s[i])) s[i] = Double.POSITIVE_INFINITY;
        Arrays.sort(s);
        int k = (int) Math.ceil(pct / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, k))];
    }

    private void print(PrintWriter o, TrainingTask task, TrainConfig cfg, Result r) {
        double dt = task.model().dt();
        o.printf("check-stability %s: %s policy%s, plant '%s', %d rollouts of %d steps (%.3g s); α over windows ≥ %d steps (%.3g s)%n",
                system, cfg.noFeedback() ? "no-feedback" : "feedback", checkpoint != null ? " from " + checkpoint : " at its initial θ",
                r.plantName(), r.alphaModel().length, r.horizon(), r.horizon() * dt, r.window(), r.window() * dt);
        o.printf("%-30s %9s %9s %9s %9s %9s%n", "per rollout", "min", "p10", "median", "p90", "max");
        row(o, "alpha_model [1/step]", r.alphaModel());
        if (r.alphaReal() != null) row(o, "alpha real [1/step]", r.alphaReal());
        row(o, "worst step ‖A^cl_t‖ (model)", r.worstStepModel());
        row(o, "M (model, windows < L)", r.mModel());
        double med = percentile(r.alphaModel(), 50);
        long bad = Arrays.stream(r.alphaModel()).filter(a -> !(a < 1)).count();
        o.printf("median alpha_model = %.5f per step = %.4g per second (%d of %d rollouts ≥ 1)%n", med, Math.pow(med, 1 / dt), bad, r.alphaModel().length);
        if (r.warn()) {
            o.println("WARNING: alpha >= 1: the controller does not make the closed loop contract, so training will be slow and biased"
                    + " (the gradient's variance and error grow with the horizon; see docs/exploding-gradients.md)");
        } else {
            o.println("OK: alpha < 1: the closed loop contracts; the gradient's variance and error stay bounded in the horizon");
        }
    }

    private static void row(PrintWriter o, String name, double[] v) {
        o.printf("%-30s %9.5f %9.5f %9.5f %9.5f %9.5f%n", name, percentile(v, 0), percentile(v, 10), percentile(v, 50), percentile(v, 90), percentile(v, 100));
    }
}
