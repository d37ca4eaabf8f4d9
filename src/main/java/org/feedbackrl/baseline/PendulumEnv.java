package org.feedbackrl.baseline;

/**
 * Gymnasium's {@code Pendulum-v1} (gymnasium/envs/classic_control/pendulum.py), exactly: the
 * honesty check of the baselines on a task nobody here designed.
 * <pre>
 *   g = 10, m = 1, l = 1, dt = 0.05, |u| ≤ 2, |θ̇| ≤ 8
 *   u ← clip(u, −2, 2)
 *   r = −(angle_normalize(θ)² + 0.1 θ̇² + 0.001 u²)               (from the state before the step)
 *   θ̇' = clip(θ̇ + (3g/(2l) sin θ + 3/(m l²) u) dt, −8, 8)        (semi-implicit Euler:
 *   θ'  = θ + θ̇' dt                                                 the new speed moves the angle)
 *   observation (cos θ, sin θ, θ̇); start θ ~ U(−π, π), θ̇ ~ U(−1, 1); time limit 200 steps
 *   angle_normalize(x) = ((x + π) mod 2π) − π   (Python's floored modulo)
 * </pre>
 * θ = 0 is upright. Never terminates; the 200-step limit truncates.
 */
public final class PendulumEnv implements Env {
    public static final double G = 10.0, M = 1.0, L = 1.0, DT = 0.05, MAX_TORQUE = 2.0, MAX_SPEED = 8.0;
    public static final int MAX_STEPS = 200;

    private double th, thdot;
    private int t;
    private boolean truncated;

    @Override public String name() { return "pendulum-v1"; }
    @Override public int obsDim() { return 3; }
    @Override public int actDim() { return 1; }
    @Override public double actionLow(int i) { return -MAX_TORQUE; }
    @Override public double actionHigh(int i) { return MAX_TORQUE; }
    @Override public int maxEpisodeSteps() { return MAX_STEPS; }

    @Override
    public void reset(Rng rng, double[] obs) {
        th = rng.nextDouble(-Math.PI, Math.PI);
        thdot = rng.nextDouble(-1.0, 1.0);
        t = 0;
        truncated = false;
        observe(obs);
    }

    /** Starts at a given state (tests). */
    public void resetTo(double theta, double thetaDot, double[] obs) {
        th = theta;
        thdot = thetaDot;
        t = 0;
        truncated = false;
        observe(obs);
    }

    @Override
    public double step(double[] action, double[] nextObs) {
        double u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
        double a = angleNormalize(th);
        double cost = a * a + 0.1 * thdot * thdot + 0.001 * (u * u);
        double newThdot = thdot + (3 * G / (2 * L) * Math.sin(th) + 3.0 / (M * L * L) * u) * DT;
        newThdot = Math.min(Math.max(newThdot, -MAX_SPEED), MAX_SPEED);
        th = th + newThdot * DT;
        thdot = newThdot;
        t++;
        truncated = t >= MAX_STEPS;
        observe(nextObs);
        return -cost;
    }

    private void observe(double[] obs) {
        obs[0] = Math.cos(th);
        obs[1] = Math.sin(th);
        obs[2] = thdot;
    }

    /** Python's {@code ((x + π) % (2π)) − π}: the floored modulo (result in [0, 2π)), then the shift. */
    public static double angleNormalize(double x) {
        double twoPi = 2 * Math.PI;
        double r = (x + Math.PI) % twoPi;                 // C fmod, as CPython computes first
        if (r != 0 && (r < 0) != (twoPi < 0)) r += twoPi; // then CPython's sign fix-up
        return r - Math.PI;
    }

    @Override public boolean terminated() { return false; }
    @Override public boolean truncated() { return truncated; }
    @Override public double lastStepSeconds() { return DT; }
    @Override public double episodeSeconds() { return MAX_STEPS * DT; }

    /** @return θ [rad] (tests) */
    public double theta() { return th; }

    /** @return θ̇ [rad/s] (tests) */
    public double thetaDot() { return thdot; }
}
