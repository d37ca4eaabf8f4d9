package org.feedbackrl.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.feedbackrl.gradient.CostateEstimator;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.PendulumPolicies;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.Reward;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;

/**
 * The measurements of {@link ScalarGradientAnalysis} for the paper's real tasks (car, Go1, double
 * pendulum; issue 5 item 2): for the feedback class (tracking controller / LQR with the network
 * on top, {@code Tasks.create} with noFeedback = false) and the no-feedback class (noFeedback =
 * true), at each horizon T, at θ = the initial parameters (optionally with a seeded perturbation of
 * the network's output layer):
 * <ul>
 *   <li>variance = (1/N) Σᵢ ‖ĝ(x₀ⁱ) − mean ĝ‖², ĝ = {@link CostateEstimator} with the model's
 *       Jacobians along the rollout of the real system ({@link RealSystems});</li>
 *   <li>bias = (1/N) Σᵢ ‖ĝ(x₀ⁱ) − g(x₀ⁱ)‖, g = the same costate pass with the real system's
 *       Jacobians on the same rollout (the exact gradient of J for that x₀);</li>
 *   <li>hessian_max_eig: largest |eigenvalue| of the Hessian of the mean J over the first
 *       {@code hessianSamples} initial states, by power iteration on Hessian–vector products
 *       H v ≈ (g(θ + εv) − g(θ − εv)) / (2ε) (central differences of exact gradients, ε = 1e−4,
 *       ‖v‖ = 1). The reported value is ‖H v‖ after the last iteration: a lower bound that
 *       converges to max|λ| at the rate |λ₂/λ₁| per iteration;</li>
 *   <li>alpha, alpha_model: {@link ClosedLoopGrowth#growth} with the real system's / the model's
 *       Jacobians over windows of at least {@code windowSeconds} (capped at T), max over the first
 *       {@code alphaRollouts} rollouts. K_t = ∂π_t/∂x holds the policy memory fixed (the spline
 *       corrections of {@link TrackingPolicy} between network calls), i.e. it is the controller's
 *       feedback plus, at call steps, the network's direct dependence on x_t.</li>
 * </ul>
 * The same initial states (drawn by the task's distribution from {@code seed}) serve every horizon
 * and both classes.
 */
public final class SystemGradientAnalysis {
    /** Finite-difference step of the Hessian–vector products (θ units; ‖v‖ = 1). */
    public static final double HVP_STEP = 1e-4;

    /**
     * @param samples           N rollouts per (class, horizon), ≥ 2
     * @param seed              seed of the initial states, the network init and the power iteration
     * @param hidden            width of the network's hidden layers (the training default is 64)
     * @param alphaRollouts     rollouts α is measured on (O(T²) each), ≥ 1
     * @param hessianSamples    initial states of the Hessian average, ≥ 1
     * @param hessianIterations power iterations, ≥ 1
     * @param windowSeconds     minimum window of α [s], &gt; 0
     * @param perturb           σ: the output layer is set to σ × U(−a, a), a its Glorot limit (0 = the
     *                          initial θ, where the network outputs 0 and the nominal controller acts)
     */
    public record Options(int samples, long seed, int hidden, int alphaRollouts, int hessianSamples,
                          int hessianIterations, double windowSeconds, double perturb) {
        /** The defaults of {@code analyze car|go1|pendulum}. */
        public static Options defaults(int samples, long seed) {
            return new Options(samples, seed, 64, 4, 4, 12, 1.0, 0.0);
        }
    }

    /** One CSV row. {@code feedback} true = the feedback class. */
    public record Row(boolean feedback, int horizon, double variance, double bias, double hessianMaxEig,
                      double alpha, double alphaModel) {
        public String policy() { return name(feedback); }
    }

    private SystemGradientAnalysis() {}

    public static String name(boolean feedback) { return feedback ? "feedback" : "no-feedback"; }

    /** Default horizons [steps]: a spread up to one lap (car 275, go1 377) or 3 s (pendulum 300). */
    public static int[] defaultHorizons(String system) {
        return switch (system) {
            case "car" -> new int[] {25, 50, 100, 150, 200, 275};
            case "go1" -> new int[] {25, 50, 100, 200, 300, 377};
            case "pendulum" -> new int[] {25, 50, 100, 150, 200, 300};
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1 or pendulum");
        };
    }

    /** The task of {@code system} with horizon T and the given class (plant replaced, see {@link #analyze}). */
    public static TrainingTask task(String system, boolean feedback, int T, Options o) {
        String plant = system.equals("pendulum") ? "true" : "model";
        TrainConfig cfg = new TrainConfig(system, plant, 1, 1, 1e-3, "adam", 0, o.seed(), !feedback,
                Path.of("unused"), false, T, o.hidden());
        TrainingTask task = Tasks.create(cfg);
        if (o.perturb() > 0) perturbOutputLayer(task.policy(), o.hidden(), o.perturb(), o.seed());
        return task;
    }

    /** Output count of the policy's network (the layer {@link #perturbOutputLayer} changes). */
    static int networkOutputs(Policy p) {
        if (p instanceof TrackingPolicy tp) return tp.network().outputDim();
        if (p instanceof PendulumPolicies.Lqr) return 8;
        return p.inputDim();                               // DirectPolicy, PendulumPolicies.Direct
    }

