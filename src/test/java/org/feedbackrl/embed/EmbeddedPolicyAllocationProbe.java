package org.feedbackrl.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.sim.CarSimulator;
import org.feedbackrl.testsupport.SteadyState;

/**
 * Run in a fresh JVM by {@link EmbeddedPolicyAllocationTest} (like {@code MlpAllocationProbe}: the
 * count must not depend on what other test classes did to the JIT). For each task: a loaded policy
 * (every layer random), warmed up until quiet, then 20 measured laps ({@link SteadyState}); then the
 * example's closed loop (policy + car simulator). Prints {@code alloc <what> <bytes> <calls>} lines.
 */
public final class EmbeddedPolicyAllocationProbe {
    private EmbeddedPolicyAllocationProbe() {}

    static void laps(EmbeddedPolicy p, double[][] states, int laps, double[] u) {
        for (int l = 0; l < laps; l++) {
            p.reset();
            for (int k = 0; k < states.length; k++) p.control(k * p.dt(), states[k], u);
        }
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("embed-alloc");
        for (String system : new String[] {"car", "go1", "pendulum"}) {
            Path run = tmp.resolve(system);
            Runs.write(run, Runs.config(system, false, 64, run), 11);
            EmbeddedPolicy p = EmbeddedPolicy.load(run, Task.of(system));
            int steps = (int) Math.round(p.episodeSeconds() / p.dt());
            double[][] states = new double[steps][p.stateDim()];
            double[] u = new double[p.inputDim()];
            p.startState(states[0]);
            SplittableRandom rng = new SplittableRandom(1);
            for (int k = 1; k < steps; k++) {
                for (int i = 0; i < p.stateDim(); i++) states[k][i] = states[k - 1][i] + rng.nextDouble(-0.01, 0.01);
            }
            // Warm until 60 rounds of 5 laps in a row allocate nothing (at most 3,000 rounds), then 20
            // measured laps; a late recompilation in the window (seen once: 144 B) gets a re-warm and a
            // new window, at most 3, each printed (as "probe ...", not parsed by the test).
            long bytes = SteadyState.bytes("probe " + system, () -> laps(p, states, 5, u), 60, 3000, () -> laps(p, states, 20, u), 3);
            System.out.println("alloc " + system + " " + bytes + " " + 20 * steps);
        }
        // The example's loop: policy and car simulator in closed loop.
        Path run = tmp.resolve("car");
        EmbeddedPolicy p = EmbeddedPolicy.load(run, Task.CAR);
        CarSimulator car = new CarSimulator();
        double[] x = new double[4], u = new double[2], x0 = new double[4];
        p.startState(x0);
        Runnable closedLoop = () -> {
            for (int lap = 0; lap < 5; lap++) {
                car.reset(x0, 1);
                car.observe(x);
                p.reset();
                for (int k = 0; k < 275; k++) {
                    p.control(k * 0.02, x, u);
                    car.step(u);
                    car.observe(x);
                }
            }
        };
        long measured = SteadyState.bytes("probe closed-loop", closedLoop, 60, 3000, () -> {
            for (int i = 0; i < 4; i++) closedLoop.run();
        }, 3);
        System.out.println("alloc closed-loop " + measured + " " + 20 * 275);
        System.out.println("final x " + x[0] + " " + x[1]);
        try (var s = Files.walk(tmp)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
