package org.feedbackrl.baseline;

import java.util.Arrays;
import org.feedbackrl.kernel.Dense;

/**
 * Soft Actor-Critic with a learned temperature: Haarnoja, Zhou, Hartikainen, Tucker, Ha, Tan, Kumar,
 * Zhu, Gupta, Abbeel &amp; Levine, "Soft Actor-Critic Algorithms and Applications" (2018,
 * arXiv:1812.05905), Algorithm 1, in the form of Stable-Baselines3's {@code SAC.train} (update order,
 * losses and defaults).
 *
 * <p>Equations are cited by section of that paper (v2, the one with the learned temperature): §4.2
 * "Soft Actor-Critic" (soft Q loss with target networks, reparameterised policy loss, twin Q),
 * §5 "Automating Entropy Adjustment for Maximum Entropy RL" (temperature loss), Appendix C
 * "Enforcing Action Bounds" (the squashed Gaussian).
 *
 * <p><b>Policy</b> (§4.2, Appendix C): a tanh-squashed Gaussian. The actor network maps s to
 * (μ, log σ) (log σ clamped to [−20, 2] as SB3); with ε ~ N(0, I) (the reparameterisation a = f_φ(ε; s), §4.2)
 * <pre>
 *   u = μ + σ ⊙ ε,   a = tanh(u) ∈ (−1, 1)^m
 *   log π(a|s) = Σ_i [ log N(u_i; μ_i, σ_i) − log(1 − tanh² u_i) ]                (Appendix C)
 *   log(1 − tanh² u) = 2 (log 2 − u − softplus(−2u))                               (exact and stable)
 * </pre>
 * The environment receives {@code low + (a + 1)(high − low)/2}; the buffer and the critics see a.
 *
 * <p><b>Losses</b> on a minibatch of B transitions, in SB3's order:
 * <pre>
 *   temperature (§5):      J(log α) = −mean[ log α · (log π(ã|s) + H̄) ],     ã ~ π(·|s), H̄ = −dim(A)
 *   critics (§4.2, soft Bellman residual J_Q with twin Q and target networks):
 *       y = r + γ (1 − d) ( min_i Q̄_i(s', a') − α log π(a'|s') ),   a' ~ π(·|s')
 *       J_Q = ½ Σ_i mean (Q_i(s, a) − y)²
 *   actor (§4.2, J_π):     J_π = mean[ α log π(ã|s) − min_i Q_i(s, ã) ]   (with the critics just updated)
 *   targets:              θ̄_i ← (1 − τ) θ̄_i + τ θ_i
 * </pre>
 * α in the critic and actor losses is the value before this step's temperature update (SB3).
 *
 * <p><b>Gradients</b> (derived here, checked against finite differences in {@code SacGradientTest}):
 * with g_a = ∂ min Q/∂a (through the selected critic's input) and ε fixed,
 * <pre>
 *   ∂ log π/∂μ = 2a,   ∂ log π/∂log σ = −1 + 2a σ ε,   ∂a/∂μ = 1 − a²,   ∂a/∂log σ = (1 − a²) σ ε
 *   ∂J_π/∂μ = (α·2a − g_a (1 − a²)) / B,   ∂J_π/∂log σ = (α(−1 + 2aσε) − g_a (1 − a²)σε) / B   (0 where clamped)
 *   ∂J_Q/∂Q_i = (Q_i − y)/B,   ∂J/∂log α = −mean(log π + H̄)
 * </pre>
 * Networks: {@link Net} (ReLU 256×256 by default, PyTorch's default init), one Adam per loss. The
 * update allocates nothing.
 */
public final class Sac {
    static final double LOG_STD_MIN = -20, LOG_STD_MAX = 2;
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double LOG2 = Math.log(2);

    final SacConfig c;
    final int od, ad, B;
    final double gamma, tau, targetEntropy;
    final double[] low, high;

    final Net actor;
    final Net q1, q2, q1t, q2t;
    final double[] actorTheta, criticTheta, targetTheta;
    final double[] logAlpha = new double[1];
    final Adam actorOpt, criticOpt, alphaOpt;

    // workspaces and scratch, sized for one minibatch
    private final Net.Workspace wsA1, wsA2, wsQ1, wsQ2, wsAct;
    final double[] pi, pi2, eps1, eps2, aPi, a2, logp, logp2, qin, qv1, qv2, y, c1, c2, qinBar1, qinBar2, piBar;
    final double[] gActor, gCritic, gAlpha = new double[1];
    private final double[] one, oneOut;
    private int actChunk;

