package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import org.feedbackrl.hw.PoseReceiver.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pose packets over loopback (127.0.0.1 only), with injected clocks so freshness is deterministic. */
class PoseReceiverTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final long T0 = 1_700_000_000_000_000_000L; // a wall-clock time, ns since the epoch

    final long[] wall = {T0};
    final long[] mono = {1_000_000_000L};
    DatagramChannel sender, stranger;
    PoseReceiver rx;

    @BeforeEach
    void open() throws IOException {
        sender = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        stranger = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        PoseReceiver.Config c = new PoseReceiver.Config();
        c.bind = new InetSocketAddress(LOOPBACK, 0);
        c.allowedSource = (InetSocketAddress) sender.getLocalAddress();
        c.wallClockNanos = () -> wall[0];
        c.monotonicNanos = () -> mono[0];
        rx = new PoseReceiver(c);
    }

    @AfterEach
    void close() throws IOException {
        rx.close();
        sender.close();
        stranger.close();
    }

    /** A packet laid out by hand from the documented offsets (independent of PoseReceiver.encode). */
    static ByteBuffer packet(int size, byte[] magic, int version, long seq, long stamp, double x, double y, double phi) {
        ByteBuffer b = ByteBuffer.allocate(Math.max(size, 48)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).putShort((short) version).putShort((short) 0).putLong(seq).putLong(stamp).putDouble(x).putDouble(y).putDouble(phi);
        b.flip();
        b.limit(size);
        return b;
    }

    static final byte[] POSE = {'P', 'O', 'S', 'E'};

    static ByteBuffer good(long seq, long stamp, double x, double y, double phi) {
        return packet(48, POSE, 1, seq, stamp, x, y, phi);
    }

    void send(DatagramChannel from, ByteBuffer b) throws IOException {
        from.send(b, rx.localAddress());
    }

    /** Polls until n more datagrams were processed (loopback delivery is immediate but asynchronous). */
    void expect(int n) throws InterruptedException {
        int got = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got < n && System.nanoTime() < deadline) {
            got += rx.poll();
            if (got < n) Thread.sleep(1);
        }
        assertEquals(n, got, "datagrams processed");
    }

    @Test
    void encodeWritesTheDocumentedLayout() {
        ByteBuffer b = ByteBuffer.allocate(48);
        PoseReceiver.encode(b, 7, T0, 1.5, -2.25, 0.125);
        assertEquals(48, b.position());
        assertArrayEquals(good(7, T0, 1.5, -2.25, 0.125).array(), b.array());
        assertEquals(0x45534F50, ByteBuffer.wrap(POSE).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void goodPacketsAreAcceptedAndBadOnesCountedAndIgnored() throws Exception {
        double[] pose = new double[3];
        assertFalse(rx.latest(pose), "nothing received yet");
        send(sender, good(10, T0 - 5_000_000L, 1.0, 2.0, 0.5));
        expect(1);
        assertTrue(rx.latest(pose));
        assertArrayEquals(new double[] {1.0, 2.0, 0.5}, pose);

        send(sender, packet(47, POSE, 1, 11, T0, 9, 9, 9));                      // short
        send(sender, packet(56, POSE, 1, 12, T0, 9, 9, 9));                      // long
        send(sender, packet(48, new byte[] {'P', 'O', 'S', 'F'}, 1, 13, T0, 9, 9, 9)); // wrong magic
        send(sender, packet(48, POSE, 2, 14, T0, 9, 9, 9));                      // unknown version
        send(sender, good(15, T0, Double.NaN, 9, 9));                            // non-finite
        send(sender, good(16, T0, 9, 9, Double.POSITIVE_INFINITY));              // non-finite
        send(sender, good(10, T0, 9, 9, 9));                                     // duplicate sequence
        send(sender, good(9, T0, 9, 9, 9));                                      // older sequence
        send(sender, good(17, T0 - 60_000_000L, 9, 9, 9));                      // 60 ms old > 50 ms
        send(sender, good(18, T0 + 60_000_000L, 9, 9, 9));                      // 60 ms in the future
        send(stranger, good(19, T0, 9, 9, 9));                                   // another sender (other port)
        expect(11);

        assertEquals(2, rx.rejected(Reason.BAD_SIZE));
        assertEquals(1, rx.rejected(Reason.BAD_MAGIC));
        assertEquals(1, rx.rejected(Reason.BAD_VERSION));
        assertEquals(2, rx.rejected(Reason.NON_FINITE));
        assertEquals(2, rx.rejected(Reason.OUT_OF_SEQUENCE));
        assertEquals(2, rx.rejected(Reason.STALE));
        assertEquals(1, rx.rejected(Reason.WRONG_SOURCE));
        assertEquals(1, rx.accepted());
        assertTrue(rx.latest(pose));
        assertArrayEquals(new double[] {1.0, 2.0, 0.5}, pose, "bad packets changed nothing");

        // Sequence numbers may jump forward.
        send(sender, good(100, T0, 3.0, 4.0, -1.0));
        expect(1);
        assertTrue(rx.latest(pose));
        assertArrayEquals(new double[] {3.0, 4.0, -1.0}, pose);
        assertEquals(100, rx.lastSequence());
    }

    @Test
    void latestIsFalseOnceThePoseIsStale() throws Exception {
        double[] pose = new double[3];
        send(sender, good(1, T0, 1, 2, 3));
        expect(1);
        assertTrue(rx.latest(pose));
        mono[0] += 50_000_000L;
        wall[0] += 40_000_000L;
        assertTrue(rx.latest(pose), "exactly maxAge since receipt is still fresh");
        mono[0] += 1;
        assertFalse(rx.latest(pose), "received more than 50 ms ago");
        mono[0] -= 1;
        wall[0] += 10_000_001L;
        assertFalse(rx.latest(pose), "timestamp more than 50 ms old");
    }

    @Test
    void onlyTheConfiguredAddressIsAccepted() throws Exception {
        PoseReceiver.Config c = new PoseReceiver.Config();
        c.bind = new InetSocketAddress(LOOPBACK, 0);
        c.allowedSource = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 0); // TEST-NET-1
        c.wallClockNanos = () -> wall[0];
        try (PoseReceiver other = new PoseReceiver(c)) {
            sender.send(good(1, T0, 1, 2, 3), other.localAddress());
            int got = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got < 1 && System.nanoTime() < deadline) got += other.poll();
            assertEquals(1, other.rejected(Reason.WRONG_SOURCE));
            assertFalse(other.latest(new double[3]));
        }
    }

    @Test
    void resetSequenceAcceptsARestartedSender() throws Exception {
        send(sender, good(50, T0, 1, 2, 3));
        send(sender, good(1, T0, 4, 5, 6));
        expect(2);
        assertEquals(1, rx.rejected(Reason.OUT_OF_SEQUENCE));
        rx.resetSequence();
        send(sender, good(1, T0, 4, 5, 6));
        expect(1);
        assertEquals(1, rx.lastSequence());
    }

    @Test
    void receivingAllocatesNothingPerPacket() throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ByteBuffer out = ByteBuffer.allocateDirect(48);
        InetSocketAddress to = rx.localAddress();
        long seq = 0, allocated = 0;
        int processed = 0;
        for (int batch = 0; batch < 40; batch++) {
            for (int i = 0; i < 25; i++) {
                out.clear();
                PoseReceiver.encode(out, ++seq, T0, i, -i, 0.01 * i);
                out.flip();
                sender.send(out, to);
            }
            Thread.sleep(1);
            long a0 = mx.getCurrentThreadAllocatedBytes();
            int n = rx.poll();
            long a1 = mx.getCurrentThreadAllocatedBytes();
            if (batch >= 20) { // after warm-up
                allocated += a1 - a0;
                processed += n;
            }
        }
        assertTrue(processed >= 400, "processed " + processed);
        assertEquals(0, allocated, "bytes allocated receiving " + processed + " packets");
        assertEquals(seq, rx.accepted(), "every packet accepted");
    }
}
