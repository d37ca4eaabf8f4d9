package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.feedbackrl.experiment.Evaluation;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MuJoCo car: the model's numbers, the command mapping, and the physics that come from contact. */
class MujocoCarTest {
    static final double G = 9.81, MU = 1.3, MASS = 3.74, H_CG = 0.074;

    /** ω that gives a zero wheel angle (cancels the steering bias). */
    static double straight(MujocoCar car) {
        return -car.mapping().steerBias() / car.mapping().steerGain();
    }

    @Test
    void theModelHasTheOneTenthCarsNumbers() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            MujocoSim s = car.sim();
            double mass = 0;
            for (int b = 1; b < s.nbody(); b++) mass += s.bodyMass(b);
            assertEquals(MASS, mass, 1e-12, "total mass");
            assertEquals(0.15875 + 0.17145, car.wheelbase(), 1e-12, "wheelbase");
            assertEquals(0.12, car.halfTrack(), 1e-12, "half track");
            assertTrue(car.wheelRadius() > 0.049 && car.wheelRadius() < 0.05, "settled wheel centre " + car.wheelRadius());
            assertEquals(20, car.substeps());
            assertEquals(6, s.nu());
            assertEquals(4, s.na(), "the four lagged motors");
        }
    }

    /**
     * Straight ahead the wheels roll without slip at steady speed, so the motor's torque balances its
     * back-EMF damping: gear·a = damping·v/r, v = a·gear·r/damping (4.5 m/s at full throttle).
     * From rest the acceleration never exceeds what four motors at full torque give, 4·gear·a/(r m).
     */
    @Test
    void throttleGivesTheDriveTrainsSteadySpeed() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            MujocoSim s = car.sim();
            double gear = s.actuatorGear(s.id(MujocoBinding.mjOBJ_ACTUATOR, "drive_rl"));
            double damping = s.dofDamping(s.jointDofAdr(s.id(MujocoBinding.mjOBJ_JOINT, "spin_rl")));
            double[] x = new double[4];
            for (double a : new double[] {0.3, 0.6, 1.0}) {
                car.reset(new double[] {0, 0, 0, 0}, 0);
                double vPrev = 0, peak = 0;
                for (int t = 0; t < 400; t++) {
                    car.step(new double[] {a, straight(car)});
                    car.observe(x);
                    peak = Math.max(peak, (x[2] - vPrev) / car.dt());
                    vPrev = x[2];
                }
                double expected = a * gear * car.wheelRadius() / damping;
                System.out.printf("throttle %.1f: %.3f m/s after 8 s (rolling balance %.3f), peak acceleration %.2f m/s², heading %.4f rad%n",
                        a, x[2], expected, peak, x[3]);
                assertEquals(expected, x[2], 0.01 * expected, "steady speed at throttle " + a);   // measured +0.35 % at each throttle
                assertTrue(peak <= 4 * gear * a / (car.wheelRadius() * MASS), "acceleration " + peak + " within the motors' torque");
                assertTrue(peak > 0.5 * 4 * gear * a / (car.wheelRadius() * MASS), "and most of it reaches the floor: " + peak);
                assertTrue(Math.abs(x[3]) < 0.05, "drives straight when the bias is cancelled: heading " + x[3]);
            }
        }
    }

    /**
     * Slowly, the car turns on the Ackermann circle of its wheel angle: curvature tan(δ)/L with
     * δ = steerGain·ω + steerBias. MuJoCo's tyres stick until their friction budget μ·N is used (no
     * pneumatic slip angle), so at 4 m/s the car still holds that circle while v²·κ &lt; μ g, and beyond
     * the grip it slides: it runs wider than the circle and its lateral acceleration stays at ≈ μ g
     * however much steering is asked.
     */
    @Test
    void steeringFollowsTheKinematicCircleSlowlyAndSlipsAtSpeed() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            MujocoSim s = car.sim();
            double[] x = new double[4];
            for (double w : new double[] {0.2, 0.5, 1.0}) {
                double delta = Math.min(car.mapping().maxSteer(), car.mapping().steerGain() * w + car.mapping().steerBias());
                double kinematic = Math.tan(delta) / car.wheelbase();
                car.reset(new double[] {0, 0, 0.5, 0}, 0);
                double hold = car.holdingThrottle(0.5);
                for (int t = 0; t < 300; t++) car.step(new double[] {hold, w});
                car.observe(x);
                double slow = s.qvel(5) / x[2];
                car.reset(new double[] {0, 0, 4.0, 0}, 0);
                double maxLat = 0;
                for (int t = 0; t < 150; t++) {
                    car.step(new double[] {1.0, w});
                    car.observe(x);
                    maxLat = Math.max(maxLat, Math.abs(x[2] * s.qvel(5)));
                }
                double fast = s.qvel(5) / x[2];
                System.out.printf("steering %.1f: kinematic curvature %.3f 1/m, at 0.5 m/s %.3f, at %.2f m/s %.3f; peak lateral acceleration %.2f m/s²%n",
                        w, kinematic, slow, x[2], fast, maxLat);
                assertEquals(kinematic, slow, 0.01 * kinematic, "slow curvature at ω = " + w);   // measured −0.11 .. −0.25 %
                // v·r is the lateral acceleration in a steady turn; while the car slides it can overshoot a little.
                assertTrue(maxLat <= MU * G * 1.1, "lateral acceleration " + maxLat + " capped by the grip");
                if (x[2] * x[2] * kinematic < 0.8 * MU * G) {
                    assertEquals(kinematic, fast, 0.01 * kinematic, "within the grip the tyres hold the circle at " + x[2] + " m/s");   // measured −0.21 %
                } else {
                    assertTrue(fast < 0.97 * kinematic, "beyond the grip the car slides wide: " + fast + " vs " + kinematic);
                    assertTrue(maxLat > 0.85 * MU * G, "sliding on the grip limit: peak " + maxLat);
                }
            }
        }
    }

    /**
     * Load transfer from the contact forces: in a steady left turn the right (outer) tyres carry more
     * of the weight, by about m a_y h / track between the two sides (rigid chassis, no suspension); the
     * four normal forces add up to the weight.
     */
    @Test
    void corneringMovesLoadToTheOuterTyres() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            MujocoSim s = car.sim();
            double[] x = new double[4], f = new double[6];
            car.reset(new double[] {0, 0, 2.0, 0}, 0);
            double hold = car.holdingThrottle(2.0);
            for (int t = 0; t < 200; t++) car.step(new double[] {hold * 1.1, 0.4});
            car.observe(x);
            double ay = x[2] * s.qvel(5);
            double left = 0, right = 0, total = 0;
            int tyreFl = s.id(MujocoBinding.mjOBJ_GEOM, "tyre_fl"), tyreRl = s.id(MujocoBinding.mjOBJ_GEOM, "tyre_rl");
            for (int i = 0; i < s.contactCount(); i++) {
                s.contactForce(i, f);
                int g = s.contactGeom(i, 1);
                total += f[0];
                if (g == tyreFl || g == tyreRl) left += f[0];
                else right += f[0];
            }
            double expected = MASS * ay * H_CG / (2 * car.halfTrack());
            System.out.printf("left turn at %.2f m/s, a_y %.2f m/s²: left tyres %.2f N, right %.2f N (transfer %.2f N, rigid-body estimate %.2f N), total %.2f N (weight %.2f N)%n",
                    x[2], ay, left, right, (right - left) / 2, expected, total, MASS * G);
            assertTrue(ay > 2, "turning: a_y " + ay);
            // Measured: the normal forces sum to the weight within 1.4e-10 relative, the transfer is 4.2 % above the rigid-body estimate.
            assertEquals(MASS * G, total, 1e-9 * MASS * G, "normal forces carry the weight");
            assertEquals(expected, (right - left) / 2, 0.1 * expected, "load transfer to the outer side");
        }
    }

    @Test
    void theNominalControllerKeepsTheCarOnTheFigureEight(@TempDir Path tmp) {
        MujocoTests.assumeMujoco();
        TrainConfig c = new TrainConfig("car", "mujoco", 1, 1, 5e-3, "adam", 0, 1, false, tmp, false, 0, 64);
        TrainingTask task = Tasks.create(c);
        try {
            FigureEight track = new FigureEight(5.5);
            Evaluation.Result r = Evaluation.run(task, new double[] {0, 0, track.speed(), -Math.PI / 2}, 550, 0);
            double worst = 0;
            for (int t = 0; t < r.xs().length; t++) worst = Math.max(worst, FigureEight.distanceToPath(r.xs()[t], r.ys()[t]));
            System.out.printf("nominal controller on the MuJoCo car, two laps: mean distance %.4f m, worst %.3f m, first lap %.2f s%n",
                    r.trackingError(), worst, r.lapTime());
            assertTrue(r.trackingError() > 0.03 && r.trackingError() < 0.15, "on the track but not on the line: " + r.trackingError());
            assertTrue(worst < 0.4, "worst distance " + worst);
            assertEquals(5.5, r.lapTime(), 0.5, "lap time");
        } finally {
            task.plant().close();
        }
    }

    @Test
    void commandsActOneControlPeriodLateAndTheHeadingIsContinuous() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            MujocoSim s = car.sim();
            int drive = s.id(MujocoBinding.mjOBJ_ACTUATOR, "drive_fr"), steer = s.id(MujocoBinding.mjOBJ_ACTUATOR, "steer_left");
            car.reset(new double[] {1, 2, 1.0, 0.3}, 0);
            double[] x = new double[4];
            car.observe(x);
            assertArrayEquals(new double[] {1, 2, 1.0, 0.3}, x, 0.01, "reset puts the car where asked");
            double hold = s.ctrl(drive);
            assertEquals(car.holdingThrottle(1.0), hold, 1e-12);
            car.step(new double[] {0.9, 1.0});
            assertEquals(hold, s.ctrl(drive), 0.0, "first step still runs the queued (holding) command");
            car.step(new double[] {0.9, 1.0});
            assertEquals(0.9, s.ctrl(drive), 0.0, "the command arrives one period late");
            assertEquals(car.ackermann(car.mapping().maxSteer(), +1), s.ctrl(steer), 1e-12, "full steering: full lock, inner (left) wheel steeper");
            assertTrue(s.ctrl(steer) > car.mapping().maxSteer());
            // Circle left for 12 s: the heading keeps growing past ±π (several turns), no wrap.
            double prev = 0.3;
            for (int t = 0; t < 600; t++) {
                car.step(new double[] {0.5, 1.0});
                car.observe(x);
                assertTrue(Math.abs(x[3] - prev) < 0.5, "heading jumps at step " + t);
                prev = x[3];
            }
            assertTrue(x[3] > 0.3 + 4 * Math.PI, "two full turns or more: " + x[3]);
        }
    }

    @Test
    void rolloutsAreDeterministic() {
        MujocoTests.assumeMujoco();
        try (MujocoCar a = new MujocoCar(); MujocoCar b = new MujocoCar()) {
            double[] xa = new double[4], xb = new double[4];
            for (MujocoCar car : new MujocoCar[] {a, b, a}) car.reset(new double[] {0.05, -0.02, 3.3, -1.5}, 9);
            a.reset(new double[] {0.05, -0.02, 3.3, -1.5}, 1);
            for (int t = 0; t < 200; t++) {
                double[] u = {0.7 + 0.2 * Math.sin(t * 0.1), 0.6 * Math.cos(t * 0.05)};
                a.step(u);
                b.step(u);
            }
            a.observe(xa);
            b.observe(xb);
            assertArrayEquals(xa, xb, 0.0, "two plants, and one plant reset after use, agree bit for bit");
        }
    }

    @Test
    void anMjcfWithoutTheCarsPartsIsRefusedNamingThem(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        int live = MujocoSim.live();
        String xml;
        try (var in = MujocoCarTest.class.getResourceAsStream(MujocoCar.RESOURCE)) {
            xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Path f = tmp.resolve("car.xml");
        Files.writeString(f, xml.replace("name=\"drive_rr\"", "name=\"motor_rr\"").replace("name=\"steer_left\"", "name=\"servo_left\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MujocoCar(f, MujocoCar.Mapping.defaults()));
        assertTrue(e.getMessage().contains("actuator 'steer_left'") && e.getMessage().contains("actuator 'drive_rr'")
                && e.getMessage().contains("does not fit the car"), e.getMessage());
        assertEquals(live, MujocoSim.live(), "the refused model is freed at once");
    }
}
