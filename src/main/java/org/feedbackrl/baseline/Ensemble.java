package org.feedbackrl.baseline;

import java.util.Arrays;

/**
 * A probabilistic ensemble of dynamics networks (PETS: Chua, Calandra, McAllister &amp; Levine, "Deep
 * Reinforcement Learning in a Handful of Trials using Probabilistic Dynamics Models", NeurIPS 2018,
 * §4.1–4.2; as used by MBPO, Janner et al. 2019, §5 and Appendix C, and its code {@code mbpo/models/bnn.py}).
 *
 * <p>Each member b maps the standardised input x = (s, a) to a Gaussian over the target
 * y = (r, s' − s): mean μ_b(x) and log-variance, the latter softly bounded by learned limits shared
 * by all members (as the PETS and MBPO code do, {@code bnn.py}):
 * <pre>
 *   ℓ = max_lv − softplus(max_lv − ℓ_raw),   ℓ = min_lv + softplus(ℓ − min_lv)
 * </pre>
 * <b>Loss</b> (the Gaussian negative log-likelihood of PETS §4.1 without its constant, averaged
 * over the batch and the output dimensions, summed over members, plus the limits' penalty and
 * per-layer L2 weight decay):
 * <pre>
 *   L = Σ_b mean_{i,d} [ (μ_b − y)² e^{−ℓ_b} + ℓ_b ]  +  0.01 (Σ max_lv − Σ min_lv)  +  Σ_b Σ_l λ_l ½‖W_{b,l}‖²
 *   ∂L/∂μ = 2(μ − y)e^{−ℓ}/(nD),   ∂L/∂ℓ = (1 − (μ − y)² e^{−ℓ})/(nD)
 *   ∂ℓ/∂ℓ_raw = σ(ℓ₁ − min_lv) σ(max_lv − ℓ_raw),  ∂ℓ/∂max_lv = σ(ℓ₁ − min_lv)(1 − σ(max_lv − ℓ_raw)),
 *   ∂ℓ/∂min_lv = 1 − σ(ℓ₁ − min_lv)        (ℓ₁ the first bound's output, σ the logistic function)
 * </pre>
 * <b>Training</b> ({@link #train}, mbpo's {@code BNN.train}): inputs standardised by the training
 * set's mean and standard deviation; a random 20 % (at most 5000) held out; every member gets its own
 * bootstrap resample of the rest, reshuffled every epoch, minibatches of 256, Adam (lr 1e-3) on L;
 * after each epoch the holdout MSE of each member's mean; a member's weights are snapshotted when its
 * holdout MSE improves by more than 1 %; training stops after 5 epochs without any such improvement,
 * restores the snapshots and keeps the members with the lowest holdout MSE as the elites.
 *
 * <p>Members: swish networks of 4 × 200 (MBPO's defaults) on the {@link Net} kernels, with the
 * mbpo code's init ({@link Net#initTruncatedNormal}). {@link #trainStep} allocates nothing.
 */
public final class Ensemble {
    /** MBPO's per-layer weight decays for 4 hidden layers and the output layer. */
    static final double[] DECAYS = {0.000025, 0.00005, 0.000075, 0.000075, 0.0001};

    final int members, inDim, outDim, nElites;
    final Net[] nets;
    final double[] theta, grad;
    final int lvOff;           // max_lv at [lvOff, lvOff + D), min_lv at [lvOff + D, lvOff + 2D)
    final Adam opt;
    final double[] inMu, inSd;
    final double[] decays;
    final int[] elites;
    private final int batch;
    private final Net.Workspace[] ws;
    final double[] bx, by, out, outBar;
    private final double[][] snap;
    final double[] holdoutMse;

    /**
     * @param members  ensemble size B (MBPO 7)
     * @param nElites  members used for prediction (MBPO 5)
     * @param inDim    obs + action dimension
     * @param outDim   1 + obs dimension (reward and state change)
     * @param hidden   hidden widths (MBPO 200,200,200,200)
     * @param lr       Adam step size (MBPO 1e-3)
     * @param batch    minibatch size (MBPO 256)
     * @param rng      initial weights
     */
    public Ensemble(int members, int nElites, int inDim, int outDim, int[] hidden, double lr, int batch, Rng rng) {
        if (nElites < 1 || nElites > members) throw new IllegalArgumentException("elites must be in 1.." + members + ", got " + nElites);
        this.members = members;
        this.nElites = nElites;
        this.inDim = inDim;
        this.outDim = outDim;
        this.batch = batch;
        int per = Net.paramCount(inDim, hidden, 2 * outDim);
        theta = new double[members * per + 2 * outDim];
        grad = new double[theta.length];
        nets = new Net[members];
        ws = new Net.Workspace[members];
        for (int b = 0; b < members; b++) {
            nets[b] = new Net(inDim, hidden, 2 * outDim, Net.Activation.SWISH, theta, b * per);
            nets[b].initTruncatedNormal(rng);
            ws[b] = nets[b].newWorkspace(batch);
        }
        lvOff = members * per;
        Arrays.fill(theta, lvOff, lvOff + outDim, 0.5);              // max_lv init (PETS/mbpo): 1/2
        Arrays.fill(theta, lvOff + outDim, lvOff + 2 * outDim, -10); // min_lv init: −10
        opt = new Adam(0, theta.length, lr, 1e-8, 0);
        inMu = new double[inDim];
        inSd = new double[inDim];
        Arrays.fill(inSd, 1.0);
        decays = new double[hidden.length + 1];
        // mbpo's decays: hidden layers 2.5e-5, 5e-5, 7.5e-5, 7.5e-5 (the last repeated if deeper), output 1e-4.
        for (int l = 0; l < decays.length; l++) decays[l] = l == hidden.length ? DECAYS[DECAYS.length - 1] : DECAYS[Math.min(l, DECAYS.length - 2)];
        elites = new int[nElites];
        for (int i = 0; i < nElites; i++) elites[i] = i;
        bx = new double[members * batch * inDim];
        by = new double[members * batch * outDim];
        out = new double[batch * 2 * outDim];
        outBar = new double[batch * 2 * outDim];
        snap = new double[members][per];
        holdoutMse = new double[members];
    }

