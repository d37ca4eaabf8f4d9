package org.feedbackrl.rollout;

/**
 * The plant could not complete a step safely (state input stale or invalid, robot not responding).
 * The plant has already stopped the robot when this is thrown; the rollout in progress is discarded.
 */
public final class PlantFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlantFault(String message) { super(message); }
}
