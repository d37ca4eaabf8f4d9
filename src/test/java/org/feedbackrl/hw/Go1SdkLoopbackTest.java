package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.feedbackrl.hw.Go1StandIn.Packet;
import org.feedbackrl.hw.Go1StandIn.Reply;
import org.feedbackrl.rollout.PlantFault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Go1 shim linked with the real Unitree SDK (go1 branch, 3.8), end to end on loopback against a
 * stand-in robot written in the test ({@link Go1StandIn}: 127.0.0.1, ephemeral port, the SDK's
 * wire format and CRC, field offsets from the SDK's own comm.h).
 */
class Go1SdkLoopbackTest {

    @BeforeEach     // per test, so that a shim without the SDK shows as skipped tests (a skipped @BeforeAll reports 0 run)
    void sdk() throws Exception {
        SdkLayout.requireSdk();
        SdkLayout.offsets();
    }

    static Go1.Config config(int robotPort) {
        Go1.Config c = new Go1.Config();
        c.backend = Go1Binding.BACKEND_UNITREE;
        c.targetIp = "127.0.0.1";
        c.targetPort = robotPort;
        c.localPort = 0;
        return c;
    }

    /** Commands for a while, refreshing every 5 ms (well inside the 100 ms dead-man). */
    static void hold(Go1 go1, int mode, double vx, double vyaw, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            go1.command(mode, vx, vyaw);
            Thread.sleep(5);
        }
    }

    /**
     * Commands mode 0 every 5 ms until at least {@code received} valid states have arrived (at most
     * 5 s) and returns the state then (the caller checks it).
     */
    static Go1.State awaitState(Go1 go1, long received) throws InterruptedException {
        Go1.State s = new Go1.State();
        long end = System.nanoTime() + 5_000_000_000L;
        do {
            go1.command(Go1.MODE_IDLE, 0, 0);
            Thread.sleep(5);
            go1.read(s);
        } while ((!s.haveState || s.received < received) && System.nanoTime() < end);
        return s;
    }

    record Wire(int mode, int gait, float vx, float vyaw) {
        static Wire of(Packet p) { return new Wire(p.mode(), p.gait(), p.vx(), p.yawSpeed()); }
    }

    static final Wire NEUTRAL = new Wire(0, 0, 0f, 0f);

    @Test
    void theSdkStateMachineIsWhatTheStandInImplements() {
        // The STM32 CRC-32 test vector (one word 0x12345678 -> 0xDF8A8A2B) and the encryption's inverse.
        ByteBuffer b = Go1StandIn.le(new byte[] {0x78, 0x56, 0x34, 0x12});
        assertEquals(0xDF8A8A2B, Go1StandIn.crc32(b, 1));
        assertEquals(0x00FF0000, Go1StandIn.swap(0x000000FF, 0, 2));
        assertEquals(0x12345678 ^ 0xEDCAB9DE, Go1StandIn.swap(Go1StandIn.swap(Go1StandIn.swap(Go1StandIn.encrypt(0x12345678), 0, 2), 1, 2), 0, 3));
    }

    @Test
    void everyCommandReachesTheRobotExactlyAtTheOffsetsOfCommH() throws Exception {
        // mode, vx, vyaw commanded -> what must be on the wire (clamped to ±1 m/s, ±3 rad/s; stand and stop carry zero velocities)
        double[][] commanded = {{2, 0.4, 0.2}, {2, -0.3, 1.5}, {1, 0.7, 0.7}, {2, 1.7, -4.0}, {2, 0.123456789, -0.987654321}, {0, 0.5, 0.5}};
        Wire[] expected = {new Wire(2, 1, 0.4f, 0.2f), new Wire(2, 1, -0.3f, 1.5f), new Wire(1, 0, 0f, 0f), new Wire(2, 1, 1.0f, -3.0f),
                new Wire(2, 1, 0.123456789f, -0.987654321f), NEUTRAL};
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            go1.start();
            for (int i = 0; i < commanded.length; i++) {
                Wire w = expected[i];
                double[] c = commanded[i];
                hold(go1, (int) c[0], c[1], c[2], 120);
                robot.await(p -> p.size() > 20 && p.subList(p.size() - 20, p.size()).stream().allMatch(q -> Wire.of(q).equals(w)),
                        5, "20 packets carrying " + w);
            }
            go1.close();
            List<Packet> all = robot.packets();
            assertTrue(all.size() > 100, "packets: " + all.size());
            List<Wire> seen = new ArrayList<>();
            for (Packet p : all) {
                assertTrue(p.wellFormed(), "length 129, head, levelFlag and the SDK's CRC: " + p);
                assertTrue(p.restZero(), "nothing but mode, gaitType, velocity[0] and yawSpeed is set: " + p);
                Wire w = Wire.of(p);
                assertTrue(w.equals(NEUTRAL) || List.of(expected).contains(w), "unexpected command on the wire: " + w);
                if (!w.equals(NEUTRAL) && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(w))) seen.add(w);
            }
            // In order, each commanded value once (neutral packets may come first, before the first valid state).
            assertEquals(List.of(expected).subList(0, 5), seen);
            assertEquals(NEUTRAL, Wire.of(all.get(all.size() - 1)), "the last packet is mode 0");
        }
    }

    @Test
    void theRobotsStateArrivesInJavaUnchanged() throws Exception {
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            synchronized (robot) {
                robot.body.mode = 2;
                robot.body.gait = 1;
                robot.body.soc = 77;
                robot.body.position = new float[] {1.25f, -2.5f, 0.125f};
                robot.body.rpy = new float[] {0.0625f, -0.1875f, 2.75f};
                robot.body.velocity = new float[] {0.375f, -0.0625f, 0.5f};
                robot.body.yawSpeed = 0.6875f;
                robot.body.bodyHeight = 0.3125f;
            }
            go1.start();
            Go1.State s = awaitState(go1, 20);
            assertTrue(s.haveState && !s.linkSilent);
            assertEquals(1.25, s.x, 0.0);
            assertEquals(-2.5, s.y, 0.0);
            assertEquals(2.75, s.yaw, 0.0, "yaw is imu.rpy[2]");
            assertEquals(0.375, s.vx, 0.0);
            assertEquals(-0.0625, s.vy, 0.0);
            assertEquals(0.6875, s.vyaw, 0.0, "yaw rate is yawSpeed");
            assertEquals(2, s.mode);
            assertEquals(1, s.gaitType);
            assertEquals(77, s.batteryPercent);
            assertEquals(0.3125, s.bodyHeight, 0.0);
            // The whole packet, byte for byte, CRC included: rpy[0..1], position[2], velocity[2] too.
            MemorySegment raw = go1.rawState().asSlice(Go1Binding.ST_HIGH_STATE, UnitreeLayouts.HIGH_STATE.byteSize());
            assertArrayEquals(robot.lastValid(), raw.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            assertEquals(0, s.crcErrors + s.malformed);
        }
    }

    @Test
    void packetsWithABadCrcOrLengthAreCountedAndNeverUsed() throws Exception {
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            synchronized (robot) {
                robot.body.position = new float[] {0.5f, 0.25f, 0f};
            }
            go1.start();
            Go1.State s = awaitState(go1, 1);
            assertTrue(s.haveState);
            long crc0 = s.crcErrors, bad0 = s.malformed;
            // Each bad answer carries the "poison" state (x = 99); every other answer is valid.
            Reply[] kinds = {Reply.BAD_CRC, Reply.PLAIN_CRC, Reply.SHORT, Reply.LONG, Reply.BAD_HEAD};
            for (int i = 0; i < 25; i++) {
                for (Reply k : kinds) {
                    robot.script.add(k);
                    robot.script.add(Reply.VALID);
                }
            }
            AtomicReference<String> used = new AtomicReference<>();
            Thread watch = new Thread(() -> {
                Go1.State w = new Go1.State();
                while (!robot.script.isEmpty() && used.get() == null) {
                    go1.read(w);
                    if (w.x != 0.5 || w.y != 0.25 || w.mode == 9) used.set("state from a bad packet was used: x " + w.x + " y " + w.y + " mode " + w.mode);
                }
            });
            watch.start();
            while (!robot.script.isEmpty()) {
                go1.command(Go1.MODE_IDLE, 0, 0);
                Thread.sleep(5);
            }
            robot.reply = Reply.NONE;                       // nothing more in flight after this
            watch.join();
            Thread.sleep(50);
            go1.read(s);
            assertEquals(null, used.get());
            assertEquals(0.5, s.x, 0.0);
            assertEquals(0.25, s.y, 0.0);
            assertEquals(50, s.crcErrors - crc0, "BAD_CRC and PLAIN_CRC (a high-level state needs the SDK's encrypted CRC): the SDK's count");
            assertEquals(75, s.malformed - bad0, "SHORT, LONG and BAD_HEAD: dropped before (or by) the SDK");
            assertEquals(robot.answered(Reply.VALID), s.received, "every valid answer counted once");
            System.out.printf("bad packets: %s%n", s.linkSummary());
        }
    }

    @Test
    void theDeadmanAndCloseSendModeZeroWithZeroVelocities() throws Exception {
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            go1.start();
            hold(go1, Go1.MODE_WALK, 0.5, 0.25, 150);
            robot.await(p -> !p.isEmpty() && p.get(p.size() - 1).walking(), 5, "walking");
            long stopped = System.nanoTime();              // Java stops refreshing: a hung or paused program
            List<Packet> all0 = robot.await(p -> RobotStopProcessTest.finalNeutralRun(p).size() >= 60, 5, "60 mode-0 packets after the dead-man");
            List<Packet> run = RobotStopProcessTest.finalNeutralRun(all0);
            assertTrue(run.stream().allMatch(Packet::wellFormed));
            assertTrue(all0.get(all0.size() - run.size() - 1).walking(), "the last command before it");
            Go1.State s = new Go1.State();
            go1.read(s);
            assertTrue(s.deadmanActive);
            assertEquals(1, s.deadmanTrips);
            assertTrue(s.deadmanAgeNanos > 100_000_000L, "not before the 100 ms timeout: " + s.deadmanAgeNanos);
            System.out.printf("SDK backend: dead-man engaged at command age %.1f ms; first mode-0 packet %.1f ms after the test stopped commanding%n",
                    s.deadmanAgeNanos / 1e6, (run.get(0).nanos() - stopped) / 1e6);
            // Java refreshes again: walking resumes; then close: mode 0 for at least 50 ms, and nothing after.
            hold(go1, Go1.MODE_WALK, 0.5, 0.25, 100);
            robot.await(p -> p.get(p.size() - 1).walking(), 5, "walking again");
            go1.close();
            List<Packet> all = robot.packets();
            int lastWalk = all.size() - 1;
            while (!all.get(lastWalk).walking()) lastWalk--;
            List<Packet> tail = all.subList(lastWalk + 1, all.size());
            for (Packet p : tail) assertTrue(p.neutral() && p.wellFormed(), "close sends only mode 0: " + p);
            assertTrue(tail.size() >= 26, "mode 0 packets after close: " + tail.size());
            double heldMs = (tail.get(tail.size() - 1).nanos() - tail.get(0).nanos()) / 1e6;
            assertTrue(heldMs >= 50, "mode 0 held for " + heldMs + " ms");
            Thread.sleep(100);
            assertEquals(all.size(), robot.packets().size(), "nothing is sent after close");
        }
    }

    static int indexOfFirstNeutral(List<Packet> p) {
        for (int i = 0; i < p.size(); i++) if (p.get(i).neutral()) return i;
        return -1;
    }

    @Test
    void aRobotWhoseRepliesAllFailTheirCrcNeverReceivesAWalkingCommand() throws Exception {
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            robot.reply = Reply.BAD_CRC;
            go1.start();
            hold(go1, Go1.MODE_WALK, 0.4, 0.2, 400);
            robot.reply = Reply.NONE;                       // so that no answer is in flight while counting
            hold(go1, Go1.MODE_WALK, 0.4, 0.2, 30);
            Go1.State s = new Go1.State();
            go1.read(s);
            List<Packet> all = robot.packets();
            assertTrue(all.size() > 100, "packets: " + all.size());
            assertTrue(all.stream().allMatch(Packet::neutral), "a silent link gets only mode 0");
            assertFalse(s.haveState);
            assertTrue(s.linkSilent);
            assertEquals(robot.answered(Reply.BAD_CRC), s.crcErrors, "each failing answer counted once: " + s.linkSummary());
            assertTrue(s.crcErrors > 100, s.linkSummary());
            assertEquals(0, s.received);
            assertEquals(0, s.malformed);
            String m = s.silenceMessage();
            assertTrue(m.startsWith("no valid state from the robot for " + s.stateAgeNanos / 1_000_000 + " ms (CRC errors " + s.crcErrors
                    + ", lost " + s.lost + ")"), m);
            assertTrue(s.stateAgeNanos >= 400_000_000L, "silent since the start: " + s.stateAgeNanos);
            // Valid states: the commands go through. The robot falls silent: only mode 0 again.
            robot.reply = Reply.VALID;
            hold(go1, Go1.MODE_WALK, 0.4, 0.2, 100);
            robot.await(p -> p.get(p.size() - 1).walking(), 5, "walking once states are valid");
            robot.reply = Reply.NONE;
            hold(go1, Go1.MODE_WALK, 0.4, 0.2, 300);
            go1.read(s);
            assertTrue(s.linkSilent);
            assertEquals(1, s.silentTrips);
            assertTrue(RobotStopProcessTest.finalNeutralRun(robot.packets()).size() > 50, "only mode 0 on a silent link");
            assertTrue(s.silenceMessage().contains("(CRC errors " + s.crcErrors + ", lost " + s.lost + ")"));
            assertTrue(s.lost > 100, "exchanges with no answer are lost packets: " + s.lost);
        }
    }

    @Test
    void nobodyAtTheRobotsPortCountsFailedSendsAndLostPacketsSeparately() throws Exception {
        int port;
        try (DatagramChannel closed = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        try (Go1 go1 = Go1.open(config(port))) {
            go1.start();
            hold(go1, Go1.MODE_WALK, 0.4, 0.2, 200);
            Go1.State s = new Go1.State();
            go1.read(s);
            assertFalse(s.haveState);
            assertTrue(s.sendFailed > 10, "ICMP port unreachable reported as failed sends: " + s.linkSummary());
            assertTrue(s.lost > 50, s.linkSummary());
            assertEquals(0, s.crcErrors);
            assertEquals(0, s.malformed);
            assertEquals(0, s.received);
            assertEquals(Go1.MODE_IDLE, s.sentMode);
        }
    }

    @Test
    void aGuardianProcessIsArmedWhileTheLinkIsOpenAndReapedOnStop() throws Exception {
        try (Go1StandIn robot = new Go1StandIn(); Go1 go1 = Go1.open(config(robot.port()))) {
            Go1.State s = new Go1.State();
            go1.read(s);
            int pid = s.guardianPid;
            assertTrue(pid > 0, "guardian pid");
            ProcessHandle g = ProcessHandle.of(pid).orElseThrow();
            assertTrue(g.isAlive());
            assertTrue(g.info().command().orElse("").endsWith("fbrl_guardian"), g.info().toString());
            assertTrue(s.localPort > 0);
            go1.start();
            hold(go1, Go1.MODE_IDLE, 0, 0, 50);
            go1.stop();
            go1.read(s);
            assertEquals(0, s.guardianPid);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the guardian exits and is reaped on stop");
        }
    }

    @Test
    void goPlantResetWaitsForTheFirstValidStateAndFailsWithTheMessage() throws Exception {
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.reply = Reply.NONE;
            synchronized (robot) {
                robot.body.position = new float[] {3f, -1f, 0f};
                robot.body.rpy = new float[] {0f, 0f, 0.5f};
            }
            Go1Plant plant = new Go1Plant(config(robot.port()), 5.0);
            try {
                Thread late = new Thread(() -> {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                    robot.reply = Reply.VALID;
                });
                late.start();
                double[] x = new double[3];
                plant.reset(new double[] {0, 0, 0}, 0);
                late.join();
                plant.observe(x);
                assertArrayEquals(new double[] {0, 0, 0}, x, 1e-9, "the task frame is laid on the robot's first valid pose (3, -1, 0.5)");
                assertTrue(robot.packets().stream().filter(p -> p.nanos() < robot.packets().get(0).nanos() + 250_000_000L).allMatch(Packet::neutral));
            } finally {
                plant.close();
            }
            robot.reply = Reply.BAD_CRC;
            Go1Plant bad = new Go1Plant(config(robot.port()), 0.3);
            int before = robot.packets().size();
            try {
                PlantFault f = assertThrows(PlantFault.class, () -> bad.reset(new double[3], 0));
                assertTrue(f.getMessage().startsWith("no valid state from the robot for "), f.getMessage());
                assertTrue(f.getMessage().matches("(?s).*\\(CRC errors [1-9][0-9]*, lost [0-9]+\\).*"), f.getMessage());
            } finally {
                bad.close();
            }
            assertTrue(robot.packets().subList(before, robot.packets().size()).stream().allMatch(Packet::neutral));
        }
    }
}
