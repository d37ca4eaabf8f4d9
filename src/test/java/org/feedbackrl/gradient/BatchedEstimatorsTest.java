package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.model.DoublePendulum;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.model.KinematicCar;
import org.feedbackrl.model.Unicycle;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.TimeNetworkPolicy;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The estimator {@link Estimators#forPolicy} picks for each policy class: which one it is, that it
 * equals the generic per-step pass ({@link BatchEstimator} over {@link CostateEstimator}, itself held
 * to finite differences and the forward form elsewhere) to 1e-13 relative (round-off of another summation order, ~1e-15) with every network layer
 * randomised — on the model and on a mismatched "reality" — and, with F̂ = F, that it equals central
 * finite differences of J by full re-rollout of the batch (DESIGN.md §2, check 1).
 */
class BatchedEstimatorsTest {

    static TrainingTask task(String system, boolean direct, int horizon) {
        TrainConfig c = new TrainConfig(system, "model", 1, 1, 1e-3, "adam", 0, 7, direct, Path.of("unused"), false, horizon, 16);
        return Tasks.create(c);
    }

    /** Every layer random (the hidden layers' gradients vanish while the output layer is zero). */
    static void randomize(Policy p, long seed) {
        var net = p instanceof TrackingPolicy tp ? tp.network() : ((TimeNetworkPolicy) p).network();
        ((MlpNetwork) net).mlp().randomizeAll(seed, 0.05);
        // Small enough that the controllers stay mostly off their clamps.
        double[] th = p.params();
        for (int i = 0; i < th.length; i++) th[i] *= 0.5;
    }

    static DynamicsModel reality(String system, DynamicsModel model) {
        return switch (system) {
            case "car" -> KinematicCar.authorsReality(1.0);
            case "go1" -> new Unicycle(0.9, 1.0, model.dt());
            default -> DoublePendulum.trueSystem();
        };
    }

    static Rollout[] record(TrainingTask t, Plant plant, int count, long seed) {
        Policy pol = t.policy();
        int n = t.model().stateDim(), m = t.model().inputDim(), q = pol.memoryDim();
        Rollout[] rs = new Rollout[count];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x0 = new double[n];
        for (int i = 0; i < count; i++) {
            t.sampleInitialState(rng, x0);
            rs[i] = new Rollout(n, m, q, t.horizon());
            new Unroller(n, m, q).run(plant, pol, t.reward(), x0, i, rs[i]);
        }
        return rs;
    }

    @ParameterizedTest
    @CsvSource({"car,false,57,BatchedTrackingEstimator", "go1,false,40,BatchedTrackingEstimator",
            "pendulum,false,77,BatchedTimeNetworkEstimator", "pendulum,true,77,BatchedTimeNetworkEstimator",
            "car,true,45,BatchedTimeNetworkEstimator", "go1,true,33,BatchedTimeNetworkEstimator", "scalar,false,30,BatchEstimator"})
    void pickedEstimatorEqualsTheGenericPass(String system, boolean direct, int horizon, String expected) {
        TrainingTask t = task(system, direct, horizon);
        Policy pol = t.policy();
        if (!system.equals("scalar")) randomize(pol, 3);
        else for (int i = 0; i < pol.params().length; i++) pol.params()[i] = 0.1 * Math.sin(i);
        int count = 3;
        GradientEstimator est = Estimators.forPolicy(t.model(), pol, t.reward(), count, horizon);
        assertEquals(expected, est.getClass().getSimpleName(), system + (direct ? " (no feedback)" : ""));
        GradientEstimator generic = Estimators.generic(t.model(), pol, t.reward());
        DynamicsModel model = t.model();
        for (boolean mismatch : new boolean[] {false, true}) {
            if (mismatch && system.equals("scalar")) continue;
            Plant plant = new ModelPlant(mismatch ? reality(system, model) : model);
            Rollout[] rs = record(t, plant, count, 17);
            double[] g = new double[pol.paramDim()], ref = new double[pol.paramDim()];
            double j = est.meanGradient(rs, count, g);
            double jRef = generic.meanGradient(rs, count, ref);
            assertEquals(jRef, j, 0.0, "the mean J is summed in the generic pass's order: the same bits");
            double rel = GradientChecks.relError(g, ref);
            assertTrue(rel <= 1e-13, system + " mismatch=" + mismatch + ": relative difference " + rel);
            double gmax = 0;
            for (double v : ref) gmax = Math.max(gmax, Math.abs(v));
            assertTrue(gmax > 1e-6, "the gradient must not be trivial: max |g| = " + gmax);
            // Every layer's gradient is exercised (the first hidden layer's weights too).
            double first = 0;
            for (int k = 0; k < Math.min(40, g.length); k++) first = Math.max(first, Math.abs(ref[k]));
            assertTrue(first > 1e-9 * gmax || system.equals("scalar"), "first-layer gradient vanishes: " + first);
            // A second call gives the same bits (buffers reused, g overwritten).
            double[] g2 = new double[g.length];
            est.meanGradient(rs, count, g2);
            for (int k = 0; k < g.length; k++) assertEquals(g[k], g2[k], 0.0);
        }
    }

    /** With F̂ = F the batched time-network estimate is the gradient of the batch's mean J. */
    @ParameterizedTest
    @CsvSource({"pendulum,false,60", "pendulum,true,60", "car,true,30"})
    void batchedTimeNetworkMatchesFiniteDifferences(String system, boolean direct, int horizon) {
        TrainingTask t = task(system, direct, horizon);
        Policy pol = t.policy();
        randomize(pol, 9);
        int count = 2;
        Plant plant = new ModelPlant(t.model());
        GradientEstimator est = Estimators.forPolicy(t.model(), pol, t.reward(), count, horizon);
        assertInstanceOf(BatchedTimeNetworkEstimator.class, est);
        double[] g = new double[pol.paramDim()];
        est.meanGradient(record(t, plant, count, 5), count, g);
        double gmax = 0;
        for (double v : g) gmax = Math.max(gmax, Math.abs(v));
        double[] th = pol.params();
        for (int k : GradientChecks.spread(th.length, 25)) {
            double keep = th[k], h = 1e-4;
            double[] f = new double[4];
            double[] steps = {2 * h, h, -h, -2 * h};
            for (int s = 0; s < 4; s++) {
                th[k] = keep + steps[s];
                double sum = 0;
                for (Rollout r : record(t, plant, count, 5)) sum += r.totalReward();
                f[s] = sum / count;
            }
            th[k] = keep;
            double fd = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
            double err = Math.abs(fd - g[k]) / Math.max(Math.max(Math.abs(fd), 1e-3 * gmax), 1e-6);
            assertTrue(err < 1e-6, system + " θ[" + k + "]: estimate " + g[k] + " vs finite difference " + fd + " (rel " + err + ")");
        }
    }
}