    public int members() { return members; }
    public int[] elites() { return elites; }

    /** Fits the input standardiser (mbpo's TensorStandardScaler): mean and std of n rows, std &lt; 1e-12 → 1. */
    public void fitScaler(double[] x, int n) {
        for (int j = 0; j < inDim; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) m += x[i * inDim + j];
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) v += (x[i * inDim + j] - m) * (x[i * inDim + j] - m);
            double sd = Math.sqrt(v / n);
            inMu[j] = m;
            inSd[j] = sd < 1e-12 ? 1.0 : sd;
        }
    }

    private void standardize(double[] x, int off, int n, double[] dst, int dOff) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < inDim; j++) dst[dOff + i * inDim + j] = (x[off + i * inDim + j] - inMu[j]) / inSd[j];
        }
    }

    /** The bounded log-variance from a raw output and the shared limits of output d. */
    double boundedLogVar(double raw, int d) {
        double mx = theta[lvOff + d], mn = theta[lvOff + outDim + d];
        double l1 = mx - Sac.softplus(mx - raw);
        return mn + Sac.softplus(l1 - mn);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1.0 + StrictMath.exp(x));
    }

    /**
     * The loss L of member minibatches already standardised in {@link #bx} (member b's n rows at
     * b·batch·inDim) with targets in {@link #by}; gradient into {@link #grad} (overwritten).
     *
     * @param n rows per member (≤ batch)
     * @return L
     */
    double lossAndGrad(int n) {
        Arrays.fill(grad, 0.0);
        int D = outDim;
        double loss = 0;
        double inv = 1.0 / ((double) n * D);
        for (int b = 0; b < members; b++) {
            Net net = nets[b];
            net.forward(n, bx, b * batch * inDim, out, 0, ws[b]);
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < D; d++) {
                    double mu = out[i * 2 * D + d], raw = out[i * 2 * D + D + d];
                    double mx = theta[lvOff + d], mn = theta[lvOff + D + d];
                    double l1 = mx - Sac.softplus(mx - raw);
                    double lv = mn + Sac.softplus(l1 - mn);
                    double err = mu - by[(b * batch + i) * D + d];
                    double ivar = StrictMath.exp(-lv);
                    loss += (err * err * ivar + lv) * inv;
                    outBar[i * 2 * D + d] = 2 * err * ivar * inv;
                    double lvBar = (1 - err * err * ivar) * inv;
                    double s2 = sigmoid(l1 - mn), s1 = sigmoid(mx - raw);
                    outBar[i * 2 * D + D + d] = lvBar * s2 * s1;
                    grad[lvOff + d] += lvBar * s2 * (1 - s1);
                    grad[lvOff + D + d] += lvBar * (1 - s2);
                }
            }
            net.backward(ws[b], outBar, 0, null, 0, grad, net.offset());
            // L2 weight decay λ_l ½‖W_l‖² on the weights (not the biases), as tf.nn.l2_loss in mbpo.
            for (int l = 1; l <= net.layers(); l++) {
                int w0 = net.weightOffset(l), nw = net.width(l - 1) * net.width(l);
                double lam = decays[l - 1];
                for (int q = w0; q < w0 + nw; q++) {
                    loss += 0.5 * lam * theta[q] * theta[q];
                    grad[q] += lam * theta[q];
                }
            }
        }
        for (int d = 0; d < D; d++) {
            loss += 0.01 * (theta[lvOff + d] - theta[lvOff + D + d]);
            grad[lvOff + d] += 0.01;
            grad[lvOff + D + d] -= 0.01;
        }
        return loss;
    }

    /**
     * One Adam step on L for the members' minibatches: member b's rows are {@code idx[b][start …
     * start + n)} of (x, y) (raw inputs, targets).
     */
    public double trainStep(double[] x, double[] y, int[][] idx, int start, int n) {
        for (int b = 0; b < members; b++) {
            for (int k = 0; k < n; k++) {
                int i = idx[b][start + k];
                for (int j = 0; j < inDim; j++) bx[(b * batch + k) * inDim + j] = (x[i * inDim + j] - inMu[j]) / inSd[j];
                System.arraycopy(y, i * outDim, by, (b * batch + k) * outDim, outDim);
            }
        }
        double l = lossAndGrad(n);
        opt.step(theta, grad, 0);
        return l;
    }

    /**
     * Trains on n transitions (x: n×inDim raw inputs, y: n×outDim targets) until the holdout MSE stops
     * improving (mbpo's {@code BNN.train}); then picks the elites.
     *
     * @param maxEpochs 0 for no limit (MBPO), else a cap
     * @return epochs run
     */
    public int train(double[] x, double[] y, int n, Rng rng, double holdoutRatio, int maxHoldout, int maxEpochsSinceUpdate, int maxEpochs) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        shuffle(order, n, rng);
        int nHold = Math.min((int) (n * holdoutRatio), maxHoldout);
        int nTrain = n - nHold;
        double[] tx = new double[nTrain * inDim], ty = new double[nTrain * outDim];
        double[] hx = new double[nHold * inDim], hy = new double[nHold * outDim];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (k < nHold) {
                System.arraycopy(x, i * inDim, hx, k * inDim, inDim);
                System.arraycopy(y, i * outDim, hy, k * outDim, outDim);
            } else {
                System.arraycopy(x, i * inDim, tx, (k - nHold) * inDim, inDim);
                System.arraycopy(y, i * outDim, ty, (k - nHold) * outDim, outDim);
            }
        }
        fitScaler(tx, nTrain);
        int[][] idx = new int[members][nTrain];
        for (int b = 0; b < members; b++) for (int k = 0; k < nTrain; k++) idx[b][k] = rng.nextInt(nTrain);
        double[] best = new double[members];
        Arrays.fill(best, 1e10);
        boolean[] saved = new boolean[members];
        int since = 0, epoch = 0;
        while (maxEpochs <= 0 || epoch < maxEpochs) {
            for (int start = 0; start < nTrain; start += batch) trainStep(tx, ty, idx, start, Math.min(batch, nTrain - start));
            for (int b = 0; b < members; b++) shuffle(idx[b], nTrain, rng);
            epoch++;
            if (nHold == 0) continue;
            holdout(hx, hy, nHold);
            boolean updated = false;
            for (int b = 0; b < members; b++) {
                double imp = (best[b] - holdoutMse[b]) / best[b];
                if (imp > 0.01) {
                    best[b] = holdoutMse[b];
                    System.arraycopy(theta, nets[b].offset(), snap[b], 0, snap[b].length);
                    saved[b] = true;
                    updated = true;
                }
            }
            since = updated ? 0 : since + 1;
            if (since > maxEpochsSinceUpdate) break;
        }
        for (int b = 0; b < members; b++) if (saved[b]) System.arraycopy(snap[b], 0, theta, nets[b].offset(), snap[b].length);
        if (nHold > 0) {
            holdout(hx, hy, nHold);
            Integer[] ord = new Integer[members];
            for (int b = 0; b < members; b++) ord[b] = b;
            Arrays.sort(ord, (p, q) -> Double.compare(holdoutMse[p], holdoutMse[q]));
            for (int e = 0; e < nElites; e++) elites[e] = ord[e];
        }
        return epoch;
    }

    /** Per-member MSE of the predicted mean on n held-out rows, into {@link #holdoutMse}. */
    void holdout(double[] hx, double[] hy, int n) {
        Arrays.fill(holdoutMse, 0.0);
        int D = outDim;
        for (int r0 = 0; r0 < n; r0 += batch) {
            int rows = Math.min(batch, n - r0);
            standardize(hx, r0 * inDim, rows, bx, 0);
            for (int b = 0; b < members; b++) {
                nets[b].forward(rows, bx, 0, out, 0, ws[b]);
                for (int i = 0; i < rows; i++) {
                    for (int d = 0; d < D; d++) {
                        double e = out[i * 2 * D + d] - hy[(r0 + i) * D + d];
                        holdoutMse[b] += e * e;
                    }
                }
            }
        }
        for (int b = 0; b < members; b++) holdoutMse[b] /= (double) n * D;
    }

    /**
     * Mean and variance of member b's Gaussian for n raw inputs (x: n×inDim from xOff), in chunks of
     * the minibatch size; mean and var: n×outDim.
     */
    public void predict(int b, int n, double[] x, int xOff, double[] mean, double[] var) {
        int D = outDim;
        for (int r0 = 0; r0 < n; r0 += batch) {
            int rows = Math.min(batch, n - r0);
            standardize(x, xOff + r0 * inDim, rows, bx, 0);
            nets[b].forward(rows, bx, 0, out, 0, ws[b]);
            for (int i = 0; i < rows; i++) {
                for (int d = 0; d < D; d++) {
                    mean[(r0 + i) * D + d] = out[i * 2 * D + d];
                    var[(r0 + i) * D + d] = StrictMath.exp(boundedLogVar(out[i * 2 * D + D + d], d));
                }
            }
        }
    }

    private static void shuffle(int[] a, int n, Rng rng) {
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }
}
