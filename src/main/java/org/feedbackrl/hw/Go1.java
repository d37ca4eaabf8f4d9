package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.feedbackrl.hw.Go1Binding.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Unitree Go1 high-level control through the native shim ({@code native/fbrl_go1.h}).
 *
 * <p>The shim's thread exchanges HighCmd/HighState at 500 Hz with the robot (Unitree SDK 3.8
 * backend, when built with {@code -Dunitree.sdk}) or with a simulated robot. {@link #command}
 * stores (mode, vx, vyaw) into shared native memory without allocation or system call; if it is
 * not called again within {@link Config#deadmanTimeoutS}, the shim sends mode 0 with zero
 * velocities (stop) and reports it. {@link #read(State)} copies a consistent snapshot of the
 * robot state into a caller-owned {@link State}.
 *
 * <p>Not thread-safe: one thread commands, one thread reads (they may differ).
 */
public final class Go1 implements AutoCloseable {
    /** HighCmd.mode values the shim passes through; any other value is sent as {@link #MODE_IDLE}. */
    public static final int MODE_IDLE = 0, MODE_STAND = 1, MODE_WALK = 2;
    /** HighCmd.gaitType for walking. */
    public static final int GAIT_TROT = 1;

    /** Settings. Defaults: the simulated robot, 500 Hz, 0.1 s dead-man (DESIGN §4 "Go1 hardware"). */
    public static final class Config {
        /** {@link Go1Binding#BACKEND_SIM} or {@link Go1Binding#BACKEND_UNITREE}. */
        public int backend = BACKEND_SIM;
        /** Exchange rate in Hz, 1..5000 (the SDK examples use 500). */
        public double rateHz = 500;
        /** Dead-man timeout in s (&gt; 0). */
        public double deadmanTimeoutS = 0.1;
        /** Command limits sent to either backend: |vx| ≤ maxV m/s, |vyaw| ≤ maxYaw rad/s. */
        public double maxV = 1.0, maxYaw = 3.0;
        /** Simulator: first-order lag time constants of forward speed and yaw rate, s. */
        public double simTauV = 0.25, simTauYaw = 0.15;
        /** Simulator: forward commands with |vx| below this (m/s) do not move the robot. */
        public double simMinSpeed = 0.2;
        /** Simulator: drift while walking, yaw rad/s and sideways m/s. */
        public double simDriftYaw = 0.02, simDriftSide = 0.01;
        /** Simulator: standard deviation of velocity noise while walking (m/s, rad/s). */
        public double simNoise = 0.01;
        /** Simulator noise seed. */
        public long simSeed = 1;
        /** SDK backend: local UDP port, robot address and port. */
        public int localPort = 8090;
        public String targetIp = "192.168.123.161";
        public int targetPort = 8082;
    }

    /** A snapshot of the robot, filled by {@link #read}. Units: m, rad, m/s, rad/s, ns. */
    public static final class State {
        public long ticks, deadmanTrips, timeNanos, deadmanAgeNanos, udpSend, udpRecv, udpErrors;
        public boolean deadmanActive;
        public int backend;
        /** Pose (simulator truth, or the robot's odometry which drifts) and body velocities. */
        public double x, y, yaw, vx, vy, vyaw;
        /** HighState.mode, gaitType, bms.SOC (%), bodyHeight (m); HighCmd mode/velocity[0]/yawSpeed last sent. */
        public int mode, gaitType, batteryPercent, sentMode;
        public double bodyHeight, sentVx, sentVyaw;
    }

    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment handle, cmd, state;
    private long seq;
    private boolean closed;

    private Go1(Arena arena, MemorySegment handle) throws Throwable {
        this.arena = arena;
        this.handle = handle;
        this.cmd = ((MemorySegment) Fn.CMD_PTR.invokeExact(handle)).reinterpret(CMD.byteSize());
        this.state = ((MemorySegment) Fn.STATE_PTR.invokeExact(handle)).reinterpret(STATE.byteSize());
    }

    /** True when this build of the native library has the given backend. */
    public static boolean backendAvailable(int backend) {
        try {
            return (int) Fn.BACKEND_AVAILABLE.invokeExact(backend) != 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Opens the backend (the thread is not started: see {@link #start()}).
     *
     * @throws IllegalArgumentException with the shim's message when settings are wrong or the backend is missing
     */
    public static Go1 open(Config c) {
        if (c.targetIp == null || c.targetIp.length() >= 32) throw new IllegalArgumentException("Go1: target IP missing or too long");
        Arena arena = Arena.ofShared();
        try {
            MemorySegment cfg = arena.allocate(CONFIG);
            cfg.set(JAVA_DOUBLE, CFG_RATE, c.rateHz);
            cfg.set(JAVA_DOUBLE, CFG_DEADMAN, c.deadmanTimeoutS);
            cfg.set(JAVA_DOUBLE, CFG_MAX_V, c.maxV);
            cfg.set(JAVA_DOUBLE, CFG_MAX_YAW, c.maxYaw);
            cfg.set(JAVA_DOUBLE, CFG_TAU_V, c.simTauV);
            cfg.set(JAVA_DOUBLE, CFG_TAU_YAW, c.simTauYaw);
            cfg.set(JAVA_DOUBLE, CFG_MIN_SPEED, c.simMinSpeed);
            cfg.set(JAVA_DOUBLE, CFG_DRIFT_YAW, c.simDriftYaw);
            cfg.set(JAVA_DOUBLE, CFG_DRIFT_SIDE, c.simDriftSide);
            cfg.set(JAVA_DOUBLE, CFG_NOISE, c.simNoise);
            cfg.set(JAVA_LONG, CFG_SEED, c.simSeed);
            cfg.set(JAVA_INT, CFG_BACKEND, c.backend);
            cfg.set(JAVA_INT, CFG_LOCAL_PORT, c.localPort);
            cfg.set(JAVA_INT, CFG_TARGET_PORT, c.targetPort);
            cfg.setString(CFG_TARGET_IP, c.targetIp);
            MemorySegment err = arena.allocate(256);
            MemorySegment h = (MemorySegment) Fn.OPEN.invokeExact(cfg, err, 256L);
            if (h.equals(MemorySegment.NULL)) throw new IllegalArgumentException("Go1: " + err.getString(0));
            return new Go1(arena, h);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException(t);
        }
    }

    /**
     * Stores a command and refreshes the dead-man (no allocation, no system call).
     *
     * @param mode {@link #MODE_IDLE} (stop), {@link #MODE_STAND} or {@link #MODE_WALK} (trot)
     * @param vx   forward speed, m/s (clamped to ±maxV by the shim)
     * @param vyaw yaw rate, rad/s (clamped to ±maxYaw)
     */
    public void command(int mode, double vx, double vyaw) {
        LONG.setOpaque(cmd, CMD_SEQ, seq + 1);
        VarHandle.storeStoreFence();
        cmd.set(JAVA_DOUBLE, CMD_VX, vx);
        cmd.set(JAVA_DOUBLE, CMD_VYAW, vyaw);
        cmd.set(JAVA_INT, CMD_MODE, mode);
        cmd.set(JAVA_INT, CMD_GAIT, GAIT_TROT);
        seq += 2;
        LONG.setRelease(cmd, CMD_SEQ, seq);
    }

    /** Copies a consistent snapshot into {@code out} (seqlock read, retried while the thread writes). */
    public void read(State out) {
        while (true) {
            long s1 = (long) LONG.getAcquire(state, ST_SEQ);
            if ((s1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            out.ticks = state.get(JAVA_LONG, ST_TICKS);
            out.deadmanTrips = state.get(JAVA_LONG, ST_DEADMAN_TRIPS);
            out.deadmanActive = state.get(JAVA_INT, ST_DEADMAN_ACTIVE) != 0;
            out.backend = state.get(JAVA_INT, ST_BACKEND);
            out.timeNanos = state.get(JAVA_LONG, ST_TIME);
            out.deadmanAgeNanos = state.get(JAVA_LONG, ST_DEADMAN_AGE);
            out.x = state.get(JAVA_DOUBLE, ST_X);
            out.y = state.get(JAVA_DOUBLE, ST_Y);
            out.yaw = state.get(JAVA_DOUBLE, ST_YAW);
            out.vx = state.get(JAVA_DOUBLE, ST_VX);
            out.vy = state.get(JAVA_DOUBLE, ST_VY);
            out.vyaw = state.get(JAVA_DOUBLE, ST_VYAW);
            out.udpSend = state.get(JAVA_LONG, ST_UDP_SEND);
            out.udpRecv = state.get(JAVA_LONG, ST_UDP_RECV);
            out.udpErrors = state.get(JAVA_LONG, ST_UDP_ERRORS);
            long hs = ST_HIGH_STATE, hc = ST_HIGH_CMD;
            out.mode = Byte.toUnsignedInt(state.get(JAVA_BYTE, hs + UnitreeLayouts.HS_MODE));
            out.gaitType = Byte.toUnsignedInt(state.get(JAVA_BYTE, hs + UnitreeLayouts.HS_GAIT));
            out.batteryPercent = Byte.toUnsignedInt(state.get(JAVA_BYTE, hs + UnitreeLayouts.HS_BMS + UnitreeLayouts.BMS_SOC));
            out.bodyHeight = state.get(JAVA_FLOAT_UNALIGNED, hs + UnitreeLayouts.HS_BODY_HEIGHT);
            out.sentMode = Byte.toUnsignedInt(state.get(JAVA_BYTE, hc + UnitreeLayouts.HC_MODE));
            out.sentVx = state.get(JAVA_FLOAT_UNALIGNED, hc + UnitreeLayouts.HC_VELOCITY);
            out.sentVyaw = state.get(JAVA_FLOAT_UNALIGNED, hc + UnitreeLayouts.HC_YAW_SPEED);
            VarHandle.loadLoadFence();
            if ((long) LONG.getOpaque(state, ST_SEQ) == s1) return;
        }
    }

    /** The raw {@code fbrl_go1_state} (read it only through a seqlock, as {@link #read} does). */
    public MemorySegment rawState() { return state; }

    /** Starts the 500 Hz exchange thread. */
    public void start() {
        try {
            if ((int) Fn.START.invokeExact(handle) != 0) throw new IllegalStateException("Go1: cannot start the exchange thread");
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Stops the thread after commanding mode 0 (stop). */
    public void stop() {
        try {
            int rc = (int) Fn.STOP.invokeExact(handle);
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * One exchange at CLOCK_MONOTONIC time {@code nowNanos} ({@link Pca9685#monotonicNanos()}); only
     * while the thread is not running. The simulator advances one period 1/rateHz.
     *
     * @return true when the dead-man is active
     */
    public boolean tick(long nowNanos) {
        try {
            return (int) Fn.TICK.invokeExact(handle, nowNanos) != 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            Fn.CLOSE.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
