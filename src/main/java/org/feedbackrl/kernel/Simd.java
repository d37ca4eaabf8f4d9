package org.feedbackrl.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one place the SIMD width is chosen (DESIGN.md §3: "VectorSpecies chosen once").
 *
 * <p>{@link #SPECIES} is the preferred double species of the running machine (512-bit with AVX-512,
 * 256-bit with AVX2, 128-bit on NEON). Every vector body in this package reads it through a
 * {@code static final} field, in the style of Lucene's {@code VectorUtil} and llama3.java, so C2
 * folds it into every compiled kernel.
 *
 * <p><b>Why not a species parameter.</b> The first version of these kernels took the species as a
 * method parameter (so tests could call one body at several widths in one JVM) and relied on C2
 * inlining the body into an entry that passes the constant. It does not: the register-tiled
 * micro-kernels are ~580 bytes of bytecode, above C2's inlining limit (FreqInlineSize = 325), so they
 * are compiled on their own with a non-constant species, the Vector API intrinsics fail
 * ("no static binding") and every vector is boxed — 196 KB allocated per 8×64×64 GEMM call. Hence
 * the width is a JVM-wide constant, and the tests cover other widths in child JVMs (as Lucene does
 * with its {@code tests.vectorsize} property).
 *
 * <p>System properties, read once at class initialisation:
 * <ul>
 *   <li>{@code -Dfeedbackrl.vector=false}: every kernel entry point runs its plain scalar reference.
 *       The vector path is also off when the chosen species holds a single double.</li>
 *   <li>{@code -Dfeedbackrl.vectorBits=128|256|512}: force a width instead of the preferred one (for
 *       tests; a width wider than the hardware's runs the Vector API's slow Java fallback).</li>
 * </ul>
 */
public final class Simd {
    private Simd() {}

    /** The species every vector kernel uses. */
    public static final VectorSpecies<Double> SPECIES = chooseSpecies(System.getProperty("feedbackrl.vectorBits", ""));

    /** True when kernel entry points run their vector bodies; false when they run the scalar references. */
    public static final boolean VECTOR =
            !"false".equalsIgnoreCase(System.getProperty("feedbackrl.vector", "true").trim())
            && SPECIES.length() >= 2;

    private static VectorSpecies<Double> chooseSpecies(String bits) {
        return switch (bits.trim()) {
            case "" -> DoubleVector.SPECIES_PREFERRED;
            case "128" -> DoubleVector.SPECIES_128;
            case "256" -> DoubleVector.SPECIES_256;
            case "512" -> DoubleVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "-Dfeedbackrl.vectorBits must be 128, 256 or 512 (or unset for the machine's width), got '" + bits + "'");
        };
    }
}
