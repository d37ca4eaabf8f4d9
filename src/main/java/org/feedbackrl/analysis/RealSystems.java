package org.feedbackrl.analysis;

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
 *   <li>go1: {@link Unicycle} with the Go1 stand-in's steady-state gains (realised forward
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
            case "go1" -> new Unicycle(0.9, 1.0, Unicycle.PAPER_DT);
            case "pendulum" -> DoublePendulum.trueSystem();
            default -> throw new IllegalArgumentException("unknown system '" + system + "'; choose car, go1 or pendulum");
        };
    }

    /** One line naming the real system and the model, for CSV headers, READMEs and summaries. */
    public static String describe(String system) {
        return switch (system) {
            case "car" -> "real = KinematicCar.authorsReality(1) (v' = v + dt(11.25 a - 0.55 v^2), phi' = phi + dt(6.5 w + 0.1) v); model = KinematicCar.paper() (eq. 11)";
            case "go1" -> "real = Unicycle(speed x0.9, yaw rate x1.0; the Go1 stand-in's steady-state gains); model = Unicycle (eq. 12), dt = 0.1 s";
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
}
