package org.feedbackrl.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    }

    @Test
    void pendulumGo1AndMismatchRunAtTinySettings(@TempDir Path tmp) throws Exception {
        String p = run(0, "experiment", "pendulum", "--iterations", "2", "--seeds", "1,2", "--lrs", "0.01", "--out", tmp.resolve("p").toString());
        assertTrue(p.contains("feedback class ends with the higher reward in"), p);
        PngCheck.check(tmp.resolve("p/training.png"), 1400, 600);
        PngCheck.check(tmp.resolve("p/trajectory.png"), 1400, 650);
        assertTrue(Files.readAllLines(tmp.resolve("p/sweep.csv")).size() == 1 + 2 * 2 * 2);
        run(0, "experiment", "go1", "--iterations", "1", "--seeds", "1", "--out", tmp.resolve("g").toString());
        PngCheck.check(tmp.resolve("g/trajectory.png"), 1400, 650);
        String m = run(0, "experiment", "mismatch", "--iterations", "1", "--seeds", "1", "--out", tmp.resolve("m").toString());
        assertTrue(m.contains("0.25"), m);
        assertEquals(1 + 4, Files.readAllLines(tmp.resolve("m/summary.csv")).size());
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
