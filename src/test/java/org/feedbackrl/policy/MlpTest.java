package org.feedbackrl.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Mlp against central finite differences, its init contract, batch/single agreement and layout. */
class MlpTest {

    private static double[] random(SplittableRandom rng, int n, double range) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextDouble(-range, range);
        return a;
    }

    /** L(θ, X) = Σ outBar ⊙ f(X; θ) over a batch. */
    private static double loss(Mlp net, Mlp.Workspace ws, int batch, double[] x, double[] outBar, double[] out) {
        net.forwardBatch(batch, x, out, ws);
        double sum = 0;
        for (int i = 0; i < batch * net.outputs(); i++) sum += outBar[i] * out[i];
        return sum;
    }

    private static void assertFd(double analytic, double fd, double tol, String what) {
        if (!(Math.abs(analytic - fd) <= tol * Math.max(1.0, Math.abs(fd)))) {
            fail(what + ": analytic " + analytic + " vs finite difference " + fd);
        }
    }

    private static void checkGradients(int in, int[] hidden, int out, int batch, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] scale = random(rng, out, 2.0);
        Mlp net = Mlp.create(in, hidden, out, scale, seed);
        net.randomizeAll(seed + 1, 0.5); // a NONZERO output layer, or its gradient paths are trivial
        Mlp.Workspace ws = net.newWorkspace(batch);
        double[] x = random(rng, batch * in, 1.5), outBar = random(rng, batch * out, 1.0);
        double[] y = new double[batch * out];
        net.forwardBatch(batch, x, y, ws);
        double[] g = new double[net.paramCount()];
        double[] xBar = new double[batch * in];
        net.backward(ws, outBar, xBar, g);

        final double h = 1e-6, tol = 1e-7;
        double[] theta = net.params();
        for (int q = 0; q < theta.length; q++) {
            double keep = theta[q];
            theta[q] = keep + h;
            double lp = loss(net, ws, batch, x, outBar, y);
            theta[q] = keep - h;
            double lm = loss(net, ws, batch, x, outBar, y);
            theta[q] = keep;
            assertFd(g[q], (lp - lm) / (2 * h), tol, "dL/dθ[" + q + "]");
        }
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double lp = loss(net, ws, batch, x, outBar, y);
            x[i] = keep - h;
            double lm = loss(net, ws, batch, x, outBar, y);
            x[i] = keep;
            assertFd(xBar[i], (lp - lm) / (2 * h), tol, "dL/dx[" + i + "]");
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesOddSizes() {
        checkGradients(7, new int[] {5, 17}, 3, 5, 11);
        checkGradients(1, new int[] {3}, 1, 1, 12);
        checkGradients(3, new int[] {}, 2, 4, 13);
    }

    @Test
    void gradientsMatchFiniteDifferencesCarShape() {
        checkGradients(6, new int[] {64, 64}, 10, 3, 14);
    }

    @Test
    void inputJacobianMatchesFiniteDifferences() {
        for (int[] shape : new int[][] {{6, 64, 64, 10}, {7, 5, 17, 3}, {1, 3, 3, 1}}) {
            int in = shape[0], out = shape[3];
            SplittableRandom rng = new SplittableRandom(21);
            Mlp net = Mlp.create(in, new int[] {shape[1], shape[2]}, out, random(rng, out, 2.0), 21);
            net.randomizeAll(22, 0.5);
            Mlp.Workspace ws = net.newWorkspace(4);
            double[] x = random(rng, in, 1.5), y = new double[out];
            net.forward(x, y, ws);
            double[] jac = new double[out * in];
            net.inputJacobian(ws, jac);
            double h = 1e-6;
            double[] yp = new double[out], ym = new double[out];
            for (int k = 0; k < in; k++) {
                double keep = x[k];
                x[k] = keep + h;
                net.forward(x, yp, ws);
                x[k] = keep - h;
                net.forward(x, ym, ws);
                x[k] = keep;
                for (int o = 0; o < out; o++) {
                    assertFd(jac[o * in + k], (yp[o] - ym[o]) / (2 * h), 1e-7, "J[" + o + "," + k + "] " + Arrays.toString(shape));
                }
            }
            // The Jacobian of sample r of a batch is that sample's single-sample Jacobian.
            double[] xs = random(rng, 4 * in, 1.5), ys = new double[4 * out];
            net.forwardBatch(4, xs, ys, ws);
            double[] jBatch = new double[out * in];
            net.inputJacobian(ws, 2, jBatch, 0);
            net.forward(Arrays.copyOfRange(xs, 2 * in, 3 * in), y, ws);
            net.inputJacobian(ws, jac);
            for (int i = 0; i < jac.length; i++) assertEquals(jac[i], jBatch[i], 1e-13);
        }
    }

    @Test
    void batchEqualsSingleSamplesAndBackwardAccumulates() {
        int in = 6, out = 10, batch = 37;
        SplittableRandom rng = new SplittableRandom(31);
        Mlp net = Mlp.create(in, new int[] {64, 64}, out, random(rng, out, 2.0), 31);
        net.randomizeAll(32, 0.3);
        Mlp.Workspace ws = net.newWorkspace(batch);
        double[] x = random(rng, batch * in, 1.0), outBar = random(rng, batch * out, 1.0);
        double[] yb = new double[batch * out];
        net.forwardBatch(batch, x, yb, ws);
        double[] gBatch = new double[net.paramCount()], xBarBatch = new double[batch * in];
        net.backward(ws, outBar, xBarBatch, gBatch);

        double[] gSum = new double[net.paramCount()], y1 = new double[out];
        for (int r = 0; r < batch; r++) {
            net.forward(Arrays.copyOfRange(x, r * in, (r + 1) * in), y1, ws);
            for (int o = 0; o < out; o++) assertEquals(yb[r * out + o], y1[o], 1e-13, "sample " + r);
            double[] xBar1 = new double[in];
            net.backward(ws, Arrays.copyOfRange(outBar, r * out, (r + 1) * out), xBar1, gSum);
            for (int k = 0; k < in; k++) assertEquals(xBarBatch[r * in + k], xBar1[k], 1e-12, "x̄ sample " + r);
        }
        for (int q = 0; q < gSum.length; q++) assertEquals(gSum[q], gBatch[q], 1e-11 * Math.max(1, Math.abs(gSum[q])));

        // += semantics: a second backward doubles g; a null inBar is allowed.
        double[] g2 = gBatch.clone();
        net.forwardBatch(batch, x, yb, ws);
        net.backward(ws, outBar, null, g2);
        for (int q = 0; q < g2.length; q++) assertEquals(2 * gBatch[q], g2[q], 1e-12 * Math.max(1, Math.abs(g2[q])));
    }

    @Test
    void initialisationContract() {
        int in = 6, out = 10;
        double[] scale = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Mlp net = Mlp.create(in, new int[] {64, 64}, out, scale, 42);
        assertEquals(6 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10, net.paramCount());
        assertEquals(net.paramCount(), Mlp.paramCount(in, new int[] {64, 64}, out));
        double[] p = net.params();
        for (int l = 1; l <= net.layers(); l++) {
            int nw = net.width(l - 1) * net.width(l);
            double a = net.glorotLimit(l);
            assertEquals(Math.sqrt(6.0 / (net.width(l - 1) + net.width(l))), a, 0);
            double maxAbs = 0;
            for (int q = net.weightOffset(l); q < net.weightOffset(l) + nw; q++) {
                if (l < net.layers()) assertTrue(Math.abs(p[q]) < a, "Glorot bound, layer " + l);
                else assertEquals(0.0, p[q], 0.0, "output weight");
                maxAbs = Math.max(maxAbs, Math.abs(p[q]));
            }
            if (l < net.layers()) assertTrue(maxAbs > 0.9 * a, "weights fill the Glorot range, layer " + l);
            for (int q = net.biasOffset(l); q < net.biasOffset(l) + net.width(l); q++) assertEquals(0.0, p[q], 0.0, "bias");
        }
        // Output exactly zero at init, whatever the input.
        Mlp.Workspace ws = net.newWorkspace(8);
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = random(rng, 8 * in, 3.0), y = new double[8 * out];
        Arrays.fill(y, Double.NaN);
        net.forwardBatch(8, x, y, ws);
        for (double v : y) assertEquals(0.0, v, 0.0);

        // Deterministic for a seed; another seed differs.
        assertArrayEquals(p, Mlp.create(in, new int[] {64, 64}, out, scale, 42).params());
        assertFalse(Arrays.equals(p, Mlp.create(in, new int[] {64, 64}, out, scale, 43).params()));
        double[] r1 = p.clone();
        net.randomizeAll(7, 0.1);
        double[] r2 = net.params().clone();
        net.randomizeAll(7, 0.1);
        assertArrayEquals(r2, net.params());
        assertFalse(Arrays.equals(r1, r2));
    }

    @Test
    void externalStorageAtAnOffset() {
        int in = 3, out = 2, off = 5;
        int[] hidden = {4, 6};
        double[] scale = {0.5, -2};
        int count = Mlp.paramCount(in, hidden, out);
        double[] theta = new double[off + count + 4];
        Arrays.fill(theta, -7);
        Mlp ext = new Mlp(in, hidden, out, scale, theta, off);
        ext.randomizeAll(9, 0.2);
        assertEquals(-7, theta[off - 1], 0);
        assertEquals(-7, theta[off + count], 0);
        assertEquals(off, ext.weightOffset(1));
        assertEquals(off + in * 4, ext.biasOffset(1));
        assertEquals(off + count - out, ext.biasOffset(3));

        Mlp own = Mlp.create(in, hidden, out, scale, 0);
        own.randomizeAll(9, 0.2);
        assertArrayEquals(own.params(), Arrays.copyOfRange(theta, off, off + count));
        Mlp.Workspace wsE = ext.newWorkspace(2), wsO = own.newWorkspace(2);
        double[] x = {0.1, -0.4, 0.9, 0.3, 0.2, -0.8}, yE = new double[4], yO = new double[4];
        ext.forwardBatch(2, x, yE, wsE);
        own.forwardBatch(2, x, yO, wsO);
        assertArrayEquals(yO, yE);
        // Gradient into a policy-sized vector at the network's offset, or packed at 0.
        double[] gE = new double[theta.length], gO = new double[count], ob = {1, 2, 3, 4};
        ext.backward(wsE, ob, null, gE);
        own.backward(wsO, ob, null, gO);
        assertArrayEquals(gO, Arrays.copyOfRange(gE, off, off + count));
        assertEquals(0, gE[off - 1], 0);
        double[] gPacked = new double[count];
        ext.backward(wsE, ob, null, gPacked, 0);
        assertArrayEquals(gO, gPacked);
    }

    @Test
    void badUseFailsClearly() {
        Mlp net = Mlp.create(2, new int[] {3}, 1, new double[] {1}, 0);
        Mlp.Workspace ws = net.newWorkspace(2);
        assertThrows(IllegalStateException.class, () -> net.backward(ws, new double[1], null, new double[net.paramCount()]));
        assertThrows(IllegalArgumentException.class, () -> net.forwardBatch(3, new double[6], new double[3], ws));
        Mlp other = Mlp.create(2, new int[] {3}, 1, new double[] {1}, 0);
        assertThrows(IllegalArgumentException.class, () -> other.forward(new double[2], new double[1], ws));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(2, new int[] {3}, 1, new double[] {1, 2}, new double[100], 0));
        assertThrows(IllegalArgumentException.class, () -> new Mlp(2, new int[] {3}, 1, new double[] {1}, new double[5], 0));
    }
}
