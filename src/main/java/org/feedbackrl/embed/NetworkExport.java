package org.feedbackrl.embed;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.feedbackrl.policy.DirectPolicy;
import org.feedbackrl.policy.Features;
import org.feedbackrl.policy.Mlp;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Network;
import org.feedbackrl.policy.PendulumPolicies;
import org.feedbackrl.policy.TimeFeatures;
import org.feedbackrl.policy.TrackingPolicy;

/**
 * Exports the network of a policy for a non-Java stack: an ONNX model (float64, or float32) and a
 * JSON file with the weights. Only the network is exported; the features that feed it, the spline
 * and the tracking controller that consume its outputs stay in Java and are documented in
 * {@code docs/embedding.md}.
 *
 * <p>The network (see {@link Mlp}): h₀ = features, h_l = tanh(h_{l−1} W_l + b_l), outputs = scale ⊙ h_L,
 * with W_l stored fan-in × fan-out (element [k][j] multiplies input k of the layer into its output j).
 * In ONNX that is, per layer, {@code Gemm(h, W_l, b_l)} (transA = transB = 0, alpha = beta = 1)
 * followed by {@code Tanh}, then one {@code Mul} by the scale.
 *
 * <p><b>Why a hand-written protobuf encoder.</b> An ONNX file is a protobuf {@code ModelProto}; this
 * graph needs six message types and four wire types (varint, 64-bit is unused, length-delimited),
 * about 60 lines. protobuf-java plus generated ONNX classes would add a 2 MB runtime dependency to
 * every user of the library and a code-generation step to the build, for a file that ONNX Runtime
 * itself checks in the tests ({@code OnnxExportTest}).
 */
public final class NetworkExport {
    private NetworkExport() {}

    /** ONNX IR version written (ONNX 1.10+; ONNX Runtime ≥ 1.10 reads it). */
    static final int IR_VERSION = 8;
    /** Default-domain operator set: Gemm-13, Tanh-13, Mul-14. */
    static final int OPSET = 17;
    private static final int FLOAT = 1, DOUBLE = 11;

    /** The network of a policy and what its inputs and outputs mean. */
    public record Described(Mlp mlp, String[] inputNames, String[] outputNames, int callEvery, String feeds, String consumes) {}

