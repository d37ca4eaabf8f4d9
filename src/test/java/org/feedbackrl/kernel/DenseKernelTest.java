package org.feedbackrl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KernelCheck} (vector bodies == scalar references within 1e-12 relative at tail-exercising
 * sizes, compiled vector tanh == Math.tanh within 1e-12 relative) in this JVM at the machine's
 * width, and in child JVMs at 128, 256 and 512 bits and with the vector path off. The width is a
 * JVM-wide constant (see {@link Simd}), hence the child JVMs. A width above the hardware's (512 on
 * an AVX2 machine) runs the Vector API's Java fallback: same arithmetic contract, slower.
 */
class DenseKernelTest {

    @Test
    void inThisJvm() {
        assertEquals(DoubleVector.SPECIES_PREFERRED, Simd.SPECIES);
        assertTrue(Simd.VECTOR, "vector path should be on by default (no -Dfeedbackrl.vector=false in tests)");
        KernelCheck.runAll();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Dfeedbackrl.vectorBits=128", "-Dfeedbackrl.vectorBits=256",
            "-Dfeedbackrl.vectorBits=512", "-Dfeedbackrl.vector=false"})
    void inChildJvm(String property) throws Exception {
        ChildJvm.Result r = ChildJvm.run(KernelCheck.class, List.of(property), 120);
        assertEquals(0, r.exitCode(), property + " failed:\n" + r.output());
        String expected = property.endsWith("false") ? "kernel-check OK vector=false"
                : "kernel-check OK vector=true bits=" + property.substring(property.indexOf('=') + 1);
        assertTrue(r.output().contains(expected), "expected '" + expected + "' in:\n" + r.output());
    }
}
