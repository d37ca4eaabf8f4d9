package org.feedbackrl.hw;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A stand-in Unitree Go1 for tests, written here from the SDK's wire format: it listens on
 * 127.0.0.1 (an ephemeral port), receives the SDK's HighCmd packets, logs each with its arrival
 * time ({@link System#nanoTime()}, CLOCK_MONOTONIC like the shims), and answers each one with a
 * HighState to the sender, as the robot's sport-mode controller does. Field offsets are those of the
 * SDK's own comm.h ({@link SdkLayout}); the CRC and the SDK's "encryption" of a high-level state's
 * CRC are re-implemented here from what the SDK library does, independently of the shim:
 * <ul>
 *   <li>CRC: CRC-32 with polynomial 0x04C11DB7, initial value 0xFFFFFFFF, no reflection, no final
 *       XOR, over the packet's little-endian 32-bit words except the last (the STM32 hardware CRC);</li>
 *   <li>HighCmd (129 bytes): that CRC, plain, at byte 125;</li>
 *   <li>HighState (1087 bytes, levelFlag 0xEE): the CRC XOR 0xEDCAB9DE with bytes 1↔2, 0↔3, 0↔2 swapped.</li>
 * </ul>
 * What it answers is chosen per command ({@link #script}, then {@link #reply}).
 */
final class Go1StandIn implements AutoCloseable {
    /** How to answer one HighCmd. */
    enum Reply {
        /** a HighState with the SDK's (encrypted) CRC */ VALID,
        /** a plain, unencrypted CRC: right for a low-level packet, wrong for a high-level one */ PLAIN_CRC,
        /** a corrupted CRC */ BAD_CRC,
        /** a valid packet cut to 1083 bytes */ SHORT,
        /** a valid packet followed by 4 more bytes */ LONG,
        /** a valid CRC over a packet whose head bytes are wrong */ BAD_HEAD,
        /** no answer */ NONE
    }

    static final int POLY = 0x04C11DB7;

    /** One HighCmd as received. */
    record Packet(long nanos, byte[] bytes) {
        int mode() { return bytes[SdkLayout.at("HighCmd.mode")] & 0xFF; }
        int gait() { return bytes[SdkLayout.at("HighCmd.gaitType")] & 0xFF; }
        float vx() { return le(bytes).getFloat(SdkLayout.at("HighCmd.velocity")); }
        float vy() { return le(bytes).getFloat(SdkLayout.at("HighCmd.velocity") + 4); }
        float yawSpeed() { return le(bytes).getFloat(SdkLayout.at("HighCmd.yawSpeed")); }
        boolean neutral() { return mode() == 0 && vx() == 0 && vy() == 0 && yawSpeed() == 0; }
        boolean walking() { return mode() == 2; }

        /** Length 129, head 0xFE 0xEF, levelFlag 0xEE and the plain CRC-32 of the first 31 words at HighCmd.crc. */
        boolean wellFormed() {
            if (bytes.length != SdkLayout.at("HighCmd")) return false;
            ByteBuffer b = le(bytes);
            return (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xEF && (bytes[SdkLayout.at("HighCmd.levelFlag")] & 0xFF) == 0xEE
                    && b.getInt(SdkLayout.at("HighCmd.crc")) == crc32(b, bytes.length / 4 - 1);
        }

        /** Every byte other than head, levelFlag, mode, gaitType, velocity[0], yawSpeed and crc is zero. */
        boolean restZero() {
            int mode = SdkLayout.at("HighCmd.mode"), gait = SdkLayout.at("HighCmd.gaitType"), vel = SdkLayout.at("HighCmd.velocity"),
                    yaw = SdkLayout.at("HighCmd.yawSpeed"), crc = SdkLayout.at("HighCmd.crc"), level = SdkLayout.at("HighCmd.levelFlag");
            for (int i = 0; i < bytes.length; i++) {
                boolean used = i < 2 || i == level || i == mode || i == gait || (i >= vel && i < vel + 4) || (i >= yaw && i < yaw + 4)
                        || (i >= crc && i < crc + 4);
                if (!used && bytes[i] != 0) return false;
            }
            return true;
        }

        @Override public String toString() {
            return String.format("mode %d gait %d vx %s vyaw %s", mode(), gait(), vx(), yawSpeed());
        }
    }

    /** The robot's reported state (what it puts in its HighStates). */
    static final class Body {
        int mode, gait, soc = 80;
        float[] position = new float[3], rpy = new float[3], velocity = new float[3];
        float yawSpeed, bodyHeight = 0.28f;
    }

    private final DatagramChannel ch;
    private final Thread thread;
    private final List<Packet> packets = new ArrayList<>();
    private final Map<Reply, Integer> answered = new EnumMap<>(Reply.class);
    /** Answers for the next commands, in order; when empty, {@link #reply}. */
    final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    volatile Reply reply = Reply.VALID;
    /** When true the body walks as a unicycle at the commanded velocities (mode 2); otherwise it reports {@link #body} as set. */
    volatile boolean integrate;
    /** The state reported in VALID answers (guarded by this). */
    final Body body = new Body();
    /** The state reported in invalid answers (guarded by this): tests check it never reaches Java. */
    final Body poison = new Body();
    private volatile byte[] lastValid;

    Go1StandIn() throws IOException {
        ch = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        poison.mode = 9;
        poison.position = new float[] {99f, -99f, 9f};
        poison.rpy = new float[] {0.9f, -0.9f, -3f};
        poison.velocity = new float[] {9f, 9f, 9f};
        poison.yawSpeed = 9f;
        thread = new Thread(this::serve, "go1-stand-in");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        try {
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        try {
            while (true) {
                in.clear();
                SocketAddress from = ch.receive(in);
                long t = System.nanoTime();
                in.flip();
                byte[] b = new byte[in.remaining()];
                in.get(b);
                Packet p = new Packet(t, b);
                Reply r = script.poll();
                if (r == null) r = reply;
                byte[] answer;
                synchronized (this) {
                    packets.add(p);
                    answered.merge(r, 1, Integer::sum);
                    if (integrate && p.wellFormed()) walk(p);
                    answer = r == Reply.NONE ? null : answer(r);
                    if (r == Reply.VALID) lastValid = answer;
                }
                if (answer != null) ch.send(ByteBuffer.wrap(answer), from);
            }
        } catch (ClosedChannelException e) {
            // closed by the test
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unicycle at the commanded body velocities over one 2 ms exchange. */
    private void walk(Packet p) {
        double dt = 0.002;
        boolean w = p.walking();
        double v = w ? p.vx() : 0, wz = w ? p.yawSpeed() : 0;
        body.mode = p.mode();
        body.gait = w ? p.gait() : 0;
        body.rpy[2] = (float) (body.rpy[2] + wz * dt);
        body.position[0] = (float) (body.position[0] + v * Math.cos(body.rpy[2]) * dt);
        body.position[1] = (float) (body.position[1] + v * Math.sin(body.rpy[2]) * dt);
        body.velocity[0] = (float) v;
        body.velocity[2] = (float) wz;
        body.yawSpeed = (float) wz;
    }

    private byte[] answer(Reply r) {
        boolean valid = r == Reply.VALID;
        byte[] s = highState(valid ? body : poison, r == Reply.BAD_HEAD);
        ByteBuffer b = le(s);
        int crc = crc32(b, s.length / 4 - 1), at = SdkLayout.at("HighState.crc");
        switch (r) {
            case PLAIN_CRC -> b.putInt(at, crc);
            case BAD_CRC -> b.putInt(at, encrypt(crc) ^ 0x00010000);
            default -> b.putInt(at, encrypt(crc));
        }
        if (r == Reply.SHORT) return java.util.Arrays.copyOf(s, s.length - 4);
        if (r == Reply.LONG) return java.util.Arrays.copyOf(s, s.length + 4);
        return s;
    }

    /** A HighState (without its CRC) reporting the body; levelFlag 0xEE, head 0xFE 0xEF (or 0xFE 0xEE when badHead). */
    static byte[] highState(Body body, boolean badHead) {
        byte[] s = new byte[SdkLayout.at("HighState")];
        ByteBuffer b = le(s);
        s[0] = (byte) 0xFE;
        s[1] = (byte) (badHead ? 0xEE : 0xEF);
        s[SdkLayout.at("HighState.levelFlag")] = (byte) 0xEE;
        s[SdkLayout.at("HighState.mode")] = (byte) body.mode;
        s[SdkLayout.at("HighState.gaitType")] = (byte) body.gait;
        s[SdkLayout.at("HighState.bms") + SdkLayout.at("BmsState.SOC")] = (byte) body.soc;
        for (int i = 0; i < 3; i++) {
            b.putFloat(SdkLayout.at("HighState.position") + 4 * i, body.position[i]);
            b.putFloat(SdkLayout.at("HighState.imu") + SdkLayout.at("IMU.rpy") + 4 * i, body.rpy[i]);
            b.putFloat(SdkLayout.at("HighState.velocity") + 4 * i, body.velocity[i]);
        }
        b.putFloat(SdkLayout.at("HighState.yawSpeed"), body.yawSpeed);
        b.putFloat(SdkLayout.at("HighState.bodyHeight"), body.bodyHeight);
        return s;
    }

    /** The SDK's CRC-32 (STM32 style) over {@code words} little-endian 32-bit words from the start of b. */
    static int crc32(ByteBuffer b, int words) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < words; i++) {
            int data = b.getInt(4 * i);
            for (int bit = 31; bit >= 0; bit--) {
                boolean top = crc < 0;
                crc <<= 1;
                if (top) crc ^= POLY;
                if (((data >>> bit) & 1) != 0) crc ^= POLY;
            }
        }
        return crc;
    }

    /** The SDK's "encrypted" CRC of a high-level state: XOR 0xEDCAB9DE, then bytes 1↔2, 0↔3, 0↔2 (byte 0 least significant). */
    static int encrypt(int crc) {
        int c = crc ^ 0xEDCAB9DE;
        c = swap(c, 1, 2);
        c = swap(c, 0, 3);
        return swap(c, 0, 2);
    }

    static int swap(int v, int i, int j) {
        int bi = (v >>> 8 * i) & 0xFF, bj = (v >>> 8 * j) & 0xFF;
        v &= ~((0xFF << 8 * i) | (0xFF << 8 * j));
        return v | bi << 8 * j | bj << 8 * i;
    }

    static ByteBuffer le(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN); }

    /** Every HighCmd received so far. */
    synchronized List<Packet> packets() { return new ArrayList<>(packets); }

    synchronized int answered(Reply r) { return answered.getOrDefault(r, 0); }

    /** The last VALID HighState sent, with its CRC (null before the first). */
    byte[] lastValid() { return lastValid; }

    /** Waits until the packets received satisfy {@code until}; returns them (fails after the timeout). */
    List<Packet> await(Predicate<List<Packet>> until, double seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (true) {
            List<Packet> p = packets();
            if (until.test(p)) return p;
            if (System.nanoTime() > end) {
                throw new AssertionError("stand-in robot: " + what + " did not happen within " + seconds + " s; received " + p.size()
                        + " packets, last: " + (p.isEmpty() ? "none" : p.get(p.size() - 1)));
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
