package org.feedbackrl.gradient;

import java.util.SplittableRandom;
import org.feedbackrl.control.CarTrackingController;
import org.feedbackrl.model.KinematicCar;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.TrackFeatures;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.task.TrackReward;

/**
 * The car figure-8 gradient workload (benchmark W1, issue #7), defined once for the tests, the JMH
 * benchmarks and the workload file the C++ and Python comparisons read: the pieces of
 * {@code Tasks.car} (controller designed on the model, {@link KinematicCar#paper()} as model and
 * plant, a 5.5 s figure-8, the same output scale) with the network — 6 → 64 → 64 → 10, reading the
 * state through {@link TrackFeatures#car} — called every {@code callEvery} control steps, a seeded
 * nonzero network, and N rollouts of T steps recorded on the model plant from seeded initial
 * states drawn like {@code FigureEightTask.sampleInitialState}.
 */
public final class CarGradientWorkload {
    /** Output scale of the car's network, as in Tasks.car. */
    public static final double[] SCALE = {0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
    public static final int HIDDEN = 64;

    public final KinematicCar model = KinematicCar.paper();
    public final FigureEight track = new FigureEight(5.5);
    public final CarTrackingController controller = CarTrackingController.designedOnModel();
    public final TrackFeatures features;
    public final Mlp mlp;
    public final TrackingPolicy policy;
    public final TrackReward reward;
    public final int rollouts;
    public final int horizon;
    public final int callEvery;
    public final Rollout[] recorded;
    /** Initial states, rollouts×4. */
    public final double[] x0s;

    /**
     * @param rollouts  N ≥ 1 (8 for W1)
     * @param horizon   T ≥ 1 (275 = 5.5 s at 50 Hz for W1)
     * @param callEvery control steps per network call (1 for W1)
     * @param seed      seeds the network and the initial states
     */
    public CarGradientWorkload(int rollouts, int horizon, int callEvery, long seed) {
        this.rollouts = rollouts;
        this.horizon = horizon;
        this.callEvery = callEvery;
        double dt = model.dt();
        features = TrackFeatures.car(dt, track.lapSeconds());
        mlp = Mlp.create(features.dim(), new int[] {HIDDEN, HIDDEN}, SCALE.length, SCALE, seed);
        // Hidden layers Glorot (as trained from scratch), output layer small and nonzero so that the
        // corrections and every gradient path are active while the controller stays mostly unclamped.
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] th = mlp.params();
        int L = mlp.layers();
        for (int k = mlp.weightOffset(L); k < mlp.biasOffset(L) + mlp.outputs(); k++) th[k] = rng.nextDouble(-0.1, 0.1);
        policy = new TrackingPolicy(controller, new MlpNetwork(mlp), features, track, dt, callEvery);
        reward = TrackReward.car(track.speed());
        recorded = new Rollout[rollouts];
        x0s = new double[rollouts * 4];
        record(seed);
    }

    /** The W1 workload: N = 8, T = 275, network every step. */
    public static CarGradientWorkload w1(long seed) {
        return new CarGradientWorkload(8, 275, 1, seed);
    }

    /** Re-records the N rollouts on the model plant at the current θ (initial states from seed). */
    public void record(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ModelPlant plant = new ModelPlant(model);
        Unroller un = new Unroller(4, 2, policy.memoryDim());
        double[] x0 = new double[4];
        for (int i = 0; i < rollouts; i++) {
            sampleInitialState(rng, x0);
            System.arraycopy(x0, 0, x0s, i * 4, 4);
            if (recorded[i] == null) recorded[i] = new Rollout(4, 2, policy.memoryDim(), horizon);
            un.run(plant, policy, reward, x0, i, recorded[i]);
        }
    }

    /** x_0 as {@code FigureEightTask.sampleInitialState}: the reference's start plus a small offset. */
    public void sampleInitialState(java.util.random.RandomGenerator rng, double[] x0) {
        x0[0] = rng.nextDouble(-0.1, 0.1);
        x0[1] = rng.nextDouble(-0.1, 0.1);
        x0[2] = track.speed() + rng.nextDouble(-0.2, 0.2);
        x0[3] = -Math.PI / 2 + rng.nextDouble(-0.1, 0.1);
    }

    /** Reference gradient (Σ over the rollouts) by the generic {@link CostateEstimator}. */
    public double[] referenceGradient() {
        double[] g = new double[mlp.paramCount()];
        CostateEstimator est = new CostateEstimator(model, g.length, policy.memoryDim());
        for (Rollout r : recorded) est.accumulate(r, policy, reward, g);
        return g;
    }
}
