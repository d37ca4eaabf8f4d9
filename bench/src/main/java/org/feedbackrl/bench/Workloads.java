package org.feedbackrl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.feedbackrl.gradient.BatchedTrackingEstimator;
import org.feedbackrl.gradient.CarGradientWorkload;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.Optimizer;

/**
 * The four workloads of issue #7, defined once. Java implementations build them from here; the C++
 * and Python implementations read {@link #dump}'s file, so every implementation sees the same
 * recorded rollouts, weights, states and batches.
 *
 * <ul>
 *   <li>W1: {@link CarGradientWorkload#w1} (car figure-8, N = 8 × T = 275, network every step).</li>
 *   <li>W2: one training iteration on the model plant: re-record the 8 rollouts at θ, W1, Adam step.</li>
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

    /** W2 with fbrl's fast path: re-record at θ, batched estimate (mean), Adam ascent. Allocation-free. */
    public static final class Iteration {
        public final CarGradientWorkload w;
        final BatchedTrackingEstimator est;
        final Optimizer opt;
        final ModelPlant plant;
        final Unroller un;
        final double[] g, theta0, x0 = new double[4];

        public Iteration(CarGradientWorkload w) {
            this.w = w;
            est = new BatchedTrackingEstimator(w.model, w.policy, w.features, w.reward, w.rollouts, w.horizon);
            opt = new Optimizer(Optimizer.Kind.ADAM, w.mlp.paramCount(), LR, 0);
            plant = new ModelPlant(w.model);
            un = new Unroller(4, 2, w.policy.memoryDim());
            g = new double[w.mlp.paramCount()];
            theta0 = w.mlp.params().clone();
        }

        /** Back to the starting θ and a fresh Adam state (so every op does the same work). */
        public void reset() {
            System.arraycopy(theta0, 0, w.mlp.params(), 0, theta0.length);
            Arrays.fill(opt.m1, 0);
            Arrays.fill(opt.m2, 0);
            opt.steps = 0;
        }

        /** One iteration; θ is updated in place. @return mean J */
        public double run() {
            for (int i = 0; i < w.rollouts; i++) {
                System.arraycopy(w.x0s, i * 4, x0, 0, 4);
                un.run(plant, w.policy, w.reward, x0, i, w.recorded[i]);
            }
            Arrays.fill(g, 0);
            double J = est.estimate(w.recorded, w.rollouts, g);
            for (int k = 0; k < g.length; k++) g[k] /= w.rollouts;
            opt.ascend(w.mlp.params(), g);
            return J / w.rollouts;
        }
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
