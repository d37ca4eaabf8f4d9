package org.feedbackrl.baseline;

import java.util.Arrays;

/**
 * Proximal Policy Optimization with the clipped surrogate: Schulman, Wolski, Dhariwal, Radford &amp;
 * Klimov, "Proximal Policy Optimization Algorithms" (2017, arXiv:1707.06347), Algorithm 1, with
 * generalized advantage estimation ({@link Gae}, Schulman et al. 2016) — in the form of
 * Stable-Baselines3's {@code PPO} and {@code VecNormalize}.
 *
 * <p><b>Collection.</b> {@code nEnvs} environments in lockstep for {@code nSteps} steps. Policy
 * π(a|s) = N(μ(s), diag σ²) with a state-independent log σ; the environment receives a clipped to
 * its box, the buffer keeps the unclipped a and its log-probability. Observations (and optionally
 * rewards, by the running scale of the discounted return) are normalised by running statistics
 * ({@link RunningMeanStd}, clipped to ±10). A time-limit truncation adds γ V(terminal observation) to
 * the last reward (SB3's timeout bootstrap), so it is not mistaken for a terminal state.
 *
 * <p><b>Update</b> ({@code nEpochs} passes of shuffled minibatches of {@code batchSize}):
 * <pre>
 *   r(θ) = exp(log π_θ(a|s) − log π_old(a|s)),   Â standardised per minibatch (mean 0, unbiased std 1)
 *   L = −mean min(r Â, clip(r, 1 − ε, 1 + ε) Â)                      (eq. 7, the clipped objective)
 *     + c_v · mean (V_θ(s) − R)²  −  c_e · mean H[π_θ(·|s)]            (eq. 9; R = Â_GAE + V_old)
 * </pre>
 * then global-norm clipping of ∇L and an Adam step (ε = 1e-5). Gradients, derived here and checked
 * against finite differences in {@code PpoGradientTest}, with log π = Σ_j [−(a_j − μ_j)²/(2σ_j²) −
 * log σ_j − ½ log 2π]:
 * <pre>
 *   ∂L/∂log π_i = −Â_i r_i / n  where the unclipped term is the minimum or 1 − ε ≤ r_i ≤ 1 + ε, else 0
 *   ∂log π/∂μ_j = (a_j − μ_j)/σ_j²,   ∂log π/∂log σ_j = (a_j − μ_j)²/σ_j² − 1,   ∂H/∂log σ_j = 1
 *   ∂L/∂V_i = 2 c_v (V_i − R_i)/n
 * </pre>
 * Networks: separate policy and value {@link Net}s (64×64 tanh, orthogonal init with gains √2 / 0.01
 * / 1, as SB3). {@link #update()} allocates nothing.
 */
public final class Ppo implements Agent {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double CLIP_OBS = 10, CLIP_REWARD = 10;

    final PpoConfig c;
    private final Env[] envs;
    final int od, ad, E, T, N, bs;
    private final double[] low, high;
    final Net policy, value;
    final double[] theta, grad;
    final int logStdOff;
    final Adam opt;
    final RunningMeanStd obsRms, retRms;
    private final Rng rng;

    // rollout buffer (row t·E + e)
    final double[] bObs, bAct, bLogp, bVal, bRew, bStart, bAdv, bRet;
    // environment state
    private final double[] curRaw, curN, lastStart, retRun, termRaw, termN, stepRew, stepDone, lastVal;
    private final boolean[] truncatedOnly;
    private final double[] muC, vC, a, aEnv, nextRaw, one, oneN, oneV;
    // minibatch
    final double[] mbObs, mbAct, mbOld, mbAdv, mbRet, mu, vpred, muBar, vBar;
    final int[] perm;
    private final Net.Workspace wsPolC, wsValC, wsPol, wsVal, wsEval, wsValOne;
    private int t;
    private long steps;
    private int updates;

