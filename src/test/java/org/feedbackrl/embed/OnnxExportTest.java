package org.feedbackrl.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.feedbackrl.policy.Mlp;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exported network checked by a real ONNX client: ONNX Runtime (Java, CPU) runs the file and
 * must reproduce feedback-rl's own network ({@link Mlp#forward}) on 1,000 random inputs — in float64
 * to 1e-13 normwise and 1e-12 elementwise relative (outputs ≥ 1 % of their sample's largest), in
 * float32 to 2e-6 of the largest output. The JSON export is read back by an independent parser and
 * evaluated with plain loops.
 */
class OnnxExportTest {
    @TempDir Path tmp;
    static final int SAMPLES = 1000;

    /** feedback-rl's outputs for the inputs, one sample at a time (the vectorized single-sample path the policy uses). */
    static double[][] reference(Mlp mlp, double[][] in) {
        Mlp.Workspace ws = mlp.newWorkspace(1);
        double[][] out = new double[in.length][mlp.outputs()];
        for (int s = 0; s < in.length; s++) mlp.forward(in[s], out[s], ws);
        return out;
    }

    static double[][] inputs(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] r : x) for (int j = 0; j < d; j++) r[j] = rng.nextDouble(-3, 3);   // positions, velocities, phases
        return x;
    }

    /**
     * Normwise relative error, the worst over the samples: max_s ‖a_s − b_s‖∞ / ‖b_s‖∞. Two correct
     * float64 evaluations that sum in different orders differ by about ε·Σ|terms| in each output; an
     * output that is a near-cancelling sum (close to zero) therefore has no meaningful elementwise
     * relative error, but the output vector has a normwise one (printed next to the elementwise
     * worst case, for the record).
     */
    static double normwiseRelative(double[][] got, double[][] want) {
        double worst = 0;
        for (int s = 0; s < want.length; s++) {
            double d = 0, w = 0;
            for (int j = 0; j < want[s].length; j++) {
                d = Math.max(d, Math.abs(got[s][j] - want[s][j]));
                w = Math.max(w, Math.abs(want[s][j]));
            }
            worst = Math.max(worst, d / w);
        }
        return worst;
    }

    /**
     * Largest elementwise |a − b| / |b| over the outputs with |b| ≥ floor · ‖b_s‖∞ of their sample s
     * (floor 0: every output, for the report).
     */
    static double elementwiseRelative(double[][] got, double[][] want, double floor) {
        double worst = 0;
        for (int s = 0; s < want.length; s++) {
            double w = 0;
            for (double v : want[s]) w = Math.max(w, Math.abs(v));
            for (int j = 0; j < want[s].length; j++) {
                if (Math.abs(want[s][j]) >= floor * w) worst = Math.max(worst, Math.abs(got[s][j] - want[s][j]) / Math.abs(want[s][j]));
            }
        }
        return worst;
    }

    @ParameterizedTest
    @CsvSource({"car,false", "car,true", "go1,false", "pendulum,false", "pendulum,true"})
    void onnxRuntimeReproducesTheNetwork(String system, boolean noFeedback) throws Exception {
        Path run = tmp.resolve(system);
        Runs.write(run, Runs.config(system, noFeedback, 64, run), 21);
        EmbeddedPolicy p = EmbeddedPolicy.load(run, Task.of(system));
        Mlp mlp = NetworkExport.describe(p).mlp();
        double[][] in = inputs(SAMPLES, mlp.inputs(), 5);
        double[][] want = reference(mlp, in);
        double spread = 0;
        for (double[] r : want) for (double v : r) spread = Math.max(spread, Math.abs(v));
        assertTrue(spread > 0.05, "a network with real outputs (max |y| " + spread + ")");

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opt = new OrtSession.SessionOptions()) {
            opt.setIntraOpNumThreads(1);
            try (OrtSession s = env.createSession(NetworkExport.onnx(p, false), opt)) {
                assertEquals(List.of("features"), List.copyOf(s.getInputNames()));
                assertEquals(List.of("outputs"), List.copyOf(s.getOutputNames()));
                Map<String, String> meta = s.getMetadata().getCustomMetadata();
                assertEquals(system, meta.get("feedbackrl.task"));
                assertEquals(p.source().fingerprint(), meta.get("feedbackrl.settings"));
                assertEquals("feedback-rl", s.getMetadata().getProducerName());
                double[][] got;
                try (OnnxTensor x = OnnxTensor.createTensor(env, in); OrtSession.Result r = s.run(Map.of("features", x))) {
                    got = (double[][]) r.get(0).getValue();
                }
                double rel = normwiseRelative(got, want), rel1 = elementwiseRelative(got, want, 0.01);
                System.out.printf("ONNX Runtime float64 %s%s: normwise relative error %.3g, elementwise %.3g (outputs >= 1%% of the sample's "
                                + "largest; %.3g over all) over %d x %d outputs%n", system, noFeedback ? " (no feedback)" : "", rel, rel1,
                        elementwiseRelative(got, want, 0), SAMPLES, mlp.outputs());
                // Measured on the five networks (AVX2, ONNX Runtime 1.23.2, one thread): normwise ≤ 2.2e-14
                // (car no feedback; the others ≤ 4.5e-15); elementwise over the outputs ≥ 1 % of their
                // sample's largest ≤ 3.5e-13 (go1). Over every output the elementwise worst is 1.2e-11: a
                // near-cancelling output (1e-4 of its sample's largest) has no meaningful relative error.
                assertTrue(rel <= 1e-13, "float64 normwise relative error " + rel);
                assertTrue(rel1 <= 1e-12, "float64 elementwise relative error (outputs >= 1% of the sample's largest) " + rel1);
            }
            try (OrtSession s = env.createSession(NetworkExport.onnx(p, true), opt)) {
                float[][] in32 = new float[SAMPLES][mlp.inputs()];
                for (int a = 0; a < SAMPLES; a++) for (int b = 0; b < mlp.inputs(); b++) in32[a][b] = (float) in[a][b];
                double[][] got = new double[SAMPLES][];
                try (OnnxTensor x = OnnxTensor.createTensor(env, in32); OrtSession.Result r = s.run(Map.of("features", x))) {
                    float[][] y = (float[][]) r.get(0).getValue();
                    for (int a = 0; a < SAMPLES; a++) {
                        got[a] = new double[y[a].length];
                        for (int b = 0; b < y[a].length; b++) got[a][b] = y[a][b];
                    }
                }
                // Error relative to the output's scale (float32 has 24 bits: an output that is 1e-6 of its
                // range cannot be relative-1e-5 accurate after rounding the weights).
                double worst = 0, range = spread;
                for (int a = 0; a < SAMPLES; a++) for (int b = 0; b < want[a].length; b++) worst = Math.max(worst, Math.abs(got[a][b] - want[a][b]));
                System.out.printf("ONNX Runtime float32 %s%s: max error %.3g (%.3g of the largest output)%n", system, noFeedback ? " (no feedback)" : "", worst, worst / range);
                // Measured: ≤ 5.2e-7 of the largest output (car no feedback); the 1e-5 would pass a far worse export.
                assertTrue(worst <= 2e-6 * range, "float32 max error " + worst + " vs largest output " + range);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"car,false", "go1,false", "pendulum,false", "car,true"})
    @SuppressWarnings("unchecked")
    void jsonHoldsTheExactWeightsInTheDocumentedLayout(String system, boolean noFeedback) throws Exception {
        Path run = tmp.resolve(system);
        Runs.write(run, Runs.config(system, noFeedback, 24, run), 8);
        EmbeddedPolicy p = EmbeddedPolicy.load(run, Task.of(system));
        Mlp mlp = NetworkExport.describe(p).mlp();
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(NetworkExport.json(p));
        assertEquals("feedbackrl-policy-network", doc.get("format"));
        assertEquals(1.0, doc.get("version"));
        assertEquals(system, doc.get("task"));
        assertEquals(p.dt(), doc.get("dt"));
        Map<String, Object> net = (Map<String, Object>) doc.get("network");
        List<Object> layers = (List<Object>) net.get("layers");
        assertEquals(3, layers.size());
        assertEquals(mlp.inputs(), ((List<Object>) net.get("inputs")).size());
        assertEquals(mlp.outputs(), ((List<Object>) net.get("outputs")).size());
        // Weights bit for bit: layer l, weight[k][j] is θ[weightOffset(l) + k·out + j].
        double[] th = p.policy().params();
        for (int l = 1; l <= 3; l++) {
            Map<String, Object> L = (Map<String, Object>) layers.get(l - 1);
            List<List<Double>> w = (List<List<Double>>) L.get("weight");
            List<Double> b = (List<Double>) L.get("bias");
            int in = mlp.width(l - 1), out = mlp.width(l);
            assertEquals(in, w.size());
            for (int k = 0; k < in; k++) {
                for (int j = 0; j < out; j++) assertEquals(th[mlp.weightOffset(l) + k * out + j], w.get(k).get(j));
            }
            for (int j = 0; j < out; j++) assertEquals(th[mlp.biasOffset(l) + j], b.get(j));
        }
        // The documented formula with plain loops reproduces the network.
        List<Double> scale = (List<Double>) net.get("output_scale");
        double[][] in = inputs(200, mlp.inputs(), 9), want = reference(mlp, in);
        for (int s = 0; s < in.length; s++) {
            double[] h = in[s];
            for (Object lo : layers) {
                Map<String, Object> L = (Map<String, Object>) lo;
                List<List<Double>> w = (List<List<Double>>) L.get("weight");
                List<Double> b = (List<Double>) L.get("bias");
                double[] next = new double[b.size()];
                for (int j = 0; j < next.length; j++) {
                    double a = b.get(j);
                    for (int k = 0; k < h.length; k++) a += h[k] * w.get(k).get(j);
                    next[j] = Math.tanh(a);
                }
                h = next;
            }
            for (int j = 0; j < h.length; j++) {
                double y = scale.get(j) * h[j];
                // Measured: |y − want| ≤ 9.9e-14 · max(1e-3, |want|) (go1; plain loops vs the vectorized forward).
                assertEquals(want[s][j], y, 5e-13 * Math.max(1e-3, Math.abs(want[s][j])), "sample " + s + " output " + j);
            }
        }
    }
}
