package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.RolloutFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-world data is never lost: a training run on the Go1 plant (the shim's simulated robot, in
 * real time) is SIGKILLed in the middle of a rollout; every completed rollout is on disk and intact,
 * and --resume reuses them instead of asking the robot again.
 */
class KillMidRolloutTest {

    static String[] args(Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "go1", "--plant", "go1", "--yes", "--iterations", "2", "--batch", "2",
                "--horizon", "8", "--hidden", "8", "--seed", "3", "--out", out.toString()));
        if (resume) a.add("--resume");
        return a.toArray(String[]::new);
    }

    @Test
    void completedRolloutsSurviveSigkillAndAreReused(@TempDir Path tmp) throws Exception {
        interruptMidRolloutThenResume(tmp, "KILL", 137);
    }

    /**
     * Starts {@code train go1 --plant go1}, sends {@code signal} in the middle of rollout 1 of
     * iteration 1, and checks: the exit status, every completed rollout on disk and intact, the
     * interrupted one absent; then {@code --resume} reuses the completed one and finishes.
     *
     * @return the interrupted run's output
     */
    static String interruptMidRolloutThenResume(Path tmp, String signal, int exitStatus) throws Exception {
        Path out = tmp.resolve("run");
        Process p = new ProcessBuilder(ResumeTest.javaCommand(args(out, false))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        Path done = out.resolve("rollouts/iter-000001/rollout-000.csv");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(done) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Files.exists(done), Files.readString(tmp.resolve("first.log")));
        Thread.sleep(300);                                    // well inside the 0.8 s rollout 1 of iteration 1
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the process must exit after SIG" + signal);
        String log = Files.readString(tmp.resolve("first.log"));
        assertEquals(exitStatus, p.exitValue(), log);
        // Every completed rollout is on disk and intact; the one in progress is not.
        Rollout r = new Rollout(3, 2, 12, 8);
        for (String f : new String[] {"iter-000000/rollout-000.csv", "iter-000000/rollout-001.csv", "iter-000001/rollout-000.csv"}) {
            RolloutFile.read(out.resolve("rollouts").resolve(f), r);
            assertEquals(8, r.recordedSteps);
        }
        assertFalse(Files.exists(out.resolve("rollouts/iter-000001/rollout-001.csv")), "the interrupted rollout must not look complete");
        Process res = new ProcessBuilder(ResumeTest.javaCommand(args(out, true))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("resume.log").toFile()).start();
        assertTrue(res.waitFor(60, TimeUnit.SECONDS));
        String resumed = Files.readString(tmp.resolve("resume.log"));
        assertEquals(0, res.exitValue(), resumed);
        assertTrue(resumed.contains("iteration 1: reused 1 recorded rollout(s)"), resumed);
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size(), "rows for iterations 0, 1, 2");
        return log;
    }
}