    /**
     * @param p a loaded or nominal policy
     * @return its network with names for the inputs and outputs
     * @throws IllegalArgumentException for a policy whose network is not a feedback-rl MLP
     */
    public static Described describe(EmbeddedPolicy p) {
        Task task = p.task();
        if (task == null) throw new IllegalArgumentException("only loaded policies (EmbeddedPolicy.load) can be exported");
        var policy = p.policy();
        Network net;
        Features feat;
        String[] outs;
        int callEvery = 1;
        String consumes;
        if (policy instanceof TrackingPolicy tp) {
            net = tp.network();
            feat = tp.features();
            callEvery = tp.callEvery();
            String[] g = tp.controller().gainNames();
            outs = new String[4 + g.length];
            outs[0] = "dpx_end [m]"; outs[1] = "dpy_end [m]"; outs[2] = "dvx_end [m/s]"; outs[3] = "dvy_end [m/s]";
            for (int i = 0; i < g.length; i++) outs[4 + i] = "d" + g[i];
            consumes = "corrections of the figure-8 reference at the end of the next segment (position, velocity) and offsets added to the "
                    + "controller's nominal gains, held for callEvery steps; a cubic Hermite spline joins the previous segment's end to "
                    + "these corrections and the tracking controller turns (state, corrected reference, gains) into the input";
        } else if (policy instanceof DirectPolicy dp) {
            net = dp.network();
            feat = dp.features();
            outs = task == Task.CAR ? new String[] {"a [throttle]", "omega [steering]"} : new String[] {"v [m/s]", "omega [rad/s]"};
            consumes = "the inputs themselves (the no-feedback ablation: nothing corrects a drift)";
        } else if (policy instanceof PendulumPolicies.Lqr lq) {
            net = lq.network();
            feat = lq.features();
            outs = new String[] {"dq1_ref [rad]", "dq2_ref [rad]", "dq1dot_ref [rad/s]", "dq2dot_ref [rad/s]",
                    "gain_col1_scale", "gain_col2_scale", "gain_col3_scale", "gain_col4_scale"};
            consumes = "setpoint offsets from upright (pi, 0, 0, 0) and relative changes of the four LQR gain columns: "
                    + "u = g(q_ref) + K diag(1 + dk) (x_ref - x)";
        } else if (policy instanceof PendulumPolicies.Direct pd) {
            net = pd.network();
            feat = pd.features();
            outs = new String[] {"tau1 [N*m]", "tau2 [N*m]"};
            consumes = "torques added to the gravity compensation of the current pose (the no-feedback ablation)";
        } else {
            throw new IllegalArgumentException("cannot export a " + policy.getClass().getSimpleName());
        }
        if (!(net instanceof MlpNetwork mn)) throw new IllegalArgumentException("cannot export a " + net.getClass().getSimpleName() + " network");
        String[] ins;
        String feeds;
        if (feat instanceof TimeFeatures) {
            ins = new String[] {"t/T", "sin(pi*t/T)", "cos(pi*t/T)"};
            feeds = "t = control step, T = the training horizon in steps";
        } else if (feat.dim() == 2) {
            ins = new String[] {"cos(2*pi*tau/L)", "sin(2*pi*tau/L)"};
            feeds = "tau = task time [s], L = lap time [s]";
        } else if (task == Task.CAR) {
            ins = new String[] {"x [m]", "y [m]", "v*cos(phi) [m/s]", "v*sin(phi) [m/s]", "cos(2*pi*tau/L)", "sin(2*pi*tau/L)"};
            feeds = "state at the call step; tau = task time [s], L = 5.5 s lap";
        } else {
            ins = new String[] {"x [m]", "y [m]", "cos(phi)", "sin(phi)", "cos(2*pi*tau/L)", "sin(2*pi*tau/L)"};
            feeds = "state at the call step; tau = task time [s], L = 37.7 s lap";
        }
        Mlp mlp = mn.mlp();
        if (ins.length != mlp.inputs() || outs.length != mlp.outputs()) {
            throw new IllegalArgumentException("network has " + mlp.inputs() + " inputs and " + mlp.outputs() + " outputs, expected "
                    + ins.length + " and " + outs.length);
        }
        return new Described(mlp, ins, outs, callEvery, feeds, consumes);
    }

    // ---- ONNX ------------------------------------------------------------------------------------

