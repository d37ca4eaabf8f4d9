package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.feedbackrl.hw.Go1StandIn.Packet;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.RolloutFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a command that moves a robot can end, on the real processes: {@code hw go1-status --walk}
 * and {@code train go1} against the stand-in robot over the real Unitree SDK, {@code train car} and
 * {@code hw pwm-test} with the PCA9685 capture file. Ctrl-C (SIGINT) and SIGTERM run the stop path
 * (the last packets the robot receives are mode 0); SIGKILL leaves it to the guardian process, which
 * must get the neutral command to the robot within 100 ms of the kill — measured here from the
 * moment the test sends SIGKILL (so the JVM's own teardown counts against it) to the moment the
 * stand-in robot receives the packet (or, for the PCA9685, the guardian's timestamped bus write).
 */
class RobotStopProcessTest {

    /**
     * The Go1 tests talk to the stand-in robot through the real Unitree SDK: skipped (each one, visibly)
     * when the shim was built without it. The JetRacer tests need no SDK and always run.
     */
    static void requireSdk() throws Exception {
        SdkLayout.requireSdk();
        SdkLayout.offsets();
    }

    /**
     * True when this JVM was started with SIGINT ignored, as a test run started in the background by
     * a non-interactive shell ({@code cmd &}) is. Children inherit that, and a JVM that starts with
     * SIGINT ignored never runs its shutdown hooks on SIGINT: the Ctrl-C tests then time out (seen:
     * {@code train} ran to the end with exit status 0 after the SIGINT).
     */
    static final boolean SIGINT_IGNORED = sigintIgnored();

    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        } catch (IOException | NumberFormatException e) {
            return false;                                   // not Linux: started as is
        }
        return false;
    }

    /** Starts the CLI in a child JVM, with SIGINT at its default as a terminal starts it (coreutils env, when this JVM ignores it). */
    static Process start(Path log, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (SIGINT_IGNORED) cmd.addAll(List.of("env", "--default-signal=INT"));
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.feedbackrl.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static List<String> go1Status(int port) {
        return List.of("hw", "go1-status", "--backend", "unitree", "--walk", "0.4,0.2", "--seconds", "120",
                "--target-ip", "127.0.0.1", "--target-port", "" + port, "--local-port", "0");
    }

    static List<String> trainGo1(int port, Path out) {
        return List.of("train", "go1", "--plant", "go1", "--go1-backend", "unitree", "--go1-ip", "127.0.0.1", "--go1-port", "" + port,
                "--go1-local-port", "0", "--yes", "--iterations", "1", "--batch", "2", "--horizon", "8", "--hidden", "8", "--seed", "3",
                "--out", out.toString());
    }

    static void signal(Process p, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor());
    }

    /**
     * Sends {@code sig}, waits for the process to end and for its last packets to arrive; checks the
     * exit status that signal gives and returns the process's output.
     */
    static String endWith(Process p, String sig, Path log) throws Exception {
        signal(p, sig);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        Thread.sleep(150);
        String out = Files.readString(log);
        assertEquals(exitStatus(sig), p.exitValue(), out);
        return out;
    }

    /** SIGKILL; returns {@link System#nanoTime()} once the process is gone (exit status 137). */
    static long sigkill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        long dead = System.nanoTime();
        assertEquals(137, p.exitValue());
        return dead;
    }

    /** The last {@code n} packets the robot received are walking commands. */
    static Predicate<List<Packet>> walking(int n) {
        return q -> q.size() > n && q.subList(q.size() - n, q.size()).stream().allMatch(Packet::walking);
    }

    static int exitStatus(String sig) {
        return switch (sig) {
            case "INT" -> 130;
            case "TERM" -> 143;
            default -> 137;
        };
    }

    /**
     * The robot's last packets: the run of mode-0 packets that ends what it received. (Earlier mode-0
     * packets are possible and correct: when this test JVM, which plays the robot, stalls for more
     * than 100 ms on a loaded machine, the shim sees a silent link and sends mode 0 until it answers again.)
     */
    static List<Packet> finalNeutralRun(List<Packet> all) {
        int i = all.size();
        while (i > 0 && all.get(i - 1).neutral()) i--;
        return all.subList(i, all.size());
    }

    static String timeline(List<Packet> all, long since) {
        StringBuilder seq = new StringBuilder("packets (ms after the signal: mode): ");
        for (Packet p : all) if (p.nanos() > since - 50_000_000L) seq.append(String.format(Locale.ROOT, "%.1f:%d ", (p.nanos() - since) / 1e6, p.mode()));
        return seq.toString();
    }

    /**
     * The stop path holds mode 0 for 0.1 s at the 500 Hz exchange rate: 51 packets, paced by the
     * shim. Counted, not timed at the robot: the stand-in's arrival times are taken by a thread of
     * this test JVM, and when the loaded machine stalls it for a few hundred ms the packets queued
     * meanwhile all get the same arrival time (seen: 50 mode-0 packets "within 1 ms", with a 224 ms
     * gap before them). 45 allows a few lost on loopback and still means over 88 ms of mode 0.
     */
    static final int STOP_PACKETS = 45;

    /**
     * What the guardian says when it stopped the robot for a process that ended without doing so (an
     * orderly stop disarms it first, so this never appears then). Its other line, "stopped responding
     * for 100 ms", may appear in any run: on a loaded machine the shim's output thread can go
     * unscheduled that long, and the guardian covers it with the neutral command.
     */
    static final String GUARDIAN_STOPPED = "ended without stopping the robot; sent the neutral command";

    /** After an orderly stop: the robot's last packets are mode 0, well-formed, sent after the signal, at least {@link #STOP_PACKETS} of them. */
    static void assertEndsInModeZero(List<Packet> all, long since, String log) {
        List<Packet> run = finalNeutralRun(all);
        String why = timeline(all, since) + "\n" + log;
        assertTrue(run.size() >= STOP_PACKETS, "the last packets are mode 0, held for 0.1 s: " + run.size() + "\n" + why);
        assertTrue(run.stream().allMatch(Packet::wellFormed));
        assertTrue(run.get(run.size() - 1).nanos() > since, why);
        assertTrue(all.stream().anyMatch(p -> p.walking() && p.nanos() > since - 200_000_000L), "walking until just before the signal\n" + why);
    }

    /**
     * After SIGKILL at killNanos: the robot's last packets are mode 0, at least {@link #STOP_PACKETS}
     * of them after the kill, some sent after the JVM was gone, the first after the kill within 100 ms of it.
     */
    static double assertGuardianStopsTheGo1(Go1StandIn robot, long killNanos, long deadNanos, String log) throws Exception {
        robot.await(p -> finalNeutralRun(p).size() >= 50, 5, "the guardian's 50 mode-0 packets");
        Thread.sleep(150);                                    // anything else that would come
        List<Packet> all = robot.packets();
        List<Packet> run = finalNeutralRun(all);
        String why = timeline(all, killNanos) + "\n" + log;
        // The first mode-0 packet to arrive after the kill. (The run may have begun before it, when the
        // shim saw a silent link: those packets came from the JVM, not from the guardian.)
        Packet first = run.stream().filter(p -> p.nanos() >= killNanos).findFirst()
                .orElseThrow(() -> new AssertionError("no mode-0 packet after the kill\n" + why));
        double latencyMs = (first.nanos() - killNanos) / 1e6;
        assertTrue(run.stream().allMatch(Packet::wellFormed));
        assertTrue(run.stream().anyMatch(p -> p.nanos() > deadNanos), "packets after the JVM was gone: the guardian's\n" + why);
        long afterKill = run.stream().filter(p -> p.nanos() >= killNanos).count();
        assertTrue(afterKill >= STOP_PACKETS, "mode 0 held for 0.1 s after the kill: " + afterKill + " packets\n" + why);
        assertTrue(all.stream().anyMatch(p -> p.walking() && p.nanos() > killNanos - 200_000_000L), "walking until just before the kill\n" + why);
        System.out.printf(Locale.ROOT, "SIGKILL -> JVM gone %.1f ms, -> first mode-0 packet at the robot %.1f ms (%d mode-0 packets); load %s%n",
                (deadNanos - killNanos) / 1e6, latencyMs, run.size(), loadAverage());
        assertTrue(latencyMs < 100, "the robot must receive mode 0 within 100 ms of SIGKILL, got " + latencyMs + " ms\n" + why);
        assertTrue(log.contains(GUARDIAN_STOPPED + " (Go1 mode 0, zero velocities) for 100 ms"), log);
        return latencyMs;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void go1StatusWalkingStopsTheRobotOnCtrlCAndSigterm(String sig, @TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.integrate = true;
            Process p = start(tmp.resolve("log"), go1Status(robot.port()));
            robot.await(walking(50), 60, "walking");
            long t = System.nanoTime();
            String log = endWith(p, sig, tmp.resolve("log"));
            assertEndsInModeZero(robot.packets(), t, log);
            assertTrue(log.contains("feedbackrl: stopping: Go1 (Unitree SDK, robot 127.0.0.1:" + robot.port() + "): mode 0 with zero velocities sent for 100 ms"), log);
            assertFalse(log.contains(GUARDIAN_STOPPED), "an orderly stop disarms the guardian\n" + log);
        }
    }

    @Test
    void go1StatusWalkingKilledTheGuardianStopsTheRobotWithin100ms(@TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.integrate = true;
            Process p = start(tmp.resolve("log"), go1Status(robot.port()));
            robot.await(walking(50), 60, "walking");
            long kill = System.nanoTime();
            long dead = sigkill(p);
            Thread.sleep(200);
            assertGuardianStopsTheGo1(robot, kill, dead, Files.readString(tmp.resolve("log")));
        }
    }

    /**
     * A frozen process is not dead (Ctrl-Z, SIGSTOP): the guardian sees the output thread's heartbeat
     * stop and sends mode 0 while it is frozen; when it runs again, it has the robot back.
     */
    @Test
    void go1StatusFrozenWithSigstopTheGuardianSendsModeZeroUntilItRunsAgain(@TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.integrate = true;
            Process p = start(tmp.resolve("log"), go1Status(robot.port()));
            try {
                robot.await(walking(50), 60, "walking");
                long stop = System.nanoTime();
                signal(p, "STOP");
                List<Packet> frozen = robot.await(q -> finalNeutralRun(q).size() >= 50, 5, "mode 0 while the process is stopped");
                List<Packet> run = finalNeutralRun(frozen);
                System.out.printf(Locale.ROOT, "SIGSTOP -> first mode-0 packet from the guardian %.1f ms (stall timeout 100 ms); load %s%n",
                        (run.get(0).nanos() - stop) / 1e6, loadAverage());
                assertTrue(run.stream().allMatch(Packet::wellFormed));
                long cont = System.nanoTime();
                signal(p, "CONT");
                robot.await(q -> q.get(q.size() - 1).walking() && q.get(q.size() - 1).nanos() > cont, 10, "walking again after SIGCONT");
                String log = endWith(p, "TERM", tmp.resolve("log"));
                assertTrue(log.contains("stopped responding for") && log.contains("the process runs again"), log);
                assertEndsInModeZero(robot.packets(), cont, log);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** Starts {@code train go1} on the stand-in and returns once rollout 1 of iteration 0 is under way. */
    static Process trainUntilMidRollout(Go1StandIn robot, Path tmp) throws Exception {
        robot.integrate = true;
        Path out = tmp.resolve("run");
        Process p = start(tmp.resolve("log"), trainGo1(robot.port(), out));
        Path done = out.resolve("rollouts/iter-000000/rollout-000.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(done) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.exists(done), Files.readString(tmp.resolve("log")));
        robot.await(walking(20), 10, "walking in rollout 1");
        return p;
    }

    /** The completed rollout is on disk and intact, with its packet counters; the interrupted one is not. */
    static void assertCompletedRolloutsIntact(Path tmp) throws IOException {
        Path run = tmp.resolve("run/rollouts/iter-000000");
        Rollout r = new Rollout(3, 2, 12, 8);
        RolloutFile.read(run.resolve("rollout-000.csv"), r);
        assertEquals(8, r.recordedSteps);
        List<String> lines = Files.readAllLines(run.resolve("rollout-000.csv"));
        assertTrue(lines.get(1).endsWith(",link_sent,link_received,link_lost,link_crc_errors,link_send_failed,link_malformed"), lines.get(1));
        String[] last = lines.get(lines.size() - 2).split(",");
        assertTrue(Double.parseDouble(last[last.length - 5]) > 100, "valid states received during the 0.8 s rollout: " + lines.get(lines.size() - 2));
        assertEquals(0.0, Double.parseDouble(last[last.length - 3]), "no CRC errors");
        assertFalse(Files.exists(run.resolve("rollout-001.csv")), "the interrupted rollout must not look complete");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void trainOnTheGo1StopsTheRobotOnCtrlCAndSigterm(String sig, @TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            Process p = trainUntilMidRollout(robot, tmp);
            long t = System.nanoTime();
            String log = endWith(p, sig, tmp.resolve("log"));
            assertEndsInModeZero(robot.packets(), t, log);
            assertTrue(log.contains("train: interrupted: the robot was stopped (plant 'go1')"), log);
            assertTrue(log.contains("feedbackrl: stopping: Go1 (Unitree SDK"), log);
            assertFalse(log.contains(GUARDIAN_STOPPED), "an orderly stop disarms the guardian\n" + log);
            assertCompletedRolloutsIntact(tmp);
        }
    }

    @Test
    void trainOnTheGo1KilledTheGuardianStopsTheRobotWithin100ms(@TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            Process p = trainUntilMidRollout(robot, tmp);
            long kill = System.nanoTime();
            long dead = sigkill(p);
            Thread.sleep(200);
            assertGuardianStopsTheGo1(robot, kill, dead, Files.readString(tmp.resolve("log")));
            assertCompletedRolloutsIntact(tmp);
        }
    }

    // ---- JetRacer: the PCA9685 capture transport writing a timestamped file ----

    static final int NEUTRAL_COUNT = (int) Math.round(1500 / (1e6 * 122 / 25e6));   // 307

    static int freeUdpPort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        }
    }

    /** Motion capture at 100 Hz: the car driving along +x at 0.5 m/s. */
    static Thread mocap(int port, AtomicBoolean sending) {
        Thread t = new Thread(() -> {
            try (DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                ByteBuffer b = ByteBuffer.allocate(PoseReceiver.PACKET_BYTES);
                InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                long t0 = System.nanoTime();
                for (long seq = 1; sending.get(); seq++) {
                    Instant now = Instant.now();
                    b.clear();
                    PoseReceiver.encode(b, seq, now.getEpochSecond() * 1_000_000_000L + now.getNano(), 0.5 * (System.nanoTime() - t0) * 1e-9, 0, 0);
                    b.flip();
                    ch.send(b, to);
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, "mocap");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void trainOnTheJetRacerKilledTheGuardianWritesNeutralWithin100msThenOutputsOff(@TempDir Path tmp) throws Exception {
        int posePort = freeUdpPort();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = mocap(posePort, sending);
        Path cap = null, out = null, done = null;
        Process p = null;
        try {
            // The car stops itself (and the run ends) when a pose is older than 50 ms. On a machine
            // loaded far past its cores, this test's own 100 Hz sender can be starved that long
            // before the kill: that run proves nothing about SIGKILL, so it is started again (at most
            // three attempts, each one said on the output).
            for (int attempt = 1; ; attempt++) {
                cap = tmp.resolve("pwm-" + attempt + ".cap");
                out = tmp.resolve("run-" + attempt);
                p = start(tmp.resolve("log"), List.of("train", "car", "--plant", "jetracer", "--pwm-capture", cap.toString(),
                        "--pose-bind", "127.0.0.1:" + posePort, "--pose-source", "127.0.0.1", "--yes", "--iterations", "1", "--batch", "2",
                        "--horizon", "25", "--hidden", "8", "--seed", "3", "--out", out.toString()));
                done = out.resolve("rollouts/iter-000000/rollout-000.csv");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(done) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
                String log = Files.readString(tmp.resolve("log"));
                if (!Files.exists(done) && !p.isAlive() && log.contains("pose is stale") && attempt < 3) {
                    System.out.printf(Locale.ROOT, "attempt %d: the run stopped on a stale pose before the kill (load %s); starting it again%n",
                            attempt, loadAverage());
                    continue;
                }
                assertTrue(Files.exists(done), log);
                break;
            }
            Thread.sleep(150);                                 // inside the 0.5 s rollout 1
            long kill = System.nanoTime();
            long dead = sigkill(p);
            Thread.sleep(300);
            String log = Files.readString(tmp.resolve("log"));
            List<Pca9685.CaptureRecord> recs = Pca9685.readCaptureFile(cap);
            List<Pca9685.CaptureRecord> shim = recs.stream().filter(r -> !r.fromGuardian()).toList();
            // The guardian's answer to the kill: its writes from then on. (Earlier ones are possible and
            // correct: when the loaded machine leaves the shim's output thread unscheduled for over
            // 100 ms, the guardian takes it for a frozen process and writes neutral meanwhile; seen once
            // 811 ms before the kill, which made the first guardian write a "latency" of -811 ms.)
            assertTrue(recs.stream().filter(r -> r.fromGuardian() && r.timeNanos() < kill).allMatch(r -> r.offCount() == NEUTRAL_COUNT),
                    "before the kill the guardian writes only neutral");
            List<Pca9685.CaptureRecord> guard = recs.stream().filter(r -> r.fromGuardian() && r.timeNanos() >= kill).toList();
            assertTrue(shim.stream().anyMatch(r -> r.channel() == 1 && r.offCount() != NEUTRAL_COUNT && r.timeNanos() < kill),
                    "the car was driving (throttle off neutral) before the kill");
            assertFalse(guard.isEmpty(), "the guardian wrote to the bus after the kill\n" + log);
            double latencyMs = (guard.get(0).timeNanos() - kill) / 1e6;
            System.out.printf(Locale.ROOT, "SIGKILL -> JVM gone %.1f ms, -> guardian's first neutral pulse write %.1f ms; load %s%n",
                    (dead - kill) / 1e6, latencyMs, loadAverage());
            assertTrue(latencyMs < 100, "neutral pulses within 100 ms of SIGKILL, got " + latencyMs + " ms");
            assertTrue(shim.stream().noneMatch(r -> r.timeNanos() > guard.get(0).timeNanos()), "the shim was gone");
            // Neutral on both channels for 0.1 s (every PWM period), then both fully off.
            List<Pca9685.CaptureRecord> neutral = guard.subList(0, guard.size() - 2);
            assertTrue(neutral.size() >= 10, "neutral writes: " + neutral.size());
            for (Pca9685.CaptureRecord r : neutral) {
                assertTrue(r.channel() == 0 || r.channel() == 1);
                assertEquals(NEUTRAL_COUNT, r.offCount(), "1500 us");
                assertEquals(0x40, r.address());
            }
            assertTrue((neutral.get(neutral.size() - 1).timeNanos() - neutral.get(0).timeNanos()) / 1e6 >= 50, "neutral held");
            assertEquals(List.of(0, 1), guard.subList(guard.size() - 2, guard.size()).stream().map(Pca9685.CaptureRecord::channel).toList());
            assertTrue(guard.subList(guard.size() - 2, guard.size()).stream().allMatch(r -> r.offCount() == -1), "then outputs off");
            assertTrue(log.contains(GUARDIAN_STOPPED + " (PCA9685 1500 us on both channels) for 100 ms, "
                    + "then outputs off"), log);
            String head = Files.readAllLines(done).get(0);            // "# feedback-rl rollout v1 n=4 m=2 q=Q T=25 ..."
            int q = Integer.parseInt(head.replaceAll(".* q=(\\d+) .*", "$1"));
            Rollout r = new Rollout(4, 2, q, 25);
            RolloutFile.read(done, r);
            assertEquals(25, r.recordedSteps);
            assertFalse(Files.exists(out.resolve("rollouts/iter-000000/rollout-001.csv")));
        } finally {
            sending.set(false);
            sender.join();
        }
    }

    @Test
    void pwmTestOnADeviceEndsNeutralThenOffOnSigterm(@TempDir Path tmp) throws Exception {
        Path cap = tmp.resolve("pwm.cap");
        Process p = start(tmp.resolve("log"), List.of("hw", "pwm-test", "--capture", cap.toString(), "--dwell", "0.5"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // Wait for the steering step to -1 (750 us, count 154) on channel 0.
        while (p.isAlive() && System.nanoTime() < deadline
                && (!Files.exists(cap) || Pca9685.readCaptureFile(cap).stream().noneMatch(r -> r.channel() == 0 && r.offCount() == 154))) {
            Thread.sleep(10);
        }
        long t = System.nanoTime();
        String log = endWith(p, "TERM", tmp.resolve("log"));
        List<Pca9685.CaptureRecord> all = Pca9685.readCaptureFile(cap);
        // Orderly stop: the guardian was disarmed, its own stop (neutral, then off) never came. (It may
        // have written neutral while the loaded machine left the shim's thread unscheduled: GUARDIAN_STOPPED.)
        assertTrue(all.stream().filter(Pca9685.CaptureRecord::fromGuardian).allMatch(r -> r.offCount() == NEUTRAL_COUNT), "orderly stop: no guardian stop");
        assertFalse(log.contains(GUARDIAN_STOPPED), "an orderly stop disarms the guardian\n" + log);
        List<Pca9685.CaptureRecord> after = all.stream().filter(r -> r.timeNanos() > t && !r.fromGuardian()).toList();
        int n = after.size();
        assertTrue(n >= 4, log);
        assertEquals(List.of(0, 1), after.subList(n - 2, n).stream().map(Pca9685.CaptureRecord::channel).toList());
        assertTrue(after.subList(n - 2, n).stream().allMatch(r -> r.offCount() == -1), "ends with both outputs off");
        int firstNeutral = n - 3;
        while (firstNeutral > 0 && after.get(firstNeutral - 1).offCount() == NEUTRAL_COUNT) firstNeutral--;
        List<Pca9685.CaptureRecord> neutral = after.subList(firstNeutral, n - 2);
        assertTrue(neutral.stream().allMatch(r -> r.offCount() == NEUTRAL_COUNT) && neutral.size() >= 10, "neutral before off: " + neutral.size());
        assertTrue((neutral.get(neutral.size() - 1).timeNanos() - neutral.get(0).timeNanos()) / 1e6 >= 50, "neutral held 0.1 s");
        assertTrue(log.contains("feedbackrl: stopping: PCA9685 capture file " + cap + ": neutral (1500 us) on both channels, then outputs off"), log);
    }
}
