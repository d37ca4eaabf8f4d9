package org.feedbackrl.baseline;

import java.util.Arrays;
import org.feedbackrl.kernel.Activations;
import org.feedbackrl.kernel.Dense;
import org.feedbackrl.kernel.Simd;

/**
 * A multilayer perceptron for the baselines, built on the project's batched kernels
 * ({@link Dense#gemmBias}, {@link Dense#gemm}, {@link Dense#columnSum}, {@link Dense#tanh},
 * {@link Activations}):
 * <pre>
 *   h₀ = x,   h_l = act(W_l h_{l−1} + b_l)   (l = 1 … H),   y = W_{H+1} h_H + b_{H+1}   (linear output)
 * </pre>
 * with act = tanh (SB3's PPO networks), ReLU (SB3's SAC networks) or swish (the PETS/MBPO
 * dynamics ensembles). Unlike {@link org.feedbackrl.policy.Mlp} (the feedback policy: tanh on every
 * layer, output scale, zero last layer) the output here is linear, as in every baseline paper.
 *
 * <p><b>Parameter layout</b> (the same as {@code Mlp}): one flat {@code double[]} from an offset, layer
 * after layer, each as Wᵀ (fan-in × fan-out, row-major) then b. {@link #paramCount} entries.
 *
 * <p><b>Use.</b> {@link #forward} a batch (rows = samples) into a caller-owned {@link Workspace},
 * then {@link #backward} at that workspace. A workspace fits every net of the same shape (a critic
 * and its target share one). Nothing allocates after construction (kernels compiled by C2).
 */
public final class Net {
    /** Hidden-layer activation. */
    public enum Activation { TANH, RELU, SWISH }

    private static final boolean V = Simd.VECTOR;

    private final int[] sizes;   // sizes[0] = in, sizes[1..H] hidden, sizes[H+1] = out
    private final int layers;    // H + 1
    private final int[] wOff, bOff;
    private final Activation act;
    private final double[] params;
    private final int offset, paramCount, maxWidth;

    /**
     * @param inputs  fan-in of the first layer (≥ 1)
     * @param hidden  hidden widths (each ≥ 1; may be empty: a linear map)
     * @param outputs width of the linear output (≥ 1)
     * @param act     hidden activation
     * @param params  storage: {@link #paramCount} entries from {@code offset} (values used as they are)
     * @param offset  index of the first parameter
     */
    public Net(int inputs, int[] hidden, int outputs, Activation act, double[] params, int offset) {
        if (inputs < 1 || outputs < 1) throw new IllegalArgumentException("a network needs ≥ 1 input and output, got " + inputs + " and " + outputs);
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden widths must be ≥ 1, got " + Arrays.toString(hidden));
        this.layers = hidden.length + 1;
        this.sizes = new int[layers + 1];
        sizes[0] = inputs;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[layers] = outputs;
        this.wOff = new int[layers];
        this.bOff = new int[layers];
        int p = offset, widest = 0;
        for (int l = 1; l <= layers; l++) {
            wOff[l - 1] = p;
            p += sizes[l - 1] * sizes[l];
            bOff[l - 1] = p;
            p += sizes[l];
            widest = Math.max(widest, Math.max(sizes[l], sizes[l - 1]));
        }
        this.paramCount = p - offset;
        this.maxWidth = widest;
        if (offset < 0 || p > params.length) {
            throw new IllegalArgumentException("parameter array too short: needs " + paramCount + " from " + offset + ", has " + params.length);
        }
        this.act = act;
        this.params = params;
        this.offset = offset;
    }

    /** A network owning its parameters (all zero until an init is called). */
    public static Net create(int inputs, int[] hidden, int outputs, Activation act) {
        return new Net(inputs, hidden, outputs, act, new double[paramCount(inputs, hidden, outputs)], 0);
    }

    /** @return the number of parameters of such a network */
    public static int paramCount(int inputs, int[] hidden, int outputs) {
        int c = 0, prev = inputs;
        for (int h : hidden) { c += prev * h + h; prev = h; }
        return c + prev * outputs + outputs;
    }

