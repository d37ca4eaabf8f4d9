package org.feedbackrl.gradient;

import java.util.Arrays;
import org.feedbackrl.control.TrackingController;
import org.feedbackrl.kernel.Dense;
import org.feedbackrl.kernel.Simd;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Features;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.task.Reward;

/**
 * The fast path of the gradient estimate for a {@link TrackingPolicy} over a batch of N recorded
 * rollouts (DESIGN.md §3, "the shape of the computation"). Same estimate as calling
 * {@link CostateEstimator#accumulate} on each rollout (to round-off: sums are reordered), organised
 * so that the network's FLOPs run as a few large matrix products instead of T·N matrix–vector
 * products.
 *
 * <p><b>Phases.</b> With C = ⌈T / callEvery⌉ network calls per rollout and B = C·N call samples,
 * sample index s = c·N + i (call c, trajectory i: the N trajectories of one call are adjacent rows):
 * <ol>
 *   <li><b>Network forward</b> for all B samples in one {@link Mlp#forwardBatch}: the features
 *       φ(t_c, x_{t_c}) of the recorded states, saving every layer's activations h_l.</li>
 *   <li><b>Costate recursion</b> (DESIGN.md §2) backwards in t, one trajectory after the other
 *       within a step: model Jacobians Â, B̂, the controller's Jacobians, the Hermite weights and the
 *       memory cotangent μ exactly as {@link TrackingPolicy#vjp}. At a call step the cotangent ȳ of
 *       the network outputs is known for all N trajectories at once, and λ_t needs ȳ·∂N/∂f·∂f/∂x
 *       inside the recursion. That input VJP runs as one batch of N rows through the saved
 *       activations, layer by layer from the top:
 *       <pre>
 *         h̄_L = scale ⊙ ȳ;   z̄_l = h̄_l ⊙ (1 − h_l²);   h̄_{l−1} = z̄_l W_l;   f̄ = z̄_1 W_1
 *       </pre>
 *       and every z̄_l is <em>kept</em> (B×width per layer). This costs one backward pass per
 *       sample, five times less than forming the 10×6 input Jacobian by forward mode (six
 *       input directions through the 64×64 layer) and then multiplying by ȳ.</li>
 *   <li><b>Weight gradient</b> from the kept cotangents, one GEMM per layer over all B samples:
 *       W̄_lᵀ += h_{l−1}ᵀ z̄_l, b̄_l += Σ_s z̄_l (h_0 = the features).</li>
 * </ol>
 * Flops per sample for the car's 6→64→64→10 network: forward 5 120 MACs, input VJP 5 120, weight
 * gradient 5 120. Every kernel is a {@link Dense} entry that takes {@link Simd#VECTOR}: with
 * {@code -Dfeedbackrl.vector=false} the same code runs the scalar references.
 *
 * <p>All buffers are allocated in the constructor; {@link #estimate} allocates nothing (once C2 has
 * compiled the vector kernels). Not thread-safe.
 */
public final class BatchedTrackingEstimator implements GradientEstimator {
    private static final int NC = 4;
    private static final boolean V = Simd.VECTOR;

    private final DynamicsModel model;
    private final TrackingPolicy policy;
    private final TrackingController ctl;
    private final Features feat;
    private final Reward reward;
    private final Mlp mlp;
    private final Mlp.Workspace ws;
    private final int n, m, ng, q, nIn, nOut, layers, maxN, horizon, callEvery, calls;
    private final double dt;
    private final double[] scale;
    // Batched network buffers.
    private final double[] feats;       // B×nIn
    private final double[] yOut;        // B×nOut
    private final double[][] dz;        // dz[l−1]: B×width(l), the kept z̄_l
    private final double[][] wCopy;     // wCopy[l−1]: W_l (out×in, row-major) for l ≥ 2
    private final double[] yBar;        // N×nOut
    private final double[] dhA, dhB;    // N×maxWidth
    private final double[] fBar;        // N×nIn
    // Per-trajectory costates, N×n and N×q, and J of each trajectory.
    private final double[] lambda, lambdaNext, mu, muPrev, jSum;
    // Per-sample scratch.
    private final double[] x, u, zPrev, zs, zsBar, a, b, gx, gu, v, ref, gains, uTmp, dudx, dudr, dudk, refBar, gainBar, fJac, zeros;

