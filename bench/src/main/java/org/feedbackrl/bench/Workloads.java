package org.feedbackrl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.feedbackrl.gradient.CarGradientWorkload;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.TimeNetworkPolicy;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.train.Optimizer;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingIteration;
import org.feedbackrl.train.TrainingTask;

/**
 * The four workloads of issue #7, defined once. Java implementations build them from here; the C++
 * and Python implementations read {@link #dump}'s file, so every implementation sees the same
 * recorded rollouts, weights, states and batches.
 *
 * <ul>
 *   <li>W1: {@link CarGradientWorkload#w1} (car figure-8, N = 8 × T = 275, network every step).</li>
 *   <li>W2: one training iteration by the trainer's own code ({@link TrainingIteration#run}) on W1's
 *       workload as a training task on the model plant: the 8 rollouts at θ, the gradient, an Adam
 *       step; W2.go1 and W2.pendulum the same on those systems' training tasks.</li>
 *   <li>W3: one policy evaluation at step {@link #W3_STEP} of rollout 0 (its recorded x_t, z_{t−1}).</li>
 *   <li>W4: MLP forward / input Jacobian / backward on seeded random batches of 1, 8, 256 rows.</li>
 * </ul>
 */
public final class Workloads {
    private Workloads() {}

    public static final long SEED = 7;
    public static final int W3_STEP = 100;
    public static final int W4_MAX = 256;
    /** Adam step size of W2 (the car default). */
    public static final double LR = 2e-3;
    /** Bounds of CarTrackingController.designedOnModel() (not exposed by the controller). */
    /** The controller's input bounds, as the Java workload uses them (written into the shared workload file). */
    public static final double A_MAX = org.feedbackrl.control.CarTrackingController.designedOnModel().aMax(),
            OMEGA_MAX = org.feedbackrl.control.CarTrackingController.designedOnModel().omegaMax();

    public static CarGradientWorkload w1() { return CarGradientWorkload.w1(SEED); }

    /** W4's inputs (256×6 features) and output cotangents (256×10), seeded. */
    public static double[][] w4Batches(Mlp mlp) {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        double[] x = new double[W4_MAX * mlp.inputs()], yb = new double[W4_MAX * mlp.outputs()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-2, 2);
        for (int i = 0; i < yb.length; i++) yb[i] = r.nextDouble(-1, 1);
        return new double[][] {x, yb};
    }

    /**
     * W2: what {@code Trainer.run} does for one iteration, by the trainer's own code —
     * {@link TrainingIteration#run}: the N rollouts at θ on the model plant, the gradient by the
     * estimator the trainer picks for the policy class, one Adam step (no recording, no checkpoint:
     * those are the run's files, written by another thread). θ and Adam are reset before each op.
     */
    public static final class TrainerIteration implements AutoCloseable {
        public final TrainingTask task;
        public final TrainingIteration it;
        final Optimizer opt;
        final double[] theta0;

        /**
         * @param task    the training task (its policy's θ as it should be at the start of every op)
         * @param batch   N
         * @param lr      Adam step size
         * @param threads rollout lanes (1: everything on the benchmark thread)
         */
        public TrainerIteration(TrainingTask task, int batch, double lr, int threads) {
            this.task = task;
            this.it = new TrainingIteration(task, batch, SEED, threads);
            this.opt = new Optimizer(Optimizer.Kind.ADAM, task.policy().paramDim(), lr, 0);
            this.theta0 = task.policy().params().clone();
        }

        /** Back to the starting θ and a fresh Adam state (so every op does the same work). */
        public void reset() {
            System.arraycopy(theta0, 0, task.policy().params(), 0, theta0.length);
            Arrays.fill(opt.m1, 0);
            Arrays.fill(opt.m2, 0);
            opt.steps = 0;
        }

        /** One iteration (k = 0): rollouts, ĝ, Adam; θ is updated in place. @return mean J */
        public double run() {
            try {
                return it.run(0, null, TrainingIteration.Hooks.NONE, opt);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);    // no hooks, no I/O: not reached
            }
        }

        /** The rollouts of one iteration alone. @return J of rollout 0 */
        public double rollouts() {
            try {
                it.collect(0, null, TrainingIteration.Hooks.NONE);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return it.rollouts()[0].rewards[0];
        }

        @Override public void close() { it.close(); }
    }

    /** W2 (car): W1's workload — N = 8, T = 275, network every step — as a training task on the model plant. */
    public static TrainerIteration w2Car(int threads) {
        return new TrainerIteration(task(w1()), 8, LR, threads);
    }

    /** W2.go1: the Go1's training task ({@code Tasks}) on the model plant, N = 8 rollouts of one 37.7 s lap (377 steps, network every 9). */
    public static TrainerIteration w2Go1() {
        TrainingTask t = Tasks.create(new TrainConfig("go1", "model", 1, 8, 2e-3, "adam", 0, SEED, false, Path.of("unused"), false, 0, 64));
        nonzeroOutputLayer(t.policy());
        return new TrainerIteration(t, 8, 2e-3, 1);
    }

    /** W2.pendulum: the pendulum's feedback class ({@code Tasks}) on the model plant, N = 5 rollouts of 300 steps (the experiment's batch). */
    public static TrainerIteration w2Pendulum() {
        TrainingTask t = Tasks.create(new TrainConfig("pendulum", "model", 1, 5, 1e-2, "adam", 0, SEED, false, Path.of("unused"), false, 0, 64));
        nonzeroOutputLayer(t.policy());
        return new TrainerIteration(t, 5, 1e-2, 1);
    }

