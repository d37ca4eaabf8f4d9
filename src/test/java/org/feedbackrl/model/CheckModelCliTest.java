package org.feedbackrl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.feedbackrl.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code feedbackrl check-model SYSTEM} for every registered system. */
class CheckModelCliTest {

    @ParameterizedTest
    @ValueSource(strings = {"scalar", "car", "unicycle", "go1", "pendulum"})
    void everySystemPasses(String name) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "check-model", name);
        assertEquals(0, code, out + "\n" + err);
        assertTrue(out.toString().contains("OK"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void unknownSystemIsOneLineError() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "check-model", "boat");
        assertNotEquals(0, code);
        String e = err.toString().strip();
        assertTrue(!e.isEmpty() && !e.contains("\n"), "one line expected, got: " + err);
        assertTrue(e.contains("boat"), e);
    }
}
