package org.feedbackrl.train;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.feedbackrl.control.CarTrackingController;
import org.feedbackrl.control.UnicycleTrackingController;
import org.feedbackrl.gradient.ScalarExample;
import org.feedbackrl.control.Lqr;
import org.feedbackrl.model.DoublePendulum;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.model.KinematicCar;
import org.feedbackrl.model.Unicycle;
import org.feedbackrl.policy.DirectPolicy;
import org.feedbackrl.policy.Features;
import org.feedbackrl.policy.Network;
import org.feedbackrl.policy.PendulumPolicies;
import org.feedbackrl.policy.TimeFeatures;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.TrackFeatures;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.sim.AuthorsCarReality;
import org.feedbackrl.sim.CarSimulator;
import org.feedbackrl.sim.Go1Simulator;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.task.ReachReward;
import org.feedbackrl.task.Reward;
import org.feedbackrl.task.TrackReward;

/** The built-in training tasks and their defaults (DESIGN.md §4). */
public final class Tasks {
    private Tasks() {}

    /** Default (iterations, batch, lr) per system. */
    public record Defaults(int iterations, int batch, double lr, String plant) {}

    public static Defaults defaults(String system) {
        return switch (system) {
            case "car" -> new Defaults(12, 1, 5e-3, "sim");
            case "go1" -> new Defaults(7, 1, 2e-3, "sim");
            case "scalar" -> new Defaults(50, 8, 0.05, "real");
            case "pendulum" -> new Defaults(100, 5, 1e-2, "true");
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1, pendulum or scalar");
        };
    }

    /**
     * Where the hardware is, for {@code --plant jetracer} and {@code --plant go1}.
     *
     * @param i2cDevice     PCA9685 bus device, e.g. /dev/i2c-1; null = the capture (dry-run) transport
     * @param poseBind      address the motion-capture UDP receiver binds to, host:port
     * @param poseSource    the only host whose pose packets are accepted
     * @param go1Backend    "sim" (the shim's simulated robot) or "unitree" (the SDK, when compiled in)
     * @param go1Ip         robot address for the SDK backend
     * @param go1Port       robot's high-level UDP port for the SDK backend (8082)
     * @param go1LocalPort  local UDP port the SDK binds (8090; 0 = any free port, for loopback tests)
     * @param pwmCapture    jetracer without an I2C device: file the PCA9685 capture transport records to (null: memory)
     */
    public record Hardware(String i2cDevice, String poseBind, String poseSource, String go1Backend, String go1Ip,
                           int go1Port, int go1LocalPort, String pwmCapture) {
        public Hardware(String i2cDevice, String poseBind, String poseSource, String go1Backend, String go1Ip) {
            this(i2cDevice, poseBind, poseSource, go1Backend, go1Ip, 8082, 8090, null);
        }

        public static Hardware defaults() { return new Hardware(null, "127.0.0.1:9870", "127.0.0.1", "sim", "192.168.123.161"); }
    }

    public static TrainingTask create(TrainConfig c) {
        return create(c, Hardware.defaults());
    }

    public static TrainingTask create(TrainConfig c, Hardware hw) {
        return switch (c.system()) {
            case "car" -> car(c, hw);
            case "go1" -> go1(c, hw);
            case "scalar" -> scalar(c);
            case "pendulum" -> pendulum(c);
            default -> throw new IllegalArgumentException("unknown system '" + c.system() + "'; choose car, go1, pendulum or scalar");
        };
    }

    static Network network(int in, int hidden, double[] scale, long seed) {
        return MlpNetwork.create(in, hidden, scale, seed);
    }

