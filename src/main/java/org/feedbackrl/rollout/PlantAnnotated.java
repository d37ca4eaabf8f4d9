package org.feedbackrl.rollout;

/**
 * A plant that records something about each step of its last rollout for the rollout file (next to
 * the policy's {@link org.feedbackrl.policy.Annotated} columns): e.g. the Go1's packet counters, so
 * a recorded rollout shows how the link behaved while it was recorded.
 */
public interface PlantAnnotated {
    /** Column names, with units. */
    String[] plantAnnotationNames();

    /**
     * Values at step t of the last rollout (as observed after {@link Plant#reset} for t = 0 and
     * after each {@link Plant#step}), t = 0..horizon.
     *
     * @param out output, length {@code plantAnnotationNames().length}
     */
    void plantAnnotate(int t, double[] out);
}
