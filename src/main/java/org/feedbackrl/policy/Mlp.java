package org.feedbackrl.policy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.feedbackrl.kernel.Dense;
import org.feedbackrl.kernel.DenseLayer;
import org.feedbackrl.kernel.Simd;

/**
 * The policy network (DESIGN.md §4 "Network"): inputs → h₁ → … → h_H → outputs (default 64, 64),
 * tanh on every layer including the output, then a fixed per-output scale:
 * <pre>
 *   h₀ = x,   h_l = tanh(W_l h_{l−1} + b_l)   (l = 1 … L, L = H + 1),   y = scale ⊙ h_L
 * </pre>
 * Hidden layers start Glorot-uniform with zero biases; the output layer starts at exactly zero
 * (weights and bias), so y = 0 and training starts at the nominal controller.
 *
 * <p><b>Parameter layout.</b> All parameters live in one flat {@code double[]} from an offset
 * {@code off}, layer after layer, each layer as its weights then its bias:
 * <pre>
 *   [ W₁ᵀ (n_in×h₁) | b₁ (h₁) | W₂ᵀ (h₁×h₂) | b₂ (h₂) | … | W_Lᵀ (h_H×n_out) | b_L (n_out) ]
 * </pre>
 * with each Wᵀ stored fan-in × fan-out row-major: element (k, j) is the weight from input k of the
 * layer to its output j (the layout the {@link Dense} kernels vectorise; see there).
 * {@link #weightOffset(int)} and {@link #biasOffset(int)} give the absolute positions. The scale is
 * not a parameter.
 *
 * <p><b>Use.</b> Evaluate with {@link #forward} (one sample) or {@link #forwardBatch}; both save
 * activations in a caller-owned {@link Workspace}. Then {@link #backward} (VJP to the parameters and
 * the inputs) and {@link #inputJacobian} read that workspace. Not thread-safe per workspace; one
 * network can be shared by threads that each own a workspace (reads only θ). Nothing allocates
 * after construction (with the kernels compiled by C2).
 */
public final class Mlp {
    /** Vector kernels or their scalar references (-Dfeedbackrl.vector=false). */
    private static final boolean S = Simd.VECTOR;

    private final int nIn;
    private final int nOut;
    private final int[] sizes;     // sizes[0] = nIn, sizes[l] = width of layer l (1 … L), sizes[L] = nOut
    private final int layers;      // L
    private final int[] wOff;      // absolute offset of W_lᵀ in params, index l−1
    private final int[] bOff;      // absolute offset of b_l in params, index l−1
    private final double[] scale;
    private final double[] params;
    private final int offset;
    private final int paramCount;
    private final int maxWidth;

