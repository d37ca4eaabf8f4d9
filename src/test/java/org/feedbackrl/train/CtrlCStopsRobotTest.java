package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.RolloutFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a real-time rollout on the Go1 plant (the shim's simulated robot): the
 * shutdown hook closes the plant — which commands mode 0 with zero velocities, checked in-process by
 * {@code HardwarePlantTest.go1PlantWalksInTheTaskFrameAndStandsStillOnClose} — and says so; the
 * process exits with 130 (128 + SIGINT); completed rollouts are on disk and intact, the interrupted
 * one is not, and --resume reuses them.
 */
class CtrlCStopsRobotTest {

    @Test
    void sigintStopsTheRobotAndKeepsCompletedRollouts(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Process p = new ProcessBuilder(ResumeTest.javaCommand(KillMidRolloutTest.args(out, false))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        Path done = out.resolve("rollouts/iter-000001/rollout-000.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(done) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.exists(done), Files.readString(tmp.resolve("first.log")));
        Thread.sleep(300);                                    // well inside the 0.8 s rollout 1 of iteration 1
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process must exit after Ctrl-C");
        String log = Files.readString(tmp.resolve("first.log"));
        assertEquals(130, p.exitValue(), log);
        assertTrue(log.contains("interrupted: the robot was stopped (plant 'go1' closed)"), log);
        Rollout r = new Rollout(3, 2, 12, 8);
        for (String f : new String[] {"iter-000000/rollout-000.csv", "iter-000000/rollout-001.csv", "iter-000001/rollout-000.csv"}) {
            RolloutFile.read(out.resolve("rollouts").resolve(f), r);
            assertEquals(8, r.recordedSteps);
        }
        assertFalse(Files.exists(out.resolve("rollouts/iter-000001/rollout-001.csv")), "the interrupted rollout must not look complete");
        Process res = new ProcessBuilder(ResumeTest.javaCommand(KillMidRolloutTest.args(out, true))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("resume.log").toFile()).start();
        assertTrue(res.waitFor(60, TimeUnit.SECONDS));
        String resumed = Files.readString(tmp.resolve("resume.log"));
        assertEquals(0, res.exitValue(), resumed);
        assertTrue(resumed.contains("iteration 1: reused 1 recorded rollout(s)"), resumed);
    }
}