    /**
     * @param model       F̂, whose Jacobians replace the real ones
     * @param policy      the tracking policy; its network must be an {@link MlpNetwork}
     * @param features    the features its network reads (the same object the policy was built with)
     * @param reward      the objective
     * @param maxRollouts largest N a call of {@link #estimate} may pass (≥ 1)
     * @param horizon     T of every rollout (≥ 1)
     */
    public BatchedTrackingEstimator(DynamicsModel model, TrackingPolicy policy, Features features, Reward reward,
                                    int maxRollouts, int horizon) {
        if (!(policy.network() instanceof MlpNetwork net)) {
            throw new IllegalArgumentException("the batched estimator needs a policy whose network is an MlpNetwork");
        }
        if (maxRollouts < 1 || horizon < 1) throw new IllegalArgumentException("need maxRollouts ≥ 1 and horizon ≥ 1");
        if (features.dim() != net.inputDim()) throw new IllegalArgumentException("features do not match the network's inputs");
        if (model.stateDim() != policy.stateDim() || model.inputDim() != policy.inputDim()) {
            throw new IllegalArgumentException("model and policy dimensions differ");
        }
        this.model = model;
        this.policy = policy;
        this.ctl = policy.controller();
        this.feat = features;
        this.reward = reward;
        this.mlp = net.mlp();
        this.n = model.stateDim();
        this.m = model.inputDim();
        this.ng = ctl.gainDim();
        this.q = policy.memoryDim();
        this.nIn = mlp.inputs();
        this.nOut = mlp.outputs();
        this.layers = mlp.layers();
        this.maxN = maxRollouts;
        this.horizon = horizon;
        this.callEvery = policy.callEvery();
        this.calls = (horizon + callEvery - 1) / callEvery;
        this.dt = policy.dt();
        this.scale = mlp.scale();
        int batch = calls * maxRollouts;
        this.ws = mlp.newWorkspace(batch);
        feats = new double[batch * nIn];
        yOut = new double[batch * nOut];
        dz = new double[layers][];
        wCopy = new double[layers][];
        int widest = 0;
        for (int l = 1; l <= layers; l++) {
            dz[l - 1] = new double[batch * mlp.width(l)];
            if (l >= 2) wCopy[l - 1] = new double[mlp.width(l) * mlp.width(l - 1)];
            widest = Math.max(widest, mlp.width(l));
        }
        yBar = new double[maxRollouts * nOut];
        dhA = new double[maxRollouts * widest];
        dhB = new double[maxRollouts * widest];
        fBar = new double[maxRollouts * nIn];
        lambda = new double[maxRollouts * n];
        lambdaNext = new double[maxRollouts * n];
        mu = new double[maxRollouts * q];
        muPrev = new double[maxRollouts * q];
        jSum = new double[maxRollouts];
        x = new double[n];
        u = new double[m];
        zPrev = new double[q];
        zs = new double[q];
        zsBar = new double[q];
        a = new double[n * n];
        b = new double[n * m];
        gx = new double[n];
        gu = new double[m];
        v = new double[m];
        ref = new double[FigureEight.REF_DIM];
        gains = new double[ng];
        uTmp = new double[m];
        dudx = new double[m * n];
        dudr = new double[m * FigureEight.REF_DIM];
        dudk = new double[m * ng];
        refBar = new double[FigureEight.REF_DIM];
        gainBar = new double[ng];
        fJac = new double[nIn * n];
        zeros = new double[Math.max(FigureEight.REF_DIM, ng)];
    }

    /**
     * Adds Σ_i ∇̂J(θ; x_0^i) over the rollouts to g (the sum, not the mean: divide by count for eq. 8).
     *
     * @param rollouts recorded rollouts at the policy's current θ, each of horizon T
     * @param count    how many of them to use, 1 … maxRollouts
     * @param g        accumulated (+=) gradient, length p (laid out like the policy's θ)
     * @return Σ_i J_i of the recorded trajectories (re-evaluated)
     */
    public double estimate(Rollout[] rollouts, int count, double[] g) {
        if (count < 1 || count > maxN || count > rollouts.length) {
            throw new IllegalArgumentException("count must be in 1 … " + Math.min(maxN, rollouts.length) + ", got " + count);
        }
        if (g.length != mlp.paramCount()) throw new IllegalArgumentException("gradient must have length " + mlp.paramCount());
        for (int i = 0; i < count; i++) {
            Rollout r = rollouts[i];
            if (r.horizon != horizon || r.n != n || r.m != m || r.q != q) {
                throw new IllegalArgumentException("rollout " + i + " does not match the estimator (horizon " + horizon + ")");
            }
        }
        final int batch = calls * count;
        forwardPhase(rollouts, count, batch);
        // 2. Costate recursion, all trajectories in step. J is summed per trajectory in the order of
        //    CostateEstimator (R_T, then R_{T−1} … R_0), then over the trajectories: the same bits.
        for (int i = 0; i < count; i++) {
            System.arraycopy(rollouts[i].xs, horizon * n, x, 0, n);
            jSum[i] = reward.terminal(x, gx);               // λ_T = ∇ₓR_T(x_T)
            System.arraycopy(gx, 0, lambdaNext, i * n, n);
        }
        Arrays.fill(mu, 0, count * q, 0.0);                // μ_{T−1} = 0
        for (int t = horizon - 1; t >= 0; t--) backwardStep(rollouts, count, t);
        weightGradient(batch, g);
        double J = 0;
        for (int i = 0; i < count; i++) J += jSum[i];
        return J;
    }