    /**
     * @param c    hyperparameters
     * @param envs nEnvs independent environments of the same kind (length c.nEnvs())
     * @param rng  initial weights, environment starts, action noise and minibatch order
     */
    public Ppo(PpoConfig c, Env[] envs, Rng rng) {
        if (envs.length != c.nEnvs()) throw new IllegalArgumentException("PPO needs " + c.nEnvs() + " environments, got " + envs.length);
        this.c = c;
        this.envs = envs;
        this.rng = rng;
        this.od = envs[0].obsDim();
        this.ad = envs[0].actDim();
        this.E = c.nEnvs();
        this.T = c.nSteps();
        this.N = E * T;
        this.bs = Math.min(c.batchSize(), N);
        low = new double[ad];
        high = new double[ad];
        for (int j = 0; j < ad; j++) { low[j] = envs[0].actionLow(j); high[j] = envs[0].actionHigh(j); }
        int[] h = c.hidden();
        int pp = Net.paramCount(od, h, ad), pv = Net.paramCount(od, h, 1);
        theta = new double[pp + ad + pv];
        grad = new double[theta.length];
        policy = new Net(od, h, ad, c.act(), theta, 0);
        logStdOff = pp;
        value = new Net(od, h, 1, c.act(), theta, pp + ad);
        policy.initOrthogonal(rng, Math.sqrt(2), 0.01);
        value.initOrthogonal(rng, Math.sqrt(2), 1.0);
        Arrays.fill(theta, logStdOff, logStdOff + ad, c.logStdInit());
        opt = new Adam(0, theta.length, c.lr(), 1e-5, c.maxGradNorm());
        obsRms = new RunningMeanStd(od);
        retRms = new RunningMeanStd(1);
        bObs = new double[N * od];
        bAct = new double[N * ad];
        bLogp = new double[N];
        bVal = new double[N];
        bRew = new double[N];
        bStart = new double[N];
        bAdv = new double[N];
        bRet = new double[N];
        curRaw = new double[E * od];
        curN = new double[E * od];
        lastStart = new double[E];
        retRun = new double[E];
        termRaw = new double[E * od];
        termN = new double[E * od];
        stepRew = new double[E];
        stepDone = new double[E];
        lastVal = new double[E];
        truncatedOnly = new boolean[E];
        muC = new double[E * ad];
        vC = new double[E];
        a = new double[ad];
        aEnv = new double[ad];
        nextRaw = new double[od];
        one = new double[od];
        oneN = new double[od];
        oneV = new double[Math.max(ad, 1)];
        mbObs = new double[bs * od];
        mbAct = new double[bs * ad];
        mbOld = new double[bs];
        mbAdv = new double[bs];
        mbRet = new double[bs];
        mu = new double[bs * ad];
        vpred = new double[bs];
        muBar = new double[bs * ad];
        vBar = new double[bs];
        perm = new int[N];
        wsPolC = policy.newWorkspace(E);
        wsValC = value.newWorkspace(E);
        wsPol = policy.newWorkspace(bs);
        wsVal = value.newWorkspace(bs);
        wsEval = policy.newWorkspace(1);
        wsValOne = value.newWorkspace(1);
        // VecEnv.reset + VecNormalize.reset: every environment starts, the statistics see the starts.
        for (int e = 0; e < E; e++) {
            envs[e].reset(rng, one);
            System.arraycopy(one, 0, curRaw, e * od, od);
        }
        if (c.normalizeObs()) obsRms.update(curRaw, 0, E);
        normalizeAll(curRaw, curN);
        Arrays.fill(lastStart, 1.0);
    }

    @Override public long steps() { return steps; }

    /** @return policy updates (rollouts consumed) so far */
    public int updates() { return updates; }

    private void normalizeAll(double[] raw, double[] out) {
        for (int e = 0; e < E; e++) normalizeRow(raw, e * od, out, e * od);
    }

    private void normalizeRow(double[] raw, int off, double[] out, int outOff) {
        if (c.normalizeObs()) obsRms.normalize(raw, off, out, outOff, CLIP_OBS);
        else System.arraycopy(raw, off, out, outOff, od);
    }

    @Override
    public double trainStep() {
        policy.forward(E, curN, 0, muC, 0, wsPolC);
        value.forward(E, curN, 0, vC, 0, wsValC);
        double seconds = 0;
        for (int e = 0; e < E; e++) {
            int row = t * E + e;
            double lp = 0;
            for (int j = 0; j < ad; j++) {
                double ls = theta[logStdOff + j], sd = StrictMath.exp(ls);
                double eps = rng.nextGaussian();
                a[j] = muC[e * ad + j] + sd * eps;
                lp += -0.5 * eps * eps - ls - HALF_LOG_2PI;
                aEnv[j] = Math.min(Math.max(a[j], low[j]), high[j]);
            }
            System.arraycopy(curN, e * od, bObs, row * od, od);
            System.arraycopy(a, 0, bAct, row * ad, ad);
            bLogp[row] = lp;
            bVal[row] = vC[e];
            bStart[row] = lastStart[e];
            stepRew[e] = envs[e].step(aEnv, nextRaw);
            seconds += envs[e].lastStepSeconds();
            boolean done = envs[e].terminated() || envs[e].truncated();
            stepDone[e] = done ? 1 : 0;
            truncatedOnly[e] = envs[e].truncated() && !envs[e].terminated();
            if (done) {
                System.arraycopy(nextRaw, 0, termRaw, e * od, od);
                envs[e].reset(rng, nextRaw);
            }
            System.arraycopy(nextRaw, 0, curRaw, e * od, od);
        }
        steps += E;
        // VecNormalize.step_wait: statistics from the returned observations (reset ones where done).
        if (c.normalizeObs()) obsRms.update(curRaw, 0, E);
        normalizeAll(curRaw, curN);
        if (c.normalizeReward()) {
            for (int e = 0; e < E; e++) retRun[e] = retRun[e] * c.gamma() + stepRew[e];
            retRms.update(retRun, 0, E);
            double scale = Math.sqrt(retRms.var[0] + 1e-8);
            for (int e = 0; e < E; e++) {
                stepRew[e] = Math.min(Math.max(stepRew[e] / scale, -CLIP_REWARD), CLIP_REWARD);
                if (stepDone[e] != 0) retRun[e] = 0;
            }
        }
        for (int e = 0; e < E; e++) {
            double r = stepRew[e];
            if (truncatedOnly[e]) {
                normalizeRow(termRaw, e * od, termN, e * od);
                value.forward(1, termN, e * od, oneV, 0, wsValOne);
                r += c.gamma() * oneV[0];
            }
            bRew[t * E + e] = r;
            lastStart[e] = stepDone[e];
        }
        t++;
        if (t == T) {
            value.forward(E, curN, 0, lastVal, 0, wsValC);
            Gae.compute(T, E, bRew, bVal, bStart, lastVal, lastStart, c.gamma(), c.gaeLambda(), bAdv, bRet);
            update();
            t = 0;
        }
        return seconds;
    }

