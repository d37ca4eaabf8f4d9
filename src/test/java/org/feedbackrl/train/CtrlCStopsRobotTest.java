package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a real-time rollout on the Go1 plant (the shim's simulated robot): the
 * shutdown hook runs the stop path of every open robot link ({@code RobotStop}; what reaches a real
 * robot is checked against the stand-in robot over the Unitree SDK by {@code RobotStopProcessTest})
 * and says so; the
 * process exits with 130 (128 + SIGINT); completed rollouts are on disk and intact, the interrupted
 * one is not, and --resume reuses them.
 */
class CtrlCStopsRobotTest {

    @Test
    void sigintStopsTheRobotAndKeepsCompletedRollouts(@TempDir Path tmp) throws Exception {
        String log = KillMidRolloutTest.interruptMidRolloutThenResume(tmp, "INT", 130);
        assertTrue(log.contains("interrupted: the robot was stopped (plant 'go1')"), log);
    }
}
