package org.feedbackrl.kernel;

import java.util.Arrays;

/**
 * One dense tanh layer {@code y = tanh(W h + b)} over a batch, composed from the {@link Dense}
 * kernels. Fan-in i, fan-out o; the weights are stored as Wᵀ, i×o row-major (see {@link Dense});
 * batches are row-major, one sample per row (X is batch×i, Y batch×o).
 *
 * <p>Each method takes {@code vector} first: false runs every kernel's scalar reference;
 * production passes {@link Simd#VECTOR}. Nothing here allocates.
 */
public final class DenseLayer {
    private DenseLayer() {}

    /**
     * Forward: {@code Y = tanh(X·Wᵀ + 1·bᵀ)}.
     *
     * @param vector true for the vector bodies, false for the scalar references
     * @param batch number of samples (≥ 0)
     * @param in    fan-in i (≥ 1)
     * @param out   fan-out o (≥ 1)
     * @param x     X, batch×i row-major from xOff
     * @param w     Wᵀ, i×o row-major from wOff
     * @param bias  b, length o from bOff
     * @param y     output Y, batch×o row-major from yOff (must not overlap X)
     */
    public static void forward(boolean vector, int batch, int in, int out,
                               double[] x, int xOff, double[] w, int wOff, double[] bias, int bOff,
                               double[] y, int yOff) {
        for (int r = 0; r < batch; r++) System.arraycopy(bias, bOff, y, yOff + r * out, out);
        Dense.gemm(vector, batch, out, in, x, xOff, in, 1, w, wOff, out, y, yOff, out);
        Dense.tanh(vector, y, yOff, batch * out);
    }

    /**
     * Reverse mode of {@link #forward} at saved X and Y:
     * <pre>
     *   dZ  = dY ⊙ (1 − Y²)            (tanh' = 1 − tanh²)
     *   dWᵀ += Xᵀ · dZ                  (i×o: the weight-gradient GEMM, k = batch)
     *   db  += Σ_rows dZ
     *   dX  += dZ · W                   (batch×i; skipped when dx is null)
     * </pre>
     *
     * @param dy  cotangent of Y, batch×o from dyOff (read)
     * @param dz  scratch for dZ, batch×o from dzOff; may be dy itself (same offset), then dy is overwritten
     * @param gw  accumulated (+=) gradient of Wᵀ, i×o from gwOff
     * @param gb  accumulated (+=) gradient of b, length o from gbOff
     * @param dx  accumulated (+=) cotangent of X, batch×i from dxOff, or null
     */
    public static void backward(boolean vector, int batch, int in, int out,
                                double[] x, int xOff, double[] y, int yOff,
                                double[] dy, int dyOff, double[] dz, int dzOff,
                                double[] w, int wOff, double[] gw, int gwOff, double[] gb, int gbOff,
                                double[] dx, int dxOff) {
        Dense.tanhBackward(vector, batch * out, dy, dyOff, y, yOff, dz, dzOff);
        // Xᵀ as the strided A of the GEMM: A(k, b) = X[b·i + k] → row stride 1, column stride i.
        Dense.gemm(vector, in, out, batch, x, xOff, 1, in, dz, dzOff, out, gw, gwOff, out);
        Dense.columnSum(vector, batch, out, dz, dzOff, out, gb, gbOff);
        if (dx != null) Dense.gemmNT(vector, batch, in, out, dz, dzOff, out, w, wOff, out, dx, dxOff, in);
    }

    /**
     * One step of a forward-mode input Jacobian, in transposed form. With {@code G = (∂h/∂x)ᵀ}
     * (rows × i, rows = network inputs) for the layer's input h, the layer's output y = tanh(W h + b)
     * has {@code (∂y/∂x)ᵀ = G · Wᵀ · diag(d)} with {@code d = 1 − y²} (times any extra per-output
     * factor the caller folds into d). Stored Wᵀ makes this a row-major GEMM plus a column scaling.
     *
     * @param rows  rows of G (the number of network inputs)
     * @param in    fan-in i
     * @param out   fan-out o
     * @param g     G, rows×i from gOff
     * @param w     Wᵀ, i×o from wOff
     * @param d     diagonal factor, length o from dOff
     * @param gOut  output, rows×o from goOff (overwritten; must not overlap G)
     */
    public static void jacobianStep(boolean vector, int rows, int in, int out,
                                    double[] g, int gOff, double[] w, int wOff, double[] d, int dOff,
                                    double[] gOut, int goOff) {
        Arrays.fill(gOut, goOff, goOff + rows * out, 0.0);
        Dense.gemm(vector, rows, out, in, g, gOff, in, 1, w, wOff, out, gOut, goOff, out);
        Dense.scaleColumns(vector, rows, out, gOut, goOff, out, d, dOff);
    }
}
