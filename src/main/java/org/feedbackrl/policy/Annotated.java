package org.feedbackrl.policy;

/**
 * A policy that can say what its controller was following at each step (reference, gains), for
 * the rollout recorder and the plots. Values are derived from the recorded memory z_t.
 */
public interface Annotated {
    /** Column names, with units. */
    String[] annotationNames();

    /**
     * @param t   step
     * @param z   the memory z_t after step t's update
     * @param out output, length {@code annotationNames().length}
     */
    void annotate(int t, double[] z, double[] out);
}
