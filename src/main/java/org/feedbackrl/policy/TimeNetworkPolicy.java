package org.feedbackrl.policy;

/**
 * A memory-less policy whose network reads time only and runs at every control step:
 * <pre>
 *   y_t = N(φ(t); θ),   u_t = κ_t(x_t, y_t)
 * </pre>
 * The pendulum's two classes ({@link PendulumPolicies.Lqr}: LQR with the setpoint and gains moved by
 * y_t; {@link PendulumPolicies.Direct}: gravity compensation + y_t) and the figure-8 no-feedback
 * class ({@link DirectPolicy}: u_t = y_t). Because φ(t) is the same for every rollout of a batch,
 * the batched estimator ({@code gradient.BatchedTimeNetworkEstimator}) runs the network forward and
 * backward once per step for the whole batch, with the cotangents ȳ_t of the N rollouts summed,
 * instead of once per step and rollout.
 */
public interface TimeNetworkPolicy extends Policy {
    /** @return N, the network (its weights are θ) */
    Network network();

    /** @return φ, the network's inputs; {@link Features#readsState()} is false */
    Features features();

    /**
     * Reverse mode of κ_t at (x_t, y_t), the network held fixed: x̄ += ū ∂κ_t/∂x and ȳ = ū ∂κ_t/∂y.
     * With y_t = N(φ(t)) and ȳ back-propagated through N this is {@link #vjp}.
     *
     * @param t    control step
     * @param x    recorded x_t (length n)
     * @param y    the network's output at step t (length {@code network().outputDim()})
     * @param uBar cotangent of u_t (length m)
     * @param xBar accumulated (+=) cotangent of x_t (length n)
     * @param yBar output (overwritten) cotangent of y_t
     */
    void outputVjp(int t, double[] x, double[] y, double[] uBar, double[] xBar, double[] yBar);
}
