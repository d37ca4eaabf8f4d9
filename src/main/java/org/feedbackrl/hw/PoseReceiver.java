package org.feedbackrl.hw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.function.LongSupplier;

/**
 * Receives the car's pose from motion capture over UDP ({@code docs/pose-protocol.md}).
 *
 * <p>Packet, version 1: 48 bytes, little-endian —
 * {@code u32 magic = 0x45534F50 ("POSE")}, {@code u16 version = 1}, {@code u16 flags (0)},
 * {@code u64 sequence}, {@code i64 timestamp} (capture time, ns since the Unix epoch),
 * {@code f64 x} (m), {@code f64 y} (m), {@code f64 phi} (rad).
 *
 * <p>A datagram is accepted only if it comes from the allowed sender, is exactly 48 bytes, has the
 * magic and version, finite x/y/φ, a sequence number above the last accepted one, and a timestamp
 * within [−maxFuture, maxAge] of this host's CLOCK_REALTIME; otherwise it is ignored and counted
 * per {@link Reason}. {@link #latest(double[])} returns false when nothing fresh is available, so
 * the caller stops the car.
 *
 * <p>{@link #poll()} drains the non-blocking socket; call it from the control loop each tick. It
 * allocates nothing per packet: one direct buffer is reused, and the JDK caches the sender's
 * address object while the sender does not change. Not thread-safe: one thread polls and reads.
 */
public final class PoseReceiver implements AutoCloseable {
    public static final int MAGIC = 0x45534F50;
    public static final int VERSION = 1;
    public static final int PACKET_BYTES = 48;
    public static final int OFF_MAGIC = 0, OFF_VERSION = 4, OFF_FLAGS = 6, OFF_SEQUENCE = 8, OFF_TIMESTAMP = 16,
            OFF_X = 24, OFF_Y = 32, OFF_PHI = 40;

    /** Why a datagram was ignored, in the order the checks run. */
    public enum Reason { WRONG_SOURCE, BAD_SIZE, BAD_MAGIC, BAD_VERSION, NON_FINITE, OUT_OF_SEQUENCE, STALE }

