package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.feedbackrl.testsupport.SteadyState;
import org.junit.jupiter.api.Test;

/**
 * The step through FFM allocates nothing on the Java heap once warm: the plants' step/observe
 * (ctrl writes, the mj_step downcalls with invokeExact, qpos/qvel reads, the warning counter) and a
 * bare {@link MujocoSim#step()}.
 */
class MujocoAllocationTest {

    /** Warm until 3 loops in a row allocate nothing (at most 20), then measure one loop; at most 5 windows (a late recompilation). */
    static long warmAllocation(Runnable loop) {
        return SteadyState.bytes("MujocoAllocationTest", loop, 3, 20, loop, 5);
    }

    @Test
    void pendulumStepAllocatesNothing() {
        MujocoTests.assumeMujoco();
        try (MujocoPendulum p = new MujocoPendulum()) {
            double[] x = new double[4], u = new double[2];
            p.reset(new double[] {Math.PI - 0.1, 0.05, 0, 0}, 0);
            Runnable loop = () -> {
                for (int k = 0; k < 3000; k++) {
                    p.observe(x);
                    u[0] = 0.05 * Math.sin(k * 0.01) - 0.5 * (x[0] - Math.PI);
                    u[1] = -0.5 * x[1];
                    p.step(u);
                }
            };
            assertEquals(0L, warmAllocation(loop), "bytes allocated by 3000 warm pendulum control steps (15000 mj_step)");
        }
    }

    @Test
    void carStepAllocatesNothing() {
        MujocoTests.assumeMujoco();
        try (MujocoCar car = new MujocoCar()) {
            double[] x = new double[4], u = {0.6, 0.3};
            car.reset(new double[] {0, 0, 1, 0}, 0);
            Runnable loop = () -> {
                for (int k = 0; k < 500; k++) {
                    u[1] = (k & 64) == 0 ? 0.3 : -0.3;
                    car.step(u);
                    car.observe(x);
                }
            };
            assertEquals(0L, warmAllocation(loop), "bytes allocated by 500 warm car control steps (10000 mj_step with contacts)");
        }
    }

    @Test
    void bareSimStepAndStateAccessAllocateNothing() {
        MujocoTests.assumeMujoco();
        try (MujocoPendulum p = new MujocoPendulum()) {
            MujocoSim s = p.sim();
            double[] sink = new double[1];
            Runnable loop = () -> {
                for (int k = 0; k < 5000; k++) {
                    s.ctrl(0, 0.01);
                    s.step1();
                    s.step2();
                    s.step();
                    sink[0] += s.qpos(0) + s.qvel(1) + s.time() + s.qacc(0) + s.warningCount(MujocoBinding.mjWARN_BADQACC);
                }
                s.reset();
            };
            assertEquals(0L, warmAllocation(loop), "bytes allocated by 5000 warm step1/step2/step rounds");
        }
    }
}
