package org.feedbackrl.mujoco;

import static org.feedbackrl.mujoco.MujocoBinding.mjJNT_FREE;
import static org.feedbackrl.mujoco.MujocoBinding.mjJNT_HINGE;
import static org.feedbackrl.mujoco.MujocoBinding.mjOBJ_ACTUATOR;
import static org.feedbackrl.mujoco.MujocoBinding.mjOBJ_BODY;
import static org.feedbackrl.mujoco.MujocoBinding.mjOBJ_JOINT;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.feedbackrl.rollout.Plant;

/**
 * A 1/10 car simulated by MuJoCo ({@code car.xml}): the "real" car of the figure-8 task with
 * {@code --plant mujoco}, while the estimator keeps the kinematic model of eq. (11). Tyre slip (the
 * tyres stick until their friction budget is used, then slide), load transfer between the wheels,
 * the motors' lag and back-EMF and the steering servo's compliance come out of MuJoCo's contact,
 * actuator and joint dynamics; this class only maps the model's commands onto the actuators, delays
 * them by {@link Mapping#delaySteps()} control periods, and reads the model's state back.
 *
 * <p><b>Inputs.</b> u = (a, ω), the model's throttle and steering commands, clamped to [−1, 1] each
 * (a &lt; 0 brakes and then reverses, as an ESC does). Like a real car's, the mapping has scalings the
 * model does not know ({@link Mapping}): each wheel motor gets a·{@code throttleGain} of its ±1 range
 * (up to ≈ 10 m/s² in all, eq. 11 assumes 1 m/s² per unit), and the steering servos aim the bicycle
 * wheel angle δ = clamp({@code steerGain}·ω + {@code steerBias}, ±{@code maxSteer}) — a curvature of
 * tan(δ)/L ≈ 1.3 ω + 0.1 1/m at low speed where eq. 11 assumes ω. The two front wheels get the
 * Ackermann angles of δ (inner wheel steeper): tan δ_in/out = L tan δ / (L ∓ w/2 · tan δ).
 *
 * <p><b>State.</b> x = (x, y, v, φ): the chassis frame's position on the floor [m] (its origin is
 * the car's centre of gravity in plan), v the forward speed [m/s] (the chassis velocity along its
 * heading), φ the heading [rad], continuous (not wrapped) across a rollout.
 *
 * <p><b>Shape a user MJCF must have.</b> A body {@code chassis} whose first joint is free, hinge
 * joints {@code steer_fl}, {@code steer_fr} (about the vertical) under it, hinge joints {@code spin_fl},
 * {@code spin_fr}, {@code spin_rl}, {@code spin_rr}, bodies {@code knuckle_fl}, {@code knuckle_fr},
 * {@code wheel_rl}, {@code wheel_rr}, position actuators {@code steer_left}, {@code steer_right} and
 * motors {@code drive_fl}, {@code drive_fr}, {@code drive_rl}, {@code drive_rr}. Anything missing is
 * named in the error. Wheelbase, track and wheel radius are measured from the model.
 *
 * <p>{@link #step} allocates nothing; a diverged simulation throws {@link org.feedbackrl.rollout.PlantFault}.
 */
public final class MujocoCar implements Plant {
    /** The resource holding the project's car MJCF. */
    public static final String RESOURCE = "/org/feedbackrl/mujoco/car.xml";
    /** Control period [s] (50 Hz, the paper's). */
    public static final double CONTROL_DT = 0.02;
    /** Time the car settles on its tyres at construction, to find its resting height [s]. */
    static final double SETTLE_SECONDS = 0.5;
    /** Default actuation delay: one control period, 20 ms (the existing car simulator has 30 ms). */
    static final int DEFAULT_DELAY = 1;

    /**
     * How the model's commands reach the actuators: the scalings a real car has and the model lacks.
     *
     * @param throttleGain motor command per unit throttle a [-] (motor ctrl is clamped to ±1), &gt; 0
     * @param steerGain    bicycle wheel angle per unit steering ω [rad], &gt; 0
     * @param steerBias    wheel angle at ω = 0 [rad] (positive = left; the paper's car pulls left)
     * @param maxSteer     wheel-angle limit [rad], &gt; 0
     * @param delaySteps   control periods between a command and the actuators receiving it, ≥ 0
     *                     (motion-capture latency plus the 50 Hz PWM frame of a real car)
     */
    public record Mapping(double throttleGain, double steerGain, double steerBias, double maxSteer, int delaySteps) {
        public Mapping {
            if (!(throttleGain > 0) || !(steerGain > 0) || !(maxSteer > 0) || !Double.isFinite(throttleGain + steerGain + steerBias + maxSteer)
                    || delaySteps < 0 || delaySteps > 50) {
                throw new IllegalArgumentException("car mapping needs positive finite gains and limit, a finite bias and 0..50 delay steps, got " + this);
            }
        }