    /**
     * @param c      hyperparameters
     * @param obsDim observation dimension
     * @param actDim action dimension
     * @param low    action box lower bounds (length actDim)
     * @param high   action box upper bounds
     * @param rng    draws the initial weights
     */
    public Sac(SacConfig c, int obsDim, int actDim, double[] low, double[] high, Rng rng) {
        this.c = c;
        this.od = obsDim;
        this.ad = actDim;
        this.B = c.batchSize();
        this.gamma = c.gamma();
        this.tau = c.tau();
        this.targetEntropy = c.targetEntropyFor(actDim);
        this.low = low.clone();
        this.high = high.clone();
        Net.Activation act = c.act();
        int[] h = c.hidden();
        actorTheta = new double[Net.paramCount(od, h, 2 * ad)];
        actor = new Net(od, h, 2 * ad, act, actorTheta, 0);
        int pq = Net.paramCount(od + ad, h, 1);
        criticTheta = new double[2 * pq];
        targetTheta = new double[2 * pq];
        q1 = new Net(od + ad, h, 1, act, criticTheta, 0);
        q2 = new Net(od + ad, h, 1, act, criticTheta, pq);
        q1t = new Net(od + ad, h, 1, act, targetTheta, 0);
        q2t = new Net(od + ad, h, 1, act, targetTheta, pq);
        actor.initTorchDefault(rng);
        q1.initTorchDefault(rng);
        q2.initTorchDefault(rng);
        System.arraycopy(criticTheta, 0, targetTheta, 0, criticTheta.length);
        logAlpha[0] = Math.log(c.initEntCoef());
        actorOpt = new Adam(0, actorTheta.length, c.lr(), 1e-8, 0);
        criticOpt = new Adam(0, criticTheta.length, c.lr(), 1e-8, 0);
        alphaOpt = new Adam(0, 1, c.lr(), 1e-8, 0);
        wsA1 = actor.newWorkspace(B);
        wsA2 = actor.newWorkspace(B);
        wsQ1 = q1.newWorkspace(B);
        wsQ2 = q1.newWorkspace(B);
        wsAct = actor.newWorkspace(1);
        pi = new double[B * 2 * ad];
        pi2 = new double[B * 2 * ad];
        eps1 = new double[B * ad];
        eps2 = new double[B * ad];
        aPi = new double[B * ad];
        a2 = new double[B * ad];
        logp = new double[B];
        logp2 = new double[B];
        qin = new double[B * (od + ad)];
        qv1 = new double[B];
        qv2 = new double[B];
        y = new double[B];
        c1 = new double[B];
        c2 = new double[B];
        qinBar1 = new double[B * (od + ad)];
        qinBar2 = new double[B * (od + ad)];
        piBar = new double[B * 2 * ad];
        gActor = new double[actorTheta.length];
        gCritic = new double[criticTheta.length];
        one = new double[2 * ad];
        oneOut = new double[ad];
    }

    public int obsDim() { return od; }
    public int actDim() { return ad; }
    public SacConfig config() { return c; }

    /** @return the current temperature α = exp(log α) */
    public double alpha() { return Math.exp(logAlpha[0]); }

    // ---------------------------------------------------------------------------------------------
    // Acting
    // ---------------------------------------------------------------------------------------------

    /**
     * One action for one observation, in the agent's box: tanh(μ) when deterministic, else a sample.
     *
     * @param a output in [−1, 1]^m
     */
    public void act(double[] obs, boolean deterministic, Rng rng, double[] a) {
        actor.forward(1, obs, 0, one, 0, wsAct);
        for (int j = 0; j < ad; j++) {
            double mu = one[j];
            if (deterministic) {
                a[j] = Dense.tanh(mu);
            } else {
                double ls = clampLogStd(one[ad + j]);
                a[j] = Dense.tanh(mu + StrictMath.exp(ls) * rng.nextGaussian());
            }
        }
    }

    /** Maps an agent action a ∈ [−1, 1]^m to the environment's box. */
    public void toEnv(double[] a, double[] envAction) {
        for (int j = 0; j < ad; j++) envAction[j] = low[j] + 0.5 * (a[j] + 1.0) * (high[j] - low[j]);
    }

    /** Maps an environment action to the agent's box (for uniformly random warm-up actions). */
    public void fromEnv(double[] envAction, double[] a) {
        for (int j = 0; j < ad; j++) a[j] = 2.0 * (envAction[j] - low[j]) / (high[j] - low[j]) - 1.0;
    }

