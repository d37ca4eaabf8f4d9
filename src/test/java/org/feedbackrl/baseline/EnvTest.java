package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.feedbackrl.experiment.Evaluation;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.api.Test;

/** The two environments against their definitions. */
class EnvTest {

    @Test
    void pendulumStepIsGymnasiumsFormula() {
        PendulumEnv e = new PendulumEnv();
        double[] obs = new double[3];
        double th = 2.5, thd = -3.0, u = 1.7;
        e.resetTo(th, thd, obs);
        assertEquals(Math.cos(th), obs[0], 0);
        double r = e.step(new double[] {u}, obs);
        // angle_normalize(2.5) = 2.5; cost from the state before the step
        assertEquals(-(2.5 * 2.5 + 0.1 * 9 + 0.001 * u * u), r, 1e-15);
        double newThd = thd + (3 * 10 / 2.0 * Math.sin(th) + 3.0 * u) * 0.05;
        assertEquals(newThd, e.thetaDot(), 1e-15);
        assertEquals(th + newThd * 0.05, e.theta(), 1e-15);
        assertEquals(Math.sin(th + newThd * 0.05), obs[1], 1e-15);
        // torque clipped to ±2, speed to ±8
        e.resetTo(0.0, 7.9, obs);
        r = e.step(new double[] {5.0}, obs);
        assertEquals(-(0.1 * 7.9 * 7.9 + 0.001 * 4), r, 1e-15);
        assertEquals(8.0, e.thetaDot(), 0);
        // time limit: truncated (not terminated) after 200 steps
        Rng rng = new Rng(1);
        e.reset(rng, obs);
        for (int t = 1; t <= 200; t++) {
            e.step(new double[] {0}, obs);
            assertEquals(t == 200, e.truncated(), "step " + t);
            assertFalse(e.terminated());
        }
    }

    @Test
    void angleNormalizeIsPythonsFlooredModulo() {
        // ((x + π) % 2π) − π with Python's %, e.g. x = −4: (−4 + π) % 2π = 2π − 0.858… → 1.425…
        assertEquals(-4 + 2 * Math.PI, PendulumEnv.angleNormalize(-4), 1e-15);
        assertEquals(4 - 2 * Math.PI, PendulumEnv.angleNormalize(4), 1e-15);
        assertEquals(0.3, PendulumEnv.angleNormalize(0.3 + 4 * Math.PI), 1e-14);
        assertEquals(-Math.PI, PendulumEnv.angleNormalize(Math.PI), 1e-15);   // π maps to −π, as in Python
        assertEquals(0.0, PendulumEnv.angleNormalize(0.0), 0);
    }

    @Test
    void pendulumStartsAreGymnasiumsDistribution() {
        PendulumEnv e = new PendulumEnv();
        double[] obs = new double[3];
        Rng rng = new Rng(2);
        double maxTh = 0, maxThd = 0;
        for (int i = 0; i < 2000; i++) {
            e.reset(rng, obs);
            maxTh = Math.max(maxTh, Math.abs(e.theta()));
            maxThd = Math.max(maxThd, Math.abs(e.thetaDot()));
        }
        assertTrue(maxTh <= Math.PI && maxTh > 3.1, "θ ~ U(−π, π): " + maxTh);
        assertTrue(maxThd <= 1 && maxThd > 0.99, "θ̇ ~ U(−1, 1): " + maxThd);
    }

    @Test
    void carWithZeroActionsIsTheNominalControllerOfTrainCar() {
        CarFigureEightEnv env = new CarFigureEightEnv();
        assertEquals(6, env.obsDim());
        assertEquals(10, env.actDim());
        assertEquals(79, env.maxEpisodeSteps());
        double[] obs = new double[6], next = new double[6], a = new double[10];
        double[] start = env.referenceStart();
        env.resetTo(start, 1, obs);
        double ret = 0, seconds = 0;
        int steps = 0;
        while (!env.truncated()) {
            ret += env.step(a, next);
            seconds += env.lastStepSeconds();
            steps++;
            assertFalse(env.terminated());
            assertEquals(steps < 79 ? 0.14 : 0.08, env.lastStepSeconds(), 1e-12, "step " + steps);
        }
        assertEquals(79, steps);
        assertEquals(11.0, seconds, 1e-9);
        // the same laps through feedback-rl's own policy object with a zero network output
        TrainingTask t = Tasks.create(new TrainConfig("car", "sim", 1, 1, 1e-3, "adam", 0, 1, false, Path.of("unused"), false, 0, 64));
        Evaluation.Result r = Evaluation.run(t, start, 550, 1);
        assertEquals(r.trackingError(), env.episodeTrackingError(), 1e-15);
        assertEquals(r.reward(), ret, 1e-12 * Math.abs(ret));
        assertTrue(r.trackingError() > 0.2, "the nominal controller is ~0.25 m off: " + r.trackingError());
    }

    @Test
    void carActionIsTheNetworkOutputBeforeItsScale() {
        // A policy network whose output is tanh(z) = a: the environment driven with a equals the
        // TrackingPolicy driven by that network (same spline, controller, reward), step for step.
        TrainConfig c = new TrainConfig("car", "sim", 1, 1, 1e-3, "adam", 0, 1, false, Path.of("unused"), false, 0, 64);
        TrainingTask t = Tasks.create(c);
        TrackingPolicy tp = (TrackingPolicy) t.policy();
        org.feedbackrl.policy.Mlp mlp = ((org.feedbackrl.policy.MlpNetwork) tp.network()).mlp();
        mlp.randomizeAll(5, 0.5);                         // a non-trivial network
        Evaluation.Result r = Evaluation.run(t, new double[] {0, 0, 3.4, -Math.PI / 2}, 550, 1);
        CarFigureEightEnv env = new CarFigureEightEnv();
        double[] obs = new double[6], next = new double[6], y = new double[10], a = new double[10];
        org.feedbackrl.policy.Mlp.Workspace ws = mlp.newWorkspace(1);
        double[] scale = mlp.scale();
        env.resetTo(new double[] {0, 0, 3.4, -Math.PI / 2}, 1, obs);
        double ret = 0;
        while (!env.truncated()) {
            mlp.forward(obs, y, ws);                      // the features the network reads = the observation
            for (int j = 0; j < 10; j++) a[j] = y[j] / scale[j];
            ret += env.step(a, next);
            System.arraycopy(next, 0, obs, 0, 6);
        }
        assertEquals(r.trackingError(), env.episodeTrackingError(), 1e-12);
        assertEquals(r.reward(), ret, 1e-10 * Math.abs(ret));
    }
}
