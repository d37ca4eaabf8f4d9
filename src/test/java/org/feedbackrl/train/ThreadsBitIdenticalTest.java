package org.feedbackrl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.feedbackrl.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --threads N} changes the wall time, never a bit of the results: the same seeds give the
 * same metrics.csv, checkpoints (θ, optimizer state) and recorded rollouts, byte for byte, with one
 * thread and with two — for the rollouts of a batch in {@code train} and for the seeds of
 * {@code experiment car}, {@code go1} and {@code mismatch}. A hardware plant is never replicated.
 */
class ThreadsBitIdenticalTest {

    static String run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, out + "\n" + err);
        return out.toString();
    }

    /** Every file under a run directory, relative path → bytes, compared between the two runs. */
    static void assertSameFiles(Path a, Path b, String what) throws Exception {
        List<Path> fa, fb;
        try (Stream<Path> s = Files.walk(a)) { fa = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList(); }
        try (Stream<Path> s = Files.walk(b)) { fb = s.filter(Files::isRegularFile).map(b::relativize).sorted().toList(); }
        assertEquals(fa, fb, what + ": the same files");
        for (Path f : fa) {
            if (f.toString().endsWith(".png")) continue;        // plots: rendered from the CSVs compared here
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), what + ": " + f + " differs");
        }
    }

    @ParameterizedTest
    @CsvSource({"car,sim,4", "go1,sim,3", "pendulum,true,5", "car,authors,3"})
    void trainRolloutsInParallelAreBitIdentical(String system, String plant, int batch, @TempDir Path tmp) throws Exception {
        String[] common = {"train", system, "--plant", plant, "--batch", "" + batch, "--iterations", "3", "--seed", "7", "--quiet"};
        for (String th : new String[] {"1", "2"}) {
            String[] args = Stream.concat(Stream.of(common), Stream.of("--threads", th, "--out", tmp.resolve("t" + th).toString())).toArray(String[]::new);
            run(args);
        }
        assertSameFiles(tmp.resolve("t1"), tmp.resolve("t2"), system + " --threads 1 vs 2");
        assertEquals(batch * 4L, Files.walk(tmp.resolve("t2/rollouts")).filter(f -> f.toString().endsWith(".csv")).count(),
                "every rollout of iterations 0 … 3 recorded");
        // And the parallel run did run in parallel.
        TrainConfig c = new TrainConfig(system, plant, 3, batch, 1e-3, "adam", 0, 7, false, tmp.resolve("x"), false, 0, 64);
        try (TrainingIteration it = new TrainingIteration(Tasks.create(c), batch, 7, 2)) {
            assertEquals(2, it.lanes(), "two lanes for a simulated plant");
        }
    }

    @Test
    void interruptedAndResumedWithOtherThreadsIsBitIdentical(@TempDir Path tmp) throws Exception {
        // The fingerprint leaves the thread count out: an interrupted run may continue with another.
        TrainConfig full = new TrainConfig("pendulum", "true", 5, 5, 1e-2, "adam", 0, 3, false, tmp.resolve("full"), false, 60, 16, "default", 1, true);
        double[] reference = Trainer.run(full, Tasks.create(full), (k, K, r, e, g, d) -> {}).theta();
        TrainConfig two = new TrainConfig("pendulum", "true", 5, 5, 1e-2, "adam", 0, 3, false, tmp.resolve("part"), false, 60, 16, "default", 2, true);
        // Stopped (as by an exception) right after iteration 2 was reported: its checkpoint was only submitted
        // to the run's writer then, and must be on disk when the trainer has returned.
        var stop = new IllegalStateException("stop");
        try {
            Trainer.run(two, Tasks.create(two), (k, K, r, e, g, d) -> { if (k == 2) throw stop; });
        } catch (IllegalStateException e) {
            assertEquals(stop, e);
        }
        assertEquals(3, Trainer.latestGood(tmp.resolve("part/checkpoints"), (k, K, r, e, g, d) -> {}).iteration());
        TrainConfig resumed = new TrainConfig("pendulum", "true", 5, 5, 1e-2, "adam", 0, 3, false, tmp.resolve("part"), true, 60, 16, "default", 1, true);
        double[] theta = Trainer.run(resumed, Tasks.create(resumed), (k, K, r, e, g, d) -> {}).theta();
        assertArrayEquals(reference, theta);
        assertEquals(Files.readString(tmp.resolve("full/metrics.csv")), Files.readString(tmp.resolve("part/metrics.csv")));
    }

    @Test
    void experimentSeedsInParallelAreBitIdentical(@TempDir Path tmp) throws Exception {
        for (String exp : new String[] {"car", "go1"}) {
            String one = run("experiment", exp, "--iterations", "2", "--seeds", "1,2,3", "--threads", "1", "--out", tmp.resolve(exp + "1").toString());
            String two = run("experiment", exp, "--iterations", "2", "--seeds", "1,2,3", "--threads", "2", "--out", tmp.resolve(exp + "2").toString());
            assertSameFiles(tmp.resolve(exp + "1"), tmp.resolve(exp + "2"), "experiment " + exp);
            assertEquals(table(one), table(two), "the printed table");
            assertTrue(two.contains("2 parallel run(s)"), two);
        }
        run("experiment", "mismatch", "--iterations", "1", "--seeds", "1,2", "--threads", "1", "--out", tmp.resolve("m1").toString());
        run("experiment", "mismatch", "--iterations", "1", "--seeds", "1,2", "--threads", "2", "--out", tmp.resolve("m2").toString());
        assertSameFiles(tmp.resolve("m1"), tmp.resolve("m2"), "experiment mismatch");
    }

    /** The printed lines from the table on (the first line names the thread count and the directory). */
    static String table(String out) {
        return out.substring(out.indexOf("\nseed")).replaceAll("(?m)^wrote .*$", "");
    }

    @Test
    void theReseedableGeneratorDrawsWhatSplittableRandomDraws() {
        TrainingIteration.Reseedable r = new TrainingIteration.Reseedable();
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(99);
        for (int trial = 0; trial < 200; trial++) {
            long seed = trial < 3 ? new long[] {0, -1, Long.MIN_VALUE}[trial] : seeds.nextLong();
            java.util.SplittableRandom ref = new java.util.SplittableRandom(seed);
            r.reseed(seed);
            for (int j = 0; j < 20; j++) {
                assertEquals(ref.nextDouble(-0.1, 0.1), r.nextDouble(-0.1, 0.1), 0.0);
                assertEquals(ref.nextDouble(), r.nextDouble(), 0.0);
                assertEquals(ref.nextLong(), r.nextLong());
                assertEquals(ref.nextInt(7), r.nextInt(7));
                assertEquals(ref.nextGaussian(), r.nextGaussian(), 0.0);
                assertEquals(ref.nextBoolean(), r.nextBoolean());
                assertEquals(ref.nextFloat(), r.nextFloat(), 0.0f);
                assertEquals(ref.nextLong(-5, 1L << 40), r.nextLong(-5, 1L << 40));
            }
        }
    }

    @Test
    void aFailedWriteOnTheWriterThreadStopsTheRun(@TempDir Path tmp) throws Exception {
        // metrics.csv cannot be replaced when a non-empty directory sits at its name.
        Files.createDirectories(tmp.resolve("run/metrics.csv/blocker"));
        TrainConfig c = new TrainConfig("car", "sim", 3, 2, 5e-3, "adam", 0, 1, false, tmp.resolve("run"), false, 40, 8, "default", 2, true);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> Trainer.run(c, Tasks.create(c), (k, K, r, e, g, d) -> {}));
    }

    @Test
    void hardwarePlantsAreNotReplicated() {
        TrainConfig c = new TrainConfig("go1", "go1", 1, 3, 1e-3, "adam", 0, 1, false, Path.of("unused"), false, 5, 8);
        TrainingTask task = Tasks.create(c);
        try {
            assertNull(task.plant().newInstance(), "the robot is one robot");
            assertNull(task.replica());
            try (TrainingIteration it = new TrainingIteration(task, 3, 1, 4)) {
                assertEquals(1, it.lanes(), "its rollouts run one after another");
            }
        } finally {
            task.plant().close();
        }
    }
}
