package org.feedbackrl.analysis;

import java.util.random.RandomGenerator;
import org.feedbackrl.model.DoublePendulum;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.model.KinematicCar;
import org.feedbackrl.model.Unicycle;

/**
 * The "real" systems of the exploding-gradient analysis. The exact gradient g needs the real
 * system's Jacobians, which the simulators ({@code sim.CarSimulator}, {@code sim.Go1Simulator}) do
 * not have, so each system gets a {@link DynamicsModel} that differs from the estimator's model:
 * <ul>
 *   <li>car: the authors' reality {@code KinematicCar.authorsReality(1)} (v̇ = 11.25 a − 0.55 v²,
 *       φ̇ = (6.5 ω + 0.1) v) against the estimator's eq. (11) {@code KinematicCar.paper()};</li>
 *   <li>pendulum: {@code DoublePendulum.trueSystem()} against {@code halfMassModel()} (§7, Fig. 2b);</li>
 *   <li>go1: {@link ScaledUnicycle} with the Go1 stand-in's steady-state gains (realised forward
 *       speed 0.9 × command, yaw rate 1.0 × command; its lags, latency and dead zone are left out)
 *       against eq. (12) {@code new Unicycle()}.</li>
 * </ul>
 */
public final class RealSystems {
    private RealSystems() {}

    /** The systems the analysis supports. */
    public static final String[] NAMES = {"car", "go1", "pendulum"};

    /** @return the real system for the analysis of {@code system} (car, go1 or pendulum) */
    public static DynamicsModel real(String system) {
        return switch (system) {
            case "car" -> KinematicCar.authorsReality(1);
            case "go1" -> new ScaledUnicycle(0.9, 1.0, Unicycle.PAPER_DT);
            case "pendulum" -> DoublePendulum.trueSystem();
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1 or pendulum");
        };
    }

    /** One line naming the real system and the model, for CSV headers, READMEs and summaries. */
    public static String describe(String system) {
        return switch (system) {
            case "car" -> "real = KinematicCar.authorsReality(1) (v' = v + dt(11.25 a - 0.55 v^2), phi' = phi + dt(6.5 w + 0.1) v); model = KinematicCar.paper() (eq. 11)";
            case "go1" -> "real = ScaledUnicycle(speed x0.9, yaw rate x1.0; the Go1 stand-in's steady-state gains); model = Unicycle (eq. 12), dt = 0.1 s";
            case "pendulum" -> "real = DoublePendulum.trueSystem(); model = DoublePendulum.halfMassModel() (Fig. 2b)";
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1 or pendulum");
        };
    }

    /** Short "real vs model" label for plot titles. */
    public static String shortLabel(String system) {
        return switch (system) {
            case "car" -> "real: authors' reality, model: eq. 11";
            case "go1" -> "real: unicycle with speed ×0.9, model: eq. 12";
            case "pendulum" -> "real: true masses, model: half masses";
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1 or pendulum");
        };
    }

    /**
     * Eq. (12) with realised velocities s_v·v and s_ω·ω:
     * <pre>
     *   x' = x + s_v v cos φ Δt,   y' = y + s_v v sin φ Δt,   φ' = φ + s_ω ω Δt
     * </pre>
     * Jacobians: those of {@link Unicycle} with v → s_v v in Â and B̂'s first column times s_v,
     * B̂'s second column times s_ω.
     */
    public static final class ScaledUnicycle implements DynamicsModel {
        private final double sv, sw, dt;

        /**
         * @param speedGain s_v, realised/commanded forward speed [-], finite
         * @param yawGain   s_ω, realised/commanded yaw rate [-], finite
         * @param dt        Δt [s] &gt; 0
         */
        public ScaledUnicycle(double speedGain, double yawGain, double dt) {
            if (!Double.isFinite(speedGain) || !Double.isFinite(yawGain) || !(dt > 0) || !Double.isFinite(dt)) {
                throw new IllegalArgumentException("ScaledUnicycle needs finite gains and a positive dt");
            }
            this.sv = speedGain;
            this.sw = yawGain;
            this.dt = dt;
        }

        @Override public int stateDim() { return 3; }
        @Override public int inputDim() { return 2; }
        @Override public double dt() { return dt; }
        @Override public String name() { return "scaled-unicycle"; }

        @Override
        public void step(double[] x, double[] u, double[] xNext) {
            double v = sv * u[0], phi = x[2];
            xNext[0] = x[0] + v * Math.cos(phi) * dt;
            xNext[1] = x[1] + v * Math.sin(phi) * dt;
            xNext[2] = phi + sw * u[1] * dt;
        }

        @Override
        public void jacobians(double[] x, double[] u, double[] a, double[] b) {
            double v = sv * u[0], c = Math.cos(x[2]), s = Math.sin(x[2]);
            a[0] = 1; a[1] = 0; a[2] = -v * s * dt;
            a[3] = 0; a[4] = 1; a[5] = v * c * dt;
            a[6] = 0; a[7] = 0; a[8] = 1;
            b[0] = sv * c * dt; b[1] = 0;
            b[2] = sv * s * dt; b[3] = 0;
            b[4] = 0;           b[5] = sw * dt;
        }

        @Override public String[] stateNames() { return new String[] {"x [m]", "y [m]", "phi [rad]"}; }
        @Override public String[] inputNames() { return new String[] {"v [m/s]", "omega [rad/s]"}; }

        @Override
        public void sample(RandomGenerator rng, double[] x, double[] u) {
            x[0] = rng.nextDouble(-3, 3);
            x[1] = rng.nextDouble(-3, 3);
            x[2] = rng.nextDouble(-Math.PI, Math.PI);
            u[0] = rng.nextDouble(-1, 1);
            u[1] = rng.nextDouble(-3, 3);
        }
    }
}