    public int inputs() { return sizes[0]; }
    public int outputs() { return sizes[layers]; }
    public int layers() { return layers; }
    /** @return width of layer l: 0 = inputs, 1 … H hidden, H+1 = outputs */
    public int width(int l) { return sizes[l]; }
    public Activation activation() { return act; }
    public int paramCount() { return paramCount; }
    public double[] params() { return params; }
    public int offset() { return offset; }
    /** @return absolute index of W_lᵀ(0, 0), l = 1 … H+1 */
    public int weightOffset(int l) { return wOff[l - 1]; }
    /** @return absolute index of b_l(0), l = 1 … H+1 */
    public int biasOffset(int l) { return bOff[l - 1]; }

    /**
     * PyTorch's default {@code nn.Linear} init, which Stable-Baselines3's SAC and the MBPO code keep:
     * W and b ~ U(−1/√fan_in, 1/√fan_in) (kaiming_uniform with a = √5).
     */
    public void initTorchDefault(Rng rng) {
        for (int l = 1; l <= layers; l++) {
            double a = 1.0 / Math.sqrt(sizes[l - 1]);
            for (int q = 0; q < sizes[l - 1] * sizes[l]; q++) params[wOff[l - 1] + q] = rng.nextDouble(-a, a);
            for (int q = 0; q < sizes[l]; q++) params[bOff[l - 1] + q] = rng.nextDouble(-a, a);
        }
    }

    /**
     * The PETS/MBPO dynamics networks' init ({@code mbpo/models/fc.py}): W ~ truncated normal with
     * standard deviation 1/(2√fan_in), cut at two standard deviations (TensorFlow's
     * {@code truncated_normal_initializer} redraws values beyond), b = 0.
     */
    public void initTruncatedNormal(Rng rng) {
        for (int l = 1; l <= layers; l++) {
            double sd = 1.0 / (2 * Math.sqrt(sizes[l - 1]));
            for (int q = 0; q < sizes[l - 1] * sizes[l]; q++) {
                double g;
                do { g = rng.nextGaussian(); } while (Math.abs(g) > 2);
                params[wOff[l - 1] + q] = sd * g;
            }
            Arrays.fill(params, bOff[l - 1], bOff[l - 1] + sizes[l], 0.0);
        }
    }

    /**
     * Stable-Baselines3's on-policy init ({@code ortho_init=True}): orthogonal weights with gain
     * {@code hiddenGain} on the hidden layers (√2) and {@code outputGain} on the output (0.01 for the
     * policy mean, 1 for the value), zero biases. Orthogonal = Gram–Schmidt on a Gaussian matrix,
     * rows or columns orthonormal (whichever are fewer), as {@code torch.nn.init.orthogonal_}.
     */
    public void initOrthogonal(Rng rng, double hiddenGain, double outputGain) {
        for (int l = 1; l <= layers; l++) {
            int in = sizes[l - 1], out = sizes[l];
            double gain = l == layers ? outputGain : hiddenGain;
            // W is out×in; orthonormalise the shorter side's vectors.
            int nv = Math.min(in, out), len = Math.max(in, out);
            double[] q = new double[nv * len];
            for (int i = 0; i < q.length; i++) q[i] = rng.nextGaussian();
            for (int i = 0; i < nv; i++) {
                for (int j = 0; j < i; j++) {
                    double d = 0;
                    for (int k = 0; k < len; k++) d += q[i * len + k] * q[j * len + k];
                    for (int k = 0; k < len; k++) q[i * len + k] -= d * q[j * len + k];
                }
                double n = 0;
                for (int k = 0; k < len; k++) n += q[i * len + k] * q[i * len + k];
                n = Math.sqrt(n);
                for (int k = 0; k < len; k++) q[i * len + k] /= n;
            }
            for (int o = 0; o < out; o++) {
                for (int k = 0; k < in; k++) {
                    // W(o, k): vectors are rows of W when out ≤ in, columns otherwise.
                    double w = out <= in ? q[o * len + k] : q[k * len + o];
                    params[wOff[l - 1] + k * out + o] = gain * w;
                }
            }
            Arrays.fill(params, bOff[l - 1], bOff[l - 1] + out, 0.0);
        }
    }

    /** Saved activations of the last forward and scratch for the reverse pass. */
    public static final class Workspace {
        final int maxBatch;
        final int[] sizes;
        final Activation act;
        int batch = -1;
        final double[] x;        // copy of the input, maxBatch×in
        final double[][] h;      // post-activation of hidden layer l (index l−1)
        final double[][] z;      // swish only: pre-activation
        final double[][] sig;    // swish only: σ(z)
        final double[] bufA, bufB, wt;

