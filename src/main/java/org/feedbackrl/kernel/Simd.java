package org.feedbackrl.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place the SIMD width is chosen (DESIGN.md §3: "VectorSpecies chosen once").
 *
 * <p>{@link #SPECIES} is the preferred double species of the running machine (512-bit with AVX-512,
 * 256-bit with AVX2, 128-bit on NEON). Every kernel entry point passes this {@code static final}
 * constant to a species-parameterised body, so that C2 can fold it when the body is inlined; tests
 * call the same bodies with {@link DoubleVector#SPECIES_128}, {@code _256} and {@code _512}.
 *
 * <p>The system property {@code -Dfeedbackrl.vector=false} switches every kernel entry point to its
 * plain scalar reference implementation (read once, at class initialisation). The vector path is
 * also off when the preferred species holds a single double (no SIMD registers worth using).
 */
public final class Simd {
    private Simd() {}

    /** The species every production kernel uses. */
    public static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    /** True when kernels run their vector bodies; false when they run the scalar references. */
    public static final boolean VECTOR =
            !"false".equalsIgnoreCase(System.getProperty("feedbackrl.vector", "true").trim())
            && SPECIES.length() >= 2;

    /**
     * @return the species the entry points pass to the vector bodies, or {@code null} when the
     *         scalar references are in use (the convention of every {@code (species, …)} overload
     *         in this package: {@code null} means scalar)
     */
    public static VectorSpecies<Double> active() {
        return VECTOR ? SPECIES : null;
    }
}
