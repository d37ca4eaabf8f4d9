package org.feedbackrl.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feedbackrl.cli.Main;
import org.feedbackrl.plot.PngCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code analyze scalar} command: outputs and input validation. */
class AnalyzeCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }

    static String[] base(Path dir, String horizons, String samples, String a) {
        return new String[] {"analyze", "scalar", "--a", a, "--b", "1", "--a-hat", "1.1", "--b-hat", "0.8", "--gain", "0.7",
                "--horizons", horizons, "--samples", samples, "--seed", "1", "--out", dir.toString()};
    }

    @Test
    void writesCsvPlotAndSummary(@TempDir Path dir) throws Exception {
        Result r = run(base(dir, "20,5,10", "50", "1.2"));
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(dir.resolve("scalar.csv"));
        assertEquals("policy,horizon,variance,bias,hessian_max_eig,alpha,alpha_model", lines.get(0));
        assertEquals(7, lines.size());
        assertTrue(lines.get(1).startsWith("open-loop,5,"), lines.get(1));   // horizons sorted
        assertTrue(lines.get(6).startsWith("tracking,20,"), lines.get(6));
        String[] f = lines.get(6).split(",");
        assertEquals(0.5, Double.parseDouble(f[5]), 1e-12);
        // Every row's variance and bias against the closed forms on the same seeded initial states.
        double[] x0s = ScalarGradientAnalysis.initialStates(50, 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            var cls = c[0].equals("open-loop") ? org.feedbackrl.gradient.ScalarExample.PolicyClass.OPEN_LOOP
                    : org.feedbackrl.gradient.ScalarExample.PolicyClass.TRACKING;
            ScalarTheory th = new ScalarTheory(1.2, 1.0, 1.1, 0.8, 0.7, cls);
            int T = Integer.parseInt(c[1]);
            assertEquals(th.variance(T, x0s), Double.parseDouble(c[2]), 1e-8 * th.variance(T, x0s), line);
            assertEquals(th.bias(T, x0s), Double.parseDouble(c[3]), 1e-8 * Math.abs(th.bias(T, x0s)), line);
        }
        PngCheck.check(dir.resolve("scalar.png"), 1950, 680);
        assertTrue(r.out().contains("open-loop") && r.out().contains("tracking") && r.out().contains("derived"), r.out());
    }

    @Test
    void badInputIsOneLineAndNonZeroExit(@TempDir Path dir) {
        String[][] bad = {
            base(dir, "10,,20", "50", "1.2"),
            base(dir, "10,x", "50", "1.2"),
            base(dir, "0,10", "50", "1.2"),
            base(dir, "10,10", "50", "1.2"),
            base(dir, "", "50", "1.2"),
            base(dir, "99999", "50", "1.2"),
            base(dir, "10", "-3", "1.2"),
            base(dir, "10", "1", "1.2"),
            base(dir, "10", "50", "NaN"),
            base(dir, "10", "50", "Infinity"),
            base(dir, "10", "50", "abc"),
            {"analyze", "pendulum", "--a", "1", "--b", "1", "--a-hat", "1", "--b-hat", "1", "--gain", "1", "--horizons", "5"},
        };
        for (String[] args : bad) {
            Result r = run(args);
            String which = String.join(" ", args);
            assertNotEquals(0, r.code(), which);
            assertEquals(1, r.err().strip().lines().count(), which + " -> " + r.err());
            assertTrue(r.err().startsWith("feedbackrl: "), r.err());
        }
        assertFalse(Files.exists(dir.resolve("scalar.csv")), "nothing written on bad input");
    }
}