    // The phases are methods of their own, and the small loops of a step helpers of their own: each
    // is then compiled once, when it has been called often enough, instead of the loops inside one
    // big method triggering on-stack compilations of all of it (several, at different loops) before
    // its normal compilation — which cost more C2 time than a short training run's gradients.

    /** 1. Network forward over every call sample; W_l (l ≥ 2) copied row-major for the input VJP. */
    private void forwardPhase(Rollout[] rollouts, int count, int batch) {
        for (int c = 0; c < calls; c++) {
            int t = c * callEvery;
            for (int i = 0; i < count; i++) {
                System.arraycopy(rollouts[i].xs, t * n, x, 0, n);
                feat.features(t, x, fBar);
                System.arraycopy(fBar, 0, feats, (c * count + i) * nIn, nIn);
            }
        }
        mlp.forwardBatch(batch, feats, yOut, ws);
        double[] params = mlp.params();
        for (int l = 2; l <= layers; l++) {
            int in = mlp.width(l - 1), out = mlp.width(l), w0 = mlp.weightOffset(l);
            double[] wc = wCopy[l - 1];
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) wc[j * in + k] = params[w0 + k * out + j];
            }
        }
    }

    /** 2. Step t of the costate recursion for every trajectory (λ_{t+1}, μ_t → λ_t, μ_{t−1}). */
    private void backwardStep(Rollout[] rollouts, int count, int t) {
        boolean call = t % callEvery == 0;
        int c = t / callEvery;
        for (int i = 0; i < count; i++) {
            jSum[i] += linearStep(rollouts[i], t, i, call, c * count + i);
        }
        if (call) {
            networkInputVjp(c * count, count);
            if (feat.readsState()) {
                for (int i = 0; i < count; i++) {
                    System.arraycopy(rollouts[i].xs, t * n, x, 0, n);
                    feat.jacobian(t, x, fJac);
                    addRowTimes(fBar, i * nIn, nIn, fJac, n, lambda, i * n);     // λ_t += f̄ ∂f/∂x
                }
            }
        }
        System.arraycopy(lambda, 0, lambdaNext, 0, count * n);
        System.arraycopy(muPrev, 0, mu, 0, count * q);
    }

    /** 3. Weight gradient from the kept cotangents: W̄_lᵀ += h_{l−1}ᵀ z̄_l, b̄_l += Σ z̄_l. */
    private void weightGradient(int batch, double[] g) {
        int shift = -mlp.offset();
        for (int l = 1; l <= layers; l++) {
            int in = mlp.width(l - 1), out = mlp.width(l);
            double[] h = l == 1 ? feats : ws.activations(l - 1);
            Dense.gemm(V, in, out, batch, h, 0, 1, in, dz[l - 1], 0, out, g, mlp.weightOffset(l) + shift, out);
            Dense.columnSum(V, batch, out, dz[l - 1], 0, out, g, mlp.biasOffset(l) + shift);
        }
    }

    /** out[oo + j] = init[io + j] + Σ_k row[ro + k] · mat[k·cols + j], j = 0 … cols−1 (k ascending). */
    static void rowTimes(double[] row, int ro, int rows, double[] mat, int cols, double[] init, int io, double[] out, int oo) {
        for (int j = 0; j < cols; j++) {
            double s = init[io + j];
            for (int k = 0; k < rows; k++) s += row[ro + k] * mat[k * cols + j];
            out[oo + j] = s;
        }
    }

    /** out[oo + j] += Σ_k row[ro + k] · mat[k·cols + j] (the sum formed first, k ascending). */
    static void addRowTimes(double[] row, int ro, int rows, double[] mat, int cols, double[] out, int oo) {
        for (int j = 0; j < cols; j++) {
            double s = 0;
            for (int k = 0; k < rows; k++) s += row[ro + k] * mat[k * cols + j];
            out[oo + j] += s;
        }
    }

    /**
     * Eq. (8): ĝ = (1/N) × {@link #estimate}'s sum, written into g (overwritten).
     *
     * @return the mean J, bit for bit the generic pass's ({@link BatchEstimator})
     */
    @Override
    public double meanGradient(Rollout[] rollouts, int count, double[] g) {
        Arrays.fill(g, 0.0);
        double sumJ = estimate(rollouts, count, g);
        double inv = 1.0 / count;
        for (int k = 0; k < g.length; k++) g[k] *= inv;
        return sumJ * inv;
    }

    @Override
    public String name() { return "batched-tracking"; }

    /**
     * Step t of trajectory i up to the network: λ_t (without the network's input path), μ_{t−1},
     * and at a call step the row of ȳ. Mirrors {@link TrackingPolicy#vjp}.
     *
     * @return R_t
     */
    private double linearStep(Rollout r, int t, int i, boolean call, int sample) {
        System.arraycopy(r.xs, t * n, x, 0, n);
        System.arraycopy(r.us, t * m, u, 0, m);
        System.arraycopy(r.zs, t * q, zPrev, 0, q);
        model.jacobians(x, u, a, b);
        double R = reward.stage(t, x, u, gx, gu);
        int li = i * n;
        rowTimes(lambdaNext, li, n, b, m, gu, 0, v, 0);           // v_t = λ_{t+1} B̂_t + ∇ᵤR_t
        rowTimes(lambdaNext, li, n, a, n, gx, 0, lambda, li);     // λ_t = ∇ₓR_t + λ_{t+1} Â_t
        // Memory z_t: at a call (c⁰ ← previous c¹, c¹ and δk ← network), else held.
        if (call) {
            System.arraycopy(zPrev, NC, zs, 0, NC);
            System.arraycopy(yOut, sample * nOut, zs, NC, nOut);
        } else {
            System.arraycopy(zPrev, 0, zs, 0, q);
        }
        policy.referenceAndGains(t, zs, ref, gains);
        ctl.jacobians(x, ref, gains, uTmp, dudx, dudr, dudk);
        // λ_t += v ∂κ/∂x ; r̄ = v ∂κ/∂r ; k̄ = v ∂κ/∂k
        addRowTimes(v, 0, m, dudx, n, lambda, li);
        rowTimes(v, 0, m, dudr, FigureEight.REF_DIM, zeros, 0, refBar, 0);
        rowTimes(v, 0, m, dudk, ng, zeros, 0, gainBar, 0);
        // z̄_t = μ_t + r̄ ∂r/∂z + k̄ ∂k/∂z (Hermite weights of TrackingPolicy's spline)
        System.arraycopy(mu, i * q, zsBar, 0, q);
        TrackingPolicy.splineVjp(t, callEvery, dt, refBar, gainBar, zsBar);
        int mi = i * q;
        if (call) {
            // z_t = (c¹_{t−1}, N(φ)): the first block flows to z_{t−1}, the rest is ȳ.
            Arrays.fill(muPrev, mi, mi + q, 0.0);
            System.arraycopy(zsBar, 0, muPrev, mi + NC, NC);
            System.arraycopy(zsBar, NC, yBar, i * nOut, nOut);
        } else {
            System.arraycopy(zsBar, 0, muPrev, mi, q);
        }
        return R;
    }

    /**
     * Input VJP of {@code rows} call samples from sample s0 (the N trajectories of one call): writes
     * f̄ (rows×nIn) and keeps every layer's z̄ in {@link #dz} for the weight gradient.
     */
    private void networkInputVjp(int s0, int rows) {
        double[] dh = dhA, next = dhB;
        // h̄_L = scale ⊙ ȳ
        System.arraycopy(yBar, 0, dh, 0, rows * nOut);
        Dense.scaleColumns(V, rows, nOut, dh, 0, nOut, scale, 0);
        for (int l = layers; l >= 1; l--) {
            int in = mlp.width(l - 1), out = mlp.width(l);
            double[] zl = dz[l - 1];
            int zo = s0 * out;
            // z̄_l = h̄_l ⊙ (1 − h_l²), kept
            Dense.tanhBackward(V, rows * out, dh, 0, ws.activations(l), zo, zl, zo);
            if (l > 1) {
                // h̄_{l−1} = z̄_l W_l  (rows×out · out×in, W_l copied row-major)
                Arrays.fill(next, 0, rows * in, 0.0);
                Dense.gemm(V, rows, in, out, zl, zo, out, 1, wCopy[l - 1], 0, in, next, 0, in);
                double[] tmp = dh; dh = next; next = tmp;
            } else {
                // f̄ = z̄_1 W_1 with W_1ᵀ (in×out) in θ: the dot-product form along the 64 outputs.
                Arrays.fill(fBar, 0, rows * nIn, 0.0);
                Dense.gemmNT(V, rows, in, out, zl, zo, out, mlp.params(), mlp.weightOffset(1), out, fBar, 0, in);
            }
        }
    }
}
