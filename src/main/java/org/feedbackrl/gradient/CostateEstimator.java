package org.feedbackrl.gradient;

import java.util.Arrays;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.task.Reward;

/**
 * The paper's gradient estimator (eq. 7, Remark 1) computed by a backward costate (adjoint) pass
 * along a recorded real trajectory with the <em>model's</em> Jacobians. O(T·(n² + nm + cost of one
 * policy VJP)); all buffers are allocated in the constructor, {@link #accumulate} allocates nothing.
 *
 * <p>Derivation (DESIGN.md §2, appendix eq. 13–14 with its typos fixed). With row-vector costates
 * λ_t = ∂J/∂x_t (holding the recorded trajectory fixed and replacing A, B by Â, B̂):
 * <pre>
 *   λ_T = ∇ₓR_T(x_T)
 *   for t = T-1 … 0:
 *     v_t  = λ_{t+1} B̂_t + ∇ᵤR_t                       cotangent of u_t
 *     λ_t  = ∇ₓR_t + λ_{t+1} Â_t + v_t K_t              = ∇ₓR_t + λ_{t+1}(Â_t + B̂_t K_t) + ∇ᵤR_t K_t
 *     g   += v_t ∂π_t/∂θ                                 VJP through controller and network
 * </pre>
 * With policy memory z (a network held between calls, DESIGN.md §2) the policy's VJP also carries
 * μ_t = ∂J/∂z_t backwards: μ_{t-1} = μ_t ∂z_t/∂z_{t-1} + (v_t ∂u_t/∂z_{t-1}), and adds μ_t ∂z_t/∂x_t
 * into λ_t; {@link Policy#vjp} does both.
 */
public final class CostateEstimator {
    private final DynamicsModel model;
    private final int n, m, q, p;
    private final double[] a, b, x, u, zPrev, gx, gu, lambda, lambdaNext, v, mu, muPrev;

    /**
     * @param model    F̂, whose Jacobians replace the real ones
     * @param paramDim p, the policy's parameter count
     * @param memoryDim q, the policy's memory dimension
     */
    public CostateEstimator(DynamicsModel model, int paramDim, int memoryDim) {
        this.model = model;
        this.n = model.stateDim();
        this.m = model.inputDim();
        this.q = memoryDim;
        this.p = paramDim;
        a = new double[n * n];
        b = new double[n * m];
        x = new double[n];
        u = new double[m];
        zPrev = new double[q];
        gx = new double[n];
        gu = new double[m];
        lambda = new double[n];
        lambdaNext = new double[n];
        v = new double[m];
        mu = new double[q];
        muPrev = new double[q];
    }

    /**
     * Adds ∇̂J(θ; x_0) of one recorded rollout to g.
     *
     * @param r      recorded rollout (x_t, u_t, z_t from the real system)
     * @param policy the policy that produced it, at the same θ
     * @param reward the objective
     * @param g      accumulated (+=) gradient, length p
     * @return J of the recorded trajectory (Σ R_t + R_T, re-evaluated)
     */
    public double accumulate(Rollout r, Policy policy, Reward reward, double[] g) {
        if (policy.paramDim() != p || policy.memoryDim() != q || r.n != n || r.m != m || r.q != q) {
            throw new IllegalArgumentException("rollout/policy dimensions do not match the estimator");
        }
        if (g.length != p) throw new IllegalArgumentException("gradient must have length " + p + ", got " + g.length);
        int T = r.horizon;
        r.state(T, x);
        double J = reward.terminal(x, lambdaNext);          // λ_T = ∇ₓR_T(x_T)
        Arrays.fill(mu, 0.0);                               // μ_{T-1} = 0: nothing reads z_{T-1}
        for (int t = T - 1; t >= 0; t--) {
            r.state(t, x);
            r.input(t, u);
            r.memoryBefore(t, zPrev);
            model.jacobians(x, u, a, b);
            J += reward.stage(t, x, u, gx, gu);
            // v_t = λ_{t+1} B̂_t + ∇ᵤR_t
            for (int j = 0; j < m; j++) {
                double s = gu[j];
                for (int i = 0; i < n; i++) s += lambdaNext[i] * b[i * m + j];
                v[j] = s;
            }
            // λ_t = ∇ₓR_t + λ_{t+1} Â_t   (+ v_t K_t + μ_t ∂z_t/∂x_t, added by the policy VJP)
            for (int j = 0; j < n; j++) {
                double s = gx[j];
                for (int i = 0; i < n; i++) s += lambdaNext[i] * a[i * n + j];
                lambda[j] = s;
            }
            policy.vjp(t, x, zPrev, v, mu, lambda, muPrev, g);
            System.arraycopy(lambda, 0, lambdaNext, 0, n);
            System.arraycopy(muPrev, 0, mu, 0, q);
        }
        return J;
    }

    /** @return ∂J/∂x_0 from the last {@link #accumulate} call (the costate λ_0). */
    public double[] initialCostate(double[] out) {
        System.arraycopy(lambdaNext, 0, out, 0, n);
        return out;
    }
}
