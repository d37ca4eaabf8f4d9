package org.feedbackrl.control;

/**
 * A low-level tracking controller designed from a model: u = κ(x, r, k) for state x, reference r
 * and gains k (Fig. 1 of the paper). The network of a {@code FeedbackPolicy} shifts r and k; the
 * estimator needs the exact Jacobians of κ with respect to all three.
 *
 * <p>Jacobians are dense row-major: ∂u/∂x is m×n, ∂u/∂r is m×r, ∂u/∂k is m×k. Saturated inputs
 * have zero derivative. No allocation.
 */
public interface TrackingController {
    int stateDim();

    int inputDim();

    /** @return length of the reference vector r */
    int refDim();

    /** @return number of gains k */
    int gainDim();

    /** @return the nominal gains designed on the model (a fresh copy) */
    double[] nominalGains();

    /** Names of the gains for logs, e.g. "kx". */
    String[] gainNames();

    /**
     * @param x     state (length n)
     * @param ref   reference (length r)
     * @param gains gains (length k)
     * @param u     output input (length m)
     */
    void control(double[] x, double[] ref, double[] gains, double[] u);

    /**
     * Evaluates u and its Jacobians. Any Jacobian output may be null when not needed.
     */
    void jacobians(double[] x, double[] ref, double[] gains, double[] u, double[] dudx, double[] dudref, double[] dudk);
}
