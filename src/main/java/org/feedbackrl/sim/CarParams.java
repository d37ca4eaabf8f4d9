package org.feedbackrl.sim;

/**
 * Physical parameters of {@link CarSimulator}, the high-fidelity stand-in for the NVIDIA JetRacer
 * 1/10 car. All SI units.
 *
 * <h2>Where the defaults come from</h2>
 * <ul>
 *   <li><b>Chassis and tyres</b> — the F1TENTH gym values, which follow the CommonRoad single-track
 *       model of a 1/10 car (DESIGN.md §4): m = 3.74 kg, I_z = 0.04712 kg·m², l_f = 0.15875 m,
 *       l_r = 0.17145 m, μ = 1.0489, C_Sf = 4.718, C_Sr = 5.4562 (cornering stiffness per unit
 *       vertical load, 1/rad). None of this was identified on a JetRacer; it is the closest published
 *       1/10 car. With static loads F_zf = m g l_r/L = 19.05 N and F_zr = m g l_f/L = 17.64 N the
 *       axle cornering stiffnesses are C_αf = μ C_Sf F_zf ≈ 94 N/rad and C_αr ≈ 101 N/rad: a mild
 *       understeer gradient of ≈ 0.0028 rad per m/s².
 *   <li><b>Tyre saturation</b> — a Pacejka "magic formula" F_y = D sin(C atan(B α)) per axle with
 *       peak D = μ F_z, shape C = {@link #pacejkaShape()} (1.3, the usual lateral value) and
 *       B = C_S / C so that the small-slip stiffness B·C·D equals the CommonRoad linear value
 *       μ C_S F_z. Peak force is reached at α = tan(π/(2C))/B ≈ 0.73 rad front, 0.63 rad rear; the
 *       figure-8 at its nominal 3.43 m/s on r = 1.5 m (7.8 m/s² lateral) needs ≈ 0.25 rad of wheel angle
 *       (steering command ≈ 0.52, vs 0.22 rad kinematically) and throttle ≈ 0.68 (cornering drag):
 *       drivable, with visible slip (v_y ≈ −0.2 m/s). Fast reversing at full lock spins the car, as a
 *       real one would.
 *   <li><b>Drive train</b> — chosen so that in the large the car behaves like the authors'
 *       mismatch-study "reality" v̇ = 11.25 u₁ − 0.55 v² (see {@link AuthorsCarReality}): on a straight
 *       line v̇ = a_max f − c₀ tanh(v/v_ε) − c₂ v|v| with a_max = 11.25 m/s² per unit throttle,
 *       c₂ = 0.55 1/m and a small rolling resistance c₀ = 0.11 m/s² (≈ 1.1 % of g). Steady speed
 *       v_ss = sqrt((a_max u − c₀)/c₂): 4.50 m/s at full throttle, 3.40 m/s at u = 0.575. A pure
 *       quadratic law is what those two data points pin down: any back-EMF term linear in v large
 *       enough to matter breaks the 4.5/3.4 pair. Physically most of the c₂ v² term is drive-train
 *       loss (ESC, motor, gears), not aerodynamic drag (≈ 0.01 N at these speeds), so it reduces the
 *       net wheel force rather than loading the tyres; this is why combined slip (a friction ellipse)
 *       is not modelled. The net longitudinal force is limited to ±μ m g (all-wheel traction): at
 *       full throttle from rest 11.14 m/s² is clipped to 10.29 m/s² (wheel-spin at launch).
 *   <li><b>Steering</b> — the servo aims at δ* = clamp(k_δ ω + δ_bias, ±δ_max) with k_δ = δ_max =
 *       0.4189 rad per unit command (command ±1 ≈ full lock) and a bias δ_bias = 0.033 rad to the left
 *       (positive), equal to atan(0.1·L): the same 0.1 1/m curvature offset as the authors' reality
 *       φ̇ = (6.5 u₂ + 0.1) v, and in the positive direction as the paper's Appendix B reports. The
 *       authors' steering gain of 6.5 1/m per unit (a 15 cm radius at full command) is not physical for
 *       a 0.33 m wheelbase with 0.42 rad of lock (the tightest kinematic circle is r ≈ 0.74 m, 1.35 1/m),
 *       so it is not copied: at low speed curvature ≈ tan(k_δ ω + δ_bias)/L ≈ 1.27 ω + 0.1 1/m, close to
 *       the model's ω, with understeer on top at speed.
 *   <li><b>Lags and delay</b> — first-order motor lag τ_m = 0.08 s (ESC ramp plus rotor inertia),
 *       steering servo τ_s = 0.05 s with a rate limit of 3.2 rad/s (F1TENTH), and a pure actuation
 *       delay of 0.03 s = 1.5 control periods (motion-capture latency over VRPN plus the 50 Hz PWM
 *       frame), so a command never touches the next observation.
 *   <li><b>Low speed</b> — the dynamic model divides by the speed, so below {@link #vKinematic()}
 *       = 0.3 m/s the kinematic single-track model is used and above {@link #vDynamic()} = 0.5 m/s the
 *       dynamic one, with a smoothstep blend of the derivatives in between (F1TENTH switches hard at
 *       0.5 m/s).
 *   <li><b>Omitted</b>: load transfer (CoG height 0.074 m), combined slip, wheel-spin dynamics,
 *       suspension, battery sag.
 * </ul>
 *
 * @param mass            m, vehicle mass [kg], &gt; 0
 * @param yawInertia      I_z, yaw moment of inertia about the CoG [kg·m²], &gt; 0
 * @param lf              distance CoG → front axle [m], &gt; 0
 * @param lr              distance CoG → rear axle [m], &gt; 0
 * @param mu              tyre–road friction coefficient [-], &gt; 0
 * @param cSf             front cornering stiffness per unit vertical load [1/rad], &gt; 0
 * @param cSr             rear cornering stiffness per unit vertical load [1/rad], &gt; 0
 * @param pacejkaShape    Pacejka shape factor C [-], in (0, 2)
 * @param gravity         g [m/s²], &gt; 0
 * @param maxAccel        a_max, drive acceleration per unit throttle state [m/s²], &gt; 0
 * @param rollingDecel    c₀, rolling-resistance deceleration [m/s²], ≥ 0
 * @param dragCoeff       c₂, quadratic loss coefficient, deceleration c₂ v² [1/m], ≥ 0
 * @param rollingSmoothing v_ε, speed scale of the smooth sign tanh(v/v_ε) on rolling resistance [m/s], &gt; 0
 * @param motorTau        τ_m, first-order motor lag [s], &gt; 0
 * @param steerGain       k_δ, wheel angle per unit steering command [rad], &gt; 0
 * @param steerBias       δ_bias, wheel angle at zero steering command [rad] (positive = left)
 * @param maxSteer        δ_max, wheel-angle limit [rad], &gt; 0
 * @param maxSteerRate    servo slew-rate limit [rad/s], &gt; 0
 * @param steerTau        τ_s, first-order servo lag [s], &gt; 0
 * @param delay           pure actuation delay [s], ≥ controlDt, a whole number of fine steps
 * @param vKinematic      below this |v_x| the kinematic model is used [m/s], &gt; 0
 * @param vDynamic        above this |v_x| the dynamic model is used [m/s], &gt; vKinematic
 * @param kinRelaxTau     in the kinematic regime, time constant pulling (v_y, r) onto their
 *                        kinematic values [s], &gt; 0 (no effect when they already agree)
 * @param controlDt       control period Δt [s], &gt; 0 (0.02 s, 50 Hz)
 * @param fineStep        RK4 integration step h [s], &gt; 0, Δt/h a whole number
 * @param noisePos        standard deviation of the measurement noise on x and y [m], ≥ 0 (0 = off)
 * @param noiseHeading    standard deviation of the measurement noise on φ [rad], ≥ 0
 * @param noiseSpeed      standard deviation of the measurement noise on v [m/s], ≥ 0
 */
