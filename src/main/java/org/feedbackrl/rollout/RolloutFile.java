package org.feedbackrl.rollout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.feedbackrl.io.AtomicFiles;
import org.feedbackrl.policy.Annotated;
import org.feedbackrl.policy.Policy;

/**
 * Durable CSV record of one rollout (real-world data is precious: DESIGN.md §5).
 *
 * <pre>
 * # feedback-rl rollout v1 n=4 m=2 q=14 T=275 dt=0.02 seconds=5.5
 * t,time_s,x[m],…,u…,z0…,reward,&lt;reference and gains when the policy is {@link Annotated}&gt;
 * 0,0.0,…
 * …
 * # crc32c=1a2b3c4d
 * </pre>
 * Row t = 0…T−1 holds x_t, u_t, z_{t−1}, R_t; row T holds x_T, zeros for u, z_{T−1} and R_T. Numbers
 * are shortest round-trip decimals, so reading back gives bit-identical doubles. The last line is a
 * CRC32C of every byte before it; the file is written to a temporary name, fsync'd and renamed.
 */
public final class RolloutFile {
    private RolloutFile() {}

    /** Thrown when a file is truncated, corrupted or of other dimensions. */
    public static final class BadRolloutException extends IOException {
        private static final long serialVersionUID = 1L;
        public BadRolloutException(String m) { super(m); }
    }

    public static void write(Path file, Rollout r, double dt, String[] stateNames, String[] inputNames, Policy policy) throws IOException {
        write(file, r, dt, stateNames, inputNames, policy, null);
    }

    /** As above, with the plant's per-step columns when it is {@link PlantAnnotated} (e.g. the Go1's packet counters). */
    public static void write(Path file, Rollout r, double dt, String[] stateNames, String[] inputNames, Policy policy, Plant plant) throws IOException {
        AtomicFiles.write(file, encode(r, dt, stateNames, inputNames, policy, plant));
    }

    /**
     * The file's bytes. Built from small methods (a row, a run of values): each is compiled once and
     * early, where one big method with the row loop inside was compiled on-stack and again, at a
     * cost (in C2 time) larger than that of writing the rollouts of a short run.
     */
    static byte[] encode(Rollout r, double dt, String[] stateNames, String[] inputNames, Policy policy, Plant plant) {
        StringBuilder sb = new StringBuilder(64 * (r.horizon + 2) * (r.n + r.m + r.q + 4));
        sb.append(String.format(Locale.ROOT, "# feedback-rl rollout v1 n=%d m=%d q=%d T=%d dt=%s seconds=%s%n", r.n, r.m, r.q, r.horizon, dt, r.seconds));
        sb.append("t,time_s");
        for (String s : stateNames) sb.append(',').append(s);
        for (String s : inputNames) sb.append(',').append(s);
        for (int j = 0; j < r.q; j++) sb.append(",z").append(j);
        sb.append(",reward");
        Annotated ann = policy instanceof Annotated a ? a : null;
        double[] extra = ann == null ? new double[0] : new double[ann.annotationNames().length];
        if (ann != null) for (String s : ann.annotationNames()) sb.append(',').append(s);
        PlantAnnotated pa = plant instanceof PlantAnnotated p ? p : null;
        double[] plantExtra = pa == null ? new double[0] : new double[pa.plantAnnotationNames().length];
        if (pa != null) for (String s : pa.plantAnnotationNames()) sb.append(',').append(s);
        sb.append('\n');
        double[] z = new double[r.q];
        for (int t = 0; t < r.horizon; t++) {
            row(sb, r, t, dt, ann, z, extra);
            plantColumns(sb, pa, t, plantExtra);
            sb.append('\n');
        }
        // Row T: x_T, zeros for u, z_{T−1}, R_T and NaN annotations.
        int T = r.horizon;
        sb.append(T).append(',').append(T * dt);
        values(sb, r.xs, T * r.n, r.n);
        for (int i = 0; i < r.m; i++) sb.append(',').append(0.0);
        values(sb, r.zs, T * r.q, r.q);
        sb.append(',').append(r.rewards[T]);
        for (int i = 0; i < extra.length; i++) sb.append(',').append(Double.NaN);
        plantColumns(sb, pa, T, plantExtra);
        sb.append('\n');
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] tail = String.format(Locale.ROOT, "# crc32c=%08x%n", crc.getValue()).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(tail, 0, all, body.length, tail.length);
        return all;
    }

    /** Row t &lt; T without its line end: t, time, x_t, u_t, z_{t−1}, R_t and the annotations of z_t. */
    private static void row(StringBuilder sb, Rollout r, int t, double dt, Annotated ann, double[] z, double[] extra) {
        sb.append(t).append(',').append(t * dt);
        values(sb, r.xs, t * r.n, r.n);
        values(sb, r.us, t * r.m, r.m);
        values(sb, r.zs, t * r.q, r.q);
        sb.append(',').append(r.rewards[t]);
        if (ann != null) {
            System.arraycopy(r.zs, (t + 1) * r.q, z, 0, r.q);
            ann.annotate(t, z, extra);
            values(sb, extra, 0, extra.length);
        }
    }

    /** The plant's columns of row t (none when it is not {@link PlantAnnotated}). */
    private static void plantColumns(StringBuilder sb, PlantAnnotated pa, int t, double[] out) {
        if (pa == null) return;
        pa.plantAnnotate(t, out);
        values(sb, out, 0, out.length);
    }

    private static void values(StringBuilder sb, double[] a, int off, int len) {
        for (int i = 0; i < len; i++) sb.append(',').append(a[off + i]);
    }

    /** Reads a rollout written by {@link #write} into r (same n, m, q, T), verifying its checksum. */
    public static void read(Path file, Rollout r) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String text = new String(all, StandardCharsets.UTF_8);
        int cut = text.lastIndexOf("# crc32c=");
        if (cut < 0) throw new BadRolloutException(file + " is truncated (no checksum line)");
        byte[] body = text.substring(0, cut).getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(body);
        String stored = text.substring(cut + 9).strip();
        if (!stored.equals(String.format(Locale.ROOT, "%08x", crc.getValue()))) throw new BadRolloutException(file + " fails its checksum (corrupted)");
        List<String> lines = text.substring(0, cut).lines().toList();
        String head = String.format(Locale.ROOT, "# feedback-rl rollout v1 n=%d m=%d q=%d T=%d ", r.n, r.m, r.q, r.horizon);
        if (!lines.get(0).startsWith(head)) throw new BadRolloutException(file + " has other dimensions: " + lines.get(0));
        if (lines.size() != r.horizon + 3) throw new BadRolloutException(file + " has " + (lines.size() - 2) + " rows, expected " + (r.horizon + 1));
        r.seconds = Double.parseDouble(lines.get(0).substring(lines.get(0).indexOf("seconds=") + 8).strip());
        for (int t = 0; t <= r.horizon; t++) {
            String[] f = lines.get(t + 2).split(",");
            int c = 2;
            for (int i = 0; i < r.n; i++) r.xs[t * r.n + i] = Double.parseDouble(f[c++]);
            for (int i = 0; i < r.m; i++) {
                double v = Double.parseDouble(f[c++]);
                if (t < r.horizon) r.us[t * r.m + i] = v;
            }
            for (int i = 0; i < r.q; i++) r.zs[t * r.q + i] = Double.parseDouble(f[c++]);
            r.rewards[t] = Double.parseDouble(f[c]);
        }
        r.recordedSteps = r.horizon;
    }
}
