package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.feedbackrl.model.DoublePendulum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MuJoCo pendulum is the analytic {@link DoublePendulum#trueSystem()} plus exactly what its MJCF
 * says it adds: checked through MuJoCo's accelerations and its integrator, step by step.
 */
class MujocoPendulumTest {
    /** Inertia of each bob about the hinge axis through its centre (double_pendulum.xml). */
    static final double BOB = 1e-6;

    /**
     * The analytic acceleration with MuJoCo's extras: (M(q) + B + diag(armature) + h·diag(damping)) q̈ =
     * τ − c − g − diag(damping) q̇, where B = BOB·[[2, 1], [1, 1]] is the bobs' own inertia (bob 1 turns
     * with q1, bob 2 with q1 + q2) and the h·damping term is the Euler integrator's implicit damping
     * (h = 0 for mj_forward's qacc).
     */
    static void acceleration(DoublePendulum p, double[] x, double[] u, double arm, double damp, double h, double[] out) {
        double[] mm = new double[4], c = new double[2], g = new double[2];
        p.massMatrix(x, mm);
        p.coriolis(x, c);
        p.gravityTorque(x, g);
        double a11 = mm[0] + 2 * BOB + arm + h * damp, a12 = mm[1] + BOB, a22 = mm[3] + BOB + arm + h * damp;
        double r1 = u[0] - c[0] - g[0] - damp * x[2], r2 = u[1] - c[1] - g[1] - damp * x[3];
        double det = a11 * a22 - a12 * a12;
        out[0] = (a22 * r1 - a12 * r2) / det;
        out[1] = (a11 * r2 - a12 * r1) / det;
    }

    @Test
    void theMjcfIsTheAnalyticTrueSystemPlusDampingAndArmature() {
        MujocoTests.assumeMujoco();
        DoublePendulum truth = DoublePendulum.trueSystem();
        try (MujocoPendulum plant = new MujocoPendulum()) {
            MujocoSim sim = plant.sim();
            assertEquals(0.01, sim.dofDamping(0));
            assertEquals(0.005, sim.dofArmature(1));
            assertEquals(0.1, sim.bodyMass(1), 1e-15);
            assertEquals(0.1, sim.bodyMass(2), 1e-15);
            assertEquals(-1.0, sim.gravity(2));
            assertEquals(5, plant.substeps());
            SplittableRandom rng = new SplittableRandom(7);
            double[] x = new double[4], u = new double[2], expected = new double[2];
            for (boolean extras : new boolean[] {false, true}) {
                double arm = extras ? 0.005 : 0, damp = extras ? 0.01 : 0;
                for (int i = 0; i < 2; i++) {
                    sim.dofArmature(i, arm);
                    sim.dofDamping(i, damp);
                }
                for (int k = 0; k < 50; k++) {
                    for (int i = 0; i < 4; i++) x[i] = rng.nextDouble(-Math.PI, Math.PI);
                    u[0] = rng.nextDouble(-0.9, 0.9);
                    u[1] = rng.nextDouble(-0.9, 0.9);
                    for (int i = 0; i < 2; i++) {
                        sim.qpos(i, x[i]);
                        sim.qvel(i, x[2 + i]);
                        sim.ctrl(i, u[i]);
                    }
                    sim.forward();
                    acceleration(truth, x, u, arm, damp, 0, expected);
                    assertEquals(expected[0], sim.qacc(0), 1e-10 * (1 + Math.abs(expected[0])), "q1'' at " + java.util.Arrays.toString(x));
                    assertEquals(expected[1], sim.qacc(1), 1e-10 * (1 + Math.abs(expected[1])), "q2'' at " + java.util.Arrays.toString(x));
                }
            }
            // Without the extras and the bobs' inertia MuJoCo's qacc is the analytic model's acceleration to ~1e-5.
            for (int i = 0; i < 2; i++) {
                sim.dofArmature(i, 0);
                sim.dofDamping(i, 0);
            }
            x = new double[] {2.5, -0.7, 0.3, -1.1};
            u = new double[] {0.2, -0.1};
            for (int i = 0; i < 2; i++) {
                sim.qpos(i, x[i]);
                sim.qvel(i, x[2 + i]);
                sim.ctrl(i, u[i]);
            }
            sim.forward();
            truth.acceleration(x, u, expected);
            assertEquals(expected[0], sim.qacc(0), 1e-4 * Math.abs(expected[0]));
            assertEquals(expected[1], sim.qacc(1), 1e-4 * Math.abs(expected[1]));
        }
    }

    /**
     * One control step of the plant is five MuJoCo Euler steps: q̇ += h q̈ (damping implicit), q += h q̇.
     * Replayed here with the analytic acceleration, over 3 s of a closed-loop-free swing with torques.
     */
    @Test
    void aControlStepIsFiveSemiImplicitEulerStepsWithImplicitDamping() {
        MujocoTests.assumeMujoco();
        DoublePendulum truth = DoublePendulum.trueSystem();
        try (MujocoPendulum plant = new MujocoPendulum()) {
            double h = plant.sim().timestep();
            double[] x = {Math.PI - 0.3, 0.4, 0.2, -0.1}, mine = x.clone(), obs = new double[4], u = new double[2], acc = new double[2];
            plant.reset(x, 0);
            double worst = 0;
            for (int t = 0; t < 300; t++) {
                u[0] = 0.3 * Math.sin(0.05 * t);
                u[1] = -0.2 * Math.cos(0.03 * t);
                plant.step(u);
                for (int k = 0; k < 5; k++) {
                    acceleration(truth, mine, u, 0.005, 0.01, h, acc);
                    mine[2] += h * acc[0];
                    mine[3] += h * acc[1];
                    mine[0] += h * mine[2];
                    mine[1] += h * mine[3];
                }
                plant.observe(obs);
                for (int i = 0; i < 4; i++) worst = Math.max(worst, Math.abs(obs[i] - mine[i]));
            }
            assertEquals(3.0, plant.sim().time(), 1e-9);
            assertTrue(worst < 1e-9, "MuJoCo vs replayed semi-implicit Euler, worst difference " + worst);
        }
    }

    @Test
    void torquesAreLimitedToTheActuatorRange() {
        MujocoTests.assumeMujoco();
        try (MujocoPendulum plant = new MujocoPendulum()) {
            MujocoSim sim = plant.sim();
            assertTrue(sim.actuatorCtrlLimited(0) && sim.actuatorCtrlLimited(1));
            assertEquals(-1.0, sim.actuatorCtrlRange(0, 0));
            assertEquals(1.0, sim.actuatorCtrlRange(1, 1));
            plant.reset(new double[] {Math.PI, 0, 0, 0}, 0);
            plant.step(new double[] {5, -0.4});
            assertEquals(1.0, sim.actuatorForce(0), 0.0, "clamped to +1 N·m");
            assertEquals(-0.4, sim.actuatorForce(1), 0.0, "inside the range: passed through");
            assertThrows(IllegalArgumentException.class, () -> plant.step(new double[] {Double.NaN, 0}));
        }
    }

    /**
     * A diverged simulation is a fault, in MuJoCo's own words (its warning, caught by the upcall handler
     * instead of being printed and appended to MUJOCO_LOG.TXT), not a silently reset state.
     */
    @Test
    void aDivergedSimulationIsAPlantFaultWithMujocosWarning() {
        MujocoTests.assumeMujoco();
        try (MujocoPendulum plant = new MujocoPendulum()) {
            plant.reset(new double[] {Math.PI, 0, 2e10, 0}, 0);   // beyond mjMAXVAL = 1e10
            org.feedbackrl.rollout.PlantFault f = assertThrows(org.feedbackrl.rollout.PlantFault.class, () -> plant.step(new double[] {0, 0}));
            assertTrue(f.getMessage().contains("Nan, Inf or huge value in QVEL") && f.getMessage().contains("t = "), f.getMessage());
            plant.reset(new double[] {Math.PI, 0, 0, 0}, 0);
            plant.step(new double[] {0, 0});       // usable again after a reset
            assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("MUJOCO_LOG.TXT")), "MuJoCo's default handler would have written MUJOCO_LOG.TXT");
        }
    }

    /**
     * A two-link chain of joints "a" and "b" (b always a hinge), with the given first joint type, the
     * joints the two motors drive (in actuator order) and an optional element before the worldbody.
     */
    static String twoLinks(String option, String firstJoint, String motor0, String motor1) {
        return """
                <mujoco>%s<worldbody><body><joint name="a" type="%s"/><geom size="0.1" mass="1"/>
                <body pos="0 0 -1"><joint name="b" type="hinge"/><geom size="0.1" mass="1"/></body></body></worldbody>
                <actuator><motor joint="%s"/><motor joint="%s"/></actuator></mujoco>""".formatted(option, firstJoint, motor0, motor1);
    }

    /** The message of the IllegalArgumentException a pendulum from this MJCF is refused with. */
    static String refusal(Path tmp, String name, String xml) throws Exception {
        Path f = MujocoTests.write(tmp, name, xml);
        return assertThrows(IllegalArgumentException.class, () -> new MujocoPendulum(f)).getMessage();
    }

    @Test
    void anMjcfOfTheWrongShapeIsRefusedWithItsSizes(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        int live = MujocoSim.live();
        // The right shape loads: each refusal below comes from the one thing changed.
        new MujocoPendulum(MujocoTests.write(tmp, "right.xml", twoLinks("", "hinge", "a", "b"))).close();
        String m = refusal(tmp, "three.xml", """
                <mujoco><worldbody><body><joint name="a" type="hinge"/><geom size="0.1" mass="1"/>
                <body pos="0 0 -1"><joint name="b" type="hinge"/><geom size="0.1" mass="1"/>
                <body pos="0 0 -1"><joint name="c" type="hinge"/><geom size="0.1" mass="1"/></body></body></body></worldbody>
                <actuator><motor joint="a"/><motor joint="b"/></actuator></mujoco>""");
        assertTrue(m.contains("nq = 3, nv = 3, nu = 2, 3 joints") && m.contains("needs 2 hinge joints"), m);
        m = refusal(tmp, "slide.xml", twoLinks("", "slide", "a", "b"));
        assertTrue(m.contains("joint 0 is not a hinge"), m);
        m = refusal(tmp, "swapped.xml", twoLinks("", "hinge", "b", "a"));
        assertTrue(m.contains("actuator 0 drives joint 1"), m);
        m = refusal(tmp, "odd.xml", twoLinks("<option timestep=\"0.003\"/>", "hinge", "a", "b"));
        assertTrue(m.contains("does not divide the 0.01 s control period"), m);
        assertEquals(live, MujocoSim.live(), "refused models are freed at once");
    }
}
