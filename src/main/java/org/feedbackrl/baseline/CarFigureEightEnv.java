package org.feedbackrl.baseline;

import java.nio.file.Path;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Network;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.task.Reward;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;

/**
 * The car figure-8 exactly as feedback-rl trains on it ({@code train car --plant sim}), as an RL
 * environment whose action is the output of the policy class's network (the paper's Fig. 3: every
 * method "optimizing over the feedback control architecture").
 *
 * <p>Built from the same objects as {@link Tasks} builds for {@code train car}: the high-fidelity
 * {@code CarSimulator}, the figure-8 {@link TrackingPolicy} (tracking controller designed on eq. 11,
 * spline setpoints), the {@code TrackReward}, the two-lap horizon T = 550 at 50 Hz and the
 * initial-state distribution. Only the policy's network is swapped for {@link HeldOutputs}, which
 * returns what the agent chose:
 * <ul>
 *   <li><b>action</b> a ∈ [−1, 1]¹⁰: the network's pre-scale output, so the policy sees
 *       {@code scale ⊙ a} — the 4 setpoint corrections (δp_x, δp_y, δṗ_x, δṗ_y, ±0.5) and the 6 gain
 *       offsets (±0.3), the output scaling of {@code Tasks.car}. For feedback-rl's own network
 *       a = tanh(·); SAC's squashed Gaussian lands in the same box, PPO's Gaussian is clipped to it.</li>
 *   <li><b>one step</b> = one network call: the action is held for {@code callEvery} = 7 control steps
 *       (0.14 s; the last step of an episode holds 4), while the spline and the tracking controller run
 *       at 50 Hz between calls, exactly as in {@link TrackingPolicy#act}.</li>
 *   <li><b>reward</b> = the per-control-step {@code TrackReward} summed over those steps (plus the
 *       terminal reward on the last one): an episode's return is feedback-rl's J.</li>
 *   <li><b>observation</b> = the features the network reads at the call step:
 *       [x, y, v cos φ, v sin φ, cos 2πτ/L, sin 2πτ/L].</li>
 *   <li><b>episode</b> = 550 control steps (11 s, 79 calls), truncated (not terminated) at the end.</li>
 * </ul>
 * {@link #episodeTrackingError()} is the task's metric (mean distance to the path over x_0 … x_T), the
 * one {@code train} logs.
 */
public final class CarFigureEightEnv implements Env {
    private final TrainingTask task;
    private final Plant plant;
    private final Reward reward;
    private final TrackingPolicy policy;
    private final HeldOutputs net;
    private final int T, callEvery, n, m, q;
    private final double dt;
    private final double[] x, u, z, zPrev, gx, gu, x0;
    private int t;
    private boolean truncated;
    private double lastSeconds, errSum, returnSum;

    /** The network stand-in: outputs {@code scale ⊙ a} for the action a the agent set last. */
    public static final class HeldOutputs implements Network {
        private final int in;
        private final double[] scale, held;

        HeldOutputs(int inputs, double[] scale) {
            this.in = inputs;
            this.scale = scale.clone();
            this.held = new double[scale.length];
        }

        @Override public int inputDim() { return in; }
        @Override public int outputDim() { return scale.length; }
        @Override public int paramDim() { return 0; }
        @Override public double[] params() { return new double[0]; }

        @Override
        public void forward(double[] input, double[] out) {
            for (int i = 0; i < held.length; i++) out[i] = scale[i] * held[i];
        }

        @Override
        public void backward(double[] input, double[] outBar, double[] inBar, double[] g) {
            throw new UnsupportedOperationException("the held outputs of an RL agent have no parameters to differentiate");
        }

        /** @return the per-output scale (a copy) */
        public double[] scale() { return scale.clone(); }
    }

    /** The environment of {@code train car --plant sim} (seed only affects what the environment ignores). */
    public CarFigureEightEnv() {
        this(Tasks.create(new TrainConfig("car", "sim", 1, 1, 1e-3, "adam", 0, 0, false, Path.of("unused"), false, 0, 64)));
    }

