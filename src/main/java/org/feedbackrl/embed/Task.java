package org.feedbackrl.embed;

import org.feedbackrl.task.FigureEight;

/**
 * The tasks a trained policy can be embedded for, with their state and input layouts. SI units;
 * angles in radians, continuous (not wrapped to ±π).
 */
public enum Task {
    /**
     * The JetRacer 1/10 car on the figure-8 (paper eq. 11), 50 Hz (Δt = 0.02 s).
     * State (x [m], y [m], v [m/s] forward speed, φ [rad] heading); input (a throttle command,
     * ω steering command), both dimensionless, clamped by the controller to [−1, 1].
     */
    CAR("car", 4, 2),
    /**
     * The Unitree Go1 on the figure-8 (paper eq. 12, unicycle), 10 Hz (Δt = 0.1 s).
     * State (x [m], y [m], φ [rad] yaw); input (v [m/s] forward velocity, clamped to ±1;
     * ω [rad/s] yaw rate, clamped to ±3).
     */
    GO1("go1", 3, 2),
    /**
     * The double pendulum reaching a target (Modern Robotics form), 100 Hz (Δt = 0.01 s).
     * State (q1 [rad], q2 [rad], q̇1 [rad/s], q̇2 [rad/s]), angles from hanging down (upright is
     * q1 = π, q2 = 0); input joint torques (τ1, τ2) [N·m].
     */
    PENDULUM("pendulum", 4, 2);

    private final String system;
    private final int stateDim, inputDim;

    Task(String system, int stateDim, int inputDim) {
        this.system = system;
        this.stateDim = stateDim;
        this.inputDim = inputDim;
    }

    /** @return the system name used by the CLI and in run settings ("car", "go1", "pendulum") */
    public String system() { return system; }

    /** @return n, the length of the state array {@code control} reads */
    public int stateDim() { return stateDim; }

    /** @return m, the length of the input array {@code control} writes */
    public int inputDim() { return inputDim; }

    /**
     * The task's start state, the one {@code feedbackrl evaluate} starts from: on the figure-8
     * reference at τ = 0 (origin, heading −π/2, nominal speed for the car), or the pendulum's
     * perturbed upright start (π + 0.08, −0.08, 0.05, −0.05).
     *
     * @param x0 output, length {@link #stateDim()}
     */
    public void startState(double[] x0) {
        switch (this) {
            case CAR -> {
                x0[0] = 0; x0[1] = 0; x0[2] = new FigureEight(5.5).speed(); x0[3] = -Math.PI / 2;
            }
            case GO1 -> {
                x0[0] = 0; x0[1] = 0; x0[2] = -Math.PI / 2;
            }
            case PENDULUM -> {
                x0[0] = Math.PI + 0.08; x0[1] = -0.08; x0[2] = 0.05; x0[3] = -0.05;
            }
        }
    }

    /**
     * @param system "car", "go1" or "pendulum"
     * @return the task
     * @throws IllegalArgumentException for any other name
     */
    public static Task of(String system) {
        for (Task t : values()) if (t.system.equals(system)) return t;
        throw new IllegalArgumentException("'" + system + "' policies cannot be embedded; embeddable tasks are car, go1 and pendulum");
    }
}