    /** nEpochs passes of minibatch Adam steps over the filled rollout buffer (advantages computed). */
    public void update() {
        for (int epoch = 0; epoch < c.nEpochs(); epoch++) {
            for (int i = 0; i < N; i++) perm[i] = i;
            for (int i = N - 1; i > 0; i--) {                // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp;
            }
            for (int start = 0; start < N; start += bs) {
                int n = Math.min(bs, N - start);
                gather(start, n);
                lossAndGrad(n);
                opt.step(theta, grad, 0);
            }
        }
        updates++;
    }

    private void gather(int start, int n) {
        for (int k = 0; k < n; k++) {
            int i = perm[start + k];
            System.arraycopy(bObs, i * od, mbObs, k * od, od);
            System.arraycopy(bAct, i * ad, mbAct, k * ad, ad);
            mbOld[k] = bLogp[i];
            mbAdv[k] = bAdv[i];
            mbRet[k] = bRet[i];
        }
    }

    /**
     * The PPO loss of the minibatch in mbObs … mbRet (first n rows) and its gradient into {@link #grad}
     * (overwritten). Standardises mbAdv in place when configured.
     *
     * @return the loss L
     */
    double lossAndGrad(int n) {
        if (c.normalizeAdvantage() && n > 1) {
            double m = 0;
            for (int k = 0; k < n; k++) m += mbAdv[k];
            m /= n;
            double v = 0;
            for (int k = 0; k < n; k++) v += (mbAdv[k] - m) * (mbAdv[k] - m);
            double sd = Math.sqrt(v / (n - 1));               // torch.std: unbiased
            for (int k = 0; k < n; k++) mbAdv[k] = (mbAdv[k] - m) / (sd + 1e-8);
        }
        policy.forward(n, mbObs, 0, mu, 0, wsPol);
        value.forward(n, mbObs, 0, vpred, 0, wsVal);
        Arrays.fill(grad, 0.0);
        double eps = c.clipRange(), pg = 0, vl = 0, ent = 0;
        for (int j = 0; j < ad; j++) ent += 0.5 + HALF_LOG_2PI + theta[logStdOff + j];
        for (int k = 0; k < n; k++) {
            double lp = 0;
            for (int j = 0; j < ad; j++) {
                double ls = theta[logStdOff + j], sd = StrictMath.exp(ls), d = (mbAct[k * ad + j] - mu[k * ad + j]) / sd;
                lp += -0.5 * d * d - ls - HALF_LOG_2PI;
            }
            double ratio = StrictMath.exp(lp - mbOld[k]), A = mbAdv[k];
            double clipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps);
            double u1 = ratio * A, u2 = clipped * A;
            pg -= Math.min(u1, u2) / n;
            // ∂L/∂log π: through r when the unclipped term is the min or r is inside the clip range.
            boolean live = u1 <= u2 || (ratio >= 1 - eps && ratio <= 1 + eps);
            double dlp = live ? -A * ratio / n : 0.0;
            for (int j = 0; j < ad; j++) {
                double ls = theta[logStdOff + j], var = StrictMath.exp(2 * ls), diff = mbAct[k * ad + j] - mu[k * ad + j];
                muBar[k * ad + j] = dlp * diff / var;
                grad[logStdOff + j] += dlp * (diff * diff / var - 1.0);
            }
            double dv = vpred[k] - mbRet[k];
            vl += dv * dv / n;
            vBar[k] = c.vfCoef() * 2 * dv / n;
        }
        for (int j = 0; j < ad; j++) grad[logStdOff + j] -= c.entCoef();
        policy.backward(wsPol, muBar, 0, null, 0, grad, 0);
        value.backward(wsVal, vBar, 0, null, 0, grad, value.offset());
        return pg + c.vfCoef() * vl - c.entCoef() * ent;
    }

    @Override
    public void evalAction(double[] obs, double[] envAction) {
        normalizeRow(obs, 0, oneN, 0);
        policy.forward(1, oneN, 0, envAction, 0, wsEval);
        for (int j = 0; j < ad; j++) envAction[j] = Math.min(Math.max(envAction[j], low[j]), high[j]);
    }
}
