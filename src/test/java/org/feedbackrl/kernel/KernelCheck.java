package org.feedbackrl.kernel;


import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The kernel checks, runnable in this JVM ({@link DenseKernelTest}) and in child JVMs started with
 * {@code -Dfeedbackrl.vectorBits=128|256|512} or {@code -Dfeedbackrl.vector=false}: every vector body
 * equals its scalar reference within 1e-12 relative (|v − r| ≤ 1e-12·max(|r|, 1); all values here are
 * O(1)…O(10)), at sizes that leave tails in every loop.
 */
public final class KernelCheck {
    private KernelCheck() {}
    private static final double REL = 1e-12;
    private static final int[] INS = {1, 3, 6, 7, 13};
    private static final int[] HIDDEN = {5, 17, 64};
    private static final int[] OUTS = {1, 3, 10};
    private static final int[] BATCHES = {1, 3, 8, 37, 256};

    private static double[] random(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextDouble(-1, 1);
        return a;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        if (expected.length != actual.length) throw new AssertionError(what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            if (!(Math.abs(a - e) <= REL * Math.max(Math.abs(e), 1.0))) {
                throw new AssertionError(what + ": element " + i + " expected " + e + " got " + a + " (diff " + (a - e) + ")");
            }
        }
    }

    static void gemmMatchesReference(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(1);
        int[] ms = {1, 3, 4, 6, 7, 12, 13, 37};
        int[] ns = {1, 3, 5, 10, 17, 24, 64};
        int[] ks = {1, 3, 8, 37, 256, 300};
        for (int m : ms) for (int n : ns) for (int k : ks) {
            for (boolean transposedA : new boolean[] {false, true}) {
                // Padding around every matrix checks offsets, leading dimensions and that nothing is
                // written outside C.
                int aOff = 2, bOff = 3, cOff = 1, ldb = n + 2, ldc = n + 1;
                int aRs = transposedA ? 1 : k + 1, aCs = transposedA ? m + 2 : 1;
                double[] a = random(rng, aOff + m * aRs + k * aCs + 3);
                double[] b = random(rng, bOff + k * ldb + 2);
                double[] c0 = random(rng, cOff + m * ldc + 2);
                double[] ref = c0.clone(), got = c0.clone();
                Dense.gemmScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, ref, cOff, ldc);
                Dense.gemm(s, m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, got, cOff, ldc);
                assertClose(ref, got, name + " gemm m=" + m + " n=" + n + " k=" + k + " T=" + transposedA);
            }
        }
    }

    /** gemmBias (C = 1·biasᵀ + A·B) against its scalar reference and against a bias copy followed by gemm. */
    static void gemmBiasMatchesReference(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(5);
        int[] ms = {1, 3, 6, 7, 13, 24};
        int[] ns = {1, 3, 5, 10, 17, 64};
        int[] ks = {0, 1, 6, 37, 300};
        for (int m : ms) for (int n : ns) for (int k : ks) {
            int aOff = 2, bOff = 3, cOff = 1, ldb = n + 2, ldc = n + 1, biasOff = 4;
            double[] a = random(rng, aOff + m * (k + 1) + 3);
            double[] b = random(rng, bOff + k * ldb + 2);
            double[] bias = random(rng, biasOff + n + 2);
            double[] c0 = random(rng, cOff + m * ldc + 2);
            double[] ref = c0.clone(), got = c0.clone(), viaCopy = c0.clone();
            Dense.gemmBiasScalar(m, n, k, a, aOff, k + 1, 1, b, bOff, ldb, bias, biasOff, ref, cOff, ldc);
            Dense.gemmBias(s, m, n, k, a, aOff, k + 1, 1, b, bOff, ldb, bias, biasOff, got, cOff, ldc);
            assertClose(ref, got, name + " gemmBias m=" + m + " n=" + n + " k=" + k);
            for (int r = 0; r < m; r++) System.arraycopy(bias, biasOff, viaCopy, cOff + r * ldc, n);
            Dense.gemm(s, m, n, k, a, aOff, k + 1, 1, b, bOff, ldb, viaCopy, cOff, ldc);
            if (!Arrays.equals(viaCopy, got)) throw new AssertionError(name + " gemmBias differs from bias copy + gemm, m=" + m + " n=" + n + " k=" + k);
        }
    }

    static void gemmNTMatchesReference(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(2);
        for (int m : new int[] {1, 2, 3, 8, 37}) for (int n : new int[] {1, 3, 4, 6, 7, 13}) for (int k : new int[] {1, 3, 5, 10, 17, 64}) {
            int aOff = 1, lda = k + 3, bOff = 2, ldb = k + 1, cOff = 3, ldc = n + 2;
            double[] a = random(rng, aOff + m * lda + 1);
            double[] b = random(rng, bOff + n * ldb + 1);
            double[] c0 = random(rng, cOff + m * ldc + 1);
            double[] ref = c0.clone(), got = c0.clone();
            Dense.gemmNTScalar(m, n, k, a, aOff, lda, b, bOff, ldb, ref, cOff, ldc);
            Dense.gemmNT(s, m, n, k, a, aOff, lda, b, bOff, ldb, got, cOff, ldc);
            assertClose(ref, got, name + " gemmNT m=" + m + " n=" + n + " k=" + k);
        }
    }

    static void elementwiseMatchReference(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(3);
        for (int len : new int[] {0, 1, 3, 7, 8, 13, 17, 64, 100}) {
            double[] x = random(rng, len + 4);
            for (int i = 0; i < x.length; i++) x[i] *= 4; // tanh over [−4, 4]
            double[] ref = x.clone(), got = x.clone();
            Dense.tanhScalar(ref, 2, len);
            Dense.tanh(s, got, 2, len);
            assertClose(ref, got, name + " tanh len=" + len);

            double[] dy = random(rng, len + 3), y = random(rng, len + 1), dz0 = random(rng, len + 2);
            double[] dzRef = dz0.clone(), dzGot = dz0.clone();
            Dense.tanhBackwardScalar(len, dy, 3, y, 1, dzRef, 2);
            Dense.tanhBackward(s, len, dy, 3, y, 1, dzGot, 2);
            assertClose(dzRef, dzGot, name + " tanhBackward len=" + len);
        }
        for (int m : new int[] {1, 3, 37}) for (int n : new int[] {1, 3, 5, 17, 64}) {
            double[] a = random(rng, 1 + m * (n + 1));
            double[] o0 = random(rng, n + 2);
            double[] ref = o0.clone(), got = o0.clone();
            Dense.columnSumScalar(m, n, a, 1, n + 1, ref, 2);
            Dense.columnSum(s, m, n, a, 1, n + 1, got, 2);
            assertClose(ref, got, name + " columnSum m=" + m + " n=" + n);

            double[] d = random(rng, n + 1);
            double[] c0 = random(rng, 2 + m * (n + 3));
            double[] cRef = c0.clone(), cGot = c0.clone();
            Dense.scaleColumnsScalar(m, n, cRef, 2, n + 3, d, 1);
            Dense.scaleColumns(s, m, n, cGot, 2, n + 3, d, 1);
            assertClose(cRef, cGot, name + " scaleColumns m=" + m + " n=" + n);
        }
    }

    /** The layer composites at the brief's sizes: in × out × batch, forward, backward and a Jacobian step. */
    static void layerMatchesScalarLayer(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(4);
        int[] fanIns = concat(INS, HIDDEN), fanOuts = concat(HIDDEN, OUTS);
        for (int in : fanIns) for (int out : fanOuts) for (int batch : BATCHES) {
            String tag = name + " in=" + in + " out=" + out + " batch=" + batch;
            double[] x = random(rng, batch * in), w = random(rng, in * out), bias = random(rng, out);
            double[] yRef = new double[batch * out], yGot = new double[batch * out];
            DenseLayer.forward(false, batch, in, out, x, 0, w, 0, bias, 0, yRef, 0);
            DenseLayer.forward(s, batch, in, out, x, 0, w, 0, bias, 0, yGot, 0);
            assertClose(yRef, yGot, tag + " forward");

            double[] dy = random(rng, batch * out);
            double[] dzRef = new double[batch * out], dzGot = new double[batch * out];
            double[] gw0 = random(rng, in * out), gb0 = random(rng, out), dx0 = random(rng, batch * in);
            double[] gwRef = gw0.clone(), gwGot = gw0.clone(), gbRef = gb0.clone(), gbGot = gb0.clone();
            double[] dxRef = dx0.clone(), dxGot = dx0.clone();
            DenseLayer.backward(false, batch, in, out, x, 0, yRef, 0, dy, 0, dzRef, 0, w, 0, gwRef, 0, gbRef, 0, dxRef, 0);
            DenseLayer.backward(s, batch, in, out, x, 0, yRef, 0, dy, 0, dzGot, 0, w, 0, gwGot, 0, gbGot, 0, dxGot, 0);
            assertClose(dzRef, dzGot, tag + " dZ");
            assertClose(gwRef, gwGot, tag + " dW");
            assertClose(gbRef, gbGot, tag + " db");
            assertClose(dxRef, dxGot, tag + " dX");
            // The overload with a W scratch (transposed broadcast-form GEMM for dX from batch 16 on).
            double[] gwT = gw0.clone(), gbT = gb0.clone(), dxT = dx0.clone(), dzT = new double[dzGot.length];
            double[] wt = new double[in * out];
            DenseLayer.backward(s, batch, in, out, x, 0, yRef, 0, dy, 0, dzT, 0, w, 0, gwT, 0, gbT, 0, dxT, 0, wt);
            assertClose(gwRef, gwT, tag + " dW (W scratch)");
            assertClose(gbRef, gbT, tag + " db (W scratch)");
            assertClose(dxRef, dxT, tag + " dX (W scratch)");

            if (batch == 1) {
                int rows = 6;
                double[] g = random(rng, rows * in), d = random(rng, out);
                double[] jRef = new double[rows * out], jGot = new double[rows * out];
                DenseLayer.jacobianStep(false, rows, in, out, g, 0, w, 0, d, 0, jRef, 0);
                DenseLayer.jacobianStep(s, rows, in, out, g, 0, w, 0, d, 0, jGot, 0);
                assertClose(jRef, jGot, tag + " jacobianStep");
            }
        }
    }

    /** The scalar layer itself against a textbook loop over W stored o×i (an independent indexing). */
    static void layerMatchesTextbook(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(5);
        int batch = 7, in = 13, out = 17;
        double[] x = random(rng, batch * in), wT = random(rng, in * out), bias = random(rng, out);
        double[] y = new double[batch * out];
        DenseLayer.forward(s, batch, in, out, x, 0, wT, 0, bias, 0, y, 0);
        double[] expected = new double[batch * out];
        for (int r = 0; r < batch; r++) {
            for (int j = 0; j < out; j++) {
                double z = bias[j];
                for (int k = 0; k < in; k++) z += wT[k * out + j] * x[r * in + k]; // W(j,k) = Wᵀ(k,j)
                expected[r * out + j] = Math.tanh(z);
            }
        }
        assertClose(expected, y, name + " textbook forward");
    }

    /**
     * DenseLayer.backward (both overloads: dot-product dX and the transposed-W GEMM from batch 16)
     * against plain loops: dZ = dY ⊙ (1 − Y²), dWᵀ += Xᵀ dZ, db += Σ dZ, dX += dZ W — an independent
     * reference also in the scalar JVM, where every other check compares the scalar path with itself.
     */
    static void layerBackwardMatchesTextbook(String name, boolean s) {
        SplittableRandom rng = new SplittableRandom(6);
        int in = 13, out = 17;
        for (int batch : new int[] {7, 37}) {
            double[] x = random(rng, batch * in), wT = random(rng, in * out), bias = random(rng, out), dy = random(rng, batch * out);
            double[] y = new double[batch * out];
            DenseLayer.forward(s, batch, in, out, x, 0, wT, 0, bias, 0, y, 0);
            double[] gw0 = random(rng, in * out), gb0 = random(rng, out), dx0 = random(rng, batch * in);
            double[] gw = gw0.clone(), gb = gb0.clone(), dx = dx0.clone(), dz = new double[batch * out];
            DenseLayer.backward(s, batch, in, out, x, 0, y, 0, dy, 0, dz, 0, wT, 0, gw, 0, gb, 0, dx, 0, new double[in * out]);
            double[] egw = gw0.clone(), egb = gb0.clone(), edx = dx0.clone();
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double yj = y[r * out + j], dzj = dy[r * out + j] * (1 - yj * yj);
                    egb[j] += dzj;
                    for (int k = 0; k < in; k++) {
                        egw[k * out + j] += x[r * in + k] * dzj;
                        edx[r * in + k] += dzj * wT[k * out + j];
                    }
                }
            }
            assertClose(egw, gw, name + " textbook backward dW, batch " + batch);
            assertClose(egb, gb, name + " textbook backward db, batch " + batch);
            assertClose(edx, dx, name + " textbook backward dX, batch " + batch);
        }
    }

    /**
     * The vector tanh equals its scalar reference bit for bit at this width — including the clamp,
     * which is compare+blend from 256 bits and max/min at 128 — over ordinary, saturating and
     * special arguments, after enough calls for C2 to compile the vector body.
     */
    static void tanhBitwise(String name) {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 4099;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble(-30, 30) * (i % 3 == 0 ? 0.1 : 1);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 20, -20,
                20.000000000000004, -20.000000000000004, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE};
        System.arraycopy(special, 0, x, 100, special.length);
        for (int round = 0; round < 300; round++) {
            double[] v = x.clone(), s = x.clone();
            Dense.tanhVector(v, 0, n);
            Dense.tanhScalar(s, 0, n);
            for (int i = 0; i < n; i++) {
                if (Double.doubleToRawLongBits(v[i]) != Double.doubleToRawLongBits(s[i]) && !(Double.isNaN(v[i]) && Double.isNaN(s[i]))) {
                    throw new AssertionError(name + " tanh(" + x[i] + "): vector " + v[i] + " != scalar " + s[i] + " (round " + round + ")");
                }
            }
        }
    }

    /**
     * The GEMM with a column tail (n = 3, 10, 17: overlapping vector from 256 bits, scalar at 128),
     * gemmBias and tanh allocate nothing once compiled, at this width (boxed vector masks would).
     */
    static void noAllocation(String name, boolean v) {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        SplittableRandom rng = new SplittableRandom(12);
        int m = 13, k = 9;
        double[] a = random(rng, m * k), b = random(rng, k * 17), bias = random(rng, 17), c = new double[m * 17];
        int[] widths = {3, 10, 17};
        Runnable work = () -> {
            for (int n : widths) {
                Dense.gemm(v, m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
                Dense.gemmBias(v, m, n, k, a, 0, k, 1, b, 0, n, bias, 0, c, 0, n);
                Dense.tanh(v, c, 0, m * n);
            }
        };
        for (int i = 0; i < 20_000; i++) work.run();          // C2 compiles the bodies
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 2_000; i++) work.run();
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        if (bytes != 0) throw new AssertionError(name + ": gemm/gemmBias/tanh allocated " + bytes + " bytes in 2000 steady-state calls");
    }

    /** Runs every check at the JVM's width; throws AssertionError on the first mismatch. */
    public static void runAll() {
        String name = Simd.VECTOR ? Simd.SPECIES.vectorBitSize() + "-bit" : "scalar";
        boolean v = Simd.VECTOR;
        gemmMatchesReference(name, v);
        gemmBiasMatchesReference(name, v);
        gemmNTMatchesReference(name, v);
        elementwiseMatchReference(name, v);
        if (v) tanhBitwise(name);
        // Only where the hardware has this width: a wider species than the machine's (512 bits on an
        // AVX2 host) runs the Vector API's Java fallback, which allocates by design.
        if (!v || Simd.SPECIES.vectorBitSize() <= jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize()) noAllocation(name, v);
        layerMatchesScalarLayer(name, v);
        layerMatchesTextbook(name, v);
        layerMatchesTextbook("scalar", false);
        layerBackwardMatchesTextbook(name, v);
        layerBackwardMatchesTextbook("scalar", false);
        double rel = tanhMaxRelativeError();
        if (!(rel <= REL)) throw new AssertionError(name + " tanh vs Math.tanh: max relative error " + rel);
    }

    /**
     * Max relative error of the {@link Dense#tanh} entry against {@link Math#tanh} over the
     * saturating, working and tiny ranges, after a warm-up long enough for C2 to compile the entry
     * (so the vector path measured is the compiled one, SVML on x86-64, not the interpreter's).
     */
    public static double tanhMaxRelativeError() {
        double[] grid = new double[4096];
        for (int i = 0; i < grid.length; i++) {
            double t = (i - grid.length / 2) / (grid.length / 2.0); // [−1, 1)
            grid[i] = switch (i % 4) {
                case 0 -> 20 * t;                                                   // saturating
                case 1 -> 3 * t;                                                    // working range
                case 2 -> Math.copySign(Math.pow(10, -1 - 300 * Math.abs(t)), t);  // tiny, to 1e-301
                default -> 0.7 * t + 1e-3;
            };
        }
        double[] work = new double[grid.length];
        for (int rep = 0; rep < 20_000; rep++) {
            System.arraycopy(grid, rep % 64 * 64, work, 0, 64);
            Dense.tanh(work, 0, 64);
        }
        System.arraycopy(grid, 0, work, 0, grid.length);
        Dense.tanh(work, 0, work.length);
        double maxRel = 0;
        for (int i = 0; i < grid.length; i++) {
            double e = Math.tanh(grid[i]);
            double rel = e == 0 ? Math.abs(work[i]) : Math.abs(work[i] - e) / Math.abs(e);
            maxRel = Math.max(maxRel, rel);
        }
        return maxRel;
    }

    /**
     * Child-JVM entry: runs {@link #runAll()} and prints {@code kernel-check OK vector=<on> bits=<width>}.
     */
    public static void main(String[] args) {
        runAll();
        System.out.println("kernel-check OK vector=" + Simd.VECTOR + " bits=" + Simd.SPECIES.vectorBitSize());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