        /**
         * Full throttle = full motor torque; full steering = full lock 0.4189 rad (F1TENTH); bias
         * 0.033 rad = atan(0.1 L), the 0.1 1/m curvature offset of the authors' car (as {@code sim.CarParams});
         * commands act one control period (20 ms) late.
         */
        public static Mapping defaults() {
            return new Mapping(1.0, 0.4189, 0.033, 0.4189, DEFAULT_DELAY);
        }
    }

    private final MujocoSim sim;
    private final Mapping map;
    private final int substeps;
    private final int qChassis, vChassis;
    private final int steerLeft, steerRight;
    private final int[] drives = new int[4];
    private final int qSteerL, qSteerR;
    private final int[] spinDofs = new int[4];
    private final double wheelbase, halfTrack, wheelRadius;
    /** qpos of the car resting on its tyres at the origin, heading +x. */
    private final double[] settled;
    private double phi;
    /** Commands waiting out the delay: ring of delaySteps (a, ω) pairs, oldest at {@link #head}. */
    private final double[] pending;
    private int head;

    /** The project's car ({@link #RESOURCE}) with {@link Mapping#defaults()}. */
    public MujocoCar() {
        this(MujocoSim.loadResource(RESOURCE), Mapping.defaults());
    }

    /**
     * A car from a user MJCF file.
     *
     * @throws IllegalArgumentException with MuJoCo's message if it does not load, or naming the parts it lacks
     */
    public MujocoCar(Path mjcf, Mapping mapping) {
        this(MujocoSim.load(mjcf), mapping);
    }

    /** Takes ownership of {@code sim} (closes it if it does not fit). */
    MujocoCar(MujocoSim sim, Mapping mapping) {
        this.sim = sim;
        this.map = mapping;
        try {
            List<String> missing = new ArrayList<>();
            int chassisBody = need(missing, mjOBJ_BODY, "chassis");
            int chassisJoint = need(missing, mjOBJ_JOINT, "chassis");
            int sfl = need(missing, mjOBJ_JOINT, "steer_fl"), sfr = need(missing, mjOBJ_JOINT, "steer_fr");
            String[] spins = {"spin_fl", "spin_fr", "spin_rl", "spin_rr"};
            int[] spinJ = new int[4];
            for (int i = 0; i < 4; i++) spinJ[i] = need(missing, mjOBJ_JOINT, spins[i]);
            int kfl = need(missing, mjOBJ_BODY, "knuckle_fl"), kfr = need(missing, mjOBJ_BODY, "knuckle_fr");
            int wrl = need(missing, mjOBJ_BODY, "wheel_rl"), wrr = need(missing, mjOBJ_BODY, "wheel_rr");
            steerLeft = need(missing, mjOBJ_ACTUATOR, "steer_left");
            steerRight = need(missing, mjOBJ_ACTUATOR, "steer_right");
            String[] driveNames = {"drive_fl", "drive_fr", "drive_rl", "drive_rr"};
            for (int i = 0; i < 4; i++) drives[i] = need(missing, mjOBJ_ACTUATOR, driveNames[i]);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("MJCF " + sim.source() + " does not fit the car: it has no " + String.join(", ", missing)
                        + " (see MujocoCar's documentation for the named parts the car needs)");
            }
            if (sim.jointType(chassisJoint) != mjJNT_FREE) {
                throw new IllegalArgumentException("MJCF " + sim.source() + " does not fit the car: joint 'chassis' must be a free joint");
            }
            for (int j : new int[] {sfl, sfr, spinJ[0], spinJ[1], spinJ[2], spinJ[3]}) {
                if (sim.jointType(j) != mjJNT_HINGE) {
                    throw new IllegalArgumentException("MJCF " + sim.source() + " does not fit the car: the steering and wheel joints must be hinges");
                }
            }
            qChassis = sim.jointQposAdr(chassisJoint);
            vChassis = sim.jointDofAdr(chassisJoint);
            qSteerL = sim.jointQposAdr(sfl);
            qSteerR = sim.jointQposAdr(sfr);
            for (int i = 0; i < 4; i++) spinDofs[i] = sim.jointDofAdr(spinJ[i]);
            substeps = sim.stepsPer(CONTROL_DT);

            // Geometry measured at qpos0 (the chassis is level and heads +x there).
            sim.reset();
            sim.forward();
            wheelbase = sim.xpos(kfl, 0) - sim.xpos(wrl, 0);
            halfTrack = 0.5 * (sim.xpos(kfl, 1) - sim.xpos(kfr, 1));
            if (!(wheelbase > 0) || !(halfTrack > 0)) {
                throw new IllegalArgumentException("MJCF " + sim.source() + " does not fit the car: the front knuckles must be ahead of the rear wheels "
                        + "(+x) and knuckle_fl left of knuckle_fr (+y); wheelbase " + wheelbase + " m, half track " + halfTrack + " m");
            }
            // Let the car settle on its tyres, wheels at the neutral steering command.
            double d0 = map.steerBias();
            sim.ctrl(steerLeft, ackermann(d0, +1));
            sim.ctrl(steerRight, ackermann(d0, -1));
            int n = (int) Math.round(SETTLE_SECONDS / sim.timestep());
            for (int i = 0; i < n; i++) sim.step();
            wheelRadius = 0.5 * (sim.xpos(wrl, 2) + sim.xpos(wrr, 2));
            if (!(wheelRadius > 0.005) || Math.abs(sim.qvel(vChassis + 2)) > 0.05) {
                throw new IllegalArgumentException("MJCF " + sim.source() + " does not fit the car: it does not come to rest on its wheels (wheel centre at "
                        + wheelRadius + " m, vertical speed " + sim.qvel(vChassis + 2) + " m/s after " + SETTLE_SECONDS + " s)");
            }
            settled = new double[sim.nq()];
            for (int i = 0; i < settled.length; i++) settled[i] = sim.qpos(i);
            settled[qChassis] = 0;
            settled[qChassis + 1] = 0;
            pending = new double[2 * map.delaySteps()];
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        reset(new double[] {0, 0, 0, 0}, 0);
    }

