package org.feedbackrl.hw;

import java.util.concurrent.locks.LockSupport;
import org.feedbackrl.rollout.Plant;
import org.feedbackrl.rollout.PlantFault;

/**
 * The NVIDIA JetRacer as the real system of Algorithm 1: commands through the PCA9685 shim (steering
 * channel 0, throttle channel 1, the model's inputs a and ω mapped to [−1, 1]), pose from motion
 * capture through {@link PoseReceiver}, 50 Hz with absolute deadlines.
 *
 * <p>State (x, y, v, φ): position and heading from the latest valid pose; v is the forward speed,
 * the finite difference of successive poses (over their motion-capture timestamps) projected on the heading, low-pass filtered (time
 * constant {@code speedFilterS}). No command is ever computed from garbage: when the pose is stale
 * or invalid at a step, the car is stopped (neutral throttle, centred steering) and a
 * {@link PlantFault} ends the rollout, which is then not used.
 */
public final class JetRacerPlant implements Plant {
    private static final long PERIOD_NANOS = 20_000_000L;
    private final Pca9685 pwm;
    private final PoseReceiver pose;
    private final double speedFilterS;
    private final double[] p = new double[3];
    private double px, py, v;
    private long lastStamp, deadline;
    private boolean havePrev;
    private volatile boolean closed;

    /**
     * @param pwm          the opened PWM shim (the plant starts its thread and owns it)
     * @param pose         the opened pose receiver (owned)
     * @param speedFilterS low-pass time constant of the speed estimate [s] (≥ 0; 0.05 is typical at 100 Hz mocap)
     */
    public JetRacerPlant(Pca9685 pwm, PoseReceiver pose, double speedFilterS) {
        this.pwm = pwm;
        this.pose = pose;
        this.speedFilterS = speedFilterS;
        pwm.command(0, 0);
        pwm.start();
    }

    @Override public int stateDim() { return 4; }
    @Override public int inputDim() { return 2; }
    @Override public double dt() { return 0.02; }
    @Override public String name() { return "jetracer"; }

    /** The car is where the operator put it; x0 is not enforced. Waits up to 1 s for a valid pose. */
    @Override
    public void reset(double[] x0, long seed) {
        pwm.command(0, 0);
        pose.resetSequence();
        long until = System.nanoTime() + 1_000_000_000L;
        while (true) {
            pose.poll();
            if (pose.latest(p)) break;
            if (System.nanoTime() > until) {
                stopCar();
                throw new PlantFault("no valid pose from motion capture within 1 s (check the sender and --pose-bind); the car stays stopped");
            }
            LockSupport.parkNanos(1_000_000L);
        }
        px = p[0];
        py = p[1];
        v = 0;
        havePrev = true;
        lastStamp = pose.lastTimestampNanos();
        deadline = System.nanoTime() + PERIOD_NANOS;
    }

    @Override
    public void observe(double[] x) {
        pose.poll();
        if (!pose.latest(p)) {
            stopCar();
            throw new PlantFault("motion-capture pose is stale or invalid; the car was stopped (rejected packets: "
                    + java.util.Arrays.toString(rejectedCounts()) + ")");
        }
        // Speed from the poses' own timestamps (the motion-capture clock), not from when this thread
        // happened to read them: a late wake-up or a late packet then changes nothing, and a step with
        // no new pose (mocap and control run on separate clocks) keeps the last estimate instead of
        // reading as a stop.
        long stamp = pose.lastTimestampNanos();
        if (havePrev && stamp != lastStamp) {
            double dtObs = Math.max((stamp - lastStamp) * 1e-9, 1e-4);
            double fwd = ((p[0] - px) * Math.cos(p[2]) + (p[1] - py) * Math.sin(p[2])) / dtObs;
            double a = speedFilterS <= 0 ? 1 : Math.min(1, dtObs / speedFilterS);
            v += a * (fwd - v);
        }
        px = p[0];
        py = p[1];
        lastStamp = stamp;
        x[0] = p[0];
        x[1] = p[1];
        x[2] = v;
        x[3] = p[2];
    }

    private long[] rejectedCounts() {
        PoseReceiver.Reason[] rs = PoseReceiver.Reason.values();
        long[] out = new long[rs.length];
        for (int i = 0; i < rs.length; i++) out[i] = pose.rejected(rs[i]);
        return out;
    }

    /** Model input (a, ω) → PCA command; throttle is refreshed until the absolute 50 Hz deadline. */
    @Override
    public void step(double[] u) {
        if (!Double.isFinite(u[0]) || !Double.isFinite(u[1])) {
            stopCar();
            throw new PlantFault("non-finite command (" + u[0] + ", " + u[1] + "); the car was stopped");
        }
        double steer = Math.max(-1, Math.min(1, u[1])), throttle = Math.max(-1, Math.min(1, u[0]));
        pwm.command(steer, throttle);
        for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
            pose.poll();
            LockSupport.parkNanos(Math.min(2_000_000L, deadline - now));
        }
        deadline += PERIOD_NANOS;
        long late = System.nanoTime() - deadline;
        if (late > 0) deadline += (late / PERIOD_NANOS + 1) * PERIOD_NANOS;
    }

    /** Neutral throttle, centred steering. Safe to call from a shutdown hook. */
    public void stopCar() {
        if (!closed) pwm.command(0, 0);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        stopCar();
        closed = true;
        pwm.stop();
        pwm.close();
        pose.close();
    }
}
