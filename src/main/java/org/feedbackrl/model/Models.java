package org.feedbackrl.model;

import java.util.List;

/**
 * The built-in models by CLI name, with their nominal ("model") parameters: what the policy
 * designer and the gradient estimator use, not the stand-in for the real system.
 * <ul>
 *   <li>{@code scalar}: the running example's model x' = 1.1 x + 0.8 u (paper eq. 9);</li>
 *   <li>{@code car}: paper eq. (11), {@link KinematicCar#paper()};</li>
 *   <li>{@code unicycle} (alias {@code go1}): paper eq. (12), {@link Unicycle};</li>
 *   <li>{@code pendulum}: the double pendulum with both masses halved, {@link DoublePendulum#halfMassModel()}.</li>
 * </ul>
 */
public final class Models {
    private Models() {}

    /** Canonical names accepted by {@link #byName} (the alias {@code go1} is accepted too). */
    public static List<String> names() {
        return List.of("scalar", "car", "unicycle", "pendulum");
    }

    /**
     * @param name one of {@link #names()}, or {@code go1} (= {@code unicycle})
     * @return a fresh model with the paper's nominal parameters
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DynamicsModel byName(String name) {
        return switch (name) {
            case "scalar" -> new ScalarModel(1.1, 0.8);
            case "car" -> KinematicCar.paper();
            case "unicycle", "go1" -> new Unicycle();
            case "pendulum" -> DoublePendulum.halfMassModel();
            default -> throw new IllegalArgumentException(
                    "unknown system '" + name + "'; choose one of " + String.join(", ", names()) + " (or go1 for unicycle)");
        };
    }
}