    /**
     * The car on the figure-8: 50 Hz, rollouts of two laps of 5.5 s (like the paper's Fig. 1; a policy
     * trained on one lap starts its second lap from states it never saw), network every 7 steps
     * (0.14 s; the authors: 5.5/40 s).
     */
    static TrainingTask car(TrainConfig c, Hardware hw) {
        FigureEight track = new FigureEight(5.5);
        KinematicCar model = carModel(c.model());
        double dt = model.dt();
        int T = c.horizon() > 0 ? c.horizon() : (int) Math.round(2 * track.lapSeconds() / dt);
        Plant plant = switch (c.plant()) {
            case "model" -> new ModelPlant(model);
            case "sim" -> new CarSimulator();
            case "authors" -> new AuthorsCarReality();
            case "jetracer" -> jetracer(hw);
            case String p when org.feedbackrl.mujoco.MujocoPlants.isMujoco(p) -> org.feedbackrl.mujoco.MujocoPlants.car(p);
            default -> throw new IllegalArgumentException("unknown plant '" + c.plant() + "' for car; choose sim, model, authors, jetracer or mujoco[:FILE.xml]");
        };
        CarTrackingController ctl = CarTrackingController.designedOnModel();
        double[] scale = {0.5, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
        TrackFeatures feat = TrackFeatures.car(dt, track.lapSeconds());
        Supplier<Policy> policy = () -> c.noFeedback()
                ? new DirectPolicy(4, network(2, c.hidden(), new double[] {0.75, 1.0}, c.seed()), TrackFeatures.timeOnly(4, dt, track.lapSeconds()))
                : new TrackingPolicy(ctl, network(feat.dim(), c.hidden(), scale, c.seed()), feat, track, dt, 7);
        Reward reward = TrackReward.car(track.speed());
        return new FigureEightTask("car", model, plant, policy.get(), reward, T, track, 4, policy);
    }

    static Plant jetracer(Hardware hw) {
        org.feedbackrl.hw.Pca9685.Config pc = new org.feedbackrl.hw.Pca9685.Config();
        pc.device = hw.i2cDevice();
        pc.captureFile = hw.pwmCapture();
        org.feedbackrl.hw.PoseReceiver.Config rc = new org.feedbackrl.hw.PoseReceiver.Config();
        rc.bind = socket(hw.poseBind(), "--pose-bind");
        rc.allowedSource = socket(hw.poseSource() + ":0", "--pose-source");
        org.feedbackrl.hw.Pca9685 pwm = org.feedbackrl.hw.Pca9685.open(pc);
        try {
            return new org.feedbackrl.hw.JetRacerPlant(pwm, new org.feedbackrl.hw.PoseReceiver(rc), 0.05);
        } catch (RuntimeException e) {
            pwm.close();
            throw e;
        }
    }

    static Plant go1Robot(Hardware hw) {
        org.feedbackrl.hw.Go1.Config gc = new org.feedbackrl.hw.Go1.Config();
        switch (hw.go1Backend()) {
            case "sim" -> gc.backend = org.feedbackrl.hw.Go1Binding.BACKEND_SIM;
            case "unitree" -> gc.backend = org.feedbackrl.hw.Go1Binding.BACKEND_UNITREE;
            default -> throw new IllegalArgumentException("unknown Go1 backend '" + hw.go1Backend() + "'; choose sim or unitree");
        }
        gc.targetIp = hw.go1Ip();
        gc.targetPort = hw.go1Port();
        gc.localPort = hw.go1LocalPort();
        return new org.feedbackrl.hw.Go1Plant(gc);
    }

    static java.net.InetSocketAddress socket(String hostPort, String what) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException(what + " must be host:port, got '" + hostPort + "'");
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 0 || port > 65535) throw new NumberFormatException();
            return new java.net.InetSocketAddress(java.net.InetAddress.getByName(hostPort.substring(0, colon)), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + hostPort.substring(colon + 1) + "' is not a port number");
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(what + ": unknown host '" + hostPort.substring(0, colon) + "'");
        }
    }

    /** "default" → eq. (11); "authors:S" → the authors' reality with parameters scaled by S. */
    static KinematicCar carModel(String spec) {
        if (spec.equals("default") || spec.equals("paper")) return KinematicCar.paper();
        if (spec.startsWith("authors:")) {
            double s;
            try {
                s = Double.parseDouble(spec.substring(8));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("model '" + spec + "': the scale after 'authors:' must be a number");
            }
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("model '" + spec + "': the scale must be positive");
            return KinematicCar.authorsReality(s);
        }
        throw new IllegalArgumentException("unknown car model '" + spec + "'; choose paper or authors:S (S > 0)");
    }

    /** The Go1 on the figure-8: 10 Hz, one lap of 37.7 s, network every 9 steps (0.9 s). */
    static TrainingTask go1(TrainConfig c, Hardware hw) {
        requireDefaultModel(c);
        FigureEight track = new FigureEight(37.7);
        Unicycle model = new Unicycle();
        double dt = model.dt();
        int T = c.horizon() > 0 ? c.horizon() : (int) Math.round(track.lapSeconds() / dt);
        Plant plant = switch (c.plant()) {
            case "model" -> new ModelPlant(model);
            case "sim" -> new Go1Simulator();
            case "go1" -> go1Robot(hw);
            default -> throw new IllegalArgumentException("unknown plant '" + c.plant() + "' for go1; choose sim, model or go1");
        };
        UnicycleTrackingController ctl = UnicycleTrackingController.nominal();
        double[] scale = {0.5, 0.5, 0.2, 0.2, 0.1, 0.3, 1.0, 0.3};
        TrackFeatures feat = TrackFeatures.unicycle(dt, track.lapSeconds());
        Supplier<Policy> policy = () -> c.noFeedback()
                ? new DirectPolicy(3, network(2, c.hidden(), new double[] {1.0, 3.0}, c.seed()), TrackFeatures.timeOnly(3, dt, track.lapSeconds()))
                : new TrackingPolicy(ctl, network(feat.dim(), c.hidden(), scale, c.seed()), feat, track, dt, 9);
        return new FigureEightTask("go1", model, plant, policy.get(), TrackReward.unicycle(), T, track, 3, policy);
    }

    /** Pendulum target: the end effector at (0.3, 1.9) m, a little off the upright tip (0, 2). */
    public static final double PENDULUM_TARGET_X = 0.3, PENDULUM_TARGET_Y = 1.9;

    /**
     * The double pendulum (§7, Fig. 2): 3 s at Δt = 0.01, start near upright, reach a target point.
     * The estimator always uses the half-mass model; {@code --plant true} runs the true masses
     * (mismatch, Fig. 2b), {@code --plant model} runs the model itself (Fig. 2a).
     */
    static TrainingTask pendulum(TrainConfig c) {
        DoublePendulum model = pendulumModel(c.model());
        int T = c.horizon() > 0 ? c.horizon() : 300;
        Plant plant = switch (c.plant()) {
            case "true" -> new ModelPlant(DoublePendulum.trueSystem());
            case "model" -> new ModelPlant(model);
            case String p when org.feedbackrl.mujoco.MujocoPlants.isMujoco(p) -> org.feedbackrl.mujoco.MujocoPlants.pendulum(p);
            default -> throw new IllegalArgumentException("unknown plant '" + c.plant() + "' for pendulum; choose true, model or mujoco[:FILE.xml]");
        };
        double[] xStar = {Math.PI, 0, 0, 0};
        Features feat = new TimeFeatures(4, T);
        Policy policy;
        if (c.noFeedback()) {
            policy = new PendulumPolicies.Direct(model, network(feat.dim(), c.hidden(), new double[] {0.2, 0.2}, c.seed()), feat);
        } else {
            double[] k = Lqr.gain(model, xStar, new double[2], new double[] {250, 250, 10, 10}, new double[] {1, 1});
            double[] scale = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
            policy = new PendulumPolicies.Lqr(model, k, xStar, network(feat.dim(), c.hidden(), scale, c.seed()), feat);
        }
        ReachReward reward = new ReachReward(model, PENDULUM_TARGET_X, PENDULUM_TARGET_Y);
        return new TrainingTask() {
            @Override public String name() { return "pendulum"; }
            @Override public TrainingTask replica() { return pendulum(c); }     // its plants are ModelPlants
            @Override public DynamicsModel model() { return model; }
            @Override public Plant plant() { return plant; }
            @Override public Policy policy() { return policy; }
            @Override public Reward reward() { return reward; }
            @Override public int horizon() { return T; }
            @Override public void sampleInitialState(RandomGenerator rng, double[] x0) {
                x0[0] = Math.PI + rng.nextDouble(-0.1, 0.1);
                x0[1] = rng.nextDouble(-0.1, 0.1);
                x0[2] = rng.nextDouble(-0.1, 0.1);
                x0[3] = rng.nextDouble(-0.1, 0.1);
            }
            @Override public double trackingError(Rollout r) {
                double s = 0;
                double[] x = new double[4];
                for (int t = 0; t <= r.horizon; t++) {
                    r.state(t, x);
                    s += reward.distance(x);
                }
                return s / (r.horizon + 1);
            }
        };
    }

    /**
     * The pendulum model the estimator (and the LQR, the gravity compensation) uses: "default" or
     * "half" → both masses at 50 % (the paper's Fig. 2b); "full" → the true masses (on MuJoCo the
     * mismatch is then only what the analytic model leaves out: damping, armature, torque limits,
     * integrator).
     */
    static DoublePendulum pendulumModel(String spec) {
        return switch (spec) {
            case "default", "half" -> DoublePendulum.halfMassModel();
            case "full" -> DoublePendulum.trueSystem();
            default -> throw new IllegalArgumentException("unknown pendulum model '" + spec + "'; choose half (50 % masses, default) or full");
        };
    }

    private static void requireDefaultModel(TrainConfig c) {
        if (!c.model().equals("default")) throw new IllegalArgumentException("--model is only for the car and the pendulum (got '" + c.model() + "' for " + c.system() + ")");
    }

    static TrainingTask scalar(TrainConfig c) {
        requireDefaultModel(c);
        int T = c.horizon() > 0 ? c.horizon() : 40;
        ScalarExample ex = new ScalarExample(1.2, 1.0, 1.1, 0.8, 0.7, ScalarExample.PolicyClass.TRACKING, T);
        if (!c.plant().equals("real") && !c.plant().equals("model")) throw new IllegalArgumentException("unknown plant '" + c.plant() + "' for scalar; choose real or model");
        Plant plant = new ModelPlant(c.plant().equals("model") ? ex.model : ex.real);
        return new TrainingTask() {
            @Override public String name() { return "scalar"; }
            @Override public TrainingTask replica() { return scalar(c); }
            @Override public DynamicsModel model() { return ex.model; }
            @Override public Plant plant() { return plant; }
            @Override public Policy policy() { return ex.policy; }
            @Override public Reward reward() { return ex.reward; }
            @Override public int horizon() { return T; }
            @Override public void sampleInitialState(RandomGenerator rng, double[] x0) { x0[0] = rng.nextDouble(-1, 1); }
            @Override public double trackingError(Rollout r) {
                double s = 0;
                for (int t = 0; t <= T; t++) s += Math.abs(r.xs[t]);
                return s / (T + 1);
            }
        };
    }

    /** Shared shape of the car and Go1 tasks; {@code policies} builds the policy anew for a replica. */
    record FigureEightTask(String name, DynamicsModel model, Plant plant, Policy policy, Reward reward, int horizon,
                           FigureEight track, int n, Supplier<Policy> policies) implements TrainingTask {
        /** A replica on a new instance of the plant (none for hardware); TrackReward is immutable. */
        @Override
        public TrainingTask replica() {
            Plant p = plant.newInstance();
            return p == null ? null : new FigureEightTask(name, model, p, policies.get(), reward, horizon, track, n, policies);
        }

        /** x_0: the reference's start (origin, heading −π/2, nominal speed) plus a small random offset. */
        @Override
        public void sampleInitialState(RandomGenerator rng, double[] x0) {
            x0[0] = rng.nextDouble(-0.1, 0.1);
            x0[1] = rng.nextDouble(-0.1, 0.1);
            if (n == 4) {
                x0[2] = track.speed() + rng.nextDouble(-0.2, 0.2);
                x0[3] = -Math.PI / 2 + rng.nextDouble(-0.1, 0.1);
            } else {
                x0[2] = -Math.PI / 2 + rng.nextDouble(-0.1, 0.1);
            }
        }

        @Override
        public double trackingError(Rollout r) {
            double s = 0;
            for (int t = 0; t <= r.horizon; t++) s += FigureEight.distanceToPath(r.xs[t * r.n], r.xs[t * r.n + 1]);
            return s / (r.horizon + 1);
        }
    }
}
