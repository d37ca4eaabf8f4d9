package org.feedbackrl.bench;

import jdk.incubator.vector.VectorSpecies;
import org.feedbackrl.kernel.Dense;
import org.feedbackrl.kernel.DenseLayer;
import org.feedbackrl.kernel.Simd;
import org.feedbackrl.policy.Mlp;

/**
 * Where W4's forward at batch 256 spends its time, in one JVM, steady state (not JMH: best of 5
 * repetitions of 200 calls per part, 6 rounds, the last printed): the whole {@code Mlp.forwardBatch},
 * each layer's GEMM ({@code Dense.gemmBias}, the car network's real weights and activations) and the
 * tanh over the same 35 328 values in the forward's 24-row blocks, next to the FMA peak measured the
 * same way. Prints the bound this puts on the forward: even with every GEMM at 100% of peak, the
 * fraction is at most {@code t_peak / (t_peak + t_tanh)}, t_peak = forward FLOPs / peak.
 * Run: {@code java --add-modules jdk.incubator.vector -cp target/feedbackrl.jar:bench/target/feedbackrl-bench.jar:bench/target/lib/* org.feedbackrl.bench.ForwardProfile}.
 */
public final class ForwardProfile {
    private static final VectorSpecies<Double> S = Simd.SPECIES;
    private static final int B = 256, ROWS = DenseLayer.ROWS;

    public static void main(String[] args) {
        Impl.Fbrl f = new Impl.Fbrl();
        Mlp mlp = f.mlp;
        f.forward(B);
        var ws = mlp.newWorkspace(B);
        mlp.forwardBatch(B, f.x4, new double[B * mlp.outputs()], ws);
        double[] p = mlp.params();
        int nl = mlp.layers();
        double[][] in = new double[nl][], out = new double[nl][];
        for (int l = 1; l <= nl; l++) {
            in[l - 1] = l == 1 ? f.x4 : ws.activations(l - 1).clone();
            out[l - 1] = new double[B * mlp.width(l)];
        }
        double[] pre = new double[B * 138];
        double fwdFlops = 0;
        for (int l = 1; l <= nl; l++) fwdFlops += 2.0 * mlp.width(l - 1) * mlp.width(l) * B;
        for (int round = 0; round < 6; round++) {
            double peak = peak();
            double whole = best(() -> f.forward(B));
            double[] layer = new double[nl];
            int tanhValues = 0;
            for (int l = 1; l <= nl; l++) {
                final int li = l, o = mlp.width(l), i = mlp.width(l - 1);
                tanhValues += B * o;
                layer[l - 1] = best(() -> {
                    for (int r0 = 0; r0 < B; r0 += ROWS) {
                        int rows = Math.min(ROWS, B - r0);
                        Dense.gemmBias(true, rows, o, i, in[li - 1], r0 * i, i, 1, p, mlp.weightOffset(li), o,
                                p, mlp.biasOffset(li), out[li - 1], r0 * o, o);
                    }
                });
            }
            // The pre-activations of all three layers, tanh'd in 24-row blocks (as the forward does).
            int n = 0;
            for (int l = 1; l <= nl; l++) { System.arraycopy(out[l - 1], 0, pre, n, out[l - 1].length); n += out[l - 1].length; }
            final int values = tanhValues;
            double[] scratch = new double[ROWS * 64];
            double tanh = best(() -> {
                for (int s = 0; s < values; s += scratch.length) {
                    int len = Math.min(scratch.length, values - s);
                    System.arraycopy(pre, s, scratch, 0, len);
                    Dense.tanh(scratch, 0, len);
                }
            }) - best(() -> {
                for (int s = 0; s < values; s += scratch.length) System.arraycopy(pre, s, scratch, 0, Math.min(scratch.length, values - s));
            });
            if (round < 5) continue;
            double gemm = 0;
            System.out.printf("peak %.1f GFLOP/s (12 FMA chains, %d-bit)%n", peak / 1e9, S.vectorBitSize());
            System.out.printf("forward, batch %d: %.1f µs = %.0f%% of peak (%.2f GFLOP/s)%n", B, whole * 1e6, 100 * fwdFlops / whole / peak, fwdFlops / whole / 1e9);
            for (int l = 1; l <= nl; l++) {
                double fl = 2.0 * mlp.width(l - 1) * mlp.width(l) * B;
                gemm += layer[l - 1];
                System.out.printf("  GEMM layer %d (%d→%d): %6.1f µs, %3.0f%% of peak%n", l, mlp.width(l - 1), mlp.width(l), layer[l - 1] * 1e6, 100 * fl / layer[l - 1] / peak);
            }
            System.out.printf("  GEMMs together:      %6.1f µs, %3.0f%% of peak%n", gemm * 1e6, 100 * fwdFlops / gemm / peak);
            System.out.printf("  tanh, %d values:  %6.1f µs (%.2f ns each)%n", values, tanh * 1e6, tanh / values * 1e9);
            System.out.printf("  rest (bias, output scale, calls): %.1f µs%n", (whole - gemm - tanh) * 1e6);
            double tPeak = fwdFlops / peak;
            System.out.printf("bound: with every GEMM at 100%% of peak (%.1f µs) the forward is at most %.0f%% of peak; 50%% needs tanh ≤ %.2f ns/value with perfect GEMMs, ≤ %.2f ns at this run's GEMM efficiency%n",
                    tPeak * 1e6, 100 * tPeak / (tPeak + tanh), tPeak / values * 1e9, Math.max(0, 2 * tPeak - gemm) / values * 1e9);
        }
    }

    private static double best(Runnable r) {
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 200; i++) r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best / 1e9 / 200;
    }

    /** FLOP/s of {@link Peak#fma} (12 independent chains of vector FMAs), best of 5 calls. */
    private static double peak() {
        Peak k = new Peak();
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            k.seed += k.fma() * 1e-300;
            best = Math.min(best, System.nanoTime() - t0);
        }
        return Peak.flopsPerOp() / (best / 1e9);
    }
}
