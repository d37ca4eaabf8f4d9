package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bindings against MuJoCo itself: closed forms that only hold if mj_loadXML, mj_step, mj_forward,
 * the option fields and the qpos/qvel/time offsets are all right.
 */
class MujocoPhysicsTest {
    static final double G = 9.81;

    static final String FREE_FALL = """
            <mujoco model="free-fall">
              <option timestep="0.001" gravity="0 0 -9.81" integrator="Euler"/>
              <worldbody>
                <body name="ball" pos="0 0 10">
                  <freejoint name="free"/>
                  <geom type="sphere" size="0.05" mass="0.3" contype="0" conaffinity="0"/>
                </body>
              </worldbody>
            </mujoco>""";

    /**
     * MuJoCo's default integrator is semi-implicit Euler: v_{k+1} = v_k + h a, z_{k+1} = z_k + h v_{k+1}.
     * With a = −g: v_N = v0 − N g h and z_N = z0 + N h v0 − g h² N(N+1)/2 exactly, while the continuous
     * fall gives z(t) = z0 + v0 t − g t²/2 at t = N h; the integrator's error is z_N − z(t) = −g h t/2,
     * first order in h.
     */
    @Test
    void aFreeFallingBodyFollowsTheSemiImplicitEulerClosedForm(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        try (MujocoSim sim = MujocoSim.load(MujocoTests.write(tmp, "fall.xml", FREE_FALL))) {
            assertEquals(7, sim.nq());
            assertEquals(6, sim.nv());
            assertEquals(0, sim.nu());
            assertEquals(0.001, sim.timestep());
            assertEquals(-G, sim.gravity(2));
            assertEquals(MujocoBinding.mjINT_EULER, sim.integrator());
            assertEquals(10.0, sim.qpos(2), "qpos0 is the body's pos");
            assertEquals(1.0, sim.qpos(3), "identity quaternion w");
            double h = sim.timestep(), z0 = 10, v0 = 2, x0 = 0.5;
            sim.qpos(0, x0);
            sim.qvel(2, v0);
            sim.forward();
            assertEquals(-G, sim.qacc(2), 1e-12, "mj_forward: qacc = gravity");
            assertEquals(0.0, sim.time(), "forward does not advance time");
            int N = 1000;
            for (int k = 0; k < N; k++) sim.step();
            double t = N * h;
            double discrete = z0 + N * h * v0 - G * h * h * N * (N + 1) / 2.0;
            double continuous = z0 + v0 * t - G * t * t / 2;
            assertEquals(t, sim.time(), 1e-12);
            assertEquals(discrete, sim.qpos(2), 1e-12 * z0, "z_N, exact discrete value");
            assertEquals(v0 - N * G * h, sim.qvel(2), 1e-12, "v_N");
            assertEquals(-G * h * t / 2, sim.qpos(2) - continuous, 1e-11, "the O(h) integration error, exactly −g h t/2");
            assertTrue(Math.abs(sim.qpos(2) - continuous) <= G * h * t / 2 + 1e-11, "within the O(dt) bound");
            assertEquals(x0, sim.qpos(0), 1e-15, "no horizontal motion");
            assertEquals(1.0, sim.qpos(3), 1e-15, "no rotation");
            // mj_step1 + mj_step2 is mj_step.
            try (MujocoSim split = MujocoSim.load(tmp.resolve("fall.xml"))) {
                split.qpos(0, x0);
                split.qvel(2, v0);
                for (int k = 0; k < N; k++) {
                    split.step1();
                    split.step2();
                }
                assertEquals(sim.qpos(2), split.qpos(2), 0.0);
                assertEquals(sim.qvel(2), split.qvel(2), 0.0);
                assertEquals(sim.time(), split.time(), 0.0);
            }
            // mj_resetData: back to qpos0, rest, time 0.
            sim.reset();
            assertEquals(10.0, sim.qpos(2));
            assertEquals(0.0, sim.qvel(2));
            assertEquals(0.0, sim.time());
        }
    }

