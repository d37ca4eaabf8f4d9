package org.feedbackrl.mujoco;

import static org.feedbackrl.mujoco.MujocoBinding.mjJNT_HINGE;

import java.nio.file.Path;
import org.feedbackrl.rollout.Plant;

/**
 * The double pendulum of the paper's Fig. 2 simulated by MuJoCo: the "real" system of the pendulum
 * task with {@code --plant mujoco}, while the estimator keeps the analytic
 * {@link org.feedbackrl.model.DoublePendulum}. The model is {@code double_pendulum.xml} (a resource;
 * it documents what it adds to the analytic model) or any MJCF with the same shape.
 *
 * <p><b>Interface (the analytic model's).</b> State x = (q1, q2, q̇1, q̇2) = (qpos[0], qpos[1],
 * qvel[0], qvel[1]): q1 from hanging down, q2 relative to link 1 [rad, rad/s]. Input u = (τ1, τ2)
 * [N·m] written to ctrl (the model's actuators clamp it to their ctrlrange). One {@link #step} holds u
 * for {@link #dt()} = 0.01 s, which is {@code round(0.01 / opt.timestep)} MuJoCo steps.
 *
 * <p><b>Shape a user MJCF must have.</b> Two hinge joints (nq = nv = 2, in chain order) and two
 * actuators, actuator i on joint i. Anything else is refused at construction with the sizes found.
 *
 * <p>{@link #step} allocates nothing. If MuJoCo reports a diverged simulation (non-finite or huge
 * acceleration, which it answers by resetting the state), the step throws {@link
 * org.feedbackrl.rollout.PlantFault} with MuJoCo's warning, instead of returning a reset state.
 */
public final class MujocoPendulum implements Plant {
    /** The resource holding the project's pendulum MJCF. */
    public static final String RESOURCE = "/org/feedbackrl/mujoco/double_pendulum.xml";
    /** Control period [s], the paper's Δt. */
    public static final double CONTROL_DT = 0.01;

    private final MujocoSim sim;
    private final int substeps;

    /** The project's pendulum ({@link #RESOURCE}). */
    public MujocoPendulum() {
        this(MujocoSim.loadResource(RESOURCE));
    }

    /**
     * A pendulum from a user MJCF file.
     *
     * @throws IllegalArgumentException with MuJoCo's message if it does not load, or with the sizes
     *                                  found if it is not a two-hinge, two-actuator chain
     */
    public MujocoPendulum(Path mjcf) {
        this(MujocoSim.load(mjcf));
    }

    /** Takes ownership of {@code sim} (closes it if it does not fit). */
    MujocoPendulum(MujocoSim sim) {
        try {
            this.substeps = validate(sim);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        this.sim = sim;
    }

    private static int validate(MujocoSim s) {
        String shape = "nq = " + s.nq() + ", nv = " + s.nv() + ", nu = " + s.nu() + ", " + s.njnt() + " joints";
        if (s.nq() != 2 || s.nv() != 2 || s.nu() != 2 || s.njnt() != 2) {
            throw new IllegalArgumentException("MJCF " + s.source() + " does not fit the double pendulum: it has " + shape
                    + "; the task needs 2 hinge joints (shoulder, elbow) and 2 actuators (nq = nv = nu = 2)");
        }
        for (int j = 0; j < 2; j++) {
            if (s.jointType(j) != mjJNT_HINGE) {
                throw new IllegalArgumentException("MJCF " + s.source() + " does not fit the double pendulum: joint " + j + " is not a hinge");
            }
            if (s.actuatorTarget(j) != j) {
                throw new IllegalArgumentException("MJCF " + s.source() + " does not fit the double pendulum: actuator " + j
                        + " drives joint " + s.actuatorTarget(j) + ", not joint " + j);
            }
        }
        return s.stepsPer(CONTROL_DT);
    }

    /** The simulation (diagnostics and tests). */
    public MujocoSim sim() { return sim; }

    /** @return MuJoCo steps per control period */
    public int substeps() { return substeps; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return CONTROL_DT; }
    @Override public String name() { return "mujoco-pendulum"; }

    /**
     * Puts the pendulum at x0 = (q1, q2, q̇1, q̇2) with zero controls and time 0. Deterministic: the
     * seed is not used.
     */
    @Override
    public void reset(double[] x0, long seed) {
        if (x0.length != 4) throw new IllegalArgumentException("pendulum state has 4 entries (q1, q2, q1dot, q2dot), got " + x0.length);
        for (double v : x0) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("pendulum initial state must be finite, got " + java.util.Arrays.toString(x0));
        }
        sim.reset();
        sim.qpos(0, x0[0]);
        sim.qpos(1, x0[1]);
        sim.qvel(0, x0[2]);
        sim.qvel(1, x0[3]);
        sim.forward();
    }

    @Override
    public void observe(double[] x) {
        x[0] = sim.qpos(0);
        x[1] = sim.qpos(1);
        x[2] = sim.qvel(0);
        x[3] = sim.qvel(1);
    }

    @Override
    public void step(double[] u) {
        if (Double.isNaN(u[0]) || Double.isNaN(u[1])) {
            throw new IllegalArgumentException("pendulum torques must not be NaN (" + u[0] + ", " + u[1] + ")");
        }
        sim.ctrl(0, u[0]);
        sim.ctrl(1, u[1]);
        int before = sim.faultWarnings();
        for (int i = 0; i < substeps; i++) sim.step();
        if (sim.faultWarnings() != before) throw sim.divergence();
    }

    @Override
    public void close() {
        sim.close();
    }
}
