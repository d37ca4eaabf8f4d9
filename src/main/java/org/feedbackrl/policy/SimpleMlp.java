package org.feedbackrl.policy;

import java.util.SplittableRandom;

/**
 * TEMPORARY plain-Java MLP (in → h → h → out, tanh everywhere, zero output layer, per-output scale)
 * used until the vectorized {@code Mlp} lands. Layout: W1 (h×in), b1, W2 (h×h), b2, W3 (out×h), b3.
 */
public final class SimpleMlp implements Network {
    private final int in, h, out;
    private final double[] w, scale, a1, a2, a3, d1, d2, d3;

    public SimpleMlp(int in, int hidden, int out, double[] scale, long seed) {
        this.in = in; this.h = hidden; this.out = out;
        this.scale = scale.clone();
        w = new double[h * in + h + h * h + h + out * h + out];
        SplittableRandom rng = new SplittableRandom(seed);
        double l1 = Math.sqrt(6.0 / (in + h)), l2 = Math.sqrt(6.0 / (h + h));
        for (int i = 0; i < h * in; i++) w[i] = rng.nextDouble(-l1, l1);
        int o2 = h * in + h;
        for (int i = 0; i < h * h; i++) w[o2 + i] = rng.nextDouble(-l2, l2);
        a1 = new double[h]; a2 = new double[h]; a3 = new double[out];
        d1 = new double[h]; d2 = new double[h]; d3 = new double[out];
    }

    @Override public int inputDim() { return in; }
    @Override public int outputDim() { return out; }
    @Override public int paramDim() { return w.length; }
    @Override public double[] params() { return w; }

    @Override
    public void forward(double[] x, double[] y) {
        int o1 = 0, ob1 = h * in, o2 = ob1 + h, ob2 = o2 + h * h, o3 = ob2 + h, ob3 = o3 + out * h;
        for (int i = 0; i < h; i++) {
            double s = w[ob1 + i];
            for (int j = 0; j < in; j++) s += w[o1 + i * in + j] * x[j];
            a1[i] = Math.tanh(s);
        }
        for (int i = 0; i < h; i++) {
            double s = w[ob2 + i];
            for (int j = 0; j < h; j++) s += w[o2 + i * h + j] * a1[j];
            a2[i] = Math.tanh(s);
        }
        for (int i = 0; i < out; i++) {
            double s = w[ob3 + i];
            for (int j = 0; j < h; j++) s += w[o3 + i * h + j] * a2[j];
            a3[i] = Math.tanh(s);
            y[i] = scale[i] * a3[i];
        }
    }

    @Override
    public void backward(double[] x, double[] yBar, double[] xBar, double[] g) {
        forward(x, d3); // recompute activations (d3 used as scratch output)
        int o1 = 0, ob1 = h * in, o2 = ob1 + h, ob2 = o2 + h * h, o3 = ob2 + h, ob3 = o3 + out * h;
        for (int i = 0; i < out; i++) d3[i] = yBar[i] * scale[i] * (1 - a3[i] * a3[i]);
        java.util.Arrays.fill(d2, 0);
        for (int i = 0; i < out; i++) {
            g[ob3 + i] += d3[i];
            for (int j = 0; j < h; j++) {
                g[o3 + i * h + j] += d3[i] * a2[j];
                d2[j] += d3[i] * w[o3 + i * h + j];
            }
        }
        for (int j = 0; j < h; j++) d2[j] *= 1 - a2[j] * a2[j];
        java.util.Arrays.fill(d1, 0);
        for (int i = 0; i < h; i++) {
            g[ob2 + i] += d2[i];
            for (int j = 0; j < h; j++) {
                g[o2 + i * h + j] += d2[i] * a1[j];
                d1[j] += d2[i] * w[o2 + i * h + j];
            }
        }
        for (int j = 0; j < h; j++) d1[j] *= 1 - a1[j] * a1[j];
        if (xBar != null) java.util.Arrays.fill(xBar, 0);
        for (int i = 0; i < h; i++) {
            g[ob1 + i] += d1[i];
            for (int j = 0; j < in; j++) {
                g[o1 + i * in + j] += d1[i] * x[j];
                if (xBar != null) xBar[j] += d1[i] * w[o1 + i * in + j];
            }
        }
    }
}
