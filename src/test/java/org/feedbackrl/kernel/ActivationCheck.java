package org.feedbackrl.kernel;

import java.util.SplittableRandom;

/**
 * The activation kernels' checks ({@link Activations}), runnable here and in child JVMs at other
 * widths: every vector body equals its scalar reference bit for bit at odd lengths (tails), and the
 * references equal the plain formulas (ReLU exactly, swish within a few ulp of z/(1 + e^−z)).
 */
public final class ActivationCheck {
    private ActivationCheck() {}

    static double[] random(SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextDouble(-scale, scale);
        return a;
    }

    static void same(double[] a, double[] b, String what) {
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                throw new AssertionError(what + ": element " + i + " vector " + b[i] + " scalar " + a[i]);
            }
        }
    }

    public static void runAll() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n : new int[] {1, 3, 7, 8, 17, 64, 255, 1000}) {
            double[] z = random(rng, n + 2, 12);
            z[0] = 0.0;
            z[1] = -0.0;
            double[] s1 = z.clone(), v1 = z.clone();
            Activations.relu(false, s1, 1, n);
            Activations.relu(true, v1, 1, n);
            same(s1, v1, "relu n=" + n);
            for (int i = 1; i <= n; i++) if (s1[i] != Math.max(z[i], 0.0)) throw new AssertionError("relu reference at " + i);
            double[] dy = random(rng, n + 2, 3), ds = new double[n + 2], dv = new double[n + 2];
            Activations.reluBackward(false, n, dy, 1, s1, 1, ds, 1);
            Activations.reluBackward(true, n, dy, 1, s1, 1, dv, 1);
            same(ds, dv, "reluBackward n=" + n);
            for (int i = 1; i <= n; i++) if (ds[i] != (z[i] > 0 ? dy[i] : 0.0)) throw new AssertionError("reluBackward reference at " + i);

            double[] sigS = new double[n + 3], sigV = new double[n + 3], yS = new double[n + 1], yV = new double[n + 1];
            Activations.swish(false, n, z, 2, sigS, 3, yS, 1);
            Activations.swish(true, n, z, 2, sigV, 3, yV, 1);
            same(sigS, sigV, "swish sigma n=" + n);
            same(yS, yV, "swish n=" + n);
            for (int i = 0; i < n; i++) {
                double x = i + 2 < z.length ? z[i + 2] : 0, ref = x / (1 + Math.exp(-x));
                if (i + 2 >= z.length) continue;
                if (Math.abs(yS[i + 1] - ref) > 4 * Math.ulp(Math.max(Math.abs(ref), 1e-300)) + 1e-300 && Math.abs(yS[i + 1] - ref) > 1e-15) {
                    throw new AssertionError("swish reference at " + x + ": " + yS[i + 1] + " vs " + ref);
                }
            }
            double[] dzS = new double[n + 1], dzV = new double[n + 1];
            Activations.swishBackward(false, n, dy, 1, z, 2, sigS, 3, dzS, 1);
            Activations.swishBackward(true, n, dy, 1, z, 2, sigV, 3, dzV, 1);
            same(dzS, dzV, "swishBackward n=" + n);
            for (int i = 0; i < n && i + 2 < z.length; i++) {
                double x = z[i + 2], s = 1 / (1 + Math.exp(-x)), ref = dy[i + 1] * (s + x * s * (1 - s));
                if (Math.abs(dzS[i + 1] - ref) > 1e-14 * Math.max(1, Math.abs(ref))) throw new AssertionError("swishBackward reference at " + x);
            }
        }
    }

    public static void main(String[] args) {
        runAll();
        System.out.println("activation-check OK vector=" + Simd.VECTOR + (Simd.VECTOR ? " bits=" + Simd.SPECIES.vectorBitSize() : ""));
    }
}
