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
 * backend, when the build found the SDK) or with a simulated robot. {@link #command} stores (mode,
 * vx, vyaw) into shared native memory without allocation or system call. The robot receives only
 * the neutral command (mode 0, zero velocities) when Java stops refreshing the command for
 * {@link Config#deadmanTimeoutS} (the dead-man), when no valid state has arrived yet or for that
 * long (a silent link: {@link State#linkSilent}, {@link State#silenceMessage()}), on
 * {@link #stop()} (held for 0.1 s), on Ctrl-C or SIGTERM ({@link RobotStop}), and when the process
 * dies (the guardian process, {@code docs/robot-stop.md}). {@link #read(State)} copies a
 * consistent snapshot of the robot state into a caller-owned {@link State}.
 *
 * <p>One thread commands, one thread reads (they may differ); {@link #stop()} may be called from
 * any thread, {@link #close()} only by the owner.
 */
public final class Go1 implements AutoCloseable, RobotStop.Stoppable {
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
        /** SDK backend: local UDP port (0..65535, 0 = any free port, for loopback tests), robot IPv4 address and port (1..65535). */
        public int localPort = 8090;
        public String targetIp = "192.168.123.161";
        public int targetPort = 8082;
    }

    /** A snapshot of the robot, filled by {@link #read}. Units: m, rad, m/s, rad/s, ns. */
    public static final class State {
        public long ticks, deadmanTrips, timeNanos, deadmanAgeNanos;
        public boolean deadmanActive;
        public int backend;
        /** Pose (simulator truth, or the robot's odometry which drifts) and body velocities; meaningless unless {@link #haveState}. */
        public double x, y, yaw, vx, vy, vyaw;
        /** HighState.mode, gaitType, bms.SOC (%), bodyHeight (m); HighCmd mode/velocity[0]/yawSpeed last sent. */
        public int mode, gaitType, batteryPercent, sentMode;
        public double bodyHeight, sentVx, sentVyaw;
        /** A valid state has arrived (always true for the simulator). */
        public boolean haveState;
        /** Only mode 0 is being sent because no valid state arrived for the dead-man timeout (or none yet). */
        public boolean linkSilent;
        /** Time since the last valid state arrived (since start while none has), ns. */
        public long stateAgeNanos;
        /** Times the link went silent after having delivered a state. */
        public long silentTrips;
        /** Packets: HighCmd sent, sends failed (incl. "port unreachable"), valid HighState received, exchanges with no
         * packet at all (lost), packets failing the SDK's CRC, packets of the wrong length or header (malformed). */
        public long sent, sendFailed, received, lost, crcErrors, malformed;
        /** UDP port the SDK is bound to; the guardian process while armed (0: none). */
        public int localPort, guardianPid;

        /** "no valid state from the robot for N ms (CRC errors c, lost l)", plus the other failures when there are any. */
        public String silenceMessage() {
            StringBuilder m = new StringBuilder(String.format(java.util.Locale.ROOT, "no valid state from the robot for %d ms (CRC errors %d, lost %d)",
                    stateAgeNanos / 1_000_000L, crcErrors, lost));
            if (malformed > 0 || sendFailed > 0) {
                m.append(String.format(java.util.Locale.ROOT, "; also %d packets of the wrong length or header, %d sends failed", malformed, sendFailed));
            }
            return m.toString();
        }

        /** The packet counters in one line. */
        public String linkSummary() {
            return String.format(java.util.Locale.ROOT, "sent %d, received %d, lost %d, CRC errors %d, send failed %d, malformed %d",
                    sent, received, lost, crcErrors, sendFailed, malformed);
        }
    }

    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment handle, cmd, state;
    private final String description;
    private long seq;
    private boolean closed, stopped = true;

    private Go1(Arena arena, MemorySegment handle, String description) throws Throwable {
        this.arena = arena;
        this.handle = handle;
        this.description = description;
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
        if (c.localPort < 0 || c.localPort > 65535) throw new IllegalArgumentException("Go1: local UDP port must be 0..65535 (0 = any free port), got " + c.localPort);
        if (c.targetPort < 1 || c.targetPort > 65535) throw new IllegalArgumentException("Go1: robot UDP port must be 1..65535, got " + c.targetPort);
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
            if (h.equals(MemorySegment.NULL)) {
                String m = err.getString(0);
                throw new IllegalArgumentException(m.startsWith("Go1") ? m : "Go1: " + m);
            }
            Go1 go1 = new Go1(arena, h, c.backend == BACKEND_UNITREE
                    ? "Go1 (Unitree SDK, robot " + c.targetIp + ":" + c.targetPort + ")" : "Go1 (simulated)");
            RobotStop.register(go1);
            return go1;
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
            out.haveState = state.get(JAVA_INT, ST_HAVE_STATE) != 0;
            out.linkSilent = state.get(JAVA_INT, ST_LINK_SILENT) != 0;
            out.stateAgeNanos = state.get(JAVA_LONG, ST_STATE_AGE);
            out.silentTrips = state.get(JAVA_LONG, ST_SILENT_TRIPS);
            out.sent = state.get(JAVA_LONG, ST_UDP_SENT);
            out.sendFailed = state.get(JAVA_LONG, ST_UDP_SEND_FAILED);
            out.received = state.get(JAVA_LONG, ST_UDP_RECEIVED);
            out.lost = state.get(JAVA_LONG, ST_UDP_LOST);
            out.crcErrors = state.get(JAVA_LONG, ST_UDP_CRC);
            out.malformed = state.get(JAVA_LONG, ST_UDP_MALFORMED);
            out.localPort = state.get(JAVA_INT, ST_LOCAL_PORT);
            out.guardianPid = state.get(JAVA_INT, ST_GUARDIAN_PID);
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
    public synchronized void start() {
        if (closed) throw new IllegalStateException("Go1: closed");
        if (RobotStop.shuttingDown()) throw new IllegalStateException("Go1: the program is stopping; not starting the robot");
        try {
            if ((int) Fn.START.invokeExact(handle) != 0) throw new IllegalStateException("Go1: cannot start the exchange thread (or its guardian process)");
            stopped = false;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The stop path: stops the exchange thread after sending mode 0 with zero velocities for 0.1 s
     * (the simulator: one exchange), then disarms the guardian. Idempotent, any thread; the handle
     * stays valid (read it, start it again, close it).
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
        return description + (description.contains("simulated") ? ": mode 0 with zero velocities" : ": mode 0 with zero velocities sent for 100 ms");
    }

    /**
     * One exchange at CLOCK_MONOTONIC time {@code nowNanos} ({@link Pca9685#monotonicNanos()}); only
     * while the thread is not running. The simulator advances one period 1/rateHz.
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

    /** The stop path ({@link #stop()}), then frees the shim. Owner thread only. */
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
