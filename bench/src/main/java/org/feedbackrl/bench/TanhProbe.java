package org.feedbackrl.bench;

import java.lang.management.ManagementFactory;
import org.feedbackrl.kernel.Dense;

/** tanh alone: ns per element and bytes allocated per call, steady state. */
public class TanhProbe {
    public static void main(String[] args) {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] t = new double[4096];
        for (int round = 0; round < 10; round++) {
            int n = 2000;
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { java.util.Arrays.fill(t, 0.3 + i * 1e-4); Dense.tanh(t, 0, t.length); }
            long t1 = System.nanoTime();
            long a1 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("tanh %.2f ns/elem, %d B/call%n", (t1 - t0) / (double) n / t.length, (a1 - a0) / n);
        }
    }
}
