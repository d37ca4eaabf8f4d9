package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.feedbackrl.hw.PcaBinding.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * JetRacer PWM output through the native PCA9685 shim ({@code native/fbrl_pca9685.h}).
 *
 * <p>The shim's own thread writes steering (channel 0) and throttle (channel 1) pulses at 50 Hz from
 * the last command {@link #command} stored into shared native memory. {@code command} does no
 * allocation and no system call: two plain stores and a sequence counter (seqlock). If the
 * counter stops changing for {@link Config#deadmanTimeoutS} (a crashed or paused JVM), the thread
 * outputs neutral throttle and centred steering and reports it ({@link #deadmanActive()},
 * {@link #deadmanTrips()}). Command c ∈ [−1, 1] becomes the pulse
 * {@code clamp(center + gain·c, minUs, maxUs)} µs, written as LEDn_OFF = round(pulse / tick) with
 * LEDn_ON = 0, one tick being (prescale + 1)/25 MHz = 4.88 µs at 50 Hz.
 *
 * <p>The stop path ({@link #stop()}, {@link #close()}, Ctrl-C and SIGTERM through {@link RobotStop}):
 * 1500 µs on both channels, held 0.1 s on a physical link, then both outputs fully off. If the
 * process dies, the guardian process ({@code docs/robot-stop.md}), armed at open for the I²C
 * transport and for a capture file, does the same.
 *
 * <p>One Java thread writes commands; {@link #stop()} may be called from any thread, {@link #close()}
 * only by the owner. Native memory lives in an arena owned by this object and is freed by close.
 */
public final class Pca9685 implements AutoCloseable, RobotStop.Stoppable {

    /** Settings; the defaults are the JetRacer's (DESIGN §4). */
    public static final class Config {
        /** PWM frequency in Hz, 24..1526; servos and ESCs want 50. */
        public double frequencyHz = 50;
        /** PCA9685 internal oscillator in Hz (25 MHz nominal; calibrate per chip if pulses are off by a few %). */
        public double oscillatorHz = 25e6;
        /** Dead-man timeout in seconds (&gt; 0): commands older than this give neutral outputs. */
        public double deadmanTimeoutS = 0.1;
        /** Shortest and longest pulse ever written, µs (0 &lt; min &lt; max &lt; PWM period). */
        public double minUs = 750, maxUs = 2250;
        /** Pulse for command 0 per channel (steering, throttle), µs: the calibration offset. */
        public double[] centerUs = {1500, 1500};
        /** Pulse change per unit command per channel, µs (negative reverses the direction). */
        public double[] gainUs = {750, 750};
        /** PCA9685 output channels 0..15 of steering and throttle. */
        public int[] channel = {0, 1};
        /** I²C device, e.g. {@code /dev/i2c-1}; {@code null} = capture transport (no hardware, bytes recorded). */
        public String device = null;
        /** 7-bit I²C address, 0x40 on the JetRacer. */
        public int address = 0x40;
        /** Bytes the capture transport keeps before dropping writes. */
        public int captureCapacity = 1 << 16;
        /**
         * Capture transport only: a file every bus write is also appended to, with its
         * CLOCK_MONOTONIC time ({@link #readCaptureFile}); null = memory only. With a file the
         * capture transport behaves like a device: the stop path holds neutral for 0.1 s and a
         * guardian process is armed.
         */
        public String captureFile = null;
    }

    /** One record of a capture file: CLOCK_MONOTONIC ns, who wrote it, the I²C address and the bytes (register, data...). */
    public record CaptureRecord(long timeNanos, boolean fromGuardian, int address, byte[] bytes) {
        /** The output channel a LEDn_ON_L..OFF_H write addresses, or -1 for other registers. */
        public int channel() {
            int reg = bytes[0] & 0xFF;
            return bytes.length == 5 && reg >= LED0_ON_L && reg < LED0_ON_L + 64 && (reg - LED0_ON_L) % 4 == 0 ? (reg - LED0_ON_L) / 4 : -1;
        }

        /** For a channel write: the LEDn_OFF count (with LEDn_ON = 0), or -1 when the write switches the output fully off. */
        public int offCount() {
            if ((bytes[4] & LED_FULL_OFF) != 0) return -1;
            return (bytes[3] & 0xFF) | (bytes[4] & 0x0F) << 8;
        }
    }

    /**
     * Reads a capture file written by the shim and its guardian:
     * {@code [int64 time_ns][u8 source][u8 address][u8 length][length bytes]}, little-endian.
     * A record cut off at the end (the process died while writing it) is ignored.
     */
    public static java.util.List<CaptureRecord> readCaptureFile(java.nio.file.Path file) throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.List<CaptureRecord> out = new java.util.ArrayList<>();
        while (b.remaining() >= 11) {
            long t = b.getLong();
            int source = b.get() & 0xFF, address = b.get() & 0xFF, len = b.get() & 0xFF;
            if (b.remaining() < len) break;
            byte[] bytes = new byte[len];
            b.get(bytes);
            out.add(new CaptureRecord(t, source == 1, address, bytes));
        }
        return out;
    }

    private final Arena arena;
    private final MemorySegment handle;
    private final MemorySegment shared;
    private final MemorySegment captureBuf;
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private final String description;
    private long seq;
    private boolean closed, stopped;

    private Pca9685(Arena arena, MemorySegment handle, int captureCapacity, String description) {
        this.arena = arena;
        this.handle = handle;
        this.description = description;
        try {
            this.shared = ((MemorySegment) Fn.SHARED_PTR.invokeExact(handle)).reinterpret(SHARED.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        this.captureBuf = arena.allocate(Math.max(1, captureCapacity));
    }

    /**
     * Opens the bus (or the capture transport), programs 50 Hz and writes neutral to both channels.
     *
     * @throws IllegalArgumentException with the shim's message when the settings or the device are wrong
     */
    public static Pca9685 open(Config c) {
        if (c.device != null && c.device.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 64) {
            throw new IllegalArgumentException("I2C device path longer than 63 bytes: " + c.device);
        }
        if (c.captureFile != null && c.device != null) throw new IllegalArgumentException("a capture file is for the capture transport, not with an I2C device");
        if (c.captureFile != null && c.captureFile.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 256) {
            throw new IllegalArgumentException("capture file path longer than 255 bytes: " + c.captureFile);
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment cfg = arena.allocate(CONFIG);
            cfg.set(JAVA_DOUBLE, CFG_FREQUENCY, c.frequencyHz);
            cfg.set(JAVA_DOUBLE, CFG_OSCILLATOR, c.oscillatorHz);
            cfg.set(JAVA_DOUBLE, CFG_DEADMAN, c.deadmanTimeoutS);
            cfg.set(JAVA_DOUBLE, CFG_MIN_US, c.minUs);
            cfg.set(JAVA_DOUBLE, CFG_MAX_US, c.maxUs);
            for (int i = 0; i < 2; i++) {
                cfg.set(JAVA_DOUBLE, CFG_CENTER_US + 8L * i, c.centerUs[i]);
                cfg.set(JAVA_DOUBLE, CFG_GAIN_US + 8L * i, c.gainUs[i]);
                cfg.set(JAVA_INT, CFG_CHANNEL + 4L * i, c.channel[i]);
            }
            cfg.set(JAVA_INT, CFG_TRANSPORT, c.device == null ? TRANSPORT_CAPTURE : TRANSPORT_I2C);
            cfg.set(JAVA_INT, CFG_ADDRESS, c.address);
            cfg.set(JAVA_INT, CFG_CAPTURE_CAPACITY, c.captureCapacity);
            if (c.device != null) cfg.setString(CFG_DEVICE, c.device);
            if (c.captureFile != null) cfg.setString(CFG_CAPTURE_FILE, c.captureFile);
            MemorySegment err = arena.allocate(512);
            MemorySegment h = (MemorySegment) Fn.OPEN.invokeExact(cfg, err, 512L);
            if (h.equals(MemorySegment.NULL)) throw new IllegalArgumentException("PCA9685: " + err.getString(0));
            Pca9685 pca = new Pca9685(arena, h, c.device == null ? c.captureCapacity : 0, c.device != null
                    ? String.format("PCA9685 %s at 0x%02x", c.device, c.address)
                    : c.captureFile != null ? "PCA9685 capture file " + c.captureFile : "PCA9685 capture (dry run)");
            RobotStop.register(pca);
            return pca;
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /**
     * Stores a new command for the output thread and refreshes the dead-man. No allocation, no
     * system call. Values are clamped to [−1, 1] by the shim; NaN gives neutral.
     *
     * @param steering −1 (full one way) .. +1 (full the other way), 0 centred
     * @param throttle −1 (full reverse/brake) .. +1 (full forward), 0 neutral
     */
    public void command(double steering, double throttle) {
        // Seqlock writer (fbrl_common.h): odd while writing, even and new when done.
        LONG.setOpaque(shared, SH_SEQ, seq + 1);
        VarHandle.storeStoreFence();
        shared.set(JAVA_DOUBLE, SH_COMMAND, steering);
        shared.set(JAVA_DOUBLE, SH_COMMAND + 8, throttle);
        seq += 2;
        LONG.setRelease(shared, SH_SEQ, seq);
    }

    /** Starts the shim's output thread. */
    public synchronized void start() {
        if (closed) throw new IllegalStateException("PCA9685: closed");
        if (RobotStop.shuttingDown()) throw new IllegalStateException("PCA9685: the program is stopping; not starting the outputs");
        try {
            if ((int) Fn.START.invokeExact(handle) != 0) throw new IllegalStateException("PCA9685: cannot start the output thread (or its guardian process)");
            stopped = false;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The stop path: stops the output thread, writes 1500 µs (center) on both channels, holds it
     * 0.1 s on a physical link, switches both outputs fully off and disarms the guardian.
     * Idempotent, any thread; the handle stays valid.
     */
    public synchronized void stop() {
        if (closed) return;
        try {
            int rc = (int) Fn.STOP.invokeExact(handle);
            assert rc == 0;
            stopped = true;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@link RobotStop}: the stop path, described, or null when there was nothing to stop. */
    @Override
    public synchronized String halt() {
        if (closed || stopped) return null;
        stop();
        return description + ": neutral (1500 us) on both channels, then outputs off";
    }

    /**
     * One output step as the thread would do it, at CLOCK_MONOTONIC time {@code nowNanos} (see
     * {@link #monotonicNanos()}); only while the thread is not running (tests, single stepping).
     *
     * @return true when the dead-man is active
     */
    public boolean tick(long nowNanos) {
        stopped = false;
        try {
            return (int) Fn.TICK.invokeExact(handle, nowNanos) != 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** CLOCK_MONOTONIC in ns, the clock of the shims' threads and dead-man. */
    public static long monotonicNanos() {
        try {
            return (long) Fn.MONOTONIC_NS.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Bytes the capture transport recorded since the last call, as records
     * {@code [address][length][register, data...]}; empty for a real device. Allocates the result.
     */
    public byte[] takeCapture() {
        try {
            long n = (long) Fn.CAPTURE_TAKE.invokeExact(handle, captureBuf, captureBuf.byteSize());
            return captureBuf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Prescale programmed: round(oscillator / (4096 f)) − 1 (121 at 50 Hz). */
    public int prescale() {
        try {
            return (int) Fn.PRESCALE.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Output ticks written by the shim. */
    public long ticks() { return (long) LONG.getAcquire(shared, SH_TICKS); }

    /** Times the dead-man engaged. */
    public long deadmanTrips() { return (long) LONG.getAcquire(shared, SH_DEADMAN_TRIPS); }

    /** True while outputs are neutral because commands are stale. */
    public boolean deadmanActive() { return shared.get(JAVA_INT, SH_DEADMAN_ACTIVE) != 0; }

    /** Age of the command (ns) when the dead-man last engaged. */
    public long deadmanAgeNanos() { return shared.get(JAVA_LONG, SH_DEADMAN_AGE); }

    /** True after the stop path switched both outputs fully off (until the next start or tick). */
    public boolean outputsOff() { return shared.get(JAVA_INT, SH_OUTPUTS_OFF) != 0; }

    /** The guardian process while armed, else 0. */
    public int guardianPid() { return shared.get(JAVA_INT, SH_GUARDIAN_PID); }

    /** Failed bus writes. */
    public int ioErrors() { return shared.get(JAVA_INT, SH_IO_ERRORS); }

    /** Last pulse written on output 0 (steering) or 1 (throttle), µs. */
    public double pulseUs(int output) { return shared.get(JAVA_DOUBLE, SH_PULSE_US + 8L * checkOutput(output)); }

    /** Last LEDn_OFF count written on output 0 (steering) or 1 (throttle). */
    public int counts(int output) { return shared.get(JAVA_INT, SH_COUNTS + 4L * checkOutput(output)); }

    private static int checkOutput(int output) {
        if (output != 0 && output != 1) throw new IllegalArgumentException("output must be 0 (steering) or 1 (throttle), got " + output);
        return output;
    }

    /** The stop path (if not done yet), then closes the bus and frees native memory. Owner thread only. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        RobotStop.unregister(this);
        try {
            Fn.CLOSE.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
