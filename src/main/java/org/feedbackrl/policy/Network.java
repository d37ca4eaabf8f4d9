package org.feedbackrl.policy;

/**
 * A differentiable function approximator y = N(in; w) whose weights w are (part of) a policy's θ.
 * Single-sample calls for the control loop and the costate pass; no allocation.
 */
public interface Network {
    int inputDim();

    int outputDim();

    int paramDim();

    /** @return the live weight vector (length {@link #paramDim()}) */
    double[] params();

    /** y = N(in). */
    void forward(double[] in, double[] out);

    /**
     * Reverse mode at input {@code in}: writes inBar = outBar·∂N/∂in (overwritten, may be null) and
     * adds outBar·∂N/∂w to g. May recompute the forward pass.
     */
    void backward(double[] in, double[] outBar, double[] inBar, double[] g);
}