    /** Small seeded output weights, as in W1 (the trainer starts from zero: the hidden layers' gradients would vanish). */
    static void nonzeroOutputLayer(Policy p) {
        Mlp mlp = ((MlpNetwork) (p instanceof TrackingPolicy tp ? tp.network() : ((TimeNetworkPolicy) p).network())).mlp();
        SplittableRandom rng = new SplittableRandom(SEED ^ 0x5DEECE66DL);
        int L = mlp.layers();
        for (int k = mlp.weightOffset(L); k < mlp.biasOffset(L) + mlp.outputs(); k++) mlp.params()[k] = rng.nextDouble(-0.1, 0.1);
    }

    /**
     * A workload as a {@link TrainingTask}: its model as the plant, its policy, reward, horizon and
     * initial-state distribution. Its replica (for {@code threads} &gt; 1) has its own network
     * (θ copied by the trainer) and plant; the controller, features, track and reward are immutable.
     */
    public static TrainingTask task(CarGradientWorkload w) {
        return task(w, w.policy);
    }

    private static TrainingTask task(CarGradientWorkload w, TrackingPolicy policy) {
        ModelPlant plant = new ModelPlant(w.model);
        return new TrainingTask() {
            @Override public String name() { return "car-w1"; }
            @Override public org.feedbackrl.model.DynamicsModel model() { return w.model; }
            @Override public org.feedbackrl.rollout.Plant plant() { return plant; }
            @Override public Policy policy() { return policy; }
            @Override public org.feedbackrl.task.Reward reward() { return w.reward; }
            @Override public int horizon() { return w.horizon; }
            @Override public void sampleInitialState(java.util.random.RandomGenerator rng, double[] x0) { w.sampleInitialState(rng, x0); }
            @Override public double trackingError(Rollout r) { return 0; }
            @Override public TrainingTask replica() {
                Mlp own = Mlp.create(w.mlp.inputs(), new int[] {CarGradientWorkload.HIDDEN, CarGradientWorkload.HIDDEN}, w.mlp.outputs(), w.mlp.scale(), 0);
                return task(w, new TrackingPolicy(w.controller, new MlpNetwork(own), w.features, w.track, w.model.dt(), w.callEvery));
            }
        };
    }

    /**
     * Writes the workload file the native and Python implementations read: little-endian float64
     * throughout (integers too), in this order —
     * <pre>
     *   version=1, N, T, nIn, H, nOut, callEvery, q, W3_STEP, W4_MAX
     *   dt, lap, vNom, wv, wphi, aMax, ωMax, gains[6], accelGain, drag, steerGain, steerBias, lr, scale[nOut]
     *   p, θ[p]                                  (fbrl layout: per layer Wᵀ (in×out row-major) then b)
     *   per rollout i: xs[(T+1)·4], us[T·2], zs[(T+1)·q], x0[4]
     *   W3: x[4], zPrev[q]
     *   W4: X[W4_MAX·nIn], Ȳ[W4_MAX·nOut]
     * </pre>
     */
    public static void dump(Path file) throws IOException {
        CarGradientWorkload w = w1();
        Mlp mlp = w.mlp;
        int q = w.policy.memoryDim();
        int T = w.horizon;
        var d = new java.util.ArrayList<Double>();
        for (double v : new double[] {1, w.rollouts, T, mlp.inputs(), CarGradientWorkload.HIDDEN, mlp.outputs(), w.callEvery, q, W3_STEP, W4_MAX}) d.add(v);
        double[] gains = w.controller.nominalGains();
        for (double v : new double[] {w.model.dt(), w.track.lapSeconds(), w.track.speed(), 1.0 / 30, 10.0 / 30, A_MAX, OMEGA_MAX}) d.add(v);
        for (double v : gains) d.add(v);
        for (double v : new double[] {w.model.accelGain(), w.model.drag(), w.model.steerGain(), w.model.steerBias(), LR}) d.add(v);
        for (double v : mlp.scale()) d.add(v);
        d.add((double) mlp.paramCount());
        for (double v : mlp.params()) d.add(v);
        for (int i = 0; i < w.rollouts; i++) {
            Rollout r = w.recorded[i];
            for (double v : r.xs) d.add(v);
            for (double v : r.us) d.add(v);
            for (double v : r.zs) d.add(v);
            for (int k = 0; k < 4; k++) d.add(w.x0s[i * 4 + k]);
        }
        Rollout r0 = w.recorded[0];
        for (int k = 0; k < 4; k++) d.add(r0.xs[W3_STEP * 4 + k]);
        for (int k = 0; k < q; k++) d.add(r0.zs[W3_STEP * q + k]);
        double[][] b = w4Batches(mlp);
        for (double v : b[0]) d.add(v);
        for (double v : b[1]) d.add(v);
        ByteBuffer buf = ByteBuffer.allocate(d.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : d) buf.putDouble(v);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, buf.array());
    }

    /** Reads a file of little-endian float64 (what the C++ and Python checks write). */
    public static double[] readDoubles(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[buf.remaining() / 8];
        for (int i = 0; i < out.length; i++) out[i] = buf.getDouble();
        return out;
    }

}
