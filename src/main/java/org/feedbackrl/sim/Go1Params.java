package org.feedbackrl.sim;

/**
 * Parameters of {@link Go1Simulator}, the stand-in for the Unitree Go1 walking under the SDK's
 * high-level velocity interface (mode 2, trot). SI units. None was identified on a robot; they are
 * typical of the Go1's high-level walking controller and chosen so the simulator differs from the
 * unicycle model (paper eq. 12) in the ways a real quadruped does:
 * <ul>
 *   <li>velocity tracking is not instantaneous: first-order lags τ_v = 0.25 s (forward) and
 *       τ_ω = 0.2 s (yaw), the gait's response time;</li>
 *   <li>the realised forward speed is 90 % of the command ({@link #speedGain()}; slip on the floor,
 *       the gait's own tracking error), yaw rate 100 %;</li>
 *   <li>saturation: forward speed in [−0.5, 1.0] m/s (walking-mode limits; the figure-8 needs 0.5 m/s
 *       and the tracking controller asks for at most 1 m/s, so saturation bites only when the
 *       controller pushes hard), |ω| ≤ 3 rad/s;</li>
 *   <li>a dead zone: |v| &lt; 0.2 m/s commands are ignored (DESIGN.md: "velocities below about 0.2 m/s
 *       may not move the robot"), likewise |ω| &lt; 0.1 rad/s; when both are ignored the robot stands
 *       still;</li>
 *   <li>drift while walking: a constant lateral velocity of 0.03 m/s (to the left) and a yaw-rate bias
 *       of 0.04 rad/s (counter-clockwise, ≈ 2.3°/s), both switched on by the gait activity, which
 *       follows walking/standing with lag τ_v — so a standing robot does not drift;</li>
 *   <li>latency 0.12 s (1.2 control periods: UDP round trip, the 500 Hz SDK loop and gait phase),
 *       so a command never affects the next observation.</li>
 * </ul>
 *
 * @param tauV          forward-velocity lag [s], &gt; 0
 * @param tauOmega      yaw-rate lag [s], &gt; 0
 * @param speedGain     realised/commanded forward speed [-], &gt; 0
 * @param yawGain       realised/commanded yaw rate [-], &gt; 0
 * @param vMaxForward   forward speed limit [m/s], &gt; 0
 * @param vMaxBackward  backward speed limit [m/s] (magnitude), ≥ 0
 * @param omegaMax      yaw-rate limit [rad/s], &gt; 0
 * @param vDeadZone     |v| commands below this are ignored [m/s], ≥ 0
 * @param omegaDeadZone |ω| commands below this are ignored [rad/s], ≥ 0
 * @param lateralDrift  body-frame lateral velocity while walking [m/s] (positive = left)
 * @param yawDrift      yaw-rate bias while walking [rad/s] (positive = counter-clockwise)
 * @param delay         latency [s], ≥ controlDt, a whole number of fine steps
 * @param controlDt     control period [s], &gt; 0 (0.1 s, 10 Hz)
 * @param fineStep      RK4 step [s], controlDt/fineStep a whole number
 * @param noisePos      measurement noise standard deviation on x, y [m], ≥ 0 (0 = off)
 * @param noiseHeading  measurement noise standard deviation on φ [rad], ≥ 0
 */
public record Go1Params(double tauV, double tauOmega, double speedGain, double yawGain,
                        double vMaxForward, double vMaxBackward, double omegaMax,
                        double vDeadZone, double omegaDeadZone,
                        double lateralDrift, double yawDrift,
                        double delay, double controlDt, double fineStep,
                        double noisePos, double noiseHeading) {

    public Go1Params {
        pos("tauV", tauV);
        pos("tauOmega", tauOmega);
        pos("speedGain", speedGain);
        pos("yawGain", yawGain);
        pos("vMaxForward", vMaxForward);
        nonNeg("vMaxBackward", vMaxBackward);
        pos("omegaMax", omegaMax);
        nonNeg("vDeadZone", vDeadZone);
        nonNeg("omegaDeadZone", omegaDeadZone);
        if (!Double.isFinite(lateralDrift) || !Double.isFinite(yawDrift)) {
            throw new IllegalArgumentException("drifts must be finite, got " + lateralDrift + ", " + yawDrift);
        }
        pos("controlDt", controlDt);
        pos("fineStep", fineStep);
        Steps.wholeMultiple("controlDt", controlDt, "fineStep", fineStep);
        if (!(delay >= controlDt * (1 - 1e-9))) {
            throw new IllegalArgumentException("delay (" + delay + " s) must be at least one control period ("
                    + controlDt + " s)");
        }
        Steps.wholeMultiple("delay", delay, "fineStep", fineStep);
        nonNeg("noisePos", noisePos);
        nonNeg("noiseHeading", noiseHeading);
    }

    /** The defaults described above (noise off). */
    public static Go1Params defaults() {
        return new Go1Params(0.25, 0.2, 0.9, 1.0, 1.0, 0.5, 3.0, 0.2, 0.1, 0.03, 0.04, 0.12, 0.1, 0.002, 0.0, 0.0);
    }

    /** A copy without drift (for tests that isolate other effects). */
    public Go1Params withDrift(double lateral, double yaw) {
        return new Go1Params(tauV, tauOmega, speedGain, yawGain, vMaxForward, vMaxBackward, omegaMax,
                vDeadZone, omegaDeadZone, lateral, yaw, delay, controlDt, fineStep, noisePos, noiseHeading);
    }

    /** A copy with measurement noise. */
    public Go1Params withNoise(double pos, double heading) {
        return new Go1Params(tauV, tauOmega, speedGain, yawGain, vMaxForward, vMaxBackward, omegaMax,
                vDeadZone, omegaDeadZone, lateralDrift, yawDrift, delay, controlDt, fineStep, pos, heading);
    }

    private static void pos(String n, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(n + " must be a positive finite number, got " + v);
        }
    }

    private static void nonNeg(String n, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(n + " must be a non-negative finite number, got " + v);
        }
    }
}