    /** Sets the last layer (weights then bias, {@code policy.Mlp} layout) to σ·U(−a, a). */
    static void perturbOutputLayer(Policy p, int hidden, double sigma, long seed) {
        int out = networkOutputs(p);
        double[] theta = p.params();
        int count = (hidden + 1) * out;
        double a = sigma * Math.sqrt(6.0 / (hidden + out));
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5eed5eedL);
        for (int i = theta.length - count; i < theta.length; i++) theta[i] = rng.nextDouble(-a, a);
    }

    /** N initial states from the task's distribution (identical for both classes and all T). */
    public static double[][] initialStates(TrainingTask task, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x0 = new double[samples][task.model().stateDim()];
        for (double[] x : x0) task.sampleInitialState(rng, x);
        return x0;
    }

    /** Measures one (system, class, horizon). */
    public static Row analyze(String system, boolean feedback, int T, Options o) {
        if (o.samples() < 2) throw new IllegalArgumentException("samples must be ≥ 2, got " + o.samples());
        TrainingTask task = task(system, feedback, T, o);
        DynamicsModel real = RealSystems.real(system), model = task.model();
        Policy policy = task.policy();
        Reward reward = task.reward();
        ModelPlant plant = new ModelPlant(real);
        int n = model.stateDim(), m = model.inputDim(), q = policy.memoryDim(), p = policy.paramDim();
        CostateEstimator estHat = new CostateEstimator(model, p, q), estReal = new CostateEstimator(real, p, q);
        ClosedLoopGrowth growthReal = new ClosedLoopGrowth(real, policy), growthModel = new ClosedLoopGrowth(model, policy);
        Unroller unroller = new Unroller(n, m, q);
        Rollout r = new Rollout(n, m, q, T);
        double[][] x0s = initialStates(task, o.samples(), o.seed());
        int window = Math.max(1, (int) Math.round(o.windowSeconds() / model.dt()));
        double[] gHat = new double[p], g = new double[p], mean = new double[p], m2 = new double[p];
        double biasSum = 0, alpha = 0, alphaModel = 0;
        for (int i = 0; i < x0s.length; i++) {
            unroller.run(plant, policy, reward, x0s[i], 0, r);
            Arrays.fill(gHat, 0.0);
            Arrays.fill(g, 0.0);
            estHat.accumulate(r, policy, reward, gHat);
            estReal.accumulate(r, policy, reward, g);
            double d2 = 0;
            for (int j = 0; j < p; j++) {
                double d = gHat[j] - g[j];
                d2 += d * d;
                double delta = gHat[j] - mean[j];            // Welford per coordinate
                mean[j] += delta / (i + 1);
                m2[j] += delta * (gHat[j] - mean[j]);
            }
            biasSum += Math.sqrt(d2);
            if (i < o.alphaRollouts()) {
                alpha = Math.max(alpha, growthReal.growth(r, window).alpha());
                alphaModel = Math.max(alphaModel, growthModel.growth(r, window).alpha());
            }
        }
        double variance = 0;
        for (double v : m2) variance += v;
        variance /= x0s.length;
        double[][] hx0 = Arrays.copyOf(x0s, Math.min(x0s.length, o.hessianSamples()));
        double eig = hessianMaxEig(plant, policy, reward, estReal, unroller, r, hx0, o.hessianIterations(), o.seed());
        return new Row(feedback, T, variance, biasSum / x0s.length, eig, alpha, alphaModel);
    }

    /** Power iteration on H v = mean_i (g_i(θ + εv) − g_i(θ − εv)) / 2ε; returns ‖H v‖ at the end. */
    static double hessianMaxEig(ModelPlant plant, Policy policy, Reward reward, CostateEstimator exact, Unroller unroller,
                                Rollout r, double[][] x0s, int iterations, long seed) {
        double[] theta = policy.params();
        int p = theta.length;
        double[] base = theta.clone(), v = new double[p], hv = new double[p], gp = new double[p];
        SplittableRandom rng = new SplittableRandom(seed ^ 0x4e55L);
        for (int j = 0; j < p; j++) v[j] = rng.nextGaussian();
        normalize(v);
        double est = 0;
        try {
            for (int it = 0; it < iterations; it++) {
                Arrays.fill(hv, 0.0);
                for (double[] x0 : x0s) {
                    for (int sign = 1; sign >= -1; sign -= 2) {
                        for (int j = 0; j < p; j++) theta[j] = base[j] + sign * HVP_STEP * v[j];
                        unroller.run(plant, policy, reward, x0, 0, r);
                        Arrays.fill(gp, 0.0);
                        exact.accumulate(r, policy, reward, gp);
                        double w = sign / (2 * HVP_STEP * x0s.length);
                        for (int j = 0; j < p; j++) hv[j] += w * gp[j];
                    }
                }
                est = norm(hv);
                if (!(est > 0) || !Double.isFinite(est)) return est == 0 ? 0 : Double.NaN;
                for (int j = 0; j < p; j++) v[j] = hv[j] / est;
            }
        } finally {
            System.arraycopy(base, 0, theta, 0, p);
        }
        return est;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    private static void normalize(double[] v) {
        double s = norm(v);
        for (int j = 0; j < v.length; j++) v[j] /= s;
    }

    /** Both classes (feedback first) at every horizon. */
    public static List<Row> run(String system, int[] horizons, Options o) {
        List<Row> rows = new ArrayList<>();
        for (boolean fb : new boolean[] {true, false}) {
            for (int T : horizons) rows.add(analyze(system, fb, T, o));
        }
        return rows;
    }
}
