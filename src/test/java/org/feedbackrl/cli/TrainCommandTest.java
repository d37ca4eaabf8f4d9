package org.feedbackrl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of {@code train} and the acceptance run on the model plant. */
class TrainCommandTest {

    static int run(StringWriter out, StringWriter err, String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void carOnTheModelImprovesTrackingByAQuarterIn20Iterations(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = run(out, err, "train", "car", "--plant", "model", "--iterations", "20", "--seed", "1", "--out", tmp.toString());
        assertEquals(0, code, err.toString());
        List<String> rows = Files.readAllLines(tmp.resolve("metrics.csv"));
        assertTrue(rows.get(0).startsWith("iteration,mean_reward,tracking_error,grad_norm,data_seconds"));
        String[] first = rows.get(1).split(","), last = rows.get(rows.size() - 1).split(",");
        double e0 = Double.parseDouble(first[2]), eK = Double.parseDouble(last[2]);
        double r0 = Double.parseDouble(first[1]), rK = Double.parseDouble(last[1]);
        System.out.printf("train car --plant model --iterations 20 --seed 1: tracking %.4f -> %.4f m, reward %.3f -> %.3f%n", e0, eK, r0, rK);
        assertTrue(eK <= 0.75 * e0, "tracking error " + e0 + " -> " + eK);
        assertTrue(rK > r0, "reward " + r0 + " -> " + rK);
        assertEquals(22, rows.size());
        assertTrue(err.toString().contains("iter  20/20"), "progress is reported");
    }

    @Test
    void badFlagsGetOneLineAndNonZeroExit(@TempDir Path tmp) {
        String[][] bad = {
                {"train", "boat"},
                {"train", "car", "--iterations", "0"},
                {"train", "car", "--lr", "-1"},
                {"train", "car", "--lr", "NaN"},
                {"train", "car", "--optimizer", "rmsprop"},
                {"train", "car", "--plant", "moon"},
                {"train", "car", "--batch", "x"},
                {"train", "car", "--resume", "--out", tmp.resolve("nothing").toString()},
                {"train", "car", "--threads", "0"},
                {"train", "go1", "--plant", "go1", "--no-record", "--out", tmp.resolve("hw").toString()},
        };
        for (String[] args : bad) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = run(out, err, args);
            assertTrue(code != 0, String.join(" ", args));
            String e = err.toString().strip();
            assertEquals(1, e.lines().count(), String.join(" ", args) + " -> " + e);
            assertTrue(e.startsWith("feedbackrl: "), e);
        }
    }
}
