package org.feedbackrl.hw;

import java.util.concurrent.locks.LockSupport;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.PlantFault;

/**
 * The Unitree Go1 as the real system of Algorithm 1 (paper §7): the high-level walking interface
 * at 10 Hz (mode 2, trot, forward velocity and yaw rate), through the native shim's 500 Hz loop.
 *
 * <p>State (x, y, φ) is the robot's odometry expressed in a task frame: at {@link #reset} the frame
 * is chosen so that the robot's current pose reads as the requested x0 (the figure-8 is laid out
 * relative to where the robot stands). Each {@link #step} holds the command until an absolute 10 Hz
 * deadline, refreshing it every 20 ms so the shim's dead-man (100 ms) only trips when this process
 * stops. {@link #close} stands the robot still (mode 0, zero velocities).
 */
public final class Go1Plant implements Plant {
    private static final long PERIOD_NANOS = 100_000_000L, REFRESH_NANOS = 20_000_000L;
    private final Go1 robot;
    private final Go1.State st = new Go1.State();
    private double ox, oy, c = 1, s, dphi;      // task frame: p_task = R(dphi)(p − o0) + x0
    private double tx0, ty0;
    private long deadline;
    private volatile boolean closed;
    private final Go1.State atClose = new Go1.State();

    /** Opens and starts the shim (simulated backend unless the config selects the SDK). */
    public Go1Plant(Go1.Config config) {
        this.robot = Go1.open(config);
        robot.start();
    }

    @Override public int stateDim() { return 3; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return 0.1; }
    @Override public String name() { return "go1"; }

    @Override
    public void reset(double[] x0, long seed) {
        robot.command(Go1.MODE_IDLE, 0, 0);
        robot.read(st);
        dphi = x0[2] - st.yaw;
        c = Math.cos(dphi);
        s = Math.sin(dphi);
        ox = st.x;
        oy = st.y;
        tx0 = x0[0];
        ty0 = x0[1];
        deadline = System.nanoTime() + PERIOD_NANOS;
    }

    @Override
    public void observe(double[] x) {
        robot.read(st);
        if (!Double.isFinite(st.x) || !Double.isFinite(st.y) || !Double.isFinite(st.yaw)) {
            stopRobot();
            throw new PlantFault("Go1 reports a non-finite pose; the robot was stopped");
        }
        double dx = st.x - ox, dy = st.y - oy;
        x[0] = tx0 + c * dx - s * dy;
        x[1] = ty0 + s * dx + c * dy;
        x[2] = st.yaw + dphi;
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

    /** Stands the robot still (mode 0, zero velocities). Safe to call from a shutdown hook. */
    public void stopRobot() {
        if (!closed) robot.command(Go1.MODE_IDLE, 0, 0);
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
     * The shim's state after {@link #close} stopped its thread — {@code sentMode}, {@code sentVx},
     * {@code sentVyaw} are the last command the robot received; null before close.
     */
    public Go1.State stateAtClose() { return closed ? atClose : null; }
}
