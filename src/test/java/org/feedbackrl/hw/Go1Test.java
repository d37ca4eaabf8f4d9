package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import org.junit.jupiter.api.Test;

/** Go1 shim with the simulated robot: command path, HighCmd contents, lag/deadband, dead-man. */
class Go1Test {

    static Go1.Config quietSim() {
        Go1.Config c = new Go1.Config();
        c.simNoise = 0;
        c.simDriftYaw = 0;
        c.simDriftSide = 0;
        return c;
    }

    @Test
    void walkCommandReachesHighCmdAndTheSimFollowsWithFirstOrderLag() {
        try (Go1 go1 = Go1.open(quietSim())) {
            Go1.State s = new Go1.State();
            long t0 = Pca9685.monotonicNanos();
            go1.command(Go1.MODE_WALK, 0.5, 0.3);
            int n = 40; // 80 ms at 500 Hz, inside the 100 ms dead-man window
            for (int k = 0; k < n; k++) assertFalse(go1.tick(t0 + k * 2_000_000L));
            go1.read(s);
            assertEquals(n, s.ticks);
            assertEquals(Go1.MODE_WALK, s.sentMode);
            assertEquals(0.5, s.sentVx, 1e-7);
            assertEquals(0.3, s.sentVyaw, 1e-7);
            assertEquals(Go1.MODE_WALK, s.mode);
            assertEquals(Go1.GAIT_TROT, s.gaitType);
            // v_n = v* (1 - exp(-n dt / tau)) for a first-order lag stepped exactly.
            assertEquals(0.5 * (1 - Math.exp(-n * 0.002 / 0.25)), s.vx, 1e-12);
            assertEquals(0.3 * (1 - Math.exp(-n * 0.002 / 0.15)), s.vyaw, 1e-6);
            assertTrue(s.x > 0 && s.yaw > 0);

            // Raw packet through the SDK layouts: HighCmd.velocity[0], head and levelFlag.
            MemorySegment cmd = go1.rawState().asSlice(Go1Binding.ST_HIGH_CMD, UnitreeLayouts.HIGH_CMD.byteSize());
            VarHandle vel = UnitreeLayouts.HIGH_CMD.varHandle(PathElement.groupElement("velocity"), PathElement.sequenceElement(0));
            assertEquals(0.5f, (float) vel.get(cmd, 0L));
            VarHandle head = UnitreeLayouts.HIGH_CMD.varHandle(PathElement.groupElement("head"), PathElement.sequenceElement(1));
            assertEquals((byte) 0xEF, (byte) head.get(cmd, 0L));
            VarHandle level = UnitreeLayouts.HIGH_CMD.varHandle(PathElement.groupElement("levelFlag"));
            assertEquals((byte) 0xEE, (byte) level.get(cmd, 0L));
        }
    }

    @Test
    void belowMinimumSpeedTheRobotDoesNotMove() {
        try (Go1 go1 = Go1.open(quietSim())) {
            long t0 = Pca9685.monotonicNanos();
            go1.command(Go1.MODE_WALK, 0.15, 0);
            for (int k = 0; k < 40; k++) go1.tick(t0 + k * 2_000_000L);
            Go1.State s = new Go1.State();
            go1.read(s);
            assertEquals(0.15, s.sentVx, 1e-7);
            assertEquals(0, s.vx);
            assertEquals(0, s.x);
        }
    }

    @Test
    void commandsAreClamped() {
        try (Go1 go1 = Go1.open(quietSim())) {
            go1.command(Go1.MODE_WALK, 7, -9);
            go1.tick(Pca9685.monotonicNanos());
            Go1.State s = new Go1.State();
            go1.read(s);
            assertEquals(1.0, s.sentVx, 1e-7);
            assertEquals(-3.0, s.sentVyaw, 1e-7);
            go1.command(42, 0.5, 0.5); // unknown mode is sent as 0
            go1.tick(Pca9685.monotonicNanos());
            go1.read(s);
            assertEquals(0, s.sentMode);
            assertEquals(0, s.sentVx);
        }
    }

    @Test
    void deadmanStepByStep() {
        try (Go1 go1 = Go1.open(quietSim())) {
            Go1.State s = new Go1.State();
            long t0 = Pca9685.monotonicNanos();
            go1.command(Go1.MODE_WALK, 0.6, 0);
            assertFalse(go1.tick(t0));
            assertFalse(go1.tick(t0 + 99_000_000L));
            assertTrue(go1.tick(t0 + 101_000_000L));
            go1.read(s);
            assertTrue(s.deadmanActive);
            assertEquals(1, s.deadmanTrips);
            assertEquals(Go1.MODE_IDLE, s.sentMode, "dead-man sends mode 0");
            assertEquals(0, s.sentVx);
            assertEquals(0, s.sentVyaw);
            assertEquals(101_000_000L, s.deadmanAgeNanos);
            go1.command(Go1.MODE_WALK, 0.6, 0);
            assertFalse(go1.tick(t0 + 102_000_000L));
            go1.read(s);
            assertFalse(s.deadmanActive);
            assertEquals(Go1.MODE_WALK, s.sentMode);
        }
    }

    @Test
    void deadmanOnTheNativeThreadWhenJavaStopsRefreshing() throws InterruptedException {
        Go1.Config cfg = new Go1.Config(); // default sim with drift and noise, seed 1
        try (Go1 go1 = Go1.open(cfg)) {
            Go1.State s = new Go1.State();
            go1.start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            do {
                go1.command(Go1.MODE_WALK, 0.5, 0.1);
                Thread.sleep(5);
                go1.read(s);
            } while ((s.sentMode != Go1.MODE_WALK || s.vx < 0.2) && System.nanoTime() < deadline);
            assertEquals(Go1.MODE_WALK, s.sentMode);
            assertTrue(s.vx >= 0.2, "robot is walking: vx = " + s.vx);
            // Simulated JVM pause: no more commands.
            do {
                Thread.sleep(10);
                go1.read(s);
            } while (!s.deadmanActive && System.nanoTime() < deadline + 5_000_000_000L);
            assertTrue(s.deadmanActive);
            assertEquals(Go1.MODE_IDLE, s.sentMode);
            assertEquals(0, s.sentVx);
            assertTrue(s.deadmanAgeNanos > 100_000_000L);
            System.out.printf("Go1 dead-man engaged at command age %.1f ms (timeout 100 ms, period 2 ms)%n", s.deadmanAgeNanos / 1e6);
            go1.stop();
        }
    }

    @Test
    void unitreeBackendIsReportedMissingWithoutTheSdk() {
        if (Go1.backendAvailable(Go1Binding.BACKEND_UNITREE)) return; // built with -Dunitree.sdk
        Go1.Config cfg = new Go1.Config();
        cfg.backend = Go1Binding.BACKEND_UNITREE;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go1.open(cfg));
        assertTrue(e.getMessage().contains("-Dunitree.sdk"), e.getMessage());
    }
}