        Workspace(Net net, int maxBatch) {
            if (maxBatch < 1) throw new IllegalArgumentException("workspace needs maxBatch ≥ 1, got " + maxBatch);
            this.maxBatch = maxBatch;
            this.sizes = net.sizes.clone();
            this.act = net.act;
            int hidden = net.layers - 1;
            x = new double[maxBatch * net.sizes[0]];
            h = new double[hidden][];
            z = new double[hidden][];
            sig = new double[hidden][];
            for (int l = 1; l <= hidden; l++) {
                h[l - 1] = new double[maxBatch * net.sizes[l]];
                if (net.act == Activation.SWISH) {
                    z[l - 1] = new double[maxBatch * net.sizes[l]];
                    sig[l - 1] = new double[maxBatch * net.sizes[l]];
                }
            }
            bufA = new double[maxBatch * net.maxWidth];
            bufB = new double[maxBatch * net.maxWidth];
            int widest = 0;
            for (int l = 1; l <= net.layers; l++) widest = Math.max(widest, net.sizes[l - 1] * net.sizes[l]);
            wt = new double[widest];
        }

        public int maxBatch() { return maxBatch; }

        /** @return hidden activations h_l of the last forward (live), l = 1 … H */
        public double[] hidden(int l) { return h[l - 1]; }
    }

    /** A workspace for batches of up to maxBatch samples, usable by every net of this shape. */
    public Workspace newWorkspace(int maxBatch) { return new Workspace(this, maxBatch); }

    /**
     * Forward of a batch: rows of X (batch×in, row-major from xOff) to rows of Y (batch×out from yOff).
     */
    public void forward(int batch, double[] x, int xOff, double[] y, int yOff, Workspace ws) {
        check(ws, batch);
        int in = sizes[0];
        System.arraycopy(x, xOff, ws.x, 0, batch * in);
        double[] prev = ws.x;
        for (int l = 1; l < layers; l++) {
            int fi = sizes[l - 1], fo = sizes[l];
            double[] dst = act == Activation.SWISH ? ws.z[l - 1] : ws.h[l - 1];
            Dense.gemmBias(V, batch, fo, fi, prev, 0, fi, 1, params, wOff[l - 1], fo, params, bOff[l - 1], dst, 0, fo);
            switch (act) {
                case TANH -> Dense.tanh(V, dst, 0, batch * fo);
                case RELU -> Activations.relu(V, dst, 0, batch * fo);
                case SWISH -> Activations.swish(V, batch * fo, dst, 0, ws.sig[l - 1], 0, ws.h[l - 1], 0);
            }
            prev = ws.h[l - 1];
        }
        int fi = sizes[layers - 1], fo = sizes[layers];
        outputLayer(batch, fi, fo, prev, y, yOff);
        ws.batch = batch;
    }

    private void outputLayer(int batch, int fi, int fo, double[] prev, double[] y, int yOff) {
        int w = wOff[layers - 1], b = bOff[layers - 1];
        if (fo == 1) {
            // One output (a value or Q network): dot products along the hidden width (vectorised along
            // k) instead of a GEMM with a single column, which would run the scalar tail.
            for (int r = 0; r < batch; r++) y[yOff + r] = params[b];
            Dense.gemmNT(V, batch, 1, fi, prev, 0, fi, params, w, fi, y, yOff, 1);
        } else {
            Dense.gemmBias(V, batch, fo, fi, prev, 0, fi, 1, params, w, fo, params, b, y, yOff, fo);
        }
    }

