package org.feedbackrl.hw;

import java.util.concurrent.locks.LockSupport;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.PlantAnnotated;
import org.feedbackrl.rollout.PlantFault;

/**
 * The Unitree Go1 as the real system of Algorithm 1 (paper §7): the high-level walking interface
 * at 10 Hz (mode 2, trot, forward velocity and yaw rate), through the native shim's 500 Hz loop.
 *
 * <p>State (x, y, φ) is the robot's odometry expressed in a task frame: at {@link #reset} the frame
 * is chosen so that the robot's current pose reads as the requested x0 (the figure-8 is laid out
 * relative to where the robot stands). Reset first waits for a valid state from the robot (up to
 * {@code stateWaitS}); until one arrives the shim sends only mode 0. Each {@link #step} holds the
 * command until an absolute 10 Hz deadline, refreshing it every 20 ms so the shim's dead-man
 * (100 ms) only trips when this process stops. When no valid state arrives for the dead-man timeout
 * the shim sends only mode 0 and the next {@link #observe} ends the rollout with a
 * {@link PlantFault} ("no valid state from the robot for N ms (CRC errors c, lost l)"), so a
 * rollout never continues on a silent link. {@link #close} runs the stop path (mode 0, zero
 * velocities, 0.1 s).
 *
 * <p>Each step's packet counters (relative to the reset) go into the rollout file
 * ({@link PlantAnnotated}).
 */
public final class Go1Plant implements Plant, PlantAnnotated {
    private static final long PERIOD_NANOS = 100_000_000L, REFRESH_NANOS = 20_000_000L;
    private static final String[] LINK_COLUMNS = {"link_sent", "link_received", "link_lost", "link_crc_errors", "link_send_failed",
            "link_malformed"};
    private final Go1 robot;
    private final long stateWaitNanos;
    private final Go1.State st = new Go1.State();
    private double ox, oy, c = 1, s, dphi;      // task frame: p_task = R(dphi)(p − o0) + x0
    private double tx0, ty0;
    private long deadline;
    private volatile boolean closed;
    private final Go1.State atClose = new Go1.State();
    // Packet counters per observation of the last rollout, relative to its reset (grown, never in steady state).
    private long[] link = new long[1024 * LINK_COLUMNS.length];
    private final long[] link0 = new long[LINK_COLUMNS.length];
    private int observed;

    /** Opens and starts the shim (simulated backend unless the config selects the SDK); 1 s to wait for a state. */
    public Go1Plant(Go1.Config config) {
        this(config, 1.0);
    }

    /**
     * @param config     the shim's settings
     * @param stateWaitS how long {@link #reset} waits for the first valid state before the rollout fails, s (&gt; 0)
     */
    public Go1Plant(Go1.Config config, double stateWaitS) {
        if (!(stateWaitS > 0) || !Double.isFinite(stateWaitS)) throw new IllegalArgumentException("state wait must be positive, got " + stateWaitS);
        this.stateWaitNanos = (long) (stateWaitS * 1e9);
        this.robot = Go1.open(config);
        try {
            robot.start();
        } catch (RuntimeException e) {
            robot.close();
            throw e;
        }
    }

    @Override public int stateDim() { return 3; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return 0.1; }
    @Override public String name() { return "go1"; }

    @Override
    public void reset(double[] x0, long seed) {
        robot.command(Go1.MODE_IDLE, 0, 0);
        long until = System.nanoTime() + stateWaitNanos;
        while (true) {
            robot.read(st);
            if (st.haveState && !st.linkSilent) break;
            if (System.nanoTime() > until) {
                stopRobot();
                throw new PlantFault(st.silenceMessage() + "; the robot stays stopped (is it on and in sport mode? check the network and --go1-ip/--go1-port)");
            }
            robot.command(Go1.MODE_IDLE, 0, 0);             // keeps the dead-man quiet while waiting
            LockSupport.parkNanos(2_000_000L);
        }
        dphi = x0[2] - st.yaw;
        c = Math.cos(dphi);
        s = Math.sin(dphi);
        ox = st.x;
        oy = st.y;
        tx0 = x0[0];
        ty0 = x0[1];
        link0[0] = st.sent;
        link0[1] = st.received;
        link0[2] = st.lost;
        link0[3] = st.crcErrors;
        link0[4] = st.sendFailed;
        link0[5] = st.malformed;
        observed = 0;
        deadline = System.nanoTime() + PERIOD_NANOS;
    }

    @Override
    public void observe(double[] x) {
        robot.read(st);
        recordLink();
        if (!st.haveState || st.linkSilent) {
            stopRobot();
            throw new PlantFault(st.silenceMessage() + "; the robot was stopped (mode 0)");
        }
        if (!Double.isFinite(st.x) || !Double.isFinite(st.y) || !Double.isFinite(st.yaw)) {
            stopRobot();
            throw new PlantFault("Go1 reports a non-finite pose; the robot was stopped");
        }
        double dx = st.x - ox, dy = st.y - oy;
        x[0] = tx0 + c * dx - s * dy;
        x[1] = ty0 + s * dx + c * dy;
        x[2] = st.yaw + dphi;
    }

    private void recordLink() {
        int k = LINK_COLUMNS.length, at = observed * k;
        if (at + k > link.length) link = java.util.Arrays.copyOf(link, 2 * link.length);
        link[at] = st.sent - link0[0];
        link[at + 1] = st.received - link0[1];
        link[at + 2] = st.lost - link0[2];
        link[at + 3] = st.crcErrors - link0[3];
        link[at + 4] = st.sendFailed - link0[4];
        link[at + 5] = st.malformed - link0[5];
        observed++;
    }

    @Override
    public void step(double[] u) {
        if (!Double.isFinite(u[0]) || !Double.isFinite(u[1])) {
            stopRobot();
            throw new PlantFault("non-finite command (" + u[0] + ", " + u[1] + "); the robot was stopped");
        }
        for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
            robot.command(Go1.MODE_WALK, u[0], u[1]);
            LockSupport.parkNanos(Math.min(REFRESH_NANOS, deadline - now));
        }
        deadline += PERIOD_NANOS;
        long late = System.nanoTime() - deadline;
        if (late > 0) deadline += (late / PERIOD_NANOS + 1) * PERIOD_NANOS;   // skip missed periods, no burst
    }

    /** Stands the robot still (mode 0, zero velocities) from the next exchange on. */
    public void stopRobot() {
        if (!closed) robot.command(Go1.MODE_IDLE, 0, 0);
    }

    @Override public String[] plantAnnotationNames() { return LINK_COLUMNS.clone(); }

    /** Packet counters since the reset at observation t of the last rollout (the last one recorded when t is past it). */
    @Override
    public void plantAnnotate(int t, double[] out) {
        int k = LINK_COLUMNS.length, at = Math.min(t, observed - 1) * k;
        for (int i = 0; i < k; i++) out[i] = at < 0 ? 0 : link[at + i];
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        stopRobot();
        closed = true;
        robot.stop();
        robot.read(atClose);
        robot.close();
    }

    /**
     * The shim's state after {@link #close} ran the stop path — {@code sentMode}, {@code sentVx},
     * {@code sentVyaw} are the last command the robot received; null before close.
     */
    public Go1.State stateAtClose() { return closed ? atClose : null; }
}
