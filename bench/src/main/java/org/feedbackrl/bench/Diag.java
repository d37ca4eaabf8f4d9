package org.feedbackrl.bench;

/** Ad-hoc harness behind the W1 notes in RESULTS.md (run with the bench classpath). */

public class Diag {
  public static void main(String[] a) {
    Impl.Fbrl f = new Impl.Fbrl();
    var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      long b0 = mx.getCurrentThreadAllocatedBytes(), t0 = System.nanoTime();
      int n = 20;
      for (int i = 0; i < n; i++) f.w1();
      long t1 = System.nanoTime(), b1 = mx.getCurrentThreadAllocatedBytes();
      System.out.printf("round %d: %.2f ms/op, %d B/op%n", round, (t1 - t0) / 1e6 / n, (b1 - b0) / n);
    }
  }
}
