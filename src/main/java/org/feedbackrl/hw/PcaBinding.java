package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written FFM binding of {@code native/fbrl_pca9685.h} in the style jextract generates:
 * struct layouts mirroring the C structs field by field, and one {@code static final} downcall
 * handle per function (in {@link Fn}, initialised on first use so that the layouts can be used
 * without the library). Call the handles with {@code invokeExact}. {@code size_t} is
 * {@code JAVA_LONG} (LP64: x86-64 and aarch64 Linux). {@code PcaBindingLayoutTest} checks every
 * size and offset against the C compiler.
 */
public final class PcaBinding {
    private PcaBinding() {}

    public static final int TRANSPORT_CAPTURE = 0;
    public static final int TRANSPORT_I2C = 1;

    /** PCA9685 register addresses and MODE bits (datasheet section 7.3). */
    public static final int MODE1 = 0x00, MODE2 = 0x01, LED0_ON_L = 0x06, PRE_SCALE = 0xFE;
    public static final int MODE1_RESTART = 0x80, MODE1_AI = 0x20, MODE1_SLEEP = 0x10, MODE2_OUTDRV = 0x04;
    /** LEDn_OFF_H bit 4: the output is fully off (no pulses). */
    public static final int LED_FULL_OFF = 0x10;

    /** {@code fbrl_pca_config}. */
    public static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("frequency_hz"),
            JAVA_DOUBLE.withName("oscillator_hz"),
            JAVA_DOUBLE.withName("deadman_timeout_s"),
            JAVA_DOUBLE.withName("min_us"),
            JAVA_DOUBLE.withName("max_us"),
            MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("center_us"),
            MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("gain_us"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("channel"),
            JAVA_INT.withName("transport"),
            JAVA_INT.withName("i2c_address"),
            JAVA_INT.withName("capture_capacity"),
            JAVA_INT.withName("reserved"),
            MemoryLayout.sequenceLayout(64, JAVA_BYTE).withName("device"),
            MemoryLayout.sequenceLayout(256, JAVA_BYTE).withName("capture_file")).withName("fbrl_pca_config");

    /** {@code fbrl_pca_shared}: Java writes seq and command, the output thread the rest. */
    public static final StructLayout SHARED = MemoryLayout.structLayout(
            JAVA_LONG.withName("seq"),
            MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("command"),
            JAVA_LONG.withName("ticks"),
            JAVA_LONG.withName("deadman_trips"),
            JAVA_INT.withName("deadman_active"),
            JAVA_INT.withName("io_errors"),
            JAVA_LONG.withName("last_refresh_ns"),
            JAVA_LONG.withName("deadman_age_ns"),
            MemoryLayout.sequenceLayout(2, JAVA_DOUBLE).withName("pulse_us"),
            MemoryLayout.sequenceLayout(2, JAVA_INT).withName("counts"),
            JAVA_INT.withName("outputs_off"),
            JAVA_INT.withName("guardian_pid")).withName("fbrl_pca_shared");

    static long off(StructLayout s, String field) {
        return s.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    public static final long CFG_FREQUENCY = off(CONFIG, "frequency_hz"), CFG_OSCILLATOR = off(CONFIG, "oscillator_hz"),
            CFG_DEADMAN = off(CONFIG, "deadman_timeout_s"), CFG_MIN_US = off(CONFIG, "min_us"), CFG_MAX_US = off(CONFIG, "max_us"),
            CFG_CENTER_US = off(CONFIG, "center_us"), CFG_GAIN_US = off(CONFIG, "gain_us"), CFG_CHANNEL = off(CONFIG, "channel"),
            CFG_TRANSPORT = off(CONFIG, "transport"), CFG_ADDRESS = off(CONFIG, "i2c_address"),
            CFG_CAPTURE_CAPACITY = off(CONFIG, "capture_capacity"), CFG_DEVICE = off(CONFIG, "device"),
            CFG_CAPTURE_FILE = off(CONFIG, "capture_file");
    public static final long SH_SEQ = off(SHARED, "seq"), SH_COMMAND = off(SHARED, "command"), SH_TICKS = off(SHARED, "ticks"),
            SH_DEADMAN_TRIPS = off(SHARED, "deadman_trips"), SH_DEADMAN_ACTIVE = off(SHARED, "deadman_active"),
            SH_IO_ERRORS = off(SHARED, "io_errors"), SH_LAST_REFRESH = off(SHARED, "last_refresh_ns"),
            SH_DEADMAN_AGE = off(SHARED, "deadman_age_ns"), SH_PULSE_US = off(SHARED, "pulse_us"), SH_COUNTS = off(SHARED, "counts"),
            SH_OUTPUTS_OFF = off(SHARED, "outputs_off"), SH_GUARDIAN_PID = off(SHARED, "guardian_pid");

    /** Downcall handles, one per exported function. */
    public static final class Fn {
        private Fn() {}
        /** {@code fbrl_pca *fbrl_pca_open(const fbrl_pca_config *, char *err, size_t err_len)} */
        public static final MethodHandle OPEN = NativeLibrary.downcall("fbrl_pca_open", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        /** {@code fbrl_pca_shared *fbrl_pca_shared_ptr(fbrl_pca *)} */
        public static final MethodHandle SHARED_PTR = NativeLibrary.downcall("fbrl_pca_shared_ptr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        /** {@code int32_t fbrl_pca_prescale(const fbrl_pca *)} */
        public static final MethodHandle PRESCALE = NativeLibrary.downcall("fbrl_pca_prescale", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int32_t fbrl_pca_start(fbrl_pca *)} */
        public static final MethodHandle START = NativeLibrary.downcall("fbrl_pca_start", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int32_t fbrl_pca_stop(fbrl_pca *)} */
        public static final MethodHandle STOP = NativeLibrary.downcall("fbrl_pca_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int32_t fbrl_pca_tick(fbrl_pca *, int64_t now_ns)} */
        public static final MethodHandle TICK = NativeLibrary.downcall("fbrl_pca_tick", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        /** {@code int64_t fbrl_pca_capture_take(fbrl_pca *, uint8_t *dst, int64_t cap)} */
        public static final MethodHandle CAPTURE_TAKE = NativeLibrary.downcall("fbrl_pca_capture_take", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        /** {@code void fbrl_pca_close(fbrl_pca *)} */
        public static final MethodHandle CLOSE = NativeLibrary.downcall("fbrl_pca_close", FunctionDescriptor.ofVoid(ADDRESS));
        /** {@code int64_t fbrl_monotonic_ns(void)} */
        public static final MethodHandle MONOTONIC_NS = NativeLibrary.downcall("fbrl_monotonic_ns", FunctionDescriptor.of(JAVA_LONG),
                java.lang.foreign.Linker.Option.critical(false));
    }
}