    /**
     * Reverse mode at the last forward of {@code ws}: {@code g += ȳ·∂y/∂θ} (skipped when g is null:
     * for a loss that only needs the input cotangent, e.g. SAC's actor loss through a critic) and
     * {@code x̄ = ȳ·∂y/∂x} (overwritten; skipped when xBar is null).
     * <pre>
     *   z̄_{H+1} = ȳ;  for l = H+1 … 1:  W̄_lᵀ += h_{l−1}ᵀ z̄_l,  b̄_l += Σ_rows z̄_l,  h̄_{l−1} = z̄_l W_l,
     *                                    z̄_{l−1} = h̄_{l−1} ⊙ act'(·)
     * </pre>
     *
     * @param yBar  cotangent of Y, batch×out from ybOff (read only)
     * @param xBar  output cotangent of X, batch×in from xbOff, or null
     * @param g     accumulated gradient laid out like params from gOff (g[gOff + q − offset()]), or null
     */
    public void backward(Workspace ws, double[] yBar, int ybOff, double[] xBar, int xbOff, double[] g, int gOff) {
        check(ws, ws.batch);
        final int batch = ws.batch;
        final int shift = gOff - offset;
        double[] dz = ws.bufA, next = ws.bufB;
        System.arraycopy(yBar, ybOff, dz, 0, batch * sizes[layers]);
        for (int l = layers; l >= 1; l--) {
            int fi = sizes[l - 1], fo = sizes[l];
            double[] hPrev = l == 1 ? ws.x : ws.h[l - 2];
            if (l < layers) {
                // dz holds h̄_l; turn it into z̄_l in place.
                switch (act) {
                    case TANH -> Dense.tanhBackward(V, batch * fo, dz, 0, ws.h[l - 1], 0, dz, 0);
                    case RELU -> Activations.reluBackward(V, batch * fo, dz, 0, ws.h[l - 1], 0, dz, 0);
                    case SWISH -> Activations.swishBackward(V, batch * fo, dz, 0, ws.z[l - 1], 0, ws.sig[l - 1], 0, dz, 0);
                }
            }
            if (g != null) {
                // W̄ᵀ += Xᵀ·Z̄: A = h_{l−1}ᵀ read with row stride 1, column stride fi.
                Dense.gemm(V, fi, fo, batch, hPrev, 0, 1, fi, dz, 0, fo, g, wOff[l - 1] + shift, fo);
                Dense.columnSum(V, batch, fo, dz, 0, fo, g, bOff[l - 1] + shift);
            }
            double[] dx;
            int dxOff;
            if (l > 1) { dx = next; dxOff = 0; }
            else if (xBar != null) { dx = xBar; dxOff = xbOff; }
            else break;
            Arrays.fill(dx, dxOff, dxOff + batch * fi, 0.0);
            inputCotangent(ws, batch, fi, fo, l, dz, dx, dxOff);
            next = dz;
            dz = dx;
        }
    }

    /** dX += dZ·W for layer l (batch×fi): a broadcast GEMM on a transposed copy of W from 16 rows on. */
    private void inputCotangent(Workspace ws, int batch, int fi, int fo, int l, double[] dz, double[] dx, int dxOff) {
        int w = wOff[l - 1];
        if (batch >= 16 && fo > 1) {
            double[] wt = ws.wt;
            for (int k = 0; k < fi; k++) {
                for (int j = 0; j < fo; j++) wt[j * fi + k] = params[w + k * fo + j];
            }
            Dense.gemm(V, batch, fi, fo, dz, 0, fo, 1, wt, 0, fi, dx, dxOff, fi);
        } else {
            Dense.gemmNT(V, batch, fi, fo, dz, 0, fo, params, w, fo, dx, dxOff, fi);
        }
    }

    private void check(Workspace ws, int batch) {
        if (!Arrays.equals(ws.sizes, sizes) || ws.act != act) throw new IllegalArgumentException("workspace belongs to a network of another shape");
        if (batch < 0) throw new IllegalStateException("no forward call has filled this workspace yet");
        if (batch < 1 || batch > ws.maxBatch) throw new IllegalArgumentException("batch " + batch + " outside 1 … " + ws.maxBatch);
    }

    /** θ_target ← (1 − τ) θ_target + τ θ (Polyak averaging of target networks), over the whole parameter range. */
    public static void polyak(Net source, Net target, double tau) {
        double[] s = source.params, t = target.params;
        int so = source.offset, to = target.offset;
        for (int i = 0; i < source.paramCount; i++) t[to + i] = (1 - tau) * t[to + i] + tau * s[so + i];
    }

    /** Copies θ of source into target (same shape). */
    public static void copy(Net source, Net target) {
        System.arraycopy(source.params, source.offset, target.params, target.offset, source.paramCount);
    }
}
