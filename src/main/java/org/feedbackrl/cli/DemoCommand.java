package org.feedbackrl.cli;

import java.util.concurrent.Callable;
import org.feedbackrl.gradient.ScalarExample;
import org.feedbackrl.rollout.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job. (Until the car demo lands this runs the paper's scalar running example.)")
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})") long seed;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("feedback-rl demo: the scalar running example (the car demo is not built yet).");
        out.println("real x' = 1.2x + u, model x' = 1.1x + 0.8u, reward -x^2/2, T = 40, x0 ~ U[-1,1], SGD on the model-based estimate.");
        double a = 1.2, b = 1.0, aHat = 1.1, bHat = 0.8, k = 0.7;
        int T = 40, iters = 200;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        out.printf("%-10s %14s %14s %14s%n", "policy", "J before", "J after", "|grad| after");
        for (ScalarExample.PolicyClass cls : ScalarExample.PolicyClass.values()) {
            ScalarExample ex = new ScalarExample(a, b, aHat, bHat, k, cls, T);
            Rollout r = ex.newRollout();
            double[] g = new double[T];
            double[] theta = ex.policy.params();
            double before = ex.gradient(0.5, r, g);
            double lr = cls == ScalarExample.PolicyClass.OPEN_LOOP ? 1e-4 : 0.05;
            for (int it = 0; it < iters; it++) {
                ex.gradient(rng.nextDouble(-1, 1), r, g);
                double n2 = 0;
                for (double gi : g) n2 += gi * gi;
                double scale = Math.min(1.0, 10.0 / Math.sqrt(n2 + 1e-300));   // global-norm clip at 10
                for (int i = 0; i < T; i++) theta[i] += lr * scale * g[i];
            }
            double after = ex.gradient(0.5, r, g);
            double gn = 0;
            for (double gi : g) gn += gi * gi;
            out.printf("%-10s %14.6g %14.6g %14.6g%n", cls == ScalarExample.PolicyClass.OPEN_LOOP ? "open-loop" : "tracking", before, after, Math.sqrt(gn));
        }
        out.println("J is the real system's reward from x0 = 0.5 (higher is better; 0 is perfect).");
        return 0;
    }
}
