package org.feedbackrl.policy;

/** What the network reads at step t: f = φ(t, x), with its Jacobian ∂f/∂x (dim×n, row-major). */
public interface Features {
    int dim();

    void features(int t, double[] x, double[] f);

    /** Writes ∂f/∂x (dim×n row-major). */
    void jacobian(int t, double[] x, double[] jac);

    /** Whether f depends on x at all (false: the network is a function of time only). */
    boolean readsState();
}