    /**
     * Stochastic actions for a batch of observations (MBPO's model rollouts), in chunks of at most
     * the minibatch size; uses the minibatch scratch (not during {@link #update}).
     *
     * @param n   rows
     * @param obs n×od
     * @param a   output n×ad in [−1, 1]
     */
    public void sampleActions(int n, double[] obs, Rng rng, double[] a) {
        for (int r0 = 0; r0 < n; r0 += B) {
            int rows = Math.min(B, n - r0);
            actor.forward(rows, obs, r0 * od, pi, 0, wsA2);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < ad; j++) {
                    double mu = pi[i * 2 * ad + j], ls = clampLogStd(pi[i * 2 * ad + ad + j]);
                    a[(r0 + i) * ad + j] = Dense.tanh(mu + StrictMath.exp(ls) * rng.nextGaussian());
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The squashed Gaussian
    // ---------------------------------------------------------------------------------------------

    static double clampLogStd(double raw) { return Math.min(Math.max(raw, LOG_STD_MIN), LOG_STD_MAX); }

    /** log(1 − tanh² u) = 2 (log 2 − u − softplus(−2u)), without cancellation for large |u|. */
    public static double log1mTanh2(double u) {
        return 2.0 * (LOG2 - u - softplus(-2.0 * u));
    }

    /** softplus(x) = log(1 + eˣ), stable for any x. */
    public static double softplus(double x) {
        return x > 0 ? x + StrictMath.log1p(StrictMath.exp(-x)) : StrictMath.log1p(StrictMath.exp(x));
    }

    /**
     * log π(a|s) of one action component of the squashed Gaussian at u = μ + σε (Appendix C):
     * log N(u; μ, σ) − log(1 − tanh² u) = −ε²/2 − log σ − log(2π)/2 − log(1 − tanh² u).
     */
    public static double logProb(double mu, double logStd, double eps) {
        double u = mu + StrictMath.exp(logStd) * eps;
        return -0.5 * eps * eps - logStd - HALF_LOG_2PI - log1mTanh2(u);
    }

    /** The density of a = tanh(u), u ~ N(μ, σ²), at a ∈ (−1, 1) by the change of variables (for tests). */
    public static double density(double mu, double logStd, double a) {
        double u = 0.5 * Math.log((1 + a) / (1 - a));        // atanh
        double eps = (u - mu) / Math.exp(logStd);
        return Math.exp(logProb(mu, logStd, eps));
    }

    /** Rows of (μ, raw log σ) and noise → actions and log-probabilities (summed over components). */
    private void squash(int n, double[] p, double[] eps, double[] a, double[] lp) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < ad; j++) {
                double mu = p[i * 2 * ad + j], ls = clampLogStd(p[i * 2 * ad + ad + j]), e = eps[i * ad + j];
                double u = mu + StrictMath.exp(ls) * e;
                a[i * ad + j] = Dense.tanh(u);
                s += -0.5 * e * e - ls - HALF_LOG_2PI - log1mTanh2(u);
            }
            lp[i] = s;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // One gradient step (SB3's SAC.train body)
    // ---------------------------------------------------------------------------------------------

    /** Fills the reparameterisation noise of the next update (both actor evaluations). */
    void sampleNoise(Rng rng) {
        for (int i = 0; i < eps1.length; i++) eps1[i] = rng.nextGaussian();
        for (int i = 0; i < eps2.length; i++) eps2[i] = rng.nextGaussian();
    }

    /**
     * One gradient step of temperature, critics and actor, then the target update.
     *
     * @param b   a full minibatch (size = batchSize)
     * @param rng reparameterisation noise
     */
    public void update(Batch b, Rng rng) {
        if (b.size != B) throw new IllegalArgumentException("batch of " + b.size + ", the config says " + B);
        sampleNoise(rng);
        actorSample(b);
        double alphaOld = StrictMath.exp(logAlpha[0]);
        alphaLossAndGrad();
        alphaOpt.step(logAlpha, gAlpha, 0);
        computeTargets(b, alphaOld);
        criticLossAndGrad(b);
        criticOpt.step(criticTheta, gCritic, 0);
        actorLossAndGrad(b, alphaOld);
        actorOpt.step(actorTheta, gActor, 0);
        Net.polyak(q1, q1t, tau);
        Net.polyak(q2, q2t, tau);
    }

    /** ã ~ π(·|s) with the noise eps1, kept (with the actor's activations) for the actor loss. */
    void actorSample(Batch b) {
        actor.forward(B, b.obs, 0, pi, 0, wsA1);
        squash(B, pi, eps1, aPi, logp);
    }

    /** J(log α) = −mean(log α (log π + H̄)); its gradient into gAlpha. @return the loss */
    double alphaLossAndGrad() {
        double s = 0;
        for (int i = 0; i < B; i++) s += logp[i] + targetEntropy;
        gAlpha[0] = -s / B;
        return -logAlpha[0] * s / B;
    }

    /** y = r + γ(1 − d)(min Q̄(s', a') − α log π(a'|s')) with a' from the noise eps2. */
    void computeTargets(Batch b, double alpha) {
        actor.forward(B, b.next, 0, pi2, 0, wsA2);
        squash(B, pi2, eps2, a2, logp2);
        fillQin(b.next, a2);
        q1t.forward(B, qin, 0, qv1, 0, wsQ1);
        q2t.forward(B, qin, 0, qv2, 0, wsQ2);
        for (int i = 0; i < B; i++) {
            double next = Math.min(qv1[i], qv2[i]) - alpha * logp2[i];
            y[i] = b.rew[i] + (1.0 - b.done[i]) * gamma * next;
        }
    }

    /** J_Q = ½ Σ_i mean(Q_i(s, a) − y)²; gradient into gCritic (overwritten). @return J_Q */
    double criticLossAndGrad(Batch b) {
        fillQin(b.obs, b.act);
        q1.forward(B, qin, 0, qv1, 0, wsQ1);
        q2.forward(B, qin, 0, qv2, 0, wsQ2);
        double loss = 0;
        for (int i = 0; i < B; i++) {
            double d1 = qv1[i] - y[i], d2 = qv2[i] - y[i];
            loss += 0.5 * (d1 * d1 + d2 * d2) / B;
            c1[i] = d1 / B;
            c2[i] = d2 / B;
        }
        Arrays.fill(gCritic, 0.0);
        q1.backward(wsQ1, c1, 0, null, 0, gCritic, 0);
        q2.backward(wsQ2, c2, 0, null, 0, gCritic, q2.offset());
        return loss;
    }

    /**
     * J_π = mean(α log π(ã|s) − min_i Q_i(s, ã)) at the sample of {@link #actorSample}; gradient into
     * gActor (overwritten). @return J_π
     */
    double actorLossAndGrad(Batch b, double alpha) {
        fillQin(b.obs, aPi);
        q1.forward(B, qin, 0, qv1, 0, wsQ1);
        q2.forward(B, qin, 0, qv2, 0, wsQ2);
        double loss = 0;
        for (int i = 0; i < B; i++) {
            boolean first = qv1[i] <= qv2[i];       // torch.min picks the first on ties
            loss += (alpha * logp[i] - (first ? qv1[i] : qv2[i])) / B;
            c1[i] = first ? -1.0 / B : 0.0;
            c2[i] = first ? 0.0 : -1.0 / B;
        }
        q1.backward(wsQ1, c1, 0, qinBar1, 0, null, 0);
        q2.backward(wsQ2, c2, 0, qinBar2, 0, null, 0);
        int w = od + ad;
        for (int i = 0; i < B; i++) {
            for (int j = 0; j < ad; j++) {
                int k = i * ad + j;
                double a = aPi[k], raw = pi[i * 2 * ad + ad + j], ls = clampLogStd(raw);
                double se = StrictMath.exp(ls) * eps1[k];
                double gq = qinBar1[i * w + od + j] + qinBar2[i * w + od + j];   // = −(1/B) ∂minQ/∂a
                double dadu = 1 - a * a;
                piBar[i * 2 * ad + j] = alpha * 2 * a / B + gq * dadu;
                double gls = alpha * (-1 + 2 * a * se) / B + gq * dadu * se;
                piBar[i * 2 * ad + ad + j] = raw >= LOG_STD_MIN && raw <= LOG_STD_MAX ? gls : 0.0;
            }
        }
        Arrays.fill(gActor, 0.0);
        actor.backward(wsA1, piBar, 0, null, 0, gActor, 0);
        return loss;
    }

    private void fillQin(double[] s, double[] a) {
        int w = od + ad;
        for (int i = 0; i < B; i++) {
            System.arraycopy(s, i * od, qin, i * w, od);
            System.arraycopy(a, i * ad, qin, i * w + od, ad);
        }
    }
}
