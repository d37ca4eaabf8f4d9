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

    /**
     * A new, independent instance of this plant — same parameters, its own state — so that the
     * rollouts of a batch can run on several threads ({@code train --threads}). A simulator
     * implements it as a constructor call with its parameters (a MuJoCo plant: new data for the same
     * model); instances must share no mutable state, and a rollout must depend only on
     * {@link #reset}'s arguments and the inputs, never on which instance ran it or what it ran
     * before. The default, null, means "one physical system": hardware plants keep it, and their
     * rollouts run one after another on the one robot.
     *
     * @return a fresh instance, or null when the plant cannot be replicated
     */
    default Plant newInstance() { return null; }

    @Override
    default void close() {}
}