    /**
     * A network over an external parameter array (e.g. a slice of a policy's θ). The values already
     * in that slice are used as they are; call {@link #initialize(long)} for the standard init.
     *
     * @param inputs  n_in ≥ 1
     * @param hidden  hidden widths, each ≥ 1 (may be empty: a single tanh layer); e.g. {64, 64}
     * @param outputs n_out ≥ 1
     * @param scale   per-output scale, length n_out, finite (copied)
     * @param params  storage; needs {@link #paramCount(int, int[], int)} entries from offset
     * @param offset  index of the first parameter in params (≥ 0)
     */
    public Mlp(int inputs, int[] hidden, int outputs, double[] scale, double[] params, int offset) {
        if (inputs < 1) throw new IllegalArgumentException("network needs ≥ 1 input, got " + inputs);
        if (outputs < 1) throw new IllegalArgumentException("network needs ≥ 1 output, got " + outputs);
        for (int h : hidden) {
            if (h < 1) throw new IllegalArgumentException("hidden widths must be ≥ 1, got " + Arrays.toString(hidden));
        }
        if (scale.length != outputs) {
            throw new IllegalArgumentException("scale has " + scale.length + " entries, the network has " + outputs + " outputs");
        }
        for (double v : scale) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("output scale must be finite, got " + v);
        }
        this.nIn = inputs;
        this.nOut = outputs;
        this.layers = hidden.length + 1;
        this.sizes = new int[layers + 1];
        sizes[0] = inputs;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[layers] = outputs;
        this.wOff = new int[layers];
        this.bOff = new int[layers];
        int p = offset;
        int widest = 0;
        for (int l = 1; l <= layers; l++) {
            wOff[l - 1] = p;
            p += sizes[l - 1] * sizes[l];
            bOff[l - 1] = p;
            p += sizes[l];
            widest = Math.max(widest, sizes[l]);
        }
        this.paramCount = p - offset;
        this.maxWidth = widest;
        if (offset < 0 || offset + paramCount > params.length) {
            throw new IllegalArgumentException("parameter array too short: needs " + paramCount + " entries from offset "
                    + offset + ", has length " + params.length);
        }
        this.scale = scale.clone();
        this.params = params;
        this.offset = offset;
    }

    /**
     * A network that owns its parameters, initialised by {@link #initialize(long)}.
     *
     * @param seed seed of the Glorot draw
     */
    public static Mlp create(int inputs, int[] hidden, int outputs, double[] scale, long seed) {
        Mlp net = new Mlp(inputs, hidden, outputs, scale, new double[paramCount(inputs, hidden, outputs)], 0);
        net.initialize(seed);
        return net;
    }

    /** @return the number of parameters of such a network */
    public static int paramCount(int inputs, int[] hidden, int outputs) {
        int count = 0, prev = inputs;
        for (int h : hidden) {
            count += prev * h + h;
            prev = h;
        }
        return count + prev * outputs + outputs;
    }

    /**
     * Standard init, deterministic for a seed: hidden layers W ~ U(−a, a), a = √(6 / (fan_in +
     * fan_out)) (Glorot-uniform), biases 0; output layer weights and bias exactly 0.
     */
    public void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 1; l <= layers; l++) {
            int nw = sizes[l - 1] * sizes[l];
            if (l < layers) {
                double a = glorotLimit(l);
                for (int q = 0; q < nw; q++) params[wOff[l - 1] + q] = rng.nextDouble(-a, a);
            } else {
                Arrays.fill(params, wOff[l - 1], wOff[l - 1] + nw, 0.0);
            }
            Arrays.fill(params, bOff[l - 1], bOff[l - 1] + sizes[l], 0.0);
        }
    }

    /**
     * Randomises every layer, the output layer included (for tests and for starting elsewhere than
     * the nominal controller): weights Glorot-uniform, biases U(−biasRange, biasRange).
     *
     * @param seed      seed
     * @param biasRange half-width of the bias draw (≥ 0)
     */
    public void randomizeAll(long seed, double biasRange) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int l = 1; l <= layers; l++) {
            double a = glorotLimit(l);
            int nw = sizes[l - 1] * sizes[l];
            for (int q = 0; q < nw; q++) params[wOff[l - 1] + q] = rng.nextDouble(-a, a);
            for (int q = 0; q < sizes[l]; q++) {
                params[bOff[l - 1] + q] = biasRange > 0 ? rng.nextDouble(-biasRange, biasRange) : 0.0;
            }
        }
    }

    /** @return √(6 / (fan_in + fan_out)) of layer l (1 … L) */
    public double glorotLimit(int l) {
        return Math.sqrt(6.0 / (sizes[l - 1] + sizes[l]));
    }

    public int inputs() { return nIn; }
    public int outputs() { return nOut; }
    /** @return L, the number of dense layers (hidden + output) */
    public int layers() { return layers; }
    /** @return width of layer l: l = 0 the inputs, 1 … L−1 hidden, L the outputs */
    public int width(int l) { return sizes[l]; }
    public int paramCount() { return paramCount; }
    /** @return the live parameter array (shared, not copied) */
    public double[] params() { return params; }
    /** @return index of the first parameter in {@link #params()} */
    public int offset() { return offset; }
    /** @return absolute index in {@link #params()} of W_lᵀ(0,0), l = 1 … L */
    public int weightOffset(int l) { return wOff[l - 1]; }
    /** @return absolute index in {@link #params()} of b_l(0), l = 1 … L */
    public int biasOffset(int l) { return bOff[l - 1]; }
    /** @return a copy of the per-output scale */
    public double[] scale() { return scale.clone(); }

    /** Activations and scratch for up to maxBatch samples; create once, reuse for every call. */
    public Workspace newWorkspace(int maxBatch) {
        return new Workspace(this, maxBatch);
    }

    /** Saved activations of the last forward call, and scratch for the reverse passes. */
    public static final class Workspace {
        private final Mlp net;
        private final int maxBatch;
        private int batch = -1;        // samples in the last forward; −1 before any
        private final double[] x;      // copy of the inputs, maxBatch×n_in
        private final double[][] act;  // act[l−1] = h_l (post-tanh, before scale for l = L), maxBatch×width
        private final double[] bufA;   // ping-pong cotangent buffers, maxBatch×maxWidth
        private final double[] bufB;
        private final double[] jacA;   // transposed partial Jacobians, n_in×maxWidth
        private final double[] jacB;
        private final double[] diag;   // 1 − h² of one sample, maxWidth
        private final double[] wt;     // a layer's W (fan-out × fan-in) for the batched backward

        private Workspace(Mlp net, int maxBatch) {
            if (maxBatch < 1) throw new IllegalArgumentException("workspace needs maxBatch ≥ 1, got " + maxBatch);
            this.net = net;
            this.maxBatch = maxBatch;
            this.x = new double[maxBatch * net.nIn];
            this.act = new double[net.layers][];
            for (int l = 1; l <= net.layers; l++) act[l - 1] = new double[maxBatch * net.sizes[l]];
            this.bufA = new double[maxBatch * net.maxWidth];
            this.bufB = new double[maxBatch * net.maxWidth];
            this.jacA = new double[net.nIn * net.maxWidth];
            this.jacB = new double[net.nIn * net.maxWidth];
            this.diag = new double[net.maxWidth];
            int widest = 0;
            for (int l = 1; l <= net.layers; l++) widest = Math.max(widest, net.sizes[l - 1] * net.sizes[l]);
            this.wt = new double[widest];
        }

        /** @return the largest batch this workspace holds */
        public int maxBatch() { return maxBatch; }

        /** @return samples in the last forward call (0 before any) */
        public int batch() { return Math.max(batch, 0); }

        /**
         * @param l layer 1 … L
         * @return the saved activations h_l of the last forward, batch×width(l) row-major (live;
         *         for l = L this is tanh before the output scale)
         */
        public double[] activations(int l) { return act[l - 1]; }
    }

    /**
     * One sample: {@code out = scale ⊙ tanh(W_L … tanh(W₁ in + b₁) … + b_L)}.
     *
     * @param in  input, length ≥ n_in (first n_in entries read)
     * @param out output, length ≥ n_out
     * @param ws  workspace of this network; keeps what {@link #backward} and {@link #inputJacobian} need
     */
    public void forward(double[] in, double[] out, Workspace ws) {
        forwardBatch(1, in, out, ws);
    }

    /**
     * A batch: rows of {@code in} (batch×n_in row-major) to rows of {@code out} (batch×n_out).
     *
     * @param batch 1 … ws.maxBatch()
     */
    public void forwardBatch(int batch, double[] in, double[] out, Workspace ws) {
        check(ws, batch);
        if (in.length < batch * nIn || out.length < batch * nOut) {
            throw new IllegalArgumentException("forward of " + batch + " samples needs in ≥ " + batch * nIn
                    + " and out ≥ " + batch * nOut + " entries, got " + in.length + " and " + out.length);
        }
        System.arraycopy(in, 0, ws.x, 0, batch * nIn);
        double[] h = ws.x;
        for (int l = 1; l <= layers; l++) {
            DenseLayer.forward(S, batch, sizes[l - 1], sizes[l], h, 0, params, wOff[l - 1], params, bOff[l - 1],
                    ws.act[l - 1], 0);
            h = ws.act[l - 1];
        }
        System.arraycopy(h, 0, out, 0, batch * nOut);
        Dense.scaleColumns(S, batch, nOut, out, 0, nOut, scale, 0);
        ws.batch = batch;
    }

    /**
     * Reverse mode of the last forward call (one sample or a batch) at its saved activations:
     * accumulates {@code outBar·∂out/∂θ} into g and {@code outBar·∂out/∂in} into inBar.
     *
     * <p>Derivation (per layer, from the output down): the output cotangent ȳ gives
     * h̄_L = scale ⊙ ȳ; for l = L … 1: z̄_l = h̄_l ⊙ (1 − h_l²), W̄_lᵀ += h_{l−1}ᵀ z̄_l (summed over the
     * batch), b̄_l += Σ z̄_l, h̄_{l−1} = z̄_l W_l.
     *
     * @param ws     workspace of the last forward
     * @param outBar cotangent of the outputs, batch×n_out row-major (read only)
     * @param inBar  accumulated (+=) cotangent of the inputs, batch×n_in, or null to skip it
     * @param g      accumulated (+=) gradient; the gradient of params[q] goes to g[gOff + q − offset()]
     * @param gOff   where this network's gradient starts in g
     */
    public void backward(Workspace ws, double[] outBar, double[] inBar, double[] g, int gOff) {
        check(ws, ws.batch);
        final int batch = ws.batch;
        if (outBar.length < batch * nOut) {
            throw new IllegalArgumentException("outBar needs " + batch * nOut + " entries, got " + outBar.length);
        }
        if (inBar != null && inBar.length < batch * nIn) {
            throw new IllegalArgumentException("inBar needs " + batch * nIn + " entries, got " + inBar.length);
        }
        if (gOff < 0 || gOff + paramCount > g.length) {
            throw new IllegalArgumentException("gradient array needs " + paramCount + " entries from " + gOff
                    + ", has length " + g.length);
        }
        final int shift = gOff - offset;
        double[] dh = ws.bufA, next = ws.bufB;
        System.arraycopy(outBar, 0, dh, 0, batch * nOut);
        Dense.scaleColumns(S, batch, nOut, dh, 0, nOut, scale, 0);
        for (int l = layers; l >= 1; l--) {
            int in = sizes[l - 1], out = sizes[l];
            double[] x = l == 1 ? ws.x : ws.act[l - 2];
            double[] dx;
            if (l > 1) {
                dx = next;
                Arrays.fill(dx, 0, batch * in, 0.0);
            } else {
                dx = inBar;
            }
            DenseLayer.backward(S, batch, in, out, x, 0, ws.act[l - 1], 0, dh, 0, dh, 0,
                    params, wOff[l - 1], g, wOff[l - 1] + shift, g, bOff[l - 1] + shift, dx, 0, ws.wt);
            next = dh;
            dh = dx;
        }
    }

    /** {@link #backward(Workspace, double[], double[], double[], int)} with g laid out like params (gOff = offset()). */
    public void backward(Workspace ws, double[] outBar, double[] inBar, double[] g) {
        backward(ws, outBar, inBar, g, offset);
    }

    /**
     * Input Jacobian ∂out/∂in of sample 0 of the last forward call.
     *
     * @param jac output, n_out×n_in row-major (overwritten)
     */
    public void inputJacobian(Workspace ws, double[] jac) {
        inputJacobian(ws, 0, jac, 0);
    }

    /**
     * Input Jacobian ∂out/∂in of one sample of the last forward call, by forward mode in transposed
     * form: G₁ = W₁ᵀ diag(1 − h₁²), G_l = G_{l−1} W_lᵀ diag(1 − h_l²), and the last layer's diagonal
     * times the scale; then jac = G_Lᵀ.
     *
     * @param ws     workspace of the last forward
     * @param sample which sample of that batch, 0 ≤ sample &lt; batch
     * @param jac    output, n_out×n_in row-major from jacOff (overwritten)
     * @param jacOff offset into jac
     */
    public void inputJacobian(Workspace ws, int sample, double[] jac, int jacOff) {
        check(ws, ws.batch);
        if (sample < 0 || sample >= ws.batch) {
            throw new IllegalArgumentException("sample " + sample + " is not in the last batch of " + ws.batch);
        }
        if (jacOff < 0 || jacOff + nOut * nIn > jac.length) {
            throw new IllegalArgumentException("jacobian needs " + nOut * nIn + " entries from " + jacOff);
        }
        double[] d = ws.diag;
        double[] gCur = ws.jacA, gNext = ws.jacB;
        // G₁ = W₁ᵀ diag(d₁): a copy of W₁ᵀ with its columns scaled.
        System.arraycopy(params, wOff[0], gCur, 0, nIn * sizes[1]);
        diagonal(ws, 1, sample, d);
        Dense.scaleColumns(S, nIn, sizes[1], gCur, 0, sizes[1], d, 0);
        for (int l = 2; l <= layers; l++) {
            diagonal(ws, l, sample, d);
            DenseLayer.jacobianStep(S, nIn, sizes[l - 1], sizes[l], gCur, 0, params, wOff[l - 1], d, 0, gNext, 0);
            double[] t = gCur; gCur = gNext; gNext = t;
        }
        for (int o = 0; o < nOut; o++) {
            for (int k = 0; k < nIn; k++) jac[jacOff + o * nIn + k] = gCur[k * nOut + o];
        }
    }

    /** d = 1 − h_l² of one sample, times the output scale for the last layer. */
    private void diagonal(Workspace ws, int l, int sample, double[] d) {
        int w = sizes[l];
        double[] h = ws.act[l - 1];
        for (int j = 0; j < w; j++) {
            double t = h[sample * w + j];
            d[j] = (1 - t * t) * (l == layers ? scale[j] : 1.0);
        }
    }

    private void check(Workspace ws, int batch) {
        if (ws.net != this) throw new IllegalArgumentException("workspace belongs to another network");
        if (batch < 0) throw new IllegalStateException("no forward call has filled this workspace yet");
        if (batch < 1 || batch > ws.maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1 … " + ws.maxBatch + " of this workspace");
        }
    }
}