public record CarParams(
        double mass, double yawInertia, double lf, double lr, double mu,
        double cSf, double cSr, double pacejkaShape, double gravity,
        double maxAccel, double rollingDecel, double dragCoeff, double rollingSmoothing,
        double motorTau, double steerGain, double steerBias, double maxSteer,
        double maxSteerRate, double steerTau, double delay,
        double vKinematic, double vDynamic, double kinRelaxTau,
        double controlDt, double fineStep,
        double noisePos, double noiseHeading, double noiseSpeed) {

    public CarParams {
        positive("mass", mass);
        positive("yawInertia", yawInertia);
        positive("lf", lf);
        positive("lr", lr);
        positive("mu", mu);
        positive("cSf", cSf);
        positive("cSr", cSr);
        if (!(pacejkaShape > 0 && pacejkaShape < 2)) {
            throw new IllegalArgumentException("pacejkaShape must be in (0, 2), got " + pacejkaShape);
        }
        positive("gravity", gravity);
        positive("maxAccel", maxAccel);
        nonNegative("rollingDecel", rollingDecel);
        nonNegative("dragCoeff", dragCoeff);
        positive("rollingSmoothing", rollingSmoothing);
        positive("motorTau", motorTau);
        positive("steerGain", steerGain);
        if (!Double.isFinite(steerBias)) {
            throw new IllegalArgumentException("steerBias must be finite, got " + steerBias);
        }
        positive("maxSteer", maxSteer);
        positive("maxSteerRate", maxSteerRate);
        positive("steerTau", steerTau);
        positive("vKinematic", vKinematic);
        if (!(vDynamic > vKinematic)) {
            throw new IllegalArgumentException("vDynamic (" + vDynamic + ") must exceed vKinematic (" + vKinematic + ")");
        }
        positive("kinRelaxTau", kinRelaxTau);
        positive("controlDt", controlDt);
        positive("fineStep", fineStep);
        Steps.wholeMultiple("controlDt", controlDt, "fineStep", fineStep);
        if (!(delay >= controlDt * (1 - 1e-9))) {
            throw new IllegalArgumentException("delay (" + delay + " s) must be at least one control period ("
                    + controlDt + " s)");
        }
        Steps.wholeMultiple("delay", delay, "fineStep", fineStep);
        nonNegative("noisePos", noisePos);
        nonNegative("noiseHeading", noiseHeading);
        nonNegative("noiseSpeed", noiseSpeed);
    }

    /** The defaults described above (noise off). */
    public static CarParams defaults() {
        return new CarParams(
                3.74, 0.04712, 0.15875, 0.17145, 1.0489,
                4.718, 5.4562, 1.3, 9.81,
                11.25, 0.11, 0.55, 0.05,
                0.08, 0.4189, 0.033, 0.4189,
                3.2, 0.05, 0.03,
                0.3, 0.5, 0.02,
                0.02, 0.001,
                0.0, 0.0, 0.0);
    }

    /** @return L = l_f + l_r, the wheelbase [m]. */
    public double wheelbase() {
        return lf + lr;
    }

    /** @return the steady straight-line speed [m/s] under a constant throttle u ∈ [0, 1] (rolling taken at full strength). */
    public double steadySpeed(double throttle) {
        double drive = maxAccel * throttle - rollingDecel;
        return drive <= 0 ? 0.0 : Math.sqrt(drive / dragCoeff);
    }

    /** A copy with motion-capture-like measurement noise (standard deviations; 0 turns a channel off). */
    public CarParams withNoise(double pos, double heading, double speed) {
        return new CarParams(mass, yawInertia, lf, lr, mu, cSf, cSr, pacejkaShape, gravity,
                maxAccel, rollingDecel, dragCoeff, rollingSmoothing, motorTau, steerGain, steerBias, maxSteer,
                maxSteerRate, steerTau, delay, vKinematic, vDynamic, kinRelaxTau, controlDt, fineStep,
                pos, heading, speed);
    }

    /** A copy with another actuation delay [s] (≥ controlDt, a whole number of fine steps). */
    public CarParams withDelay(double newDelay) {
        return new CarParams(mass, yawInertia, lf, lr, mu, cSf, cSr, pacejkaShape, gravity,
                maxAccel, rollingDecel, dragCoeff, rollingSmoothing, motorTau, steerGain, steerBias,
                maxSteer, maxSteerRate, steerTau, newDelay, vKinematic, vDynamic, kinRelaxTau, controlDt, fineStep,
                noisePos, noiseHeading, noiseSpeed);
    }

    /** A copy with another steering bias [rad] (0 = drives straight at zero command). */
    public CarParams withSteerBias(double bias) {
        return new CarParams(mass, yawInertia, lf, lr, mu, cSf, cSr, pacejkaShape, gravity,
                maxAccel, rollingDecel, dragCoeff, rollingSmoothing, motorTau, steerGain, bias, maxSteer,
                maxSteerRate, steerTau, delay, vKinematic, vDynamic, kinRelaxTau, controlDt, fineStep,
                noisePos, noiseHeading, noiseSpeed);
    }

    private static void positive(String name, double v) {
        if (!(v > 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(name + " must be a positive finite number, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0 && Double.isFinite(v))) {
            throw new IllegalArgumentException(name + " must be a non-negative finite number, got " + v);
        }
    }
}
