package org.feedbackrl.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The baseline MLP against plain loops (forward) and finite differences (backward: weights and
 * inputs, for every activation, batched), and its initialisations against their definitions.
 */
class NetTest {

    static double act(Net.Activation a, double z) {
        return switch (a) {
            case TANH -> Math.tanh(z);
            case RELU -> Math.max(z, 0);
            case SWISH -> z / (1 + Math.exp(-z));
        };
    }

    /** Plain-loop forward of one sample. */
    static double[] reference(Net net, double[] x) {
        double[] h = x;
        double[] p = net.params();
        for (int l = 1; l <= net.layers(); l++) {
            int fi = net.width(l - 1), fo = net.width(l);
            double[] o = new double[fo];
            for (int j = 0; j < fo; j++) {
                double s = p[net.biasOffset(l) + j];
                for (int k = 0; k < fi; k++) s += h[k] * p[net.weightOffset(l) + k * fo + j];
                o[j] = l < net.layers() ? act(net.activation(), s) : s;
            }
            h = o;
        }
        return h;
    }

    @Test
    void forwardMatchesPlainLoopsAndBackwardMatchesFiniteDifferences() {
        for (Net.Activation a : Net.Activation.values()) {
            int in = 5, out = 3, batch = 19;
            Net net = new Net(in, new int[] {17, 9}, out, a, new double[Net.paramCount(in, new int[] {17, 9}, out) + 4], 4);
            net.initTorchDefault(new Rng(1));
            Rng rng = new Rng(2);
            double[] x = new double[batch * in], y = new double[batch * out], yBar = new double[batch * out];
            for (int i = 0; i < x.length; i++) x[i] = rng.nextGaussian();
            for (int i = 0; i < yBar.length; i++) yBar[i] = rng.nextGaussian();
            Net.Workspace ws = net.newWorkspace(batch);
            net.forward(batch, x, 0, y, 0, ws);
            for (int b = 0; b < batch; b++) {
                double[] r = reference(net, java.util.Arrays.copyOfRange(x, b * in, b * in + in));
                // measured ≤ 2.3e-16 (summation order of the kernels)
                for (int j = 0; j < out; j++) assertEquals(r[j], y[b * out + j], 2e-15, a + " forward");
            }
            double[] g = new double[net.paramCount() + 2], xBar = new double[batch * in];
            net.backward(ws, yBar, 0, xBar, 0, g, 2);
            // L = Σ ȳ·y; central differences of L in every parameter and input. Measured: |analytic −
            // difference| ≤ 6.4e-10 (weights) and 2.1e-10 (inputs) over the three activations; bound ~8×.
            double[] p = net.params();
            double[] fdW = GradientCheck.central(p, 4, 4 + net.paramCount(), () -> dot(net, x, yBar, batch), 1e-6);
            GradientCheck.assertGradient(java.util.Arrays.copyOfRange(g, 2, 2 + net.paramCount()), fdW, 5e-9, a + " weight");
            double[] fdX = GradientCheck.central(x, 0, x.length, () -> dot(net, x, yBar, batch), 1e-6);
            GradientCheck.assertGradient(xBar, fdX, 5e-9, a + " input");
            // the input cotangent alone (no weight gradient) is the same
            net.forward(batch, x, 0, y, 0, ws);
            double[] xBar2 = new double[batch * in];
            net.backward(ws, yBar, 0, xBar2, 0, null, 0);
            assertEquals(0, java.util.Arrays.compare(xBar, xBar2), a + ": dX without dW");
        }
    }

    private static double dot(Net net, double[] x, double[] yBar, int batch) {
        double[] y = new double[batch * net.outputs()];
        net.forward(batch, x, 0, y, 0, net.newWorkspace(batch));
        double s = 0;
        for (int i = 0; i < y.length; i++) s += y[i] * yBar[i];
        return s;
    }

    @Test
    void initialisations() {
        Net net = Net.create(40, new int[] {64, 16}, 3, Net.Activation.TANH);
        net.initOrthogonal(new Rng(3), Math.sqrt(2), 0.01);
        // layer 1: W is 64×40 (more rows): its 40 columns are orthogonal with norm √2
        double[] p = net.params();
        for (int a = 0; a < 40; a++) {
            for (int b = 0; b <= a; b++) {
                double d = 0;
                for (int o = 0; o < 64; o++) d += p[net.weightOffset(1) + a * 64 + o] * p[net.weightOffset(1) + b * 64 + o];
                assertEquals(a == b ? 2.0 : 0.0, d, 1e-12, "columns " + a + ", " + b);
            }
        }
        // output layer: W is 3×16 (fewer rows): rows orthogonal with norm 0.01; biases 0
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b <= a; b++) {
                double d = 0;
                for (int k = 0; k < 16; k++) d += p[net.weightOffset(3) + k * 3 + a] * p[net.weightOffset(3) + k * 3 + b];
                assertEquals(a == b ? 1e-4 : 0.0, d, 1e-16, "rows " + a + ", " + b);
            }
            assertEquals(0.0, p[net.biasOffset(3) + a]);
        }
        net.initTorchDefault(new Rng(4));
        double bound = 1 / Math.sqrt(64), max = 0;
        for (int q = net.weightOffset(2); q < net.biasOffset(2) + 16; q++) max = Math.max(max, Math.abs(p[q]));
        assertEquals(true, max <= bound && max > 0.9 * bound, "U(±1/√fan_in): " + max);
    }
}