    private int need(List<String> missing, int type, String name) {
        int id = sim.id(type, name);
        if (id < 0) missing.add((type == mjOBJ_BODY ? "body " : type == mjOBJ_JOINT ? "joint " : "actuator ") + "'" + name + "'");
        return id;
    }

    /**
     * Ackermann wheel angle of the left (side = +1) or right (−1) front wheel for the bicycle angle δ:
     * the wheel's axle must point at the turn centre, which lies at R = L / tan δ left of the rear axle,
     * so tan δ_side = L / (R − side · w/2) = L tan δ / (L − side · (w/2) tan δ).
     */
    double ackermann(double delta, int side) {
        double t = Math.tan(delta);
        return Math.atan(wheelbase * t / (wheelbase - side * halfTrack * t));
    }

    /** The simulation (diagnostics and tests). */
    public MujocoSim sim() { return sim; }
    /** @return the command mapping */
    public Mapping mapping() { return map; }
    /** @return wheelbase L measured from the model [m] */
    public double wheelbase() { return wheelbase; }
    /** @return half the front track w/2 [m] */
    public double halfTrack() { return halfTrack; }
    /** @return wheel-centre height of the resting car [m] (≈ the tyre radius minus its contact compression) */
    public double wheelRadius() { return wheelRadius; }
    /** @return MuJoCo steps per control period */
    public int substeps() { return substeps; }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return CONTROL_DT; }
    @Override public String name() { return "mujoco-car"; }

    /**
     * Places the car at x0 = (x, y, v, φ): resting on its tyres (the settled pose found at
     * construction) turned to heading φ, moving forward at v with its wheels rolling at v/r, steering
     * at the neutral command, drive off. Deterministic: the seed is not used.
     */
    @Override
    public void reset(double[] x0, long seed) {
        if (x0.length != 4) throw new IllegalArgumentException("car state has 4 entries (x, y, v, phi), got " + x0.length);
        for (double v : x0) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException("car initial state must be finite, got " + java.util.Arrays.toString(x0));
        }
        sim.reset();
        for (int i = 0; i < settled.length; i++) sim.qpos(i, settled[i]);
        double c = Math.cos(x0[3] / 2), s = Math.sin(x0[3] / 2);
        // q = q_yaw(φ) ⊗ q_settled, q_yaw = (cos φ/2, 0, 0, sin φ/2)
        int q = qChassis + 3;
        double w0 = settled[q], x1 = settled[q + 1], y1 = settled[q + 2], z1 = settled[q + 3];
        sim.qpos(q, c * w0 - s * z1);
        sim.qpos(q + 1, c * x1 - s * y1);
        sim.qpos(q + 2, c * y1 + s * x1);
        sim.qpos(q + 3, c * z1 + s * w0);
        sim.qpos(qChassis, x0[0]);
        sim.qpos(qChassis + 1, x0[1]);
        // Free joint: linear velocity in the world frame, angular in the body frame.
        sim.qvel(vChassis, x0[2] * Math.cos(x0[3]));
        sim.qvel(vChassis + 1, x0[2] * Math.sin(x0[3]));
        for (int dof : spinDofs) sim.qvel(dof, x0[2] / wheelRadius);
        applySteering(map.steerBias());
        double hold = holdingThrottle(x0[2]);
        double driveHold = Math.max(-1, Math.min(1, map.throttleGain() * hold));
        for (int drive : drives) {
            sim.ctrl(drive, driveHold);
            int a = drive - (sim.nu() - sim.na());      // activations belong to the last na actuators
            if (a >= 0) sim.act(a, driveHold);           // a lagged motor starts at its holding torque
        }
        // The delay line starts full of the command that holds the initial speed going straight.
        for (int i = 0; i < pending.length; i += 2) {
            pending[i] = hold;
            pending[i + 1] = -map.steerBias() / map.steerGain();
        }
        head = 0;
        sim.forward();
        phi = x0[3];
    }

    /**
     * The throttle that balances the wheel motors' back-EMF damping at speed v (rolling, no slip):
     * damping · (v / r) = gear · throttleGain · a. Only for starting an episode at speed.
     */
    double holdingThrottle(double v) {
        int drive = drives[0];
        double damping = sim.dofDamping(spinDofs[0]), gear = sim.actuatorGear(drive);
        return gear > 0 ? damping * (v / wheelRadius) / (gear * map.throttleGain()) : 0;
    }

    private void applySteering(double delta) {
        sim.ctrl(steerLeft, ackermann(delta, +1));
        sim.ctrl(steerRight, ackermann(delta, -1));
    }

    /** Heading of the chassis from its quaternion, wrapped to (−π, π]. */
    private double yaw() {
        int q = qChassis + 3;
        double w = sim.qpos(q), x = sim.qpos(q + 1), y = sim.qpos(q + 2), z = sim.qpos(q + 3);
        return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
    }

    @Override
    public void observe(double[] x) {
        x[0] = sim.qpos(qChassis);
        x[1] = sim.qpos(qChassis + 1);
        x[2] = sim.qvel(vChassis) * Math.cos(phi) + sim.qvel(vChassis + 1) * Math.sin(phi);
        x[3] = phi;
    }

    @Override
    public void step(double[] u) {
        double a = u[0], w = u[1];
        if (Double.isNaN(a) || Double.isNaN(w)) throw new IllegalArgumentException("car command must not be NaN (throttle " + a + ", steering " + w + ")");
        if (pending.length > 0) {   // delay: apply the oldest pending command, queue this one
            double a0 = pending[head], w0 = pending[head + 1];
            pending[head] = a;
            pending[head + 1] = w;
            head = (head + 2) % pending.length;
            a = a0;
            w = w0;
        }
        a = Math.max(-1, Math.min(1, a));
        w = Math.max(-1, Math.min(1, w));
        double delta = Math.max(-map.maxSteer(), Math.min(map.maxSteer(), map.steerGain() * w + map.steerBias()));
        applySteering(delta);
        double drive = Math.max(-1, Math.min(1, map.throttleGain() * a));
        for (int d : drives) sim.ctrl(d, drive);
        int before = sim.faultWarnings();
        for (int i = 0; i < substeps; i++) sim.step();
        if (sim.faultWarnings() != before) throw sim.divergence();
        // Continuous heading: add the wrapped change since the last control step.
        double d = yaw() - phi;
        phi += d - 2 * Math.PI * Math.rint(d / (2 * Math.PI));
    }

    @Override
    public void close() {
        sim.close();
    }
}
