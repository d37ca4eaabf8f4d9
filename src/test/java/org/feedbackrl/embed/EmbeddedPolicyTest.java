package org.feedbackrl.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.sim.CarSimulator;
import org.feedbackrl.sim.Go1Simulator;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainingTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedPolicyTest {
    @TempDir Path tmp;

    /**
     * The reference: the policy driven by hand with {@link Policy#act} and explicit memory
     * (z_{t−1} → z_t), on a policy built independently from the same settings and θ.
     */
    static double[][] byHand(Policy p, Plant plant, double[] x0, long seed, int steps) {
        int n = p.stateDim(), m = p.inputDim(), q = p.memoryDim();
        double[] x = new double[n], zPrev = new double[q], z = new double[q];
        double[][] us = new double[steps][m];
        plant.reset(x0, seed);
        plant.observe(x);
        p.initMemory(x, zPrev);
        for (int t = 0; t < steps; t++) {
            p.act(t, x, zPrev, z, us[t]);
            plant.step(us[t]);
            plant.observe(x);
            System.arraycopy(z, 0, zPrev, 0, q);
        }
        return us;
    }

    @ParameterizedTest
    @CsvSource({"car,false", "car,true", "go1,false", "pendulum,false", "pendulum,true"})
    void loadedPolicyDrivesAPlantExactlyLikeTheTrainedPolicy(String system, boolean noFeedback) throws Exception {
        Path run = tmp.resolve(system + noFeedback);
        TrainConfig c = Runs.config(system, noFeedback, 16, run);
        double[] theta = Runs.write(run, c, 42);
        Task task = Task.of(system);
        EmbeddedPolicy p = EmbeddedPolicy.load(run, task);
        assertEquals(task, p.task());
        assertEquals(3, p.source().iteration());
        assertEquals(run.resolve("checkpoints/ckpt-000003.bin"), p.source().checkpoint());
        assertArrayEquals(theta, p.policy().params(), "θ of the newest checkpoint, bit for bit");

        TrainingTask ref = Tasks.create(c.withPlant("model"));
        System.arraycopy(theta, 0, ref.policy().params(), 0, theta.length);
        Plant plant = switch (system) {
            case "car" -> new CarSimulator();
            case "go1" -> new Go1Simulator();
            default -> ref.plant();
        };
        double[] x0 = new double[p.stateDim()];
        p.startState(x0);
        int steps = (int) Math.round(p.episodeSeconds() / p.dt());
        double[][] want = byHand(ref.policy(), plant, x0, 3, steps);

        double[] x = new double[p.stateDim()], u = new double[p.inputDim()];
        plant.reset(x0, 3);
        plant.observe(x);
        p.reset();
        double maxU = 0;
        for (int k = 0; k < steps; k++) {
            p.control(k * p.dt(), x, u);
            assertArrayEquals(want[k], u, "u at step " + k);
            for (double v : u) maxU = Math.max(maxU, Math.abs(v));
            plant.step(u);
            plant.observe(x);
        }
        assertTrue(maxU > 1e-3, "the policy commands something: max |u| " + maxU);
        // The CLI's rollout path (Unroller) gives the same inputs too.
        Rollout r = new Rollout(p.stateDim(), p.inputDim(), p.memoryDim(), steps);
        new Unroller(p.stateDim(), p.inputDim(), p.memoryDim()).run(plant, p, ref.reward(), x0, 3, r);
        for (int k = 0; k < steps; k++) {
            double[] uk = new double[p.inputDim()];
            r.input(k, uk);
            assertArrayEquals(want[k], uk, "Unroller u at step " + k);
        }
    }

    @Test
    void repeatedSkippedAndBackwardTicks() throws Exception {
        Path run = tmp.resolve("car");
        TrainConfig c = Runs.config("car", false, 16, run);
        Runs.write(run, c, 7);
        EmbeddedPolicy p = EmbeddedPolicy.load(run, Task.CAR);
        Policy ref = Tasks.create(c.withPlant("model")).policy();
        System.arraycopy(p.policy().params(), 0, ref.params(), 0, ref.paramDim());
        int q = ref.memoryDim();
        double[] x = {0.1, -0.05, 3.3, -1.5}, x2 = {0.2, -0.1, 3.2, -1.4};
        double[] u = new double[2], want = new double[2], zPrev = new double[q], z = new double[q];

        // Steps 0..3 with x, then a repeated step 4 (first x, then x2): only the last call counts.
        p.reset();
        for (int k = 0; k <= 3; k++) p.control(k * 0.02, x, u);
        p.control(4 * 0.02, x, u);
        p.control(4 * 0.02 + 0.004, x2, u);                       // 4.2 steps: rounds to step 4
        ref.initMemory(x, zPrev);
        for (int k = 0; k <= 3; k++) {
            ref.act(k, x, zPrev, z, want);
            System.arraycopy(z, 0, zPrev, 0, q);
        }
        ref.act(4, x2, zPrev, z, want);
        assertArrayEquals(want, u, "a repeated step recomputes from the same memory");

        // Skip steps 5..15 (two network calls, at 7 and 14): caught up with the current state x2.
        System.arraycopy(z, 0, zPrev, 0, q);
        p.control(16 * 0.02, x2, u);
        for (int k = 5; k <= 16; k++) {
            ref.act(k, x2, zPrev, z, want);
            System.arraycopy(z, 0, zPrev, 0, q);
        }
        assertArrayEquals(want, u, "skipped steps are caught up");
        assertEquals(16, p.lastStep());

        IllegalStateException back = assertThrows(IllegalStateException.class, () -> p.control(15 * 0.02, x, u));
        assertTrue(back.getMessage().contains("time went backwards") && back.getMessage().contains("reset()"), back.getMessage());
        IllegalStateException jump = assertThrows(IllegalStateException.class, () -> p.control(16 * 0.02 + 3600, x, u));
        assertTrue(jump.getMessage().contains("reset()"), jump.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.control(-0.02, x, u));
        assertThrows(IllegalArgumentException.class, () -> p.control(Double.NaN, x, u));
        assertThrows(IllegalArgumentException.class, () -> p.control(1e300, x, u));
        assertThrows(IllegalArgumentException.class, () -> p.control(0, new double[3], u));
        assertThrows(IllegalArgumentException.class, () -> p.control(0, x, new double[1]));

        // reset(): the same rollout again gives the same outputs.
        double[] first = new double[2], again = new double[2];
        p.reset();
        p.control(0, x, first);
        p.control(0.02, x2, first);
        p.reset();
        p.control(0, x, again);
        p.control(0.02, x2, again);
        assertArrayEquals(first, again);
    }

    @Test
    void warmUpLeavesTheRolloutUntouched() throws Exception {
        Path run = tmp.resolve("warm");
        Runs.write(run, Runs.config("go1", false, 16, run), 4);
        EmbeddedPolicy warm = EmbeddedPolicy.load(run, Task.GO1), cold = EmbeddedPolicy.load(run, Task.GO1);
        warm.warmUp(1000);
        assertEquals(-1, warm.lastStep(), "reset after the warm-up");
        double[] x = {0.1, 0.0, -1.5}, a = new double[2], b = new double[2];
        for (int k = 0; k < 30; k++) {
            x[0] += 0.01;
            warm.control(k * 0.1, x, a);
            cold.control(k * 0.1, x, b);
            assertArrayEquals(b, a, "step " + k);
        }
    }

    @Test
    void nominalPolicyIsTheModelBasedController() {
        EmbeddedPolicy p = EmbeddedPolicy.nominal(Task.CAR);
        Policy ref = Tasks.create(new TrainConfig("car", "model", 1, 1, 1e-3, "adam", 0, 99, false, tmp, false, 0, 64)).policy();
        double[] x = {0.05, 0.02, 3.0, -1.4}, u = new double[2], want = new double[2];
        p.reset();
        p.control(0, x, u);
        ref.act(0, x, new double[ref.memoryDim()], new double[ref.memoryDim()], want);
        assertArrayEquals(want, u, "zero output layer: the same inputs whatever the hidden layers' seed");
        assertNotEquals(0.0, Math.abs(u[0]) + Math.abs(u[1]));
    }

    // ---- bad runs: one exception naming the file and the problem; the run directory unchanged ----

    interface Damage { void apply(Path run, Path ckpt) throws Exception; }

    void rejects(String name, Damage damage, Task task, String... expected) throws Exception {
        Path run = tmp.resolve(name);
        Runs.write(run, Runs.config("car", false, 16, run), 5);
        Path ckpt = run.resolve("checkpoints/ckpt-000003.bin");
        damage.apply(run, ckpt);
        TreeMap<String, String> before = Runs.hashTree(tmp);
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> EmbeddedPolicy.load(run, task));
        String msg = e.getMessage();
        assertEquals(-1, msg.indexOf('\n'), "one line: " + msg);
        assertTrue(msg.startsWith(e.file().toString() + ": "), "names the file first: " + msg);
        for (String s : expected) assertTrue(msg.contains(s), "'" + s + "' in: " + msg);
        assertEquals(before, Runs.hashTree(tmp), "nothing on disk changed");
    }

    static void rewrite(Path ckpt, java.util.function.UnaryOperator<Checkpoint> f) throws Exception {
        Checkpoint c = Checkpoint.decode(Files.readAllBytes(ckpt), "x");
        Files.write(ckpt, f.apply(c).encode());
    }

    @Test
    void flippedByteFailsTheChecksum() throws Exception {
        rejects("flip", (run, ck) -> {
            byte[] b = Files.readAllBytes(ck);
            b[b.length / 2] ^= 0x10;
            Files.write(ck, b);
        }, Task.CAR, "ckpt-000003.bin: the checkpoint fails its checksum", "pass it explicitly", "ckpt-000002.bin");
    }

    @Test
    void truncatedCheckpoint() throws Exception {
        rejects("trunc", (run, ck) -> Files.write(ck, java.util.Arrays.copyOf(Files.readAllBytes(ck), 10)), Task.CAR, "ckpt-000003.bin", "truncated");
    }

    @Test
    void notACheckpoint() throws Exception {
        rejects("magic", (run, ck) -> {
            byte[] body = "NOTACKPT and some more bytes".getBytes();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(body);
            Files.write(ck, ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array());
        }, Task.CAR, "is not a feedback-rl checkpoint");
    }

    @Test
    void parametersThatDoNotMatchTheSettings() throws Exception {
        // θ of a hidden=16 car policy (6·16+16 + 16·16+16 + 16·10+10 = 554) under a fingerprint that says hidden=32 (1610).
        rejects("sizes", (run, ck) -> rewrite(ck, c -> new Checkpoint(c.fingerprint().replace("hidden=16", "hidden=32"), c.iteration(),
                c.optimizerSteps(), c.theta(), c.m1(), c.m2(), c.metricRows())), Task.CAR, "has 554 parameters", "hidden=32", "has 1610");
    }

    @Test
    void nonFiniteParameter() throws Exception {
        rejects("nan", (run, ck) -> rewrite(ck, c -> {
            double[] th = c.theta().clone();
            th[17] = Double.NaN;
            return new Checkpoint(c.fingerprint(), c.iteration(), c.optimizerSteps(), th, c.m1(), c.m2(), c.metricRows());
        }), Task.CAR, "parameter 17 of 554 is NaN");
    }

    @Test
    void fingerprintThisVersionDoesNotWrite() throws Exception {
        rejects("fp", (run, ck) -> rewrite(ck, c -> new Checkpoint(c.fingerprint() + ";extra=1", c.iteration(), c.optimizerSteps(),
                c.theta(), c.m1(), c.m2(), c.metricRows())), Task.CAR, "settings fingerprint", "extra=1");
        rejects("fp2", (run, ck) -> rewrite(ck, c -> new Checkpoint("garbage", c.iteration(), c.optimizerSteps(),
                c.theta(), c.m1(), c.m2(), c.metricRows())), Task.CAR, "malformed entry 'garbage'");
    }

    @Test
    void otherTask() throws Exception {
        rejects("task", (run, ck) -> {}, Task.GO1, "holds a car policy, not a go1 policy");
    }

    @Test
    void scalarRunsAreNotEmbeddable() throws Exception {
        rejects("scalar", (run, ck) -> rewrite(ck, c -> new Checkpoint(c.fingerprint().replace("system=car", "system=scalar"), c.iteration(),
                c.optimizerSteps(), c.theta(), c.m1(), c.m2(), c.metricRows())), Task.CAR, "holds a scalar policy");
    }

    @Test
    void missingRunAndEmptyRun() throws Exception {
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> EmbeddedPolicy.load(tmp.resolve("nope"), Task.CAR));
        assertTrue(e.getMessage().endsWith("does not exist; pass a run directory written by 'feedbackrl train' or one of its checkpoints/ckpt-NNNNNN.bin"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(PolicyFileException.class, () -> EmbeddedPolicy.load(tmp.resolve("empty"), Task.CAR));
        assertTrue(e.getMessage().contains("is not a training run"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty/checkpoints"));
        e = assertThrows(PolicyFileException.class, () -> EmbeddedPolicy.load(tmp.resolve("empty"), Task.CAR));
        assertTrue(e.getMessage().contains("holds no checkpoint"), e.getMessage());
    }

    @Test
    void anOlderCheckpointCanBeLoadedExplicitly() throws Exception {
        Path run = tmp.resolve("older");
        Runs.write(run, Runs.config("car", false, 16, run), 5);
        EmbeddedPolicy p = EmbeddedPolicy.load(run.resolve("checkpoints/ckpt-000002.bin"), Task.CAR);
        assertEquals(2, p.source().iteration());
        assertTrue(java.util.Arrays.stream(p.policy().params()).allMatch(v -> v == 0), "the older checkpoint's θ (zeros)");
    }

    @Test
    void fingerprintRoundTrips() {
        for (String sys : List.of("car", "go1", "pendulum", "scalar")) {
            TrainConfig c = new TrainConfig(sys, "sim", 4, 3, 0.00125, "sgd", 2.5, -7, true, tmp, false, 12, 33, "authors:0.5");
            TrainConfig back = TrainConfig.fromFingerprint(c.fingerprint(), tmp);
            assertEquals(c.fingerprint(), back.fingerprint());
            assertEquals(33, back.hidden());
            assertEquals(-7, back.seed());
            assertEquals("authors:0.5", back.model());
        }
    }
}
