package org.feedbackrl.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A layout probe: a small C/C++ program, compiled by the test with the system compiler against the
 * real headers, that prints one {@code name value} line per size or offset. The layout tests
 * compare the Java {@code MemoryLayout}s with what the compiler says.
 */
public final class CProbe {
    private CProbe() {}

    /**
     * Compiles with {@code compile} (the compiler command and its arguments; the output file is
     * appended as {@code -o exe}), runs the program and parses its lines.
     *
     * @return name → value, in the order printed
     */
    public static Map<String, Long> compileAndRun(List<String> compile, Path exe) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(compile);
        cmd.add("-o");
        cmd.add(exe.toString());
        Process cc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(120, TimeUnit.SECONDS), "compiler did not finish: " + String.join(" ", cmd));
        assertEquals(0, cc.exitValue(), cmd.get(0) + " failed:\n" + ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue());
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            String[] p = line.trim().split(" ");
            m.put(p[0], Long.parseLong(p[1]));
        }
        return m;
    }

    /**
     * Checks every Java struct layout against the probe's output: {@code sizeof} of each struct
     * (its layout name), {@code offsetof} of each named member, and the same set of fields.
     *
     * @return the number of offsets checked
     */
    public static int assertLayoutsMatch(Map<String, Long> c, List<GroupLayout> java) {
        int checked = 0;
        for (GroupLayout g : java) {
            String name = g.name().orElseThrow();
            Long size = c.get(name);
            assertNotNull(size, "C probe does not print struct " + name);
            assertEquals(size, g.byteSize(), "sizeof(" + name + ")");
            TreeSet<String> javaFields = new TreeSet<>(), cFields = new TreeSet<>();
            for (MemoryLayout f : g.memberLayouts()) {
                if (f instanceof PaddingLayout) continue;
                String field = f.name().orElseThrow();
                javaFields.add(field);
                Long off = c.get(name + "." + field);
                assertNotNull(off, "C probe does not print " + name + "." + field);
                assertEquals(off, g.byteOffset(MemoryLayout.PathElement.groupElement(field)), "offsetof(" + name + ", " + field + ")");
                checked++;
            }
            for (String k : c.keySet()) if (k.startsWith(name + ".")) cFields.add(k.substring(name.length() + 1));
            assertEquals(cFields, javaFields, "fields of " + name);
        }
        return checked;
    }
}
