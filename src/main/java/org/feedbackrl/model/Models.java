package org.feedbackrl.model;

import java.util.List;

/** The built-in models by CLI name, with their nominal ("model") parameters. */
public final class Models {
    private Models() {}

    /** Names accepted by {@link #byName}. */
    public static List<String> names() {
        return List.of("scalar");
    }

    /**
     * @param name one of {@link #names()}
     * @return a fresh model with the paper's nominal parameters
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static DynamicsModel byName(String name) {
        return switch (name) {
            case "scalar" -> new ScalarModel(1.1, 0.8);
            default -> throw new IllegalArgumentException(
                    "unknown system '" + name + "'; choose one of " + String.join(", ", names()));
        };
    }
}