    static String pendulum(double length, String integrator, double h) {
        return """
                <mujoco model="pendulum">
                  <option timestep="%s" gravity="0 0 -9.81" integrator="%s"/>
                  <worldbody>
                    <body name="bob">
                      <joint name="hinge" type="hinge" axis="0 1 0" damping="0"/>
                      <inertial pos="0 0 -%s" mass="0.5" diaginertia="1e-9 1e-9 1e-9"/>
                    </body>
                  </worldbody>
                </mujoco>""".formatted(h, integrator, length);
    }

    /** Period from upward zero crossings of the angle, linearly interpolated, averaged over several swings. */
    static double measuredPeriod(MujocoSim sim, double theta0, int crossings) {
        sim.qpos(0, theta0);
        double prev = sim.qpos(0), first = Double.NaN, last = Double.NaN;
        int n = 0;
        while (n <= crossings) {
            double tBefore = sim.time();
            sim.step();
            double th = sim.qpos(0);
            if (prev < 0 && th >= 0) {
                double tc = tBefore + (sim.time() - tBefore) * (-prev) / (th - prev);
                if (n == 0) first = tc;
                last = tc;
                n++;
            }
            prev = th;
        }
        return (last - first) / crossings;
    }

    /**
     * Small-angle period of a pendulum, 2π √((m L² + I)/(m g L)) (1 + θ0²/16 + 11 θ0⁴/3072): the simple
     * pendulum's 2π √(L/g) lengthened by the bob's own inertia I = 1e-9 kg·m² (I/(2 m L²) = 1.6e-8
     * relative at L = 0.25 m) and by the 0.02 rad amplitude (θ0²/16 = 2.5e-5); for two lengths and
     * both integrators. Semi-implicit Euler on θ̈ = −ω²θ has the discrete period 2πh / acos(1 − (ωh)²/2),
     * shorter than the continuous one by (ωh)²/24 (4e-7 at L = 1 m, h = 1 ms): it must match that too.
     * Measured (deterministic): Euler vs its discrete period 5.7e-11 (L = 1 m) and 5.3e-10 (0.25 m),
     * RK4 vs the closed form 2.3e-11 and 1.5e-10 relative; bounds 2e-9 and 5e-10.
     */
    @Test
    void aPendulumsSmallAnglePeriodIsTheClosedForm(@TempDir Path tmp) throws Exception {
        MujocoTests.assumeMujoco();
        for (double length : new double[] {1.0, 0.25}) {
            for (String integrator : new String[] {"Euler", "RK4"}) {
                try (MujocoSim sim = MujocoSim.load(MujocoTests.write(tmp, "p.xml", pendulum(length, integrator, 1e-3)))) {
                    double mass = 0.5, inertia = 1e-9, a2 = 0.02 * 0.02, amplitude = 1 + a2 / 16 + 11 * a2 * a2 / 3072;
                    double expected = 2 * Math.PI * Math.sqrt((mass * length * length + inertia) / (mass * G * length)) * amplitude;
                    double measured = measuredPeriod(sim, 0.02, 5);
                    double rel = Math.abs(measured - expected) / expected;
                    System.out.printf("pendulum L=%.2f m, %s: period %.6f s, closed form %.6f s, relative error %.2e%n",
                            length, integrator, measured, expected, rel);
                    assertTrue(rel < 0.01, "within 1 %: " + rel);
                    double w = Math.sqrt(mass * G * length / (mass * length * length + inertia)), h = sim.timestep();
                    if (integrator.equals("Euler")) {
                        double discrete = 2 * Math.PI * h / Math.acos(1 - w * w * h * h / 2) * amplitude;
                        assertEquals(discrete, measured, 2e-9 * expected, "semi-implicit Euler's own period");
                        assertTrue(measured < expected, "symplectic Euler's period is shorter");
                    } else {
                        assertTrue(rel < 5e-10, "RK4: " + rel);
                    }
                }
            }
        }
    }
}
