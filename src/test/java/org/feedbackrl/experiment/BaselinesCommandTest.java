package org.feedbackrl.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.feedbackrl.baseline.BaselineRun;
import org.feedbackrl.cli.Main;
import org.feedbackrl.plot.PngCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment baselines}, {@code experiment pendulum-v1} and {@code baseline} at tiny budgets:
 * outputs, reproducibility from the seed, resume (a finished experiment resumed only redraws), and
 * one-line errors for bad input.
 */
class BaselinesCommandTest {

    static String run(int expect, String... args) {
        return ExperimentCommandTest.run(expect, args);
    }

    @Test
    void baselinesWritesCurvesTablePlotAndResumes(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        String out = run(0, "experiment", "baselines", "--budget-minutes", "0.25", "--seeds", "3", "--methods", "sac,ppo", "--out", a.toString());
        assertTrue(out.contains("minutes of data to reach"), out);
        assertTrue(out.contains("eta    ? s") && !out.contains("NaN"), "an unknown ETA is shown as '?': " + out);
        assertTrue(out.contains("not within 0.25 minutes"), "no baseline reaches feedback-rl in 15 s of data: " + out);
        List<String> curves = Files.readAllLines(a.resolve("curves.csv"));
        assertEquals("method,seed,steps,data_seconds,tracking_error,return", curves.get(0));
        // feedback-rl: 12 evaluations (after each update); each baseline: 11 s (one episode) and the budget, 15 s
        assertEquals(1 + 12 + 2 + 2, curves.size(), String.join("\n", curves));
        for (String row : curves.subList(1, curves.size())) {
            String[] f = row.split(",");
            double err = Double.parseDouble(f[4]);
            assertTrue(err > 0.02 && err < 1.0, row);
        }
        assertTrue(curves.get(13).startsWith("sac,3,79,11.0"), "first SAC evaluation after one episode: " + curves.get(13));
        PngCheck.check(a.resolve("baselines.png"), 1400, 620);
        assertEquals(1 + 3, Files.readAllLines(a.resolve("summary.csv")).size());

        // the same seed again, one run at a time: the same curves, bit for bit
        run(0, "experiment", "baselines", "--budget-minutes", "0.25", "--seeds", "3", "--methods", "sac,ppo", "--threads", "1", "--out", b.toString());
        assertEquals(Files.readString(a.resolve("curves.csv")), Files.readString(b.resolve("curves.csv")));

        // an existing experiment needs --resume; resuming a finished one reuses every run and redraws
        String again = run(2, "experiment", "baselines", "--budget-minutes", "0.25", "--seeds", "3", "--methods", "sac,ppo", "--out", a.toString());
        assertTrue(again.contains("already holds an experiment") && again.strip().lines().count() == 2, again);
        Files.delete(a.resolve("curves.csv"));
        String resumed = run(0, "experiment", "baselines", "--budget-minutes", "0.25", "--seeds", "3", "--methods", "sac,ppo", "--out", a.toString(), "--resume");
        assertEquals(3, resumed.lines().filter(l -> l.contains("finished earlier, reusing")).count(), resumed);
        assertEquals(Files.readString(b.resolve("curves.csv")), Files.readString(a.resolve("curves.csv")));
        // an interrupted experiment: the missing run is run again, the others reused
        Files.delete(a.resolve("runs/ppo-seed3.csv"));
        String partial = run(0, "experiment", "baselines", "--budget-minutes", "0.25", "--seeds", "3", "--methods", "sac,ppo", "--out", a.toString(), "--resume");
        assertTrue(partial.contains("ppo         seed 3: started"), partial);
        assertEquals(Files.readString(b.resolve("curves.csv")), Files.readString(a.resolve("curves.csv")));
        // other settings are refused
        String other = run(2, "experiment", "baselines", "--budget-minutes", "0.5", "--seeds", "3", "--methods", "sac,ppo", "--out", a.toString(), "--resume");
        assertTrue(other.contains("other settings"), other);
    }

    @Test
    void pendulumV1WritesTheCheck(@TempDir Path tmp) throws Exception {
        String out = run(0, "experiment", "pendulum-v1", "--budget-steps", "160", "--seeds", "1", "--out", tmp.toString());
        assertTrue(out.contains("SAC: mean return >= -250 within 160 steps in 0 of 1 seeds"), out);
        assertTrue(!out.contains("NaN"), out);
        assertTrue(out.contains("PPO: median curve rises from"), out);
        List<String> curves = Files.readAllLines(tmp.resolve("curves.csv"));
        assertEquals(1 + 20 + 40, curves.size(), "20 evaluations per SAC run, 40 per PPO run");
        for (String row : curves.subList(1, curves.size())) {
            double r = Double.parseDouble(row.split(",")[5]);
            assertTrue(r < 0 && r > -2000, row);                 // Pendulum-v1 returns lie in (−16.3·200, 0]
        }
        PngCheck.check(tmp.resolve("pendulum-v1.png"), 1200, 700);
    }

