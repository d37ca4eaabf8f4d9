package org.feedbackrl.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.feedbackrl.gradient.CostateEstimator;
import org.feedbackrl.gradient.ForwardSensitivityEstimator;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.Reward;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole-policy gradient (network → spline → controller, network reading the state, memory held
 * between calls; the pendulum's LQR with setpoint and gain corrections; the no-feedback classes) with F̂ = F equals central finite differences of J by full re-rollout (DESIGN.md §2
 * check 1), and the backward form equals the forward form (check 2).
 */
class TrackingPolicyGradientTest {

    static TrainingTask task(String system, int horizon) {
        boolean direct = system.endsWith("-direct");
        String sys = direct ? system.substring(0, system.length() - 7) : system;
        TrainConfig c = new TrainConfig(sys, "model", 1, 1, 1e-3, "adam", 0, 7, direct, java.nio.file.Path.of("unused"), false, horizon, 16);
        return Tasks.create(c);
    }

    static double rollJ(TrainingTask t, double[] x0, Rollout r) {
        new Unroller(r.n, r.m, r.q).run(new ModelPlant(t.model()), t.policy(), t.reward(), x0, 0, r);
        return r.totalReward();
    }

    @ParameterizedTest
    @CsvSource({"car,1", "car,7", "car,123", "go1,1", "go1,7", "go1,123", "pendulum,1", "pendulum,7", "pendulum,123",
            "car-direct,7", "go1-direct,7", "pendulum-direct,1", "pendulum-direct,123"})
    void gradientMatchesFiniteDifferencesWithExactModel(String system, int horizon) {
        TrainingTask t = task(system, horizon);
        Policy pol = t.policy();
        double[] th = pol.params();
        SplittableRandom rng = new SplittableRandom(11);
        // A nonzero network, small enough that the controller stays off its clamps.
        for (int i = 0; i < th.length; i++) th[i] += rng.nextDouble(-0.05, 0.05);
        DynamicsModel model = t.model();
        double[] x0 = new double[model.stateDim()];
        t.sampleInitialState(rng, x0);
        Rollout r = new Rollout(model.stateDim(), model.inputDim(), pol.memoryDim(), horizon);
        rollJ(t, x0, r);
        double[] g = new double[th.length];
        new CostateEstimator(model, th.length, pol.memoryDim()).accumulate(r, pol, t.reward(), g);
        double gmax = 0;
        for (double v : g) gmax = Math.max(gmax, Math.abs(v));
        int checked = 0;
        for (int k = 0; k < th.length; k += Math.max(1, th.length / 40)) {
            // Five-point central difference (error O(h⁴)): round-off of J stays far below the tolerance.
            double keep = th[k], h = 1e-4;
            double[] f = new double[4];
            double[] steps = {2 * h, h, -h, -2 * h};
            for (int s = 0; s < 4; s++) {
                th[k] = keep + steps[s];
                f[s] = rollJ(t, x0, new Rollout(r.n, r.m, r.q, horizon));
            }
            th[k] = keep;
            double fd = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * h);
            // (At T = 1 the pendulum's gradient is exactly 0: Euler's first step does not move q.)
            double err = Math.abs(fd - g[k]) / Math.max(Math.max(Math.abs(fd), 1e-3 * gmax), 1e-6);
            assertTrue(err < 1e-6, system + " T=" + horizon + " θ[" + k + "]: estimate " + g[k] + " vs finite difference " + fd + " (rel " + err + ")");
            checked++;
        }
        assertTrue(checked >= 20);
        assertTrue(gmax > 0 || (system.startsWith("pendulum") && horizon == 1), "gradient must not vanish");
    }

    @ParameterizedTest
    @CsvSource({"car,57", "go1,40", "pendulum,77", "pendulum-direct,77"})
    void backwardEqualsForwardWithMismatch(String system, int horizon) {
        TrainingTask t = task(system, horizon);
        Policy pol = t.policy();
        double[] th = pol.params();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < th.length; i++) th[i] += rng.nextDouble(-0.05, 0.05);
        DynamicsModel model = t.model();
        DynamicsModel reality = system.equals("car") ? org.feedbackrl.model.KinematicCar.authorsReality(1.0)
                : system.startsWith("pendulum") ? org.feedbackrl.model.DoublePendulum.trueSystem()
                : new org.feedbackrl.model.Unicycle(0.9, 1.0, model.dt());   // go1: the stand-in's speed gain
        double[] x0 = new double[model.stateDim()];
        t.sampleInitialState(rng, x0);
        Rollout r = new Rollout(model.stateDim(), model.inputDim(), pol.memoryDim(), horizon);
        Reward rew = t.reward();
        new Unroller(r.n, r.m, r.q).run(new ModelPlant(reality), pol, rew, x0, 0, r);
        double[] g = new double[th.length];
        new CostateEstimator(model, th.length, pol.memoryDim()).accumulate(r, pol, rew, g);
        double[] gf = ForwardSensitivityEstimator.estimate(model, r, pol, rew);
        double scale = 0;
        for (double v : gf) scale = Math.max(scale, Math.abs(v));
        for (int k = 0; k < th.length; k++) assertEquals(gf[k], g[k], 1e-10 * scale, "θ[" + k + "]");
        // The mismatch is real: the same estimate on a rollout of the model itself differs.
        Rollout onModel = new Rollout(model.stateDim(), model.inputDim(), pol.memoryDim(), horizon);
        new Unroller(r.n, r.m, r.q).run(new ModelPlant(model), pol, rew, x0, 0, onModel);
        double[] g0 = new double[th.length];
        new CostateEstimator(model, th.length, pol.memoryDim()).accumulate(onModel, pol, rew, g0);
        double diff = 0;
        for (int k = 0; k < th.length; k++) diff = Math.max(diff, Math.abs(g0[k] - g[k]));
        assertTrue(diff > 1e-3 * scale, system + ": reality must differ from the model (max |Δg| " + diff + ", scale " + scale + ")");
    }

    /** K_t from the VJP equals central differences of act() in x (memory held), for every class. */
    @ParameterizedTest
    @CsvSource({"car,0", "car,3", "go1,0", "go1,4", "pendulum,5", "pendulum-direct,5", "car-direct,2"})
    void stateJacobianMatchesFiniteDifferences(String system, int t) {
        TrainingTask task = task(system, 20);
        Policy pol = task.policy();
        SplittableRandom rng = new SplittableRandom(21);
        for (int i = 0; i < pol.params().length; i++) pol.params()[i] += rng.nextDouble(-0.05, 0.05);
        int n = pol.stateDim(), m = pol.inputDim(), q = pol.memoryDim();
        double[] x = new double[n], zPrev = new double[q], z = new double[q], up = new double[m], um = new double[m], k = new double[m * n];
        task.sampleInitialState(rng, x);
        for (int i = 0; i < q; i++) zPrev[i] = rng.nextDouble(-0.1, 0.1);
        pol.stateJacobian(t, x, zPrev, k);
        for (int j = 0; j < n; j++) {
            double keep = x[j], h = 1e-6;
            x[j] = keep + h;
            pol.act(t, x, zPrev, z, up);
            x[j] = keep - h;
            pol.act(t, x, zPrev, z, um);
            x[j] = keep;
            for (int i = 0; i < m; i++) assertEquals((up[i] - um[i]) / (2 * h), k[i * n + j], 1e-6, system + " K[" + i + "," + j + "]");
        }
    }
}
