package org.feedbackrl.rollout;

/**
 * The system a policy is run on: the "real" F of the paper (eq. 2). Hardware, a simulator that
 * deliberately differs from the model, or the model itself ({@link ModelPlant}).
 *
 * <p>The plant reports the same state vector the model uses (its hidden states, e.g. tyre slip or
 * motor lag, stay inside). One call of {@link #step} advances one control period {@link #dt()}.
 */
public interface Plant extends AutoCloseable {

    /** @return n, the dimension of the observed state. */
    int stateDim();

    /** @return m, the input dimension. */
    int inputDim();

    /** @return control period in seconds. */
    double dt();

    /** @return a short name for logs ("model", "car-sim", "jetracer", ...). */
    String name();

    /**
     * Starts an episode at (or as close as the plant can get to) x0.
     *
     * @param x0   requested initial state (length n)
     * @param seed seed for any randomness inside the plant (noise, delays); ignored if none
     */
    void reset(double[] x0, long seed);

    /** Writes the current observed state (length n). */
    void observe(double[] x);

    /** Applies u (length m) for one control period. */
    void step(double[] u);

    @Override
    default void close() {}
}