    /** Settings. */
    public static final class Config {
        /** Local address and port to bind; port 0 picks a free one (see {@link #localAddress()}). */
        public InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9870);
        /** The only sender accepted; port 0 accepts any port of that address. */
        public InetSocketAddress allowedSource = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        /** Oldest acceptable pose, ns (by its timestamp, and by when it was received). */
        public long maxAgeNanos = 50_000_000L;
        /** How far in the future a timestamp may be (clock offset between hosts), ns. */
        public long maxFutureNanos = 50_000_000L;
        /** Wall clock, ns since the Unix epoch; default CLOCK_REALTIME. Replace in tests. Must not allocate. */
        public LongSupplier wallClockNanos = null;
        /** Monotonic clock for receive times, ns; default System.nanoTime. */
        public LongSupplier monotonicNanos = System::nanoTime;
    }

    private final DatagramChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    private final InetAddress allowedAddress;
    private final int allowedPort;
    private final long maxAge, maxFuture;
    private final LongSupplier wall, mono;
    private final long[] rejected = new long[Reason.values().length];
    private long accepted;
    private boolean haveSequence, havePose;
    private long lastSequence, lastTimestamp, lastReceived;
    private double x, y, phi;

    /**
     * Binds the socket.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local)
     */
    public PoseReceiver(Config c) {
        if (c.maxAgeNanos <= 0 || c.maxFutureNanos < 0) throw new IllegalArgumentException("maxAge must be positive and maxFuture non-negative");
        this.allowedAddress = c.allowedSource.getAddress();
        this.allowedPort = c.allowedSource.getPort();
        this.maxAge = c.maxAgeNanos;
        this.maxFuture = c.maxFutureNanos;
        this.wall = c.wallClockNanos != null ? c.wallClockNanos : new RealtimeClock();
        this.mono = c.monotonicNanos;
        try {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 16);
            channel.bind(c.bind);
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the pose receiver to " + c.bind + ": " + e.getMessage(), e);
        }
    }

    /** The bound address (useful with port 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Processes every datagram waiting on the socket (non-blocking).
     *
     * @return number of datagrams processed (accepted or not)
     */
    public int poll() {
        int n = 0;
        try {
            while (true) {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (from == null) return n;
                n++;
                buf.flip();
                handle((InetSocketAddress) from, mono.getAsLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(InetSocketAddress from, long receivedAt) {
        if (!from.getAddress().equals(allowedAddress) || (allowedPort != 0 && from.getPort() != allowedPort)) {
            rejected[Reason.WRONG_SOURCE.ordinal()]++;
            return;
        }
        if (buf.remaining() != PACKET_BYTES) {
            rejected[Reason.BAD_SIZE.ordinal()]++;
            return;
        }
        if (buf.getInt(OFF_MAGIC) != MAGIC) {
            rejected[Reason.BAD_MAGIC.ordinal()]++;
            return;
        }
        if (Short.toUnsignedInt(buf.getShort(OFF_VERSION)) != VERSION) {
            rejected[Reason.BAD_VERSION.ordinal()]++;
            return;
        }
        double px = buf.getDouble(OFF_X), py = buf.getDouble(OFF_Y), pphi = buf.getDouble(OFF_PHI);
        if (!Double.isFinite(px) || !Double.isFinite(py) || !Double.isFinite(pphi)) {
            rejected[Reason.NON_FINITE.ordinal()]++;
            return;
        }
        long seq = buf.getLong(OFF_SEQUENCE);
        if (haveSequence && Long.compareUnsigned(seq, lastSequence) <= 0) {
            rejected[Reason.OUT_OF_SEQUENCE.ordinal()]++;
            return;
        }
        long stamp = buf.getLong(OFF_TIMESTAMP);
        long age = wall.getAsLong() - stamp;
        if (age > maxAge || age < -maxFuture) {
            rejected[Reason.STALE.ordinal()]++;
            return;
        }
        haveSequence = true;
        havePose = true;
        lastSequence = seq;
        lastTimestamp = stamp;
        lastReceived = receivedAt;
        x = px;
        y = py;
        phi = pphi;
        accepted++;
    }

    /**
     * The latest accepted pose, if fresh.
     *
     * @param pose receives {x (m), y (m), φ (rad)}; length ≥ 3; untouched when false is returned
     * @return false when nothing was accepted yet or the last pose is older than maxAge (stop the car)
     */
    public boolean latest(double[] pose) {
        if (!havePose) return false;
        if (mono.getAsLong() - lastReceived > maxAge || wall.getAsLong() - lastTimestamp > maxAge) return false;
        pose[0] = x;
        pose[1] = y;
        pose[2] = phi;
        return true;
    }

    /** Accepts the next packet whatever its sequence number (after the sender restarted). */
    public void resetSequence() { haveSequence = false; }

    public long accepted() { return accepted; }

    /** Datagrams ignored for {@code reason}. */
    public long rejected(Reason reason) { return rejected[reason.ordinal()]; }

    /** Timestamp carried by the last accepted packet [ns of the sender's CLOCK_REALTIME]. */
    public long lastTimestampNanos() { return lastTimestamp; }

    /** Sequence number of the last accepted packet. */
    public long lastSequence() { return lastSequence; }

    /**
     * Writes one version-1 packet at {@code dst}'s position (advancing it by 48 bytes), for senders
     * and tests.
     */
    public static void encode(ByteBuffer dst, long sequence, long timestampNanos, double x, double y, double phi) {
        ByteBuffer b = dst.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int p = dst.position();
        b.putInt(p + OFF_MAGIC, MAGIC).putShort(p + OFF_VERSION, (short) VERSION).putShort(p + OFF_FLAGS, (short) 0)
                .putLong(p + OFF_SEQUENCE, sequence).putLong(p + OFF_TIMESTAMP, timestampNanos)
                .putDouble(p + OFF_X, x).putDouble(p + OFF_Y, y).putDouble(p + OFF_PHI, phi);
        dst.position(p + PACKET_BYTES);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CLOCK_REALTIME in ns through a preallocated timespec (no allocation). */
    static final class RealtimeClock implements LongSupplier {
        private final MemorySegment ts = Arena.ofAuto().allocate(Libc.TIMESPEC);

        @Override
        public long getAsLong() {
            try {
                int rc = (int) Libc.CLOCK_GETTIME.invokeExact(Libc.CLOCK_REALTIME, ts);
                assert rc == 0;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
        }
    }
}