    /**
     * The network as an ONNX model: input {@code features} [batch, n_in], output {@code outputs}
     * [batch, n_out], weights as initializers, metadata (task, settings, checkpoint, Δt, callEvery,
     * input and output names) in {@code metadata_props}.
     *
     * @param p       a loaded policy
     * @param float32 false: float64 tensors (exact); true: float32 (weights rounded)
     * @return the serialized {@code ModelProto}
     */
    public static byte[] onnx(EmbeddedPolicy p, boolean float32) {
        Described d = describe(p);
        Mlp mlp = d.mlp();
        int type = float32 ? FLOAT : DOUBLE;
        double[] w = mlp.params();
        Pb graph = new Pb();
        String prev = "features";
        for (int l = 1; l <= mlp.layers(); l++) {
            int in = mlp.width(l - 1), out = mlp.width(l);
            String wn = "W" + l, bn = "b" + l, gn = "gemm" + l, hn = l == mlp.layers() ? "h_out" : "h" + l;
            graph.message(1, node("Gemm", "layer" + l + "_gemm", new String[] {prev, wn, bn}, gn));
            graph.message(1, node("Tanh", "layer" + l + "_tanh", new String[] {gn}, hn));
            graph.message(5, tensor(wn, new long[] {in, out}, w, mlp.weightOffset(l), in * out, type));
            graph.message(5, tensor(bn, new long[] {out}, w, mlp.biasOffset(l), out, type));
            prev = hn;
        }
        graph.message(1, node("Mul", "output_scale", new String[] {prev, "scale"}, "outputs"));
        double[] scale = mlp.scale();
        graph.message(5, tensor("scale", new long[] {scale.length}, scale, 0, scale.length, type));
        graph.string(2, "feedbackrl_" + p.task().system() + "_network");
        graph.string(10, "feedback-rl policy network: outputs = scale * tanh(... tanh(features W1 + b1) ... W_L + b_L). Inputs: "
                + String.join(", ", d.inputNames()) + " (" + d.feeds() + "). Outputs: " + String.join(", ", d.outputNames())
                + ". The features, spline and controller stay in Java: see docs/embedding.md.");
        graph.message(11, valueInfo("features", type, mlp.inputs(), "network inputs: " + String.join(", ", d.inputNames())));
        graph.message(12, valueInfo("outputs", type, mlp.outputs(), "scaled network outputs: " + String.join(", ", d.outputNames())));

        Pb model = new Pb();
        model.varint(1, IR_VERSION);
        model.string(2, "feedback-rl");
        model.string(3, "0.1.0");
        model.string(4, "org.feedbackrl");
        model.varint(5, p.source() != null ? p.source().iteration() : 0);
        model.string(6, "Policy network of a feedback-rl " + p.task().system() + " run" + (float32 ? " (float32 copy of float64 weights)" : ""));
        model.message(7, graph);
        Pb opset = new Pb();
        opset.string(1, "");
        opset.varint(2, OPSET);
        model.message(8, opset);
        for (Map.Entry<String, String> e : metadata(p, d).entrySet()) {
            Pb kv = new Pb();
            kv.string(1, e.getKey());
            kv.string(2, e.getValue());
            model.message(14, kv);
        }
        return model.bytes();
    }

