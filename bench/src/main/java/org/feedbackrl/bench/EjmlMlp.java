package org.feedbackrl.bench;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.Network;

/**
 * The comparison a Java robotics developer would write: the same tanh MLP with EJML dense
 * row-major matrices (W_l stored out×in, the textbook way), batch rows as samples.
 * <pre>
 *   Z_l = H_{l−1} W_lᵀ + 1 b_lᵀ,  H_l = tanh(Z_l),  Y = H_L diag(scale)
 *   dZ_l = dH_l ⊙ (1 − H_l²),  dW_l += dZ_lᵀ H_{l−1},  db_l += Σ rows dZ_l,  dH_{l−1} = dZ_l W_l
 * </pre>
 * Also usable as a policy's single-sample {@link Network} (batch 1): then its weight gradient is
 * kept in EJML matrices and added to θ's layout by {@link #flushGradient}. Weights are copied from
 * an fbrl {@link Mlp} by {@link #loadFrom}. Preallocated; the calls below allocate nothing.
 */
public final class EjmlMlp implements Network {
    final int L, nIn, nOut, maxBatch;
    final int[] sizes;
    final double[] scale;
    final DMatrixRMaj[] w, b, gw, gb, h, dh;
    final DMatrixRMaj x, dx, gTmp, gNext;
    final double[] params;   // θ of the source network (for Network.params())
    int batch;

    public EjmlMlp(Mlp src, int maxBatch) {
        this.L = src.layers();
        this.nIn = src.inputs();
        this.nOut = src.outputs();
        this.maxBatch = maxBatch;
        this.scale = src.scale();
        this.params = src.params();
        sizes = new int[L + 1];
        for (int l = 0; l <= L; l++) sizes[l] = src.width(l);
        w = new DMatrixRMaj[L]; b = new DMatrixRMaj[L]; gw = new DMatrixRMaj[L]; gb = new DMatrixRMaj[L];
        h = new DMatrixRMaj[L]; dh = new DMatrixRMaj[L];
        int widest = 0;
        for (int l = 1; l <= L; l++) {
            w[l - 1] = new DMatrixRMaj(sizes[l], sizes[l - 1]);
            b[l - 1] = new DMatrixRMaj(1, sizes[l]);
            gw[l - 1] = new DMatrixRMaj(sizes[l], sizes[l - 1]);
            gb[l - 1] = new DMatrixRMaj(1, sizes[l]);
            h[l - 1] = new DMatrixRMaj(maxBatch, sizes[l]);
            dh[l - 1] = new DMatrixRMaj(maxBatch, sizes[l]);
            widest = Math.max(widest, sizes[l]);
        }
        x = new DMatrixRMaj(maxBatch, nIn);
        dx = new DMatrixRMaj(maxBatch, nIn);
        gTmp = new DMatrixRMaj(widest, nIn);
        gNext = new DMatrixRMaj(widest, nIn);
        loadFrom(src);
    }

    /** Copies θ (fbrl layout: Wᵀ in×out row-major, then b) into the EJML matrices. */
    public void loadFrom(Mlp src) {
        double[] th = src.params();
        for (int l = 1; l <= L; l++) {
            int in = sizes[l - 1], out = sizes[l], wo = src.weightOffset(l), bo = src.biasOffset(l);
            for (int k = 0; k < in; k++) for (int j = 0; j < out; j++) w[l - 1].data[j * in + k] = th[wo + k * out + j];
            System.arraycopy(th, bo, b[l - 1].data, 0, out);
        }
    }

    /** Y (batch×nOut) = N(X (batch×nIn)); saves activations. */
    public void forward(int batch, double[] in, double[] out) {
        this.batch = batch;
        x.reshape(batch, nIn);
        System.arraycopy(in, 0, x.data, 0, batch * nIn);
        DMatrixRMaj prev = x;
        for (int l = 1; l <= L; l++) {
            DMatrixRMaj hl = h[l - 1];
            hl.reshape(batch, sizes[l]);
            CommonOps_DDRM.multTransB(prev, w[l - 1], hl);
            int o = sizes[l];
            double[] hd = hl.data, bd = b[l - 1].data;
            for (int r = 0; r < batch; r++) for (int j = 0; j < o; j++) hd[r * o + j] = Math.tanh(hd[r * o + j] + bd[j]);
            prev = hl;
        }
        double[] hd = prev.data;
        for (int r = 0; r < batch; r++) for (int j = 0; j < nOut; j++) out[r * nOut + j] = hd[r * nOut + j] * scale[j];
    }

