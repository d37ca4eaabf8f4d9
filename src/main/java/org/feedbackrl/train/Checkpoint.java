package org.feedbackrl.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A training checkpoint: the iteration reached, θ, the optimizer state and the metric rows so far.
 *
 * <p>File format (big-endian): magic "FRLCKPT1", int version, UTF config fingerprint, int iteration,
 * long optimizer steps, int p, p doubles θ, p doubles m1, p doubles m2, int row count, UTF rows;
 * then a trailing CRC32C (int) of everything before it. Written atomically: temporary file in the
 * same directory, fsync, rename, fsync of the directory ({@link org.feedbackrl.io.AtomicFiles}).
 */
public record Checkpoint(String fingerprint, int iteration, long optimizerSteps, double[] theta, double[] m1, double[] m2, List<String> metricRows) {
    private static final byte[] MAGIC = "FRLCKPT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    /** A checkpoint that could not be read; the message says why. */
    public static final class CorruptCheckpointException extends IOException {
        private static final long serialVersionUID = 1L;
        public CorruptCheckpointException(String msg) { super(msg); }
    }

    public byte[] encode() {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(64 + 24 * theta.length);
            DataOutputStream out = new DataOutputStream(bos);
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(fingerprint);
            out.writeInt(iteration);
            out.writeLong(optimizerSteps);
            out.writeInt(theta.length);
            // The three vectors in one bulk big-endian copy: the bytes DataOutputStream.writeDouble
            // would write (they are finite), without a 3p-iteration loop for the JIT to compile.
            ByteBuffer vec = ByteBuffer.allocate(24 * theta.length);
            vec.asDoubleBuffer().put(theta).put(m1).put(m2);
            out.write(vec.array());
            out.writeInt(metricRows.size());
            for (String r : metricRows) out.writeUTF(r);
            out.flush();
            byte[] body = bos.toByteArray();
            CRC32C crc = new CRC32C();
            crc.update(body);
            ByteBuffer all = ByteBuffer.allocate(body.length + 4);
            all.put(body).putInt((int) crc.getValue());
            return all.array();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Checkpoint decode(byte[] data, String source) throws CorruptCheckpointException {
        if (data.length < MAGIC.length + 8) throw new CorruptCheckpointException(source + " is truncated (" + data.length + " bytes)");
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length - 4);
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) throw new CorruptCheckpointException(source + " fails its checksum (truncated or corrupted)");
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, 0, data.length - 4))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new CorruptCheckpointException(source + " is not a feedback-rl checkpoint");
            int version = in.readInt();
            if (version != VERSION) throw new CorruptCheckpointException(source + " has format version " + version + ", expected " + VERSION);
            String fp = in.readUTF();
            int it = in.readInt();
            long steps = in.readLong();
            int p = in.readInt();
            if (p < 0 || p > 100_000_000) throw new CorruptCheckpointException(source + " declares " + p + " parameters");
            double[] th = new double[p], a = new double[p], b = new double[p];
            for (int i = 0; i < p; i++) th[i] = in.readDouble();
            for (int i = 0; i < p; i++) a[i] = in.readDouble();
            for (int i = 0; i < p; i++) b[i] = in.readDouble();
            int rows = in.readInt();
            List<String> list = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) list.add(in.readUTF());
            return new Checkpoint(fp, it, steps, th, a, b, list);
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptCheckpointException(source + " is malformed: " + e.getMessage());
        }
    }
}