    static Map<String, String> metadata(EmbeddedPolicy p, Described d) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("feedbackrl.task", p.task().system());
        if (p.source() != null) {
            m.put("feedbackrl.checkpoint", p.source().checkpoint().toString());
            m.put("feedbackrl.iteration", Integer.toString(p.source().iteration()));
            m.put("feedbackrl.settings", p.source().fingerprint());
        }
        m.put("feedbackrl.dt", Double.toString(p.dt()));
        m.put("feedbackrl.call_every", Integer.toString(d.callEvery()));
        m.put("feedbackrl.inputs", String.join(", ", d.inputNames()));
        m.put("feedbackrl.outputs", String.join(", ", d.outputNames()));
        m.put("feedbackrl.feeds", d.feeds());
        m.put("feedbackrl.consumes", d.consumes());
        return m;
    }

    private static Pb node(String op, String name, String[] inputs, String output) {
        Pb n = new Pb();
        for (String i : inputs) n.string(1, i);
        n.string(2, output);
        n.string(3, name);
        n.string(4, op);
        return n;
    }

    private static Pb tensor(String name, long[] dims, double[] src, int off, int count, int type) {
        Pb t = new Pb();
        for (long d : dims) t.varint(1, d);
        t.varint(2, type);
        t.string(8, name);
        ByteBuffer b = ByteBuffer.allocate(count * (type == DOUBLE ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);   // raw_data: little-endian IEEE 754
        for (int i = 0; i < count; i++) {
            if (type == DOUBLE) b.putDouble(src[off + i]);
            else b.putFloat((float) src[off + i]);
        }
        t.bytes(9, b.array());
        return t;
    }

    /** A [batch, width] tensor value with a symbolic batch dimension. */
    private static Pb valueInfo(String name, int type, int width, String doc) {
        Pb batch = new Pb();
        batch.string(2, "batch");
        Pb cols = new Pb();
        cols.varint(1, width);
        Pb shape = new Pb();
        shape.message(1, batch);
        shape.message(1, cols);
        Pb tensorType = new Pb();
        tensorType.varint(1, type);
        tensorType.message(2, shape);
        Pb typeProto = new Pb();
        typeProto.message(1, tensorType);
        Pb v = new Pb();
        v.string(1, name);
        v.message(2, typeProto);
        v.string(3, doc);
        return v;
    }

    /**
     * Protobuf wire format, the two wire types this file needs: varint (0) for integers and enums,
     * length-delimited (2) for strings, bytes and embedded messages. Fields are written in call order.
     */
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void raw(long v) {                         // base-128 varint, low groups first
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
        }

        void bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
        }

        void string(int field, String s) { bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

        void message(int field, Pb m) { bytes(field, m.bytes()); }

        byte[] bytes() { return out.toByteArray(); }
    }

    // ---- JSON ------------------------------------------------------------------------------------

    /**
     * The network as JSON (layout in {@code docs/embedding.md}): every double printed with
     * {@link Double#toString(double)}, which reads back to the same bits.
     */
    public static String json(EmbeddedPolicy p) {
        Described d = describe(p);
        Mlp mlp = d.mlp();
        double[] w = mlp.params();
        StringBuilder s = new StringBuilder(64 + 24 * w.length);
        s.append("{\n  \"format\": \"feedbackrl-policy-network\",\n  \"version\": 1,\n");
        s.append("  \"task\": ").append(str(p.task().system())).append(",\n");
        if (p.source() != null) {
            s.append("  \"source\": {\"checkpoint\": ").append(str(p.source().checkpoint().toString()))
                    .append(", \"iteration\": ").append(p.source().iteration())
                    .append(", \"settings\": ").append(str(p.source().fingerprint())).append("},\n");
        }
        s.append("  \"dt\": ").append(p.dt()).append(",\n");
        s.append("  \"call_every\": ").append(d.callEvery()).append(",\n");
        s.append("  \"state\": ").append(strings(stateNames(p.task()))).append(",\n");
        s.append("  \"feeds\": ").append(str(d.feeds())).append(",\n");
        s.append("  \"consumes\": ").append(str(d.consumes())).append(",\n");
        s.append("  \"network\": {\n");
        s.append("    \"inputs\": ").append(strings(d.inputNames())).append(",\n");
        s.append("    \"outputs\": ").append(strings(d.outputNames())).append(",\n");
        s.append("    \"activation\": \"tanh\",\n");
        s.append("    \"layers\": [\n");
        for (int l = 1; l <= mlp.layers(); l++) {
            int in = mlp.width(l - 1), out = mlp.width(l);
            s.append("      {\"in\": ").append(in).append(", \"out\": ").append(out).append(",\n       \"weight\": [\n");
            for (int k = 0; k < in; k++) {
                s.append("         ").append(numbers(w, mlp.weightOffset(l) + k * out, out)).append(k + 1 < in ? ",\n" : "\n");
            }
            s.append("       ],\n       \"bias\": ").append(numbers(w, mlp.biasOffset(l), out)).append("}")
                    .append(l < mlp.layers() ? ",\n" : "\n");
        }
        s.append("    ],\n");
        double[] scale = mlp.scale();
        s.append("    \"output_scale\": ").append(numbers(scale, 0, scale.length)).append("\n  }\n}\n");
        return s.toString();
    }

    private static String[] stateNames(Task t) {
        return switch (t) {
            case CAR -> new String[] {"x [m]", "y [m]", "v [m/s]", "phi [rad]"};
            case GO1 -> new String[] {"x [m]", "y [m]", "phi [rad]"};
            case PENDULUM -> new String[] {"q1 [rad]", "q2 [rad]", "q1dot [rad/s]", "q2dot [rad/s]"};
        };
    }

    private static String numbers(double[] a, int off, int len) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < len; i++) s.append(i > 0 ? ", " : "").append(a[off + i]);
        return s.append(']').toString();
    }

    private static String strings(String[] a) {
        List<String> q = new ArrayList<>();
        for (String x : a) q.add(str(x));
        return "[" + String.join(", ", q) + "]";
    }

    static String str(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (c < 0x20) s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else s.append(c);
                }
            }
        }
        return s.append('"').toString();
    }
}
