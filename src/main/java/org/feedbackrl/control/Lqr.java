package org.feedbackrl.control;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.feedbackrl.model.DynamicsModel;

/**
 * Discrete-time infinite-horizon LQR designed on a model's linearisation at an equilibrium:
 * x_{t+1} − x* ≈ Â (x_t − x*) + B̂ (u_t − u*). The Riccati recursion
 * <pre>  P ← Q + ÂᵀPÂ − ÂᵀPB̂ (R + B̂ᵀPB̂)⁻¹ B̂ᵀPÂ  </pre>
 * is iterated to convergence and K = (R + B̂ᵀPB̂)⁻¹ B̂ᵀPÂ, so u = u* − K (x − x*) minimises
 * Σ (x−x*)ᵀQ(x−x*) + (u−u*)ᵀR(u−u*) on the linearised model.
 */
public final class Lqr {
    private Lqr() {}

    /**
     * @param model the model to design on
     * @param xEq   equilibrium state x*
     * @param uEq   equilibrium input u*
     * @param q     state weights (diagonal of Q), length n
     * @param r     input weights (diagonal of R), length m
     * @return K, m×n row-major
     */
    public static double[] gain(DynamicsModel model, double[] xEq, double[] uEq, double[] q, double[] r) {
        int n = model.stateDim(), m = model.inputDim();
        double[] a = new double[n * n], b = new double[n * m];
        model.jacobians(xEq, uEq, a, b);
        RealMatrix A = new Array2DRowRealMatrix(n, n), B = new Array2DRowRealMatrix(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) A.setEntry(i, j, a[i * n + j]);
            for (int j = 0; j < m; j++) B.setEntry(i, j, b[i * m + j]);
        }
        RealMatrix Q = new Array2DRowRealMatrix(n, n), R = new Array2DRowRealMatrix(m, m);
        for (int i = 0; i < n; i++) Q.setEntry(i, i, q[i]);
        for (int i = 0; i < m; i++) R.setEntry(i, i, r[i]);
        RealMatrix P = Q.copy();
        RealMatrix K = null;
        for (int it = 0; it < 200_000; it++) {
            RealMatrix btp = B.transpose().multiply(P);
            RealMatrix S = R.add(btp.multiply(B));
            RealMatrix Knew = new LUDecomposition(S).getSolver().solve(btp.multiply(A));
            RealMatrix Pn = Q.add(A.transpose().multiply(P).multiply(A.subtract(B.multiply(Knew))));
            Pn = Pn.add(Pn.transpose()).scalarMultiply(0.5);
            double diff = Pn.subtract(P).getNorm() / Math.max(1, P.getNorm());
            P = Pn;
            K = Knew;
            if (diff < 1e-13) break;
        }
        double[] k = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) k[i * n + j] = K.getEntry(i, j);
        return k;
    }
}
