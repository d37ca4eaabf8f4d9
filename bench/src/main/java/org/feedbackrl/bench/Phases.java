package org.feedbackrl.bench;

/** Ad-hoc harness behind the W1 notes in RESULTS.md (run with the bench classpath). */

import org.feedbackrl.kernel.*;
import org.feedbackrl.gradient.*;
// Where W1's time goes: the whole estimate vs its batched forward alone, the tanh alone, and the
// weight-gradient GEMMs alone, at the same sizes (2200 samples), steady state.
public class Phases {
  public static void main(String[] a) {
    Impl.Fbrl f = new Impl.Fbrl();
    var mlp = f.mlp; int B = 2200;
    var ws = mlp.newWorkspace(B);
    double[] X = new double[B * 6], Y = new double[B * 10], H = new double[B * 64], dz = new double[B * 64], g = new double[mlp.paramCount()];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < X.length; i++) X[i] = r.nextDouble();
    for (int i = 0; i < H.length; i++) { H[i] = r.nextDouble() - 0.5; dz[i] = r.nextDouble(); }
    double[] t = new double[B * 138];
    for (int round = 0; round < 6; round++) {
      int n = 30;
      long t0 = System.nanoTime(); for (int i = 0; i < n; i++) f.w1();
      long t1 = System.nanoTime(); for (int i = 0; i < n; i++) mlp.forwardBatch(B, X, Y, ws);
      long t2 = System.nanoTime(); for (int i = 0; i < n; i++) { for (int k = 0; k < t.length; k++) t[k] = 0.3; Dense.tanh(t, 0, t.length); }
      long t3 = System.nanoTime(); for (int i = 0; i < n; i++) { Dense.gemm(64, 64, B, H, 0, 1, 64, dz, 0, 64, g, 390, 64); Dense.gemm(64, 10, B, H, 0, 1, 64, dz, 0, 64, g, 4600, 10); Dense.gemm(6, 64, B, X, 0, 1, 6, dz, 0, 64, g, 0, 64); }
      long t4 = System.nanoTime();
      System.out.printf("W1 %.2f ms | forward(2200) %.2f ms | tanh(2200x138) %.2f ms | weight-grad GEMMs %.2f ms%n",
        (t1-t0)/1e6/n, (t2-t1)/1e6/n, (t3-t2)/1e6/n, (t4-t3)/1e6/n);
    }
  }
}
