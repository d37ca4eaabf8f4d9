package org.feedbackrl.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.feedbackrl.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to {@code feedbackrl gradient}: a non-zero exit, exactly one line on stderr, nothing on stdout. */
class GradientCliBadInputTest {

    /** A valid command line with one option replaced (or the system name, for key "SYSTEM"). */
    static String[] args(String key, String value) {
        String[][] base = {{"--a", "1.2"}, {"--b", "1.0"}, {"--a-hat", "1.1"}, {"--b-hat", "0.8"}, {"--gain", "0.7"},
                {"--policy", "tracking"}, {"--horizon", "5"}, {"--x0", "0.5"}, {"--theta", "0.1,0.2,0.3,0.4,0.5"}};
        List<String> a = new ArrayList<>(List.of("gradient", key.equals("SYSTEM") ? value : "scalar"));
        for (String[] kv : base) {
            a.add(kv[0]);
            a.add(kv[0].equals(key) ? value : kv[1]);
        }
        return a.toArray(String[]::new);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("unknown system", args("SYSTEM", "bogus")),
                Arguments.of("negative horizon", args("--horizon", "-3")),
                Arguments.of("zero horizon", args("--horizon", "0")),
                Arguments.of("theta too short", args("--theta", "0.1,0.2,0.3,0.4")),
                Arguments.of("theta too long", args("--theta", "0.1,0.2,0.3,0.4,0.5,0.6")),
                Arguments.of("theta not a number", args("--theta", "0.1,0.2,abc,0.4,0.5")),
                Arguments.of("theta NaN", args("--theta", "0.1,0.2,NaN,0.4,0.5")),
                Arguments.of("a NaN", args("--a", "NaN")),
                Arguments.of("x0 infinite", args("--x0", "Infinity")),
                Arguments.of("b-hat -Infinity", args("--b-hat", "-Infinity")),
                Arguments.of("unknown policy", args("--policy", "magic")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void rejectedWithOneLine(String what, String[] argv) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), argv);
        assertNotEquals(0, code, what);
        String e = err.toString();
        assertTrue(e.endsWith("\n") || e.endsWith("\r\n"), what + ": " + e);
        assertEquals(1, e.strip().lines().count(), what + ": expected exactly one line on stderr, got:\n" + e);
        assertEquals("", out.toString(), what);
    }

    @Test
    void validCommandSucceeds() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), args("none", "")), err.toString());
        assertTrue(out.toString().startsWith("{\"J\": "));
    }
}