    /**
     * @param task a figure-8 car task whose policy is a {@link TrackingPolicy} over an {@link MlpNetwork}
     *             (its network's scale is used; its parameters are not)
     */
    public CarFigureEightEnv(TrainingTask task) {
        if (!(task.policy() instanceof TrackingPolicy tp) || !(tp.network() instanceof MlpNetwork mn)) {
            throw new IllegalArgumentException("the car environment needs the figure-8 TrackingPolicy of Tasks.car");
        }
        this.task = task;
        this.plant = task.plant();
        this.reward = task.reward();
        this.net = new HeldOutputs(tp.features().dim(), mn.mlp().scale());
        this.policy = new TrackingPolicy(tp.controller(), net, tp.features(), tp.track(), tp.dt(), tp.callEvery());
        this.T = task.horizon();
        this.callEvery = tp.callEvery();
        this.dt = plant.dt();
        this.n = task.model().stateDim();
        this.m = task.model().inputDim();
        this.q = policy.memoryDim();
        x = new double[n];
        x0 = new double[n];
        u = new double[m];
        z = new double[q];
        zPrev = new double[q];
        gx = new double[n];
        gu = new double[m];
    }

    @Override public String name() { return "car"; }
    @Override public int obsDim() { return policy.features().dim(); }
    @Override public int actDim() { return net.outputDim(); }
    @Override public double actionLow(int i) { return -1.0; }
    @Override public double actionHigh(int i) { return 1.0; }
    @Override public int maxEpisodeSteps() { return (T + callEvery - 1) / callEvery; }

    /** @return the task this environment was built from */
    public TrainingTask task() { return task; }

    /** @return the per-output scale between the action and the policy's setpoint/gain offsets */
    public double[] outputScale() { return net.scale(); }

    /**
     * @return the evaluation start of {@code experiment car}: exactly on the reference at τ = 0
     *         (origin, nominal speed, heading −π/2)
     */
    public double[] referenceStart() {
        return new double[] {0, 0, policy.track().speed(), -Math.PI / 2};
    }

    /** @return control steps per episode (T) */
    public int horizon() { return T; }

    @Override
    public void reset(Rng rng, double[] obs) {
        task.sampleInitialState(rng, x0);
        resetTo(x0, rng.nextLong(), obs);
    }

    /** Starts an episode at x0 (e.g. the evaluation start on the reference). */
    public void resetTo(double[] start, long plantSeed, double[] obs) {
        plant.reset(start, plantSeed);
        plant.observe(x);
        java.util.Arrays.fill(zPrev, 0.0);
        policy.initMemory(x, zPrev);
        t = 0;
        truncated = false;
        errSum = FigureEight.distanceToPath(x[0], x[1]);
        returnSum = 0;
        policy.features().features(0, x, obs);
    }

    @Override
    public double step(double[] action, double[] nextObs) {
        if (t >= T) throw new IllegalStateException("episode over: call reset");
        for (int i = 0; i < net.held.length; i++) net.held[i] = Math.min(Math.max(action[i], -1.0), 1.0);
        double r = 0;
        int steps = 0;
        do {
            policy.act(t, x, zPrev, z, u);
            r += reward.stage(t, x, u, gx, gu);
            plant.step(u);
            plant.observe(x);
            System.arraycopy(z, 0, zPrev, 0, q);
            t++;
            steps++;
            errSum += FigureEight.distanceToPath(x[0], x[1]);
        } while (t % callEvery != 0 && t < T);
        if (t == T) {
            r += reward.terminal(x, gx);
            truncated = true;
        }
        lastSeconds = steps * dt;
        returnSum += r;
        policy.features().features(t, x, nextObs);
        return r;
    }

    @Override public boolean terminated() { return false; }
    @Override public boolean truncated() { return truncated; }
    @Override public double lastStepSeconds() { return lastSeconds; }
    @Override public double episodeSeconds() { return T * dt; }

    /** @return mean distance to the path over x_0 … x_t so far [m] (the task's metric once the episode is over) */
    public double episodeTrackingError() { return errSum / (t + 1); }

    /** @return the sum of rewards so far (J once the episode is over) */
    public double episodeReturn() { return returnSum; }

    /** @return the control steps run in this episode */
    public int controlStep() { return t; }
}
