package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.feedbackrl.cli.Main;
import org.feedbackrl.hw.Go1StandIn.Packet;
import org.feedbackrl.hw.Go1StandIn.Reply;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.RolloutFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user sees and what the robot gets when the robot's data stops or is bad: a Go1 whose
 * replies all fail the SDK's CRC (hw go1-status), and a state or pose stream that stops in the middle
 * of a training rollout on either robot. The commands run in this JVM ({@link Main#run}).
 */
class HardwareStreamsTest {

    /**
     * The Go1 tests talk to the stand-in robot through the real Unitree SDK: skipped (each one, visibly)
     * when the shim was built without it. The JetRacer tests need no SDK and always run.
     */
    static void requireSdk() throws Exception {
        SdkLayout.requireSdk();
        SdkLayout.offsets();
    }

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    @Test
    void aRobotWhoseRepliesAllFailTheCrcNeverWalksAndTheUserIsToldOnce() throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.reply = Reply.BAD_CRC;
            Result r = run("hw", "go1-status", "--backend", "unitree", "--walk", "0.4,0.2", "--seconds", "1.5",
                    "--target-ip", "127.0.0.1", "--target-port", "" + robot.port(), "--local-port", "0");
            assertEquals(1, r.code(), r.out() + r.err());
            List<Packet> all = robot.packets();
            assertTrue(all.size() > 200, "packets " + all.size());
            assertTrue(all.stream().allMatch(p -> p.neutral() && p.wellFormed()), "never a walking command");
            assertEquals(1, count(r.out(), "no valid state from the robot for"), r.out());
            Matcher m = Pattern.compile("no valid state from the robot for (\\d+) ms \\(CRC errors (\\d+), lost (\\d+)\\)").matcher(r.out());
            assertTrue(m.find(), r.out());
            assertTrue(Integer.parseInt(m.group(1)) >= 100 && Integer.parseInt(m.group(2)) >= 10, r.out());
            assertTrue(r.out().contains("FAIL: the robot never sent a valid state"), r.out());
            assertFalse(r.out().matches("(?s).*\\n\\s+1\\.\\d\\s+0\\s+0\\s+0\\.000.*"), "no rows of zeros passed off as a state:\n" + r.out());
            // The final line has every counter, separately; the CRC count is the robot's number of bad answers.
            Matcher c = Pattern.compile("packets: sent (\\d+), received 0, lost (\\d+), CRC errors (\\d+), send failed 0, malformed 0").matcher(r.out());
            assertTrue(c.find(), r.out());
            // Every bad answer counted, except the answers to the last packet(s), still in flight when the shim stopped reading.
            int inFlight = robot.answered(Reply.BAD_CRC) - Integer.parseInt(c.group(3));
            assertTrue(inFlight >= 0 && inFlight <= 3, "answers " + robot.answered(Reply.BAD_CRC) + "\n" + r.out());
            assertEquals(all.size(), Integer.parseInt(c.group(1)), "every packet sent reached the robot");
        }
    }

    @Test
    void theGo1sStateStreamStoppingMidRolloutEndsItInModeZeroAndKeepsTheCompletedOnes(@TempDir Path tmp) throws Exception {
        requireSdk();
        try (Go1StandIn robot = new Go1StandIn()) {
            robot.integrate = true;
            Path out = tmp.resolve("run");
            AtomicInteger code = new AtomicInteger(-1);
            StringWriter err = new StringWriter();
            Thread train = new Thread(() -> code.set(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                    "train", "go1", "--plant", "go1", "--go1-backend", "unitree", "--go1-ip", "127.0.0.1", "--go1-port", "" + robot.port(),
                    "--go1-local-port", "0", "--yes", "--quiet", "--iterations", "1", "--batch", "2", "--horizon", "8", "--hidden", "8",
                    "--seed", "3", "--out", out.toString())));
            train.start();
            Path done = out.resolve("rollouts/iter-000000/rollout-000.csv");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(done) && train.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
            assertTrue(Files.exists(done), err.toString());
            robot.await(RobotStopProcessTest.walking(20), 10, "walking in rollout 1");
            robot.reply = Reply.NONE;                          // the robot's state stream stops
            train.join(30_000);
            assertEquals(2, code.get(), err.toString());
            assertTrue(err.toString().contains("rollout 1 of iteration 0 aborted: no valid state from the robot for "), err.toString());
            assertTrue(err.toString().matches("(?s).*\\(CRC errors 0, lost [1-9][0-9]*\\); the robot was stopped \\(mode 0\\).*"), err.toString());
            List<Packet> run = RobotStopProcessTest.finalNeutralRun(robot.packets());
            assertTrue(run.size() >= RobotStopProcessTest.STOP_PACKETS, "ends in mode 0, held for 0.1 s: " + run.size());
            Rollout r = new Rollout(3, 2, 12, 8);
            RolloutFile.read(done, r);
            assertEquals(8, r.recordedSteps);
            assertFalse(Files.exists(out.resolve("rollouts/iter-000000/rollout-001.csv")));
        }
    }

    @Test
    void theCarsPoseStreamStoppingMidRolloutEndsItNeutralThenOffAndKeepsTheCompletedOnes(@TempDir Path tmp) throws Exception {
        int posePort = RobotStopProcessTest.freeUdpPort();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = RobotStopProcessTest.mocap(posePort, sending);
        Path cap = null, out = null, done = null;
        AtomicInteger code = new AtomicInteger(-1);
        StringWriter err = new StringWriter();
        Thread train = null;
        try {
            // The car stops itself (and the run ends) when a pose is older than 50 ms: on a machine
            // loaded far past its cores, this JVM can stall that long before rollout 0 is complete.
            // That run proves nothing about the stream stopping, so it is started again (at most three
            // attempts, each one said on the output), as in RobotStopProcessTest.
            for (int attempt = 1; ; attempt++) {
                cap = tmp.resolve("pwm-" + attempt + ".cap");
                out = tmp.resolve("run-" + attempt);
                err = new StringWriter();
                code.set(-1);
                StringWriter e = err;
                Path c = cap, o = out;
                train = new Thread(() -> code.set(Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true),
                        "train", "car", "--plant", "jetracer", "--pwm-capture", c.toString(), "--pose-bind", "127.0.0.1:" + posePort,
                        "--pose-source", "127.0.0.1", "--yes", "--quiet", "--iterations", "1", "--batch", "2", "--horizon", "25",
                        "--hidden", "8", "--seed", "3", "--out", o.toString())));
                train.start();
                done = out.resolve("rollouts/iter-000000/rollout-000.csv");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.exists(done) && train.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
                if (!Files.exists(done) && !train.isAlive() && err.toString().contains("pose is stale") && attempt < 3) {
                    System.out.printf(Locale.ROOT, "attempt %d: the run stopped on a stale pose before rollout 0 was complete (load %s); starting it again%n",
                            attempt, RobotStopProcessTest.loadAverage());
                    continue;
                }
                assertTrue(Files.exists(done), err.toString());
                break;
            }
            Thread.sleep(150);
            sending.set(false);                                // motion capture stops
            train.join(30_000);
            assertEquals(2, code.get(), err.toString());
            assertTrue(err.toString().contains("rollout 1 of iteration 0 aborted: motion-capture pose is stale or invalid; the car was stopped"), err.toString());
            List<Pca9685.CaptureRecord> all = Pca9685.readCaptureFile(cap);
            // Orderly stop: no guardian stop (neutral, then off); it may have written neutral while the loaded
            // machine left the shim's thread unscheduled for 100 ms (RobotStopProcessTest.GUARDIAN_STOPPED).
            assertTrue(all.stream().filter(Pca9685.CaptureRecord::fromGuardian).allMatch(r -> r.offCount() == RobotStopProcessTest.NEUTRAL_COUNT),
                    "orderly stop");
            List<Pca9685.CaptureRecord> recs = all.stream().filter(r -> !r.fromGuardian()).toList();
            int n = recs.size();
            assertEquals(List.of(0, 1), recs.subList(n - 2, n).stream().map(Pca9685.CaptureRecord::channel).toList());
            assertTrue(recs.subList(n - 2, n).stream().allMatch(r -> r.offCount() == -1), "outputs off at the end");
            List<Pca9685.CaptureRecord> before = recs.subList(n - 12, n - 2);
            assertTrue(before.stream().allMatch(r -> r.offCount() == RobotStopProcessTest.NEUTRAL_COUNT), "neutral (1500 us) before that");
            String head = Files.readAllLines(done).get(0);
            Rollout r = new Rollout(4, 2, Integer.parseInt(head.replaceAll(".* q=(\\d+) .*", "$1")), 25);
            RolloutFile.read(done, r);
            assertEquals(25, r.recordedSteps);
            assertFalse(Files.exists(out.resolve("rollouts/iter-000000/rollout-001.csv")));
        } finally {
            sending.set(false);
            sender.join();
        }
    }
}
