package org.feedbackrl.task;

/**
 * The objective J = Σ_{t=0}^{T-1} R_t(x_t, u_t) + R_T(x_T), maximised (DESIGN.md §2).
 * Gradients are written (overwritten) into caller-owned arrays; no allocation.
 */
public interface Reward {

    /**
     * Stage reward and its gradients.
     *
     * @param t  step, 0 ≤ t &lt; T
     * @param x  x_t (length n)
     * @param u  u_t (length m)
     * @param gx output ∇ₓR_t (length n), overwritten
     * @param gu output ∇ᵤR_t (length m), overwritten
     * @return R_t(x_t, u_t)
     */
    double stage(int t, double[] x, double[] u, double[] gx, double[] gu);

    /**
     * Terminal reward and its gradient.
     *
     * @param x  x_T (length n)
     * @param gx output ∇ₓR_T (length n), overwritten
     * @return R_T(x_T)
     */
    double terminal(double[] x, double[] gx);
}
