package org.example.embed;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.feedbackrl.embed.EmbeddedPolicy;
import org.feedbackrl.embed.PolicyFileException;
import org.feedbackrl.embed.Task;
import org.feedbackrl.sim.CarSimulator;
import org.feedbackrl.task.FigureEight;

/**
 * Someone else's controller: loads a car policy trained by feedback-rl and drives feedback-rl's
 * high-fidelity car simulator with it at 50 Hz, in its own loop, for one lap of the figure-8; prints
 * the tracking error (mean distance to the figure-8 over the states x_0 … x_T), which
 * {@code feedbackrl evaluate RUN --plant sim --seed S} reports for the same run and seed.
 *
 * <p>Usage: {@code EmbedLap RUN [SEED] [realtime|fast]}.
 */
public final class EmbedLap {
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: EmbedLap RUN_DIR_OR_CHECKPOINT [SEED] [realtime|fast]");
            System.exit(2);
        }
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        boolean realtime = args.length < 3 || !args[2].equals("fast");

        EmbeddedPolicy policy;
        try {
            policy = EmbeddedPolicy.load(Path.of(args[0]), Task.CAR);
        } catch (PolicyFileException e) {
            System.err.println("embed example: " + e.getMessage());
            System.exit(2);
            return;
        }
        policy.warmUp(20_000);                               // JIT-compile the control path before the loop
        CarSimulator car = new CarSimulator();               // stands in for the real JetRacer
        double[] x = new double[policy.stateDim()];          // (x [m], y [m], v [m/s], phi [rad])
        double[] u = new double[policy.inputDim()];          // (throttle, steering) in [-1, 1]
        policy.startState(x);                                // on the figure-8 at tau = 0
        car.reset(x, seed);
        car.observe(x);
        policy.reset();

        int steps = (int) Math.round(policy.episodeSeconds() / policy.dt());   // one lap: 275 ticks of 20 ms
        long period = Math.round(policy.dt() * 1e9), start = System.nanoTime();
        long[] callNanos = new long[steps];
        double sum = 0;
        for (int k = 0; k < steps; k++) {
            sum += FigureEight.distanceToPath(x[0], x[1]);
            long t0 = System.nanoTime();
            policy.control(k * policy.dt(), x, u);          // the embedded policy: one tick
            callNanos[k] = System.nanoTime() - t0;
            car.step(u);                                     // apply u for one 20 ms period
            car.observe(x);
            if (realtime) LockSupport.parkNanos(start + (k + 1) * period - System.nanoTime());
        }
        sum += FigureEight.distanceToPath(x[0], x[1]);
        double error = sum / (steps + 1);

        System.out.println("library: " + EmbeddedPolicy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.printf(Locale.ROOT, "policy: %s%n", policy);
        java.util.Arrays.sort(callNanos);
        System.out.printf(Locale.ROOT, "one lap, %d ticks at %.0f Hz (%s), seed %d; control call median %.1f us, max %.1f us%n",
                steps, 1 / policy.dt(), realtime ? "paced in real time" : "as fast as possible", seed,
                callNanos[steps / 2] / 1e3, callNanos[steps - 1] / 1e3);
        System.out.println("tracking_error " + error);
    }
}
