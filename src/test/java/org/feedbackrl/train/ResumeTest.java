package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: SIGKILL + --resume is bit-identical; corrupted checkpoints are refused, never overwritten. */
class ResumeTest {
    static final int ITER = 60;

    static TrainConfig cfg(Path out, boolean resume) {
        return new TrainConfig("car", "model", ITER, 2, 2e-3, "adam", 0, 42, false, out, resume, 60, 16);
    }

    static double[] train(TrainConfig c) throws IOException {
        return Trainer.run(c, Tasks.create(c), (k, K, r, e, g, d) -> {}).theta();
    }

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.feedbackrl.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String[] trainArgs(Path out, boolean resume) {
        List<String> a = new ArrayList<>(List.of("train", "car", "--plant", "model", "--iterations", "" + ITER, "--batch", "2",
                "--lr", "2e-3", "--seed", "42", "--horizon", "60", "--hidden", "16", "--quiet", "--out", out.toString()));
        if (resume) a.add("--resume");
        return a.toArray(String[]::new);
    }

    @Test
    void sigkillThenResumeIsBitIdentical(@TempDir Path tmp) throws Exception {
        double[] reference = train(cfg(tmp.resolve("uninterrupted"), false));
        Path out = tmp.resolve("killed");
        int killAt = 5 + new SplittableRandom().nextInt(30);  // a random iteration, reported on failure
        Process p = new ProcessBuilder(javaCommand(trainArgs(out, false))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("first.log").toFile()).start();
        Path ck = out.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(ck.resolve(String.format("ckpt-%06d.bin", killAt))) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run finished before it could be killed at iteration " + killAt);
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).start().waitFor();
        p.waitFor(10, TimeUnit.SECONDS);
        assertEquals(137, p.exitValue(), "the training process should have died of SIGKILL");
        Checkpoint before = Trainer.latestGood(ck, (k, K, r, e, g, d) -> {});
        assertTrue(before.iteration() >= killAt && before.iteration() < ITER + 1, "killed mid-run, after checkpoint " + killAt + ": " + before.iteration());
        Process r = new ProcessBuilder(javaCommand(trainArgs(out, true))).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("resume.log").toFile()).start();
        assertTrue(r.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, r.exitValue(), Files.readString(tmp.resolve("resume.log")));
        Checkpoint last = Trainer.latestGood(ck, (k, K, rr, e, g, d) -> {});
        assertEquals(ITER + 1, last.iteration());
        assertArrayEquals(reference, last.theta(), "killed at iteration ~" + killAt + " and resumed: parameters must be bit-identical");
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(Trainer.HEADER, rows.get(0));
        assertEquals(ITER + 2, rows.size(), "one metrics row per iteration 0.." + ITER);
    }

    @Test
    void corruptedLatestCheckpointFallsBackAndIsKept(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        TrainConfig shortRun = new TrainConfig("car", "model", 10, 2, 2e-3, "adam", 0, 42, false, out, false, 60, 16);

        Trainer.run(shortRun, Tasks.create(shortRun), (k, K, r, e, g, d) -> {});
        Path ck = out.resolve("checkpoints");
        Path newest = ck.resolve("ckpt-000011.bin");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));   // truncate
        Path prev = ck.resolve("ckpt-000010.bin");
        byte[] prevBytes = Files.readAllBytes(prev);
        prevBytes[prevBytes.length / 2] ^= 0x10;                                    // flip a bit
        Files.write(prev, prevBytes);
        List<String> warnings = new ArrayList<>();
        Checkpoint good = Trainer.latestGood(ck, new Trainer.Progress() {
            @Override public void iteration(int k, int K, double r, double e, double g, double d) {}
            @Override public void warn(String m) { warnings.add(m); }
        });
        assertEquals(9, good.iteration());
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("fails its checksum"), warnings.get(0));
        assertTrue(Files.exists(ck.resolve("ckpt-000011.bin.corrupt")) && Files.exists(ck.resolve("ckpt-000010.bin.corrupt")));
        assertEquals(bytes.length / 2, Files.size(ck.resolve("ckpt-000011.bin.corrupt")), "the corrupted file is kept as it was");
        // Resuming from the good one and running to the end gives the uninterrupted parameters.
        TrainConfig resumeShort = new TrainConfig("car", "model", 10, 2, 2e-3, "adam", 0, 42, false, out, true, 60, 16);
        List<Integer> ran = new ArrayList<>();
        double[] th10 = Trainer.run(resumeShort, Tasks.create(resumeShort), (k, K, r, e, g, d) -> ran.add(k)).theta();
        assertEquals(List.of(9, 10), ran, "the resumed run reports checkpoint 9, then updates once more, instead of starting over");
        TrainConfig ref10 = new TrainConfig("car", "model", 10, 2, 2e-3, "adam", 0, 42, false, tmp.resolve("ref10"), false, 60, 16);
        assertArrayEquals(train(ref10), th10);

    }

    @Test
    void refusesToResumeWithoutGoodCheckpointOrOverwriteARun(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        TrainConfig c = new TrainConfig("car", "model", 2, 1, 2e-3, "adam", 0, 1, false, out, false, 20, 8);
        Trainer.run(c, Tasks.create(c), (k, K, r, e, g, d) -> {});
        var again = assertThrows(Trainer.TrainingException.class, () -> Trainer.run(c, Tasks.create(c), (k, K, r, e, g, d) -> {}));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
        for (Path f : Files.list(out.resolve("checkpoints")).toList()) Files.write(f, new byte[] {1, 2, 3});
        TrainConfig r = new TrainConfig("car", "model", 2, 1, 2e-3, "adam", 0, 1, false, out, true, 20, 8);
        var none = assertThrows(Trainer.TrainingException.class, () -> Trainer.run(r, Tasks.create(r), (k, K, rr, e, g, d) -> {}));
        assertTrue(none.getMessage().startsWith("nothing to resume"), none.getMessage());
        TrainConfig other = new TrainConfig("car", "model", 2, 1, 5e-3, "adam", 0, 1, false, tmp.resolve("x"), false, 20, 8);
        Trainer.run(other, Tasks.create(other), (k, K, rr, e, g, d) -> {});
        TrainConfig mismatch = new TrainConfig("car", "model", 2, 1, 2e-3, "adam", 0, 1, false, tmp.resolve("x"), true, 20, 8);
        var mm = assertThrows(Trainer.TrainingException.class, () -> Trainer.run(mismatch, Tasks.create(mismatch), (k, K, rr, e, g, d) -> {}));
        assertTrue(mm.getMessage().contains("other settings"), mm.getMessage());
    }
}
