package org.feedbackrl.policy;

/**
 * A time-varying, parameterised policy {@code u_t = π_t(x_t; θ)} with optional memory.
 *
 * <p><b>Memory.</b> A policy whose network runs slower than its controller holds the network's last
 * outputs (spline segment parameters) between calls. Following DESIGN.md §2, that held vector is
 * treated as extra state: at step t the policy maps {@code (x_t, z_{t-1})} to {@code (u_t, z_t)}.
 * Memory-less policies have {@link #memoryDim()} = 0 and ignore the z arguments (length-0 arrays).
 *
 * <p><b>Reverse mode.</b> {@link #vjp} is the vector–Jacobian product of one step: given the
 * cotangents ū (of u_t) and z̄ (of z_t) it accumulates ū·∂u/∂x + z̄·∂z/∂x into x̄, writes the
 * cotangent of z_{t-1}, and accumulates the parameter gradient. With ū a basis vector and z̄ = 0
 * the x̄ it produces is a row of K_t = ∂π_t/∂x.
 *
 * <p>Implementations own their parameter vector θ ({@link #params()}), are not thread-safe, and
 * allocate nothing in {@link #act} or {@link #vjp}.
 */
public interface Policy {

    /** @return n, the state dimension the policy reads. */
    int stateDim();

    /** @return m, the input dimension it writes. */
    int inputDim();

    /** @return p, the number of parameters. */
    int paramDim();

    /** @return q, the memory dimension (0 for a memory-less policy). */
    default int memoryDim() { return 0; }

    /** @return the live parameter vector θ (length p); writes to it change the policy. */
    double[] params();

    /**
     * Memory before the first step, z_{-1}, for a rollout that starts at x0 (z arrives zeroed). It
     * must not depend on θ.
     *
     * @param x0 initial state (length n)
     * @param z  output (length q)
     */
    default void initMemory(double[] x0, double[] z) {}

    /**
     * Evaluates step t.
     *
     * @param t     control step index, 0 ≤ t &lt; T
     * @param x     x_t (length n)
     * @param zPrev z_{t-1} (length q), read only
     * @param z     output z_t (length q); may not alias zPrev
     * @param u     output u_t (length m)
     */
    void act(int t, double[] x, double[] zPrev, double[] z, double[] u);

    /**
     * Reverse mode of step t at the recorded (x_t, z_{t-1}).
     *
     * @param t        control step
     * @param x        recorded x_t
     * @param zPrev    recorded z_{t-1}
     * @param uBar     cotangent of u_t (length m)
     * @param zBar     cotangent of z_t (length q)
     * @param xBar     accumulated (+=) cotangent of x_t (length n)
     * @param zPrevBar output (overwritten) cotangent of z_{t-1} (length q)
     * @param g        accumulated (+=) gradient with respect to θ (length p)
     */
    void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
             double[] xBar, double[] zPrevBar, double[] g);

    /**
     * K_t = ∂π_t/∂x at (x_t, z_{t−1}) with the held memory fixed (paper eq. 4), row-major m×n,
     * assembled from {@link #vjp} with basis cotangents. Not for hot paths: it allocates its scratch.
     *
     * @param k output, length m·n
     */
    default void stateJacobian(int t, double[] x, double[] zPrev, double[] k) {
        int n = stateDim(), m = inputDim(), q = memoryDim();
        double[] uBar = new double[m], zBar = new double[q], xBar = new double[n], zpBar = new double[q], g = new double[paramDim()];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(xBar, 0.0);
            uBar[i] = 1;
            vjp(t, x, zPrev, uBar, zBar, xBar, zpBar, g);
            uBar[i] = 0;
            System.arraycopy(xBar, 0, k, i * n, n);
        }
    }
}
