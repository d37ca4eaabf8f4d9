package org.feedbackrl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ActivationCheck} in this JVM and in child JVMs at 128, 256 and 512 bits and with the vector path off. */
class ActivationKernelTest {

    @Test
    void inThisJvm() {
        ActivationCheck.runAll();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Dfeedbackrl.vectorBits=128", "-Dfeedbackrl.vectorBits=256", "-Dfeedbackrl.vectorBits=512", "-Dfeedbackrl.vector=false"})
    void inChildJvm(String property) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ActivationCheck.class, List.of(property), 120);
        assertEquals(0, r.exitCode(), property + " failed:\n" + r.output());
        String expected = property.endsWith("false") ? "activation-check OK vector=false"
                : "activation-check OK vector=true bits=" + property.substring(property.indexOf('=') + 1);
        assertTrue(r.output().contains(expected), "expected '" + expected + "' in:\n" + r.output());
    }
}
