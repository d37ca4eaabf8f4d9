package org.feedbackrl.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.feedbackrl.cli.Main;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.sim.CarSimulator;
import org.feedbackrl.task.FigureEight;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code feedbackrl evaluate} and {@code feedbackrl export}: results, and bad runs rejected in one line with nothing changed on disk. */
class EmbedCliTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new Run(code, o.toString(), e.toString());
    }

    static double value(String text, String key) {
        return Double.parseDouble(text.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow().substring(key.length() + 1));
    }

    @Test
    void trainedRunEvaluatesAndExports() throws Exception {
        Path run = tmp.resolve("run");
        Run t = cli("train", "car", "--plant", "model", "--iterations", "3", "--out", run.toString(), "--quiet");
        assertEquals(0, t.code, t.err);

        // evaluate against an independent loop: the policy rebuilt from the checkpoint, driven with Policy.act.
        Run ev = cli("evaluate", run.toString(), "--plant", "sim", "--seed", "4");
        assertEquals(0, ev.code, ev.err);
        assertTrue(ev.out.contains("car policy, ckpt-000004.bin (iteration 4), on plant 'sim', seed 4: 1 lap = 275 steps"), ev.out);
        Checkpoint ck = Checkpoint.decode(Files.readAllBytes(run.resolve("checkpoints/ckpt-000004.bin")), "ck");
        Policy ref = Tasks.create(TrainConfig.fromFingerprint(ck.fingerprint(), run)).policy();
        System.arraycopy(ck.theta(), 0, ref.params(), 0, ck.theta().length);
        double[] x0 = {0, 0, new FigureEight(5.5).speed(), -Math.PI / 2};
        double[][] us = EmbeddedPolicyTest.byHand(ref, new CarSimulator(), x0, 4, 275);
        CarSimulator car = new CarSimulator();
        double[] x = new double[4];
        car.reset(x0, 4);
        car.observe(x);
        double sum = 0;
        for (double[] u : us) {
            sum += FigureEight.distanceToPath(x[0], x[1]);
            car.step(u);
            car.observe(x);
        }
        sum += FigureEight.distanceToPath(x[0], x[1]);
        assertEquals(sum / 276, value(ev.out, "tracking_error"), 1e-12, ev.out);

        // export: ONNX (run by ONNX Runtime) and JSON of the same network.
        Path onnx = tmp.resolve("policy.onnx"), json = tmp.resolve("policy.json");
        Run ex = cli("export", run.toString(), "--format", "onnx", "--out", onnx.toString());
        assertEquals(0, ex.code, ex.err);
        assertTrue(ex.out.startsWith("wrote " + onnx + ": ONNX float64 network 6-64-64-10 (5258 parameters)"), ex.out);
        ex = cli("export", run.resolve("checkpoints/ckpt-000004.bin").toString(), "--format", "json", "--out", json.toString());
        assertEquals(0, ex.code, ex.err);
        assertTrue(MiniJson.parse(Files.readString(json)) instanceof Map);
        Mlp mlp = ((MlpNetwork) Runs.network(ref)).mlp();
        double[][] in = OnnxExportTest.inputs(1000, 6, 77), want = OnnxExportTest.reference(mlp, in);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor xt = OnnxTensor.createTensor(env, in); OrtSession.Result r = s.run(Map.of("features", xt))) {
            double[][] got = (double[][]) r.get(0).getValue();
            double rel = OnnxExportTest.normwiseRelative(got, want), rel1 = OnnxExportTest.elementwiseRelative(got, want, 0.01);
            System.out.printf("exported file vs the run's network: normwise %.3g, elementwise (>= 1%% of the sample's largest) %.3g%n", rel, rel1);
            assertTrue(rel <= 1e-13, "exported file vs the run's network, normwise: " + rel);     // bounds as in OnnxExportTest
            assertTrue(rel1 <= 1e-12, "exported file vs the run's network, elementwise: " + rel1);
        }
    }

    interface Damage { void apply(Path ckpt) throws Exception; }

    static final Map<String, Damage> DAMAGES = Map.of(
            "flipped", ck -> {
                byte[] b = Files.readAllBytes(ck);
                b[40] ^= 1;
                Files.write(ck, b);
            },
            "truncated", ck -> Files.write(ck, java.util.Arrays.copyOf(Files.readAllBytes(ck), 100)),
            "mismatched", ck -> {
                Checkpoint c = Checkpoint.decode(Files.readAllBytes(ck), "x");
                Files.write(ck, new Checkpoint(c.fingerprint().replace("hidden=16", "hidden=17"), c.iteration(), c.optimizerSteps(),
                        c.theta(), c.m1(), c.m2(), c.metricRows()).encode());
            },
            "nan", ck -> {
                Checkpoint c = Checkpoint.decode(Files.readAllBytes(ck), "x");
                double[] th = c.theta().clone();
                th[th.length - 1] = Double.POSITIVE_INFINITY;
                Files.write(ck, new Checkpoint(c.fingerprint(), c.iteration(), c.optimizerSteps(), th, c.m1(), c.m2(), c.metricRows()).encode());
            });

    @ParameterizedTest
    @ValueSource(strings = {"flipped", "truncated", "mismatched", "nan"})
    void badCheckpointGetsOneLineAndNothingChanges(String damage) throws Exception {
        Path run = tmp.resolve("run");
        Runs.write(run, Runs.config("car", false, 16, run), 2);
        Path ck = run.resolve("checkpoints/ckpt-000003.bin");
        DAMAGES.get(damage).apply(ck);
        Path out = tmp.resolve("out.onnx");
        Path kept = Files.writeString(tmp.resolve("kept.onnx"), "an earlier export");   // an --out that exists: left as it was
        TreeMap<String, String> before = Runs.hashTree(tmp);
        assertTrue(before.containsKey("kept.onnx") && before.containsKey("run/checkpoints/ckpt-000003.bin"), before.toString());
        String[][] commands = {
                {"export", run.toString(), "--format", "onnx", "--out", out.toString()},
                {"export", run.toString(), "--format", "json", "--out", out.toString()},
                {"export", ck.toString(), "--format", "onnx", "--float32", "--out", out.toString()},
                {"export", run.toString(), "--format", "onnx", "--out", kept.toString()},
                {"export", ck.toString(), "--format", "json", "--out", kept.toString()},
                {"evaluate", run.toString(), "--plant", "sim"}};
        for (String[] cmd : commands) {
            Run r = cli(cmd);
            assertEquals(2, r.code, String.join(" ", cmd));
            assertEquals("", r.out, "nothing on stdout");
            String err = r.err.strip();
            assertEquals(1, err.lines().count(), "one line: " + r.err);
            assertTrue(err.startsWith("feedbackrl: " + ck + ": "), "names the file: " + err);
            assertTrue(err.contains(switch (damage) {
                case "flipped" -> "fails its checksum";
                case "truncated" -> "fails its checksum";
                case "mismatched" -> "parameters do not match the settings";
                default -> "is Infinity";
            }), err);
            assertFalse(Files.exists(out), "no output written");
            // Every file under tmp (the run, the damaged checkpoint, kept.onnx) byte for byte, and no file added or removed.
            assertEquals(before, Runs.hashTree(tmp), "nothing on disk changed after: " + String.join(" ", cmd));
        }
    }

    @Test
    void loopBenchDrivesLoadedPolicies() throws Exception {
        Path car = tmp.resolve("car"), dog = tmp.resolve("go1");
        Runs.write(car, Runs.config("car", false, 64, car), 1);
        Runs.write(dog, Runs.config("go1", false, 64, dog), 2);
        Run r = cli("hw", "loop-bench", "--rate", "2000", "--seconds", "0.25", "--warmup", "0.1", "--car-run", car.toString(), "--go1-run", dog.toString());
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("policies: car " + car.resolve("checkpoints/ckpt-000003.bin") + ", go1 " + dog.resolve("checkpoints/ckpt-000003.bin")), r.out);
        assertTrue(r.out.contains("500 ticks at 2000 Hz"), r.out);
        r = cli("hw", "loop-bench", "--seconds", "0.1", "--car-run", dog.toString());
        assertEquals(2, r.code);
        assertEquals("feedbackrl: " + dog.resolve("checkpoints/ckpt-000003.bin") + ": holds a go1 policy, not a car policy (settings "
                + Runs.config("go1", false, 64, dog).fingerprint() + "); load a car run", r.err.strip());
    }

    @Test
    void badFlags() throws Exception {
        Path run = tmp.resolve("run");
        Runs.write(run, Runs.config("go1", false, 16, run), 2);
        Run r = cli("export", run.toString(), "--format", "tflite", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code);
        assertEquals("feedbackrl: --format must be onnx or json, got 'tflite'", r.err.strip());
        r = cli("export", run.toString(), "--format", "json", "--float32", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--float32 applies to --format onnx only"), r.err);
        r = cli("export", run.toString(), "--format", "onnx", "--out", tmp.resolve("no/such/dir/x.onnx").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("does not exist"), r.err);
        r = cli("export", tmp.resolve("missing").toString(), "--format", "onnx", "--out", tmp.resolve("x").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.strip().startsWith("feedbackrl: " + tmp.resolve("missing") + ": does not exist"), r.err);
        Path ck = run.resolve("checkpoints/ckpt-000003.bin");
        byte[] ckBytes = Files.readAllBytes(ck);
        for (String target : new String[] {ck.toString(), run.resolve("checkpoints/export.json").toString()}) {
            r = cli("export", run.resolve("checkpoints/ckpt-000002.bin").toString(), "--format", "json", "--out", target);
            assertEquals(2, r.code, target);
            assertTrue(r.err.strip().startsWith("feedbackrl: --out " + target + " is in the run's checkpoint directory"), r.err);
        }
        assertArrayEquals(ckBytes, Files.readAllBytes(ck), "the newest checkpoint is not overwritten by an export");
        assertFalse(Files.exists(run.resolve("checkpoints/export.json")));
        r = cli("evaluate", run.toString(), "--plant", "authors");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown plant 'authors' for go1"), r.err);
        r = cli("evaluate", run.toString(), "--laps", "0");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--laps must be in 1..1000"), r.err);
        assertFalse(Files.exists(tmp.resolve("x")));
        r = cli("evaluate", run.toString());                       // the run's own plant: the Go1 simulator
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("go1 policy") && r.out.contains("plant 'sim'") && r.out.contains("377 steps of 0.1 s"), r.out);
    }
}
