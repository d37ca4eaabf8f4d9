package org.feedbackrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feedbackrl.cli.Main;
import org.feedbackrl.plot.PngCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of {@code demo} and {@code experiment} (tiny settings), reproducibility and bad input. */
class ExperimentCommandTest {

    static String run(int expect, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(expect, code, out + "\n" + err);
        return out.toString() + err;
    }

    @Test
    void demoWritesTableMetricsAndPlots(@TempDir Path tmp) throws Exception {
        String out = run(0, "demo", "--iterations", "2", "--out", tmp.toString());
        assertTrue(out.contains("before:") && out.contains("after:"), out);
        assertTrue(Files.readString(tmp.resolve("seed-1/metrics.csv")).startsWith("iteration,mean_reward,tracking_error,grad_norm,data_seconds"));
        PngCheck.check(tmp.resolve("training.png"), 1400, 600);
        PngCheck.check(tmp.resolve("trajectory.png"), 1400, 650);
        assertEquals(3, Files.list(tmp.resolve("seed-1/rollouts")).count(), "one recorded rollout per iteration 0..2");
        String again = run(2, "demo", "--iterations", "2", "--out", tmp.toString());
        assertTrue(again.contains("already holds a demo run"), again);
    }

    @Test
    void carExperimentReproducesExactlyFromItsSeed(@TempDir Path tmp) throws Exception {
        String a = run(0, "experiment", "car", "--iterations", "2", "--seeds", "4", "--out", tmp.resolve("a").toString());
        run(0, "experiment", "car", "--iterations", "2", "--seeds", "4", "--out", tmp.resolve("b").toString());
        assertTrue(a.contains("seeds [4]"), "the seed is printed: " + a);
        assertEquals(Files.readString(tmp.resolve("a/summary.csv")), Files.readString(tmp.resolve("b/summary.csv")));
        assertEquals(Files.readString(tmp.resolve("a/seed-4/metrics.csv")), Files.readString(tmp.resolve("b/seed-4/metrics.csv")));
        PngCheck.check(tmp.resolve("a/training.png"), 1400, 600);
        // Run again into a directory that holds results: one line, exit 2, nothing in it changed.
        byte[] metrics = Files.readAllBytes(tmp.resolve("a/seed-4/metrics.csv")), summary = Files.readAllBytes(tmp.resolve("a/summary.csv"));
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "experiment", "car", "--iterations", "2", "--seeds", "4", "--out", tmp.resolve("a").toString());
        assertEquals(2, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("already holds the results of an earlier run"), err.toString());
        assertArrayEquals(metrics, Files.readAllBytes(tmp.resolve("a/seed-4/metrics.csv")));
        assertArrayEquals(summary, Files.readAllBytes(tmp.resolve("a/summary.csv")));
    }

    @Test
    void pendulumGo1AndMismatchRunAtTinySettings(@TempDir Path tmp) throws Exception {
        String p = run(0, "experiment", "pendulum", "--iterations", "2", "--seeds", "1,2", "--lrs", "0.01", "--out", tmp.resolve("p").toString());
        var wins = java.util.regex.Pattern.compile("higher reward in (\\d+) of (\\d+) seeds").matcher(p);
        assertTrue(wins.find(), p);
        assertEquals("2", wins.group(2), "two seeds were run: " + p);
        assertTrue(Integer.parseInt(wins.group(1)) <= 2, p);
        PngCheck.check(tmp.resolve("p/training.png"), 1400, 600);
        PngCheck.check(tmp.resolve("p/trajectory.png"), 1400, 650);
        List<String> sweep = Files.readAllLines(tmp.resolve("p/sweep.csv"));
        assertEquals(1 + 2 * 2 * 2, sweep.size(), "plants × classes × seeds");
        for (String row : sweep.subList(1, sweep.size())) {
            String[] f = row.split(",");
            assertTrue(Double.isFinite(Double.parseDouble(f[4])) && Double.isFinite(Double.parseDouble(f[5])), row);
        }
        run(0, "experiment", "go1", "--iterations", "1", "--seeds", "1", "--out", tmp.resolve("g").toString());
        PngCheck.check(tmp.resolve("g/trajectory.png"), 1400, 650);
        String m = run(0, "experiment", "mismatch", "--iterations", "1", "--seeds", "1", "--out", tmp.resolve("m").toString());
        List<String> summary = Files.readAllLines(tmp.resolve("m/summary.csv"));
        assertEquals(1 + 4, summary.size(), "one row per scale");
        java.util.Set<Double> scales = new java.util.TreeSet<>();
        for (String row : summary.subList(1, summary.size())) {
            String[] f = row.split(",");                       // scale, seed, before, after, ratio, minutes
            scales.add(Double.parseDouble(f[0]));
            double before = Double.parseDouble(f[2]), after = Double.parseDouble(f[3]), ratio = Double.parseDouble(f[4]);
            assertTrue(before > 0 && after > 0 && Double.isFinite(after), row);
            assertEquals(after / before, ratio, 1e-6 * ratio, row);
        }
        assertEquals(new java.util.TreeSet<>(List.of(0.25, 0.5, 0.75, 1.0)), scales);
    }

    @Test
    void badInputIsOneLine() {
        for (String[] args : new String[][] {{"experiment", "boat"}, {"experiment", "car", "--seeds", "1,x"},
                {"experiment", "pendulum", "--lrs", "-1"}, {"experiment", "car", "--iterations", "0"}, {"demo", "--iterations", "0"}}) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
            assertTrue(code != 0, String.join(" ", args));
            assertEquals(1, err.toString().strip().lines().count(), String.join(" ", args) + ": " + err);
        }
    }
}
