package org.feedbackrl.policy;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Run in a fresh JVM by {@link MlpAllocationTest}: warms up the car-shaped network (6 → 64 → 64 →
 * 10) until C2 has compiled the kernels, then prints one line
 * {@code allocated=<bytes>}.
 *
 * <p>A fresh JVM so that the count does not depend on what other test classes did to the JIT.
 */
public final class MlpAllocationProbe {
    private MlpAllocationProbe() {}

    public static void main(String[] args) {
        int in = 6, out = 10, maxBatch = 256;
        SplittableRandom rng = new SplittableRandom(1);
        double[] scale = new double[out];
        for (int o = 0; o < out; o++) scale[o] = 0.5 + o;
        Mlp net = Mlp.create(in, new int[] {64, 64}, out, scale, 1);
        net.randomizeAll(2, 0.3);
        Mlp.Workspace ws = net.newWorkspace(maxBatch);
        double[] x = new double[maxBatch * in], y = new double[maxBatch * out], outBar = new double[maxBatch * out];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble(-1, 1);
        for (int i = 0; i < outBar.length; i++) outBar[i] = rng.nextDouble(-1, 1);
        double[] g = new double[net.paramCount()], xBar = new double[maxBatch * in], jac = new double[out * in];

        for (int i = 0; i < 20_000; i++) step(net, ws, x, y, outBar, g, xBar, jac, i);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long b0 = bean.getCurrentThreadAllocatedBytes();
        long b1 = bean.getCurrentThreadAllocatedBytes(); // the probe's own cost, subtracted below
        for (int i = 0; i < 2_000; i++) step(net, ws, x, y, outBar, g, xBar, jac, i);
        long b2 = bean.getCurrentThreadAllocatedBytes();
        long allocated = (b2 - b1) - (b1 - b0);

        System.out.println("allocated=" + allocated);
    }

    private static void step(Mlp net, Mlp.Workspace ws, double[] x, double[] y, double[] outBar, double[] g,
                             double[] xBar, double[] jac, int i) {
        net.forward(x, y, ws);
        net.backward(ws, outBar, xBar, g);
        net.inputJacobian(ws, jac);
        net.forwardBatch(8, x, y, ws);
        net.backward(ws, outBar, xBar, g);
        if (i % 200 == 0) {
            net.forwardBatch(256, x, y, ws);
            net.backward(ws, outBar, null, g);
        }
    }
}