    @Test
    void oneBaselineRunWithFlagsFromItsConfig(@TempDir Path tmp) throws Exception {
        String out = run(0, "baseline", "ppo", "--env", "pendulum-v1", "--budget-steps", "2048", "--n-envs", "2", "--n-steps", "256",
                "--batch-size", "128", "--seed", "7", "--out", tmp.toString());
        assertTrue(out.contains("nEnvs=2 nSteps=256 batchSize=128"), out);
        List<String> rows = Files.readAllLines(tmp.resolve("curve.csv"));
        assertEquals(1 + 20, rows.size());
        assertTrue(Files.readString(tmp.resolve("config.txt")).contains("gamma=0.9"), "rl-zoo3's Pendulum-v1 gamma");
        String again = run(2, "baseline", "ppo", "--env", "pendulum-v1", "--budget-steps", "2048", "--out", tmp.toString());
        assertTrue(again.contains("already holds a finished run"), again);
    }

    @Test
    void setOverridesAHyperparameterAndRecordsIt(@TempDir Path tmp) throws Exception {
        String out = run(0, "experiment", "pendulum-v1", "--methods", "ppo", "--budget-steps", "512", "--seeds", "1",
                "--set", "ppo.n-steps=64", "--set", "ppo.n-envs=2", "--out", tmp.toString());
        assertTrue(out.contains("baseline settings other than the defaults: ppo.n-steps=64 ppo.n-envs=2"), out);
        String settings = Files.readString(tmp.resolve("settings.txt"));
        assertTrue(settings.contains("nEnvs=2 nSteps=64"), settings);
        // resuming with other --set values is refused: they are part of the settings
        String other = run(2, "experiment", "pendulum-v1", "--methods", "ppo", "--budget-steps", "512", "--seeds", "1",
                "--set", "ppo.n-steps=128", "--set", "ppo.n-envs=2", "--out", tmp.toString(), "--resume");
        assertTrue(other.contains("other settings"), other);
        // Configs.with: exactly the named components change
        BaselineRun.Configs d = BaselineRun.Configs.defaults("car");
        BaselineRun.Configs c = d.with(List.of("ppo.n-steps=256", "ppo.log-std-init=-1.5", "sac.hidden=32,32", "ppo.n-steps=512"));
        assertEquals(512, c.ppo().nSteps(), "a later setting of the same key wins");
        assertEquals(-1.5, c.ppo().logStdInit());
        assertArrayEquals(new int[] {32, 32}, c.sac().hidden());
        assertEquals(d.ppo().lr(), c.ppo().lr());
        assertEquals(d.sac().lr(), c.sac().lr());
        assertSame(d.mbpo(), c.mbpo());
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        String[][] cases = {
            {"experiment", "baselines", "--methods", "ppo,dqn"},
            {"experiment", "baselines", "--methods", "sac,sac"},
            {"experiment", "baselines", "--budget-minutes", "0"},
            {"experiment", "baselines", "--budget-minutes", "-3"},
            {"experiment", "baselines", "--budget-minutes", "abc"},
            {"experiment", "baselines", "--seeds", "1,two"},
            {"experiment", "baselines", "--seeds", ""},
            {"experiment", "baselines", "--iterations", "3"},
            {"experiment", "pendulum-v1", "--budget-steps", "0"},
            {"experiment", "pendulum-v1", "--budget-minutes", "3"},
            {"experiment", "car", "--budget-minutes", "3"},
            {"experiment", "car", "--set", "ppo.n-steps=64"},
            {"experiment", "baselines", "--set", "ppo.n-steps=0"},
            {"experiment", "baselines", "--set", "ppo.n-steps=many"},
            {"experiment", "baselines", "--set", "ppo.steps=64"},
            {"experiment", "baselines", "--set", "dqn.lr=1e-3"},
            {"experiment", "baselines", "--set", "ppo"},
            {"baseline", "sac", "--lr", "fast"},
            {"baseline", "sac", "--env", "moon"},
            {"baseline", "ppo", "--budget-minutes", "0"},
            {"baseline", "mbpo", "--elites", "9"},
            {"baseline", "dqn"},
        };
        for (String[] args : cases) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
            assertTrue(code != 0, String.join(" ", args) + " should fail");
            assertEquals(1, err.toString().strip().lines().count(), String.join(" ", args) + ": " + err);
        }
    }
}
