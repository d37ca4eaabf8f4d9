package org.feedbackrl.mujoco;

import java.nio.file.Path;
import org.feedbackrl.rollout.Plant;

/**
 * {@code --plant mujoco} and {@code --plant mujoco:FILE.xml}: the MuJoCo plants of the tasks, from the
 * project's MJCF resources or from a user's MJCF file of the same shape. Every call creates a new
 * plant with its own mjModel and mjData (cheap: a few milliseconds), so parallel rollouts each get
 * their own; a plant is never shared between threads.
 */
public final class MujocoPlants {
    private MujocoPlants() {}

    /** The plant name prefix. */
    public static final String NAME = "mujoco";

    /** True for "mujoco" and "mujoco:FILE". */
    public static boolean isMujoco(String plant) {
        return plant.equals(NAME) || plant.startsWith(NAME + ":");
    }

    /** The user MJCF of "mujoco:FILE", or null for plain "mujoco". */
    static Path file(String plant) {
        if (plant.equals(NAME)) return null;
        String f = plant.substring(NAME.length() + 1);
        if (f.isBlank()) throw new IllegalArgumentException("--plant mujoco:FILE needs a file name after 'mujoco:'");
        return Path.of(f);
    }

    /**
     * The double pendulum on MuJoCo.
     *
     * @param plant "mujoco" (the project's {@code double_pendulum.xml}) or "mujoco:FILE"
     * @throws IllegalArgumentException bad MJCF (MuJoCo's message) or one of the wrong shape
     * @throws IllegalStateException    MuJoCo not installed
     */
    public static Plant pendulum(String plant) {
        Path f = file(plant);
        return f == null ? new MujocoPendulum() : new MujocoPendulum(f);
    }

    /**
     * The 1/10 car on MuJoCo.
     *
     * @param plant "mujoco" (the project's {@code car.xml}) or "mujoco:FILE"
     * @throws IllegalArgumentException bad MJCF (MuJoCo's message) or one without the car's named parts
     * @throws IllegalStateException    MuJoCo not installed
     */
    public static Plant car(String plant) {
        Path f = file(plant);
        return f == null ? new MujocoCar() : new MujocoCar(f, MujocoCar.Mapping.defaults());
    }
}
