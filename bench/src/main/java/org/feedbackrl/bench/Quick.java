package org.feedbackrl.bench;

import org.feedbackrl.kernel.Dense;

/**
 * Fast-iteration timing harness (not JMH): W1 and the W4 kernels at batch 256, plus tanh alone,
 * best-of and median per round, steady state. Run with the bench classpath:
 * {@code java … org.feedbackrl.bench.Quick [rounds]}.
 */
public class Quick {
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Impl.Fbrl f = new Impl.Fbrl();
        double peak = 19.8e9;
        double[] t = new double[2200 * 138];
        f.forward(256);
        for (int round = 0; round < rounds; round++) {
            double w1 = time(() -> f.w1(), 20);
            double fw = time(() -> f.forward(256), 200);
            double jac = time(() -> f.jacobian(256), 60);
            double bw = time(() -> { f.forward(256); f.backward(); }, 200) - fw;
            double th = time(() -> { java.util.Arrays.fill(t, 0.3); Dense.tanh(t, 0, t.length); }, 30);
            System.out.printf("W1 %.2f ms | W4.256 fwd %.0f us (%.0f%%) jac %.0f us (%.0f%%) bwd %.0f us (%.0f%%) | tanh %.2f ns/elem%n",
                    w1 * 1e3, fw * 1e6, 100 * 256 * 10240 / fw / peak, jac * 1e6, 100 * 256 * 56832 / jac / peak,
                    bw * 1e6, 100 * 256 * 20480 / bw / peak, th * 1e9 / t.length);
        }
    }

    static double time(Runnable r, int n) {
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e9 / n;
    }
}
