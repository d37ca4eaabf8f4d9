package org.feedbackrl.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feedbackrl.plot.PngCheck;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-stability: warning on an unstable class, none on a stable one, one-line errors; analyze on a real system. */
class CheckStabilityCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }

    static final String[] FAST = {"--horizon", "120", "--samples", "3", "--hidden", "8"};

    static String[] args(String... head) {
        String[] a = new String[head.length + FAST.length];
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(FAST, 0, a, head.length, FAST.length);
        return a;
    }

    @Test
    void warnsForNoFeedbackPendulumNotForLqr() {
        Result bad = run(args("check-stability", "pendulum", "--no-feedback"));
        assertEquals(0, bad.code(), bad.err());
        assertTrue(bad.out().contains("WARNING: alpha >= 1: the controller does not make the closed loop contract, so training will be slow and biased"), bad.out());
        assertTrue(bad.out().contains("alpha real"), bad.out());
        Result strict = run(args("check-stability", "pendulum", "--no-feedback", "--strict"));
        assertEquals(CheckStabilityCommand.NOT_CONTRACTING, strict.code());

        Result good = run(args("check-stability", "pendulum", "--strict"));
        assertEquals(0, good.code(), good.err() + good.out());
        assertFalse(good.out().contains("WARNING"), good.out());
        assertTrue(good.out().contains("OK: alpha < 1"), good.out());
    }

    @Test
    void scalarTrackingIsStableAtAlphaHalf() {
        Result r = run("check-stability", "scalar", "--samples", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("0.50000") && r.out().contains("0.54000") && r.out().contains("OK"), r.out());
    }

    @Test
    void readsCheckpointParametersAndSettings(@TempDir Path dir) throws Exception {
        TrainConfig cfg = new TrainConfig("pendulum", "true", 1, 1, 1e-3, "adam", 0, 1, true, dir, false, 120, 8);
        int p = Tasks.create(cfg).policy().paramDim();
        Path ck = dir.resolve("ckpt-000001.bin");
        Files.write(ck, new Checkpoint(cfg.fingerprint(), 1, 1, new double[p], new double[p], new double[p], List.of()).encode());
        // hidden 8, no-feedback and horizon 120 come from the checkpoint's settings
        Result r = run("check-stability", "pendulum", "--checkpoint", ck.toString(), "--samples", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("no-feedback policy from") && r.out().contains("WARNING"), r.out());
    }

    @Test
    void badInputIsOneLineAndNonZeroExit(@TempDir Path dir) throws Exception {
        Path corrupt = dir.resolve("corrupt.bin");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});
        TrainConfig cfg = new TrainConfig("pendulum", "true", 1, 1, 1e-3, "adam", 0, 1, false, dir, false, 0, 64);
        Path wrong = dir.resolve("wrong.bin");
        Files.write(wrong, new Checkpoint(cfg.fingerprint(), 1, 1, new double[5], new double[5], new double[5], List.of()).encode());
        Path carCk = dir.resolve("car.bin");
        TrainConfig car = new TrainConfig("car", "sim", 1, 1, 1e-3, "adam", 0, 1, false, dir, false, 0, 64);
        Files.write(carCk, new Checkpoint(car.fingerprint(), 1, 1, new double[5], new double[5], new double[5], List.of()).encode());
        String[][] bad = {
            {"check-stability", "boat"},
            {"check-stability", "pendulum", "--checkpoint", dir.resolve("missing.bin").toString()},
            {"check-stability", "pendulum", "--checkpoint", corrupt.toString()},
            {"check-stability", "pendulum", "--checkpoint", wrong.toString()},
            {"check-stability", "pendulum", "--checkpoint", carCk.toString()},
            {"check-stability", "pendulum", "--plant", "moon"},
            {"check-stability", "pendulum", "--samples", "0"},
            {"check-stability", "pendulum", "--window", "-1"},
            {"check-stability", "scalar", "--no-feedback"},
            {"check-stability", "pendulum", "--samples", "x"},
            {"analyze", "car", "--a", "1"},
            {"analyze", "go1", "--samples", "1"},
            {"analyze", "pendulum", "--perturb", "-1"},
            {"analyze", "boat"},
        };
        for (String[] a : bad) {
            Result r = run(a);
            String which = String.join(" ", a);
            assertNotEquals(0, r.code(), which);
            assertEquals(1, r.err().strip().lines().count(), which + " -> " + r.err());
            assertTrue(r.err().startsWith("feedbackrl: "), r.err());
        }
        assertTrue(run(bad[3]).err().contains("has 5 parameters"), run(bad[3]).err());
    }

    @Test
    void analyzePendulumWritesCsvPlotAndSummary(@TempDir Path dir) throws Exception {
        Result r = run("analyze", "pendulum", "--horizons", "10,20,30,40", "--samples", "2", "--hidden", "4", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("pendulum.csv"));
        assertEquals("policy,horizon,variance,bias,hessian_max_eig,alpha,alpha_model", lines.get(0));
        assertEquals(9, lines.size());
        assertTrue(lines.get(1).startsWith("feedback,10,") && lines.get(8).startsWith("no-feedback,40,"), lines.toString());
        PngCheck.check(dir.resolve("pendulum.png"), 2400, 680);
        assertTrue(Files.readString(dir.resolve("README-pendulum.txt")).contains("trueSystem"));
        assertTrue(r.out().contains("no-feedback") && r.out().contains("halfMassModel"), r.out());
    }
}