    /** Reverse mode of the last forward: gradient into gw/gb (+=), input cotangent into inBar (overwritten) unless null. */
    public void backward(double[] outBar, double[] inBar) {
        DMatrixRMaj d = dh[L - 1];
        d.reshape(batch, nOut);
        for (int r = 0; r < batch; r++) for (int j = 0; j < nOut; j++) d.data[r * nOut + j] = outBar[r * nOut + j] * scale[j];
        for (int l = L; l >= 1; l--) {
            DMatrixRMaj dz = dh[l - 1], hl = h[l - 1];
            int o = sizes[l];
            for (int i = 0; i < batch * o; i++) { double t = hl.data[i]; dz.data[i] *= 1 - t * t; }
            DMatrixRMaj prev = l == 1 ? x : h[l - 2];
            CommonOps_DDRM.multAddTransA(dz, prev, gw[l - 1]);
            double[] gbd = gb[l - 1].data;
            for (int r = 0; r < batch; r++) for (int j = 0; j < o; j++) gbd[j] += dz.data[r * o + j];
            if (l > 1) {
                DMatrixRMaj dPrev = dh[l - 2];
                dPrev.reshape(batch, sizes[l - 1]);
                CommonOps_DDRM.mult(dz, w[l - 1], dPrev);
            } else if (inBar != null) {
                dx.reshape(batch, nIn);
                CommonOps_DDRM.mult(dz, w[0], dx);
                System.arraycopy(dx.data, 0, inBar, 0, batch * nIn);
            }
        }
    }

    /** ∂y/∂x of one sample of the last forward (nOut×nIn row-major into jac from off): J = D_L W_L … D_1 W_1. */
    public void inputJacobian(int sample, double[] jac, int off) {
        // G = diag(d_1) W_1, then G ← diag(d_l) W_l G.
        DMatrixRMaj g = gTmp, next = gNext;
        g.reshape(sizes[1], nIn);
        double[] h1 = h[0].data;
        for (int j = 0; j < sizes[1]; j++) {
            double t = h1[sample * sizes[1] + j], dj = 1 - t * t;
            for (int k = 0; k < nIn; k++) g.data[j * nIn + k] = dj * w[0].data[j * nIn + k];
        }
        for (int l = 2; l <= L; l++) {
            next.reshape(sizes[l], nIn);
            CommonOps_DDRM.mult(w[l - 1], g, next);
            double[] hl = h[l - 1].data;
            for (int j = 0; j < sizes[l]; j++) {
                double t = hl[sample * sizes[l] + j], dj = (1 - t * t) * (l == L ? scale[j] : 1.0);
                for (int k = 0; k < nIn; k++) next.data[j * nIn + k] *= dj;
            }
            DMatrixRMaj tmp = g; g = next; next = tmp;
        }
        System.arraycopy(g.data, 0, jac, off, nOut * nIn);
    }

    public void zeroGradient() {
        for (int l = 0; l < L; l++) { gw[l].zero(); gb[l].zero(); }
    }

    /** Adds the kept gradient to g in fbrl's layout (of src) and zeroes it. */
    public void flushGradient(Mlp src, double[] g) {
        for (int l = 1; l <= L; l++) {
            int in = sizes[l - 1], out = sizes[l], wo = src.weightOffset(l), bo = src.biasOffset(l);
            double[] gd = gw[l - 1].data;
            for (int j = 0; j < out; j++) for (int k = 0; k < in; k++) g[wo + k * out + j] += gd[j * in + k];
            for (int j = 0; j < out; j++) g[bo + j] += gb[l - 1].data[j];
        }
        zeroGradient();
    }

    // --- Network (single sample, for TrackingPolicy and the generic costate pass) -------------------
    @Override public int inputDim() { return nIn; }
    @Override public int outputDim() { return nOut; }
    @Override public int paramDim() { return params.length; }
    @Override public double[] params() { return params; }
    @Override public void forward(double[] in, double[] out) { forward(1, in, out); }

    private final double[] scratch = new double[64];

    /** Recomputes the forward at in, then reverse mode; the weight gradient stays in EJML (see {@link #flushGradient}). */
    @Override
    public void backward(double[] in, double[] outBar, double[] inBar, double[] g) {
        forward(1, in, scratch);
        backward(outBar, inBar);
    }
}
