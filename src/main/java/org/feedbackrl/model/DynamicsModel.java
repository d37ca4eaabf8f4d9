package org.feedbackrl.model;

/**
 * A discrete-time dynamics model {@code x' = F̂(x, u)} (paper eq. 1) with analytic Jacobians.
 *
 * <p>Matrices are dense, row-major, caller-owned: {@code A[i*n + j] = ∂F̂_i/∂x_j} (n×n) and
 * {@code B[i*m + j] = ∂F̂_i/∂u_j} (n×m). Implementations must not allocate in {@link #step} or
 * {@link #jacobians}; they may be called from a real-time loop.
 */
public interface DynamicsModel {

    /** @return n, the state dimension (≥ 1). */
    int stateDim();

    /** @return m, the input dimension (≥ 1). */
    int inputDim();

    /** @return the control period Δt in seconds (&gt; 0). */
    double dt();

    /** @return a short lower-case name used by the CLI ("car", "pendulum", ...). */
    String name();

    /**
     * One step of the map.
     *
     * @param x     state x_t, length n (units per model)
     * @param u     input u_t, length m
     * @param xNext output x_{t+1}, length n; may not alias {@code x}
     */
    void step(double[] x, double[] u, double[] xNext);

    /**
     * Jacobians of the discrete map at (x, u).
     *
     * @param x state, length n
     * @param u input, length m
     * @param a output Â = ∂F̂/∂x, length n·n, row-major
     * @param b output B̂ = ∂F̂/∂u, length n·m, row-major
     */
    void jacobians(double[] x, double[] u, double[] a, double[] b);

    /** Names of the state components with units, for tables and CSV headers. */
    String[] stateNames();

    /** Names of the input components with units. */
    String[] inputNames();

    /**
     * A plausible operating region for random checks: writes a random state and input drawn from
     * the region the model is meant for (used by {@code check-model}).
     */
    void sample(java.util.random.RandomGenerator rng, double[] x, double[] u);
}
