package org.feedbackrl.gradient;

import java.util.Arrays;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Features;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.TimeNetworkPolicy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * The fast path of eq. (8) for a {@link TimeNetworkPolicy} — y_t = N(φ(t)), u_t = κ_t(x_t, y_t),
 * the network reading time only, every step (the pendulum's feedback and no-feedback classes, the
 * figure-8 no-feedback class). The same estimate as the generic pass ({@link BatchEstimator}: one
 * policy VJP, i.e. one network forward and backward, per step and rollout) to round-off, with the
 * network's work done once per step for the whole batch:
 * <ol>
 *   <li><b>Forward</b> once over the T time steps, y_t = N(φ(t)) in one {@link Mlp#forwardBatch}
 *       (φ(t) is the same for every rollout, so are y_t and every activation).</li>
 *   <li><b>Costate pass</b> per rollout i, as {@link CostateEstimator}: λ_T = ∇ₓR_T; for t = T−1 … 0,
 *       v = λ_{t+1} B̂_t + ∇ᵤR_t, λ_t = ∇ₓR_t + λ_{t+1} Â_t, then κ's VJP
 *       ({@link TimeNetworkPolicy#outputVjp}) adds v ∂κ/∂x into λ_t and gives ȳ_{t,i} = v ∂κ/∂y.</li>
 *   <li><b>Backward</b> once over the T steps with Ȳ_t = Σ_i ȳ_{t,i}: since ∂y_t/∂θ is the same for
 *       every rollout, Σ_i ȳ_{t,i} ∂y_t/∂θ = Ȳ_t ∂y_t/∂θ — one batched {@link Mlp#backward} of T rows
 *       instead of T·N single-row backward passes (and T·N forward passes).</li>
 * </ol>
 * For the pendulum (T = 300, N = 5, 3 → 64 → 64 → 8) that is 300 network rows forward and backward
 * instead of 1 500 × (two forwards + one backward). J is summed per rollout in the generic pass's
 * order, so the mean J is the same bits. All buffers are allocated in the constructor;
 * {@link #meanGradient} allocates nothing. Not thread-safe.
 */
public final class BatchedTimeNetworkEstimator implements GradientEstimator {
    private final DynamicsModel model;
    private final TimeNetworkPolicy policy;
    private final Features feat;
    private final Reward reward;
    private final Mlp mlp;
    private final Mlp.Workspace ws;
    private final int n, m, nIn, nOut, maxN, horizon;
    private final double[] feats, y, yBar;       // T×nIn, T×nOut, T×nOut
    private final double[] x, u, a, b, gx, gu, v, lambda, lambdaNext, yRow, yBarRow, fRow;

    /**
     * @param model       F̂, whose Jacobians replace the real ones
     * @param policy      the policy; its network must be an {@link MlpNetwork} and its features must
     *                    not read the state
     * @param reward      the objective
     * @param maxRollouts largest N a call may pass (≥ 1)
     * @param horizon     T of every rollout (≥ 1)
     */
    public BatchedTimeNetworkEstimator(DynamicsModel model, TimeNetworkPolicy policy, Reward reward, int maxRollouts, int horizon) {
        if (!(policy.network() instanceof MlpNetwork net)) {
            throw new IllegalArgumentException("the batched estimator needs a policy whose network is an MlpNetwork");
        }
        if (policy.features().readsState()) throw new IllegalArgumentException("the time-network estimator needs features of time only");
        if (policy.memoryDim() != 0) throw new IllegalArgumentException("the time-network estimator needs a memory-less policy");
        if (maxRollouts < 1 || horizon < 1) throw new IllegalArgumentException("need maxRollouts ≥ 1 and horizon ≥ 1");
        if (model.stateDim() != policy.stateDim() || model.inputDim() != policy.inputDim()) {
            throw new IllegalArgumentException("model and policy dimensions differ");
        }
        this.model = model;
        this.policy = policy;
        this.feat = policy.features();
        this.reward = reward;
        this.mlp = net.mlp();
        this.n = model.stateDim();
        this.m = model.inputDim();
        this.nIn = mlp.inputs();
        this.nOut = mlp.outputs();
        this.maxN = maxRollouts;
        this.horizon = horizon;
        this.ws = mlp.newWorkspace(horizon);
        feats = new double[horizon * nIn];
        y = new double[horizon * nOut];
        yBar = new double[horizon * nOut];
        x = new double[n];
        u = new double[m];
        a = new double[n * n];
        b = new double[n * m];
        gx = new double[n];
        gu = new double[m];
        v = new double[m];
        lambda = new double[n];
        lambdaNext = new double[n];
        yRow = new double[nOut];
        yBarRow = new double[nOut];
        fRow = new double[nIn];
    }

    @Override
    public double meanGradient(Rollout[] rollouts, int count, double[] g) {
        if (count < 1 || count > maxN || count > rollouts.length) {
            throw new IllegalArgumentException("count must be in 1 … " + Math.min(maxN, rollouts.length) + ", got " + count);
        }
        if (g.length != mlp.paramCount()) throw new IllegalArgumentException("gradient must have length " + mlp.paramCount());
        for (int i = 0; i < count; i++) {
            Rollout r = rollouts[i];
            if (r.horizon != horizon || r.n != n || r.m != m) {
                throw new IllegalArgumentException("rollout " + i + " does not match the estimator (horizon " + horizon + ")");
            }
        }
        // 1. y_t = N(φ(t)) for t = 0 … T−1, one batch (the features ignore the state they are given).
        for (int t = 0; t < horizon; t++) {
            System.arraycopy(rollouts[0].xs, t * n, x, 0, n);
            feat.features(t, x, fRow);
            System.arraycopy(fRow, 0, feats, t * nIn, nIn);
        }
        mlp.forwardBatch(horizon, feats, y, ws);
        // 2. Costate pass per rollout; Ȳ_t accumulates ȳ_{t,i}.
        Arrays.fill(yBar, 0.0);
        double sumJ = 0;
        for (int i = 0; i < count; i++) sumJ += costate(rollouts[i]);
        // 3. One backward over the T rows: ĝ = (1/N) Σ_t Ȳ_t ∂y_t/∂θ.
        Arrays.fill(g, 0.0);
        mlp.backward(ws, yBar, null, g);
        double inv = 1.0 / count;
        for (int k = 0; k < g.length; k++) g[k] *= inv;
        return sumJ * inv;
    }

    /** The costate pass of one rollout (CostateEstimator's recursion); adds its ȳ_t into Ȳ. @return J */
    private double costate(Rollout r) {
        System.arraycopy(r.xs, horizon * n, x, 0, n);
        double J = reward.terminal(x, lambdaNext);          // λ_T = ∇ₓR_T(x_T)
        for (int t = horizon - 1; t >= 0; t--) J += backwardStep(r, t);
        return J;
    }

    /**
     * Step t: λ_{t+1} → λ_t, ȳ_t added into Ȳ (a method of its own, compiled once on its calls rather
     * than on-stack inside the loop). @return R_t
     */
    private double backwardStep(Rollout r, int t) {
        System.arraycopy(r.xs, t * n, x, 0, n);
        System.arraycopy(r.us, t * m, u, 0, m);
        model.jacobians(x, u, a, b);
        double R = reward.stage(t, x, u, gx, gu);
        BatchedTrackingEstimator.rowTimes(lambdaNext, 0, n, b, m, gu, 0, v, 0);        // v_t = λ_{t+1} B̂_t + ∇ᵤR_t
        BatchedTrackingEstimator.rowTimes(lambdaNext, 0, n, a, n, gx, 0, lambda, 0);   // λ_t = ∇ₓR_t + λ_{t+1} Â_t
        System.arraycopy(y, t * nOut, yRow, 0, nOut);
        policy.outputVjp(t, x, yRow, v, lambda, yBarRow);                             // λ_t += v ∂κ/∂x, ȳ = v ∂κ/∂y
        int o = t * nOut;
        for (int j = 0; j < nOut; j++) yBar[o + j] += yBarRow[j];
        System.arraycopy(lambda, 0, lambdaNext, 0, n);
        return R;
    }

    @Override
    public String name() { return "batched-time-network"; }
}
