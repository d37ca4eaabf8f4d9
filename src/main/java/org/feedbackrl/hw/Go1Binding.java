package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.feedbackrl.hw.PcaBinding.off;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * Hand-written FFM binding of {@code native/fbrl_go1.h} (jextract style: layouts mirroring the C
 * structs, one downcall handle per function in {@link Fn}, called with {@code invokeExact}). The
 * raw SDK packets inside {@link #STATE} use {@link UnitreeLayouts}. {@code Go1BindingLayoutTest}
 * checks sizes and offsets against the C compiler.
 */
public final class Go1Binding {
    private Go1Binding() {}

    public static final int BACKEND_SIM = 0;
    public static final int BACKEND_UNITREE = 1;

    /** {@code fbrl_go1_config}. */
    public static final StructLayout CONFIG = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("rate_hz"),
            JAVA_DOUBLE.withName("deadman_timeout_s"),
            JAVA_DOUBLE.withName("max_v"),
            JAVA_DOUBLE.withName("max_yaw"),
            JAVA_DOUBLE.withName("sim_tau_v"),
            JAVA_DOUBLE.withName("sim_tau_yaw"),
            JAVA_DOUBLE.withName("sim_min_speed"),
            JAVA_DOUBLE.withName("sim_drift_yaw"),
            JAVA_DOUBLE.withName("sim_drift_side"),
            JAVA_DOUBLE.withName("sim_noise"),
            JAVA_LONG.withName("sim_seed"),
            JAVA_INT.withName("backend"),
            JAVA_INT.withName("local_port"),
            JAVA_INT.withName("target_port"),
            JAVA_INT.withName("reserved"),
            MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("target_ip")).withName("fbrl_go1_config");

    /** {@code fbrl_go1_cmd}: written by Java under a seqlock. */
    public static final StructLayout CMD = MemoryLayout.structLayout(
            JAVA_LONG.withName("seq"),
            JAVA_DOUBLE.withName("vx"),
            JAVA_DOUBLE.withName("vyaw"),
            JAVA_INT.withName("mode"),
            JAVA_INT.withName("gait")).withName("fbrl_go1_cmd");

    /** {@code fbrl_go1_state}: written by the native thread under a seqlock. */
    public static final StructLayout STATE = MemoryLayout.structLayout(
            JAVA_LONG.withName("seq"),
            JAVA_LONG.withName("ticks"),
            JAVA_LONG.withName("deadman_trips"),
            JAVA_INT.withName("deadman_active"),
            JAVA_INT.withName("backend"),
            JAVA_LONG.withName("time_ns"),
            JAVA_LONG.withName("deadman_age_ns"),
            JAVA_DOUBLE.withName("x"),
            JAVA_DOUBLE.withName("y"),
            JAVA_DOUBLE.withName("yaw"),
            JAVA_DOUBLE.withName("vx"),
            JAVA_DOUBLE.withName("vy"),
            JAVA_DOUBLE.withName("vyaw"),
            JAVA_INT.withName("have_state"),
            JAVA_INT.withName("link_silent"),
            JAVA_LONG.withName("state_age_ns"),
            JAVA_LONG.withName("silent_trips"),
            JAVA_LONG.withName("udp_sent"),
            JAVA_LONG.withName("udp_send_failed"),
            JAVA_LONG.withName("udp_received"),
            JAVA_LONG.withName("udp_lost"),
            JAVA_LONG.withName("udp_crc_errors"),
            JAVA_LONG.withName("udp_malformed"),
            JAVA_INT.withName("local_port"),
            JAVA_INT.withName("guardian_pid"),
            UnitreeLayouts.HIGH_STATE.withName("high_state"),
            UnitreeLayouts.HIGH_CMD.withName("high_cmd")).withName("fbrl_go1_state");

    public static final long CFG_RATE = off(CONFIG, "rate_hz"), CFG_DEADMAN = off(CONFIG, "deadman_timeout_s"),
            CFG_MAX_V = off(CONFIG, "max_v"), CFG_MAX_YAW = off(CONFIG, "max_yaw"), CFG_TAU_V = off(CONFIG, "sim_tau_v"),
            CFG_TAU_YAW = off(CONFIG, "sim_tau_yaw"), CFG_MIN_SPEED = off(CONFIG, "sim_min_speed"),
            CFG_DRIFT_YAW = off(CONFIG, "sim_drift_yaw"), CFG_DRIFT_SIDE = off(CONFIG, "sim_drift_side"),
            CFG_NOISE = off(CONFIG, "sim_noise"), CFG_SEED = off(CONFIG, "sim_seed"), CFG_BACKEND = off(CONFIG, "backend"),
            CFG_LOCAL_PORT = off(CONFIG, "local_port"), CFG_TARGET_PORT = off(CONFIG, "target_port"),
            CFG_TARGET_IP = off(CONFIG, "target_ip");
    public static final long CMD_SEQ = off(CMD, "seq"), CMD_VX = off(CMD, "vx"), CMD_VYAW = off(CMD, "vyaw"),
            CMD_MODE = off(CMD, "mode"), CMD_GAIT = off(CMD, "gait");
    public static final long ST_SEQ = off(STATE, "seq"), ST_TICKS = off(STATE, "ticks"), ST_DEADMAN_TRIPS = off(STATE, "deadman_trips"),
            ST_DEADMAN_ACTIVE = off(STATE, "deadman_active"), ST_BACKEND = off(STATE, "backend"), ST_TIME = off(STATE, "time_ns"),
            ST_DEADMAN_AGE = off(STATE, "deadman_age_ns"), ST_X = off(STATE, "x"), ST_Y = off(STATE, "y"), ST_YAW = off(STATE, "yaw"),
            ST_VX = off(STATE, "vx"), ST_VY = off(STATE, "vy"), ST_VYAW = off(STATE, "vyaw"),
            ST_HAVE_STATE = off(STATE, "have_state"), ST_LINK_SILENT = off(STATE, "link_silent"), ST_STATE_AGE = off(STATE, "state_age_ns"),
            ST_SILENT_TRIPS = off(STATE, "silent_trips"), ST_UDP_SENT = off(STATE, "udp_sent"), ST_UDP_SEND_FAILED = off(STATE, "udp_send_failed"),
            ST_UDP_RECEIVED = off(STATE, "udp_received"), ST_UDP_LOST = off(STATE, "udp_lost"), ST_UDP_CRC = off(STATE, "udp_crc_errors"),
            ST_UDP_MALFORMED = off(STATE, "udp_malformed"), ST_LOCAL_PORT = off(STATE, "local_port"), ST_GUARDIAN_PID = off(STATE, "guardian_pid"),
            ST_HIGH_STATE = off(STATE, "high_state"), ST_HIGH_CMD = off(STATE, "high_cmd");

    /** Downcall handles, one per exported function. */
    public static final class Fn {
        private Fn() {}
        /** {@code int32_t fbrl_go1_backend_available(int32_t backend)} */
        public static final MethodHandle BACKEND_AVAILABLE = NativeLibrary.downcall("fbrl_go1_backend_available", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        /** {@code fbrl_go1 *fbrl_go1_open(const fbrl_go1_config *, char *err, size_t err_len)} */
        public static final MethodHandle OPEN = NativeLibrary.downcall("fbrl_go1_open", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        /** {@code fbrl_go1_cmd *fbrl_go1_cmd_ptr(fbrl_go1 *)} */
        public static final MethodHandle CMD_PTR = NativeLibrary.downcall("fbrl_go1_cmd_ptr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        /** {@code fbrl_go1_state *fbrl_go1_state_ptr(fbrl_go1 *)} */
        public static final MethodHandle STATE_PTR = NativeLibrary.downcall("fbrl_go1_state_ptr", FunctionDescriptor.of(ADDRESS, ADDRESS));
        /** {@code int32_t fbrl_go1_start(fbrl_go1 *)} */
        public static final MethodHandle START = NativeLibrary.downcall("fbrl_go1_start", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int32_t fbrl_go1_stop(fbrl_go1 *)}: the stop path (mode 0 for 0.1 s), guardian disarmed */
        public static final MethodHandle STOP = NativeLibrary.downcall("fbrl_go1_stop", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /** {@code int32_t fbrl_go1_tick(fbrl_go1 *, int64_t now_ns)} */
        public static final MethodHandle TICK = NativeLibrary.downcall("fbrl_go1_tick", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        /** {@code void fbrl_go1_close(fbrl_go1 *)} */
        public static final MethodHandle CLOSE = NativeLibrary.downcall("fbrl_go1_close", FunctionDescriptor.ofVoid(ADDRESS));
    }
}
