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
        // Blocks of ROWS samples (a multiple of the GEMM's 6-row tile): the GEMM on them (its
        // accumulators start from the bias) and the tanh over them run while the block is in L1
        // (one pass over Y from memory).
        for (int r0 = 0; r0 < batch; r0 += ROWS) {
            int rows = Math.min(ROWS, batch - r0), yo = yOff + r0 * out;
            Dense.gemmBias(vector, rows, out, in, x, xOff + r0 * in, in, 1, w, wOff, out, bias, bOff, y, yo, out);
            Dense.tanh(vector, y, yo, rows * out);
        }
    }

    /** Samples per block of {@link #forward}: 24 rows × 64 outputs = 12 KB of Y (a multiple of the GEMM's 6-row tile). */
    public static final int ROWS = 24;

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
     * {@link #backward} with a scratch for W (o×i): from {@link #TRANSPOSE_MIN_BATCH} samples on,
     * {@code dX += dZ·W} runs as the broadcast-form GEMM on a transposed copy of the weights
     * (o·i copies, against batch·o·i FMAs) instead of the dot-product form, which reduces a vector
     * across lanes for every element of dX.
     *
     * @param wt scratch of at least in·out entries (overwritten), or null for {@link #backward}
     */
    public static void backward(boolean vector, int batch, int in, int out,
                                double[] x, int xOff, double[] y, int yOff,
                                double[] dy, int dyOff, double[] dz, int dzOff,
                                double[] w, int wOff, double[] gw, int gwOff, double[] gb, int gbOff,
                                double[] dx, int dxOff, double[] wt) {
        if (wt == null || dx == null || !vector || batch < TRANSPOSE_MIN_BATCH) {
            backward(vector, batch, in, out, x, xOff, y, yOff, dy, dyOff, dz, dzOff, w, wOff, gw, gwOff, gb, gbOff, dx, dxOff);
            return;
        }
        backward(vector, batch, in, out, x, xOff, y, yOff, dy, dyOff, dz, dzOff, w, wOff, gw, gwOff, gb, gbOff, null, 0);
        for (int k = 0; k < in; k++) {
            for (int j = 0; j < out; j++) wt[j * in + k] = w[wOff + k * out + j];
        }
        Dense.gemm(vector, batch, in, out, dz, dzOff, out, 1, wt, 0, in, dx, dxOff, in);
    }

    /** Smallest batch for which {@link #backward(boolean, int, int, int, double[], int, double[], int, double[], int, double[], int, double[], int, double[], int, double[], int, double[], int, double[])} transposes W. */
    public static final int TRANSPOSE_MIN_BATCH = 16;

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
