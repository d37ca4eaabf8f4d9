package org.feedbackrl.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.feedbackrl.kernel.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * The embedded control call allocates 0 B in steady state (issue 12): 20 warm laps of
 * {@link EmbeddedPolicy#control} for each task, and the example's closed loop with the car
 * simulator, measured with ThreadMXBean in a fresh JVM by {@link EmbeddedPolicyAllocationProbe}.
 */
class EmbeddedPolicyAllocationTest {
    @Test
    void controlAllocatesNothing() throws Exception {
        ChildJvm.Result r = ChildJvm.run(EmbeddedPolicyAllocationProbe.class, List.of(), 300);
        assertEquals(0, r.exitCode(), "probe failed:\n" + r.output());
        List<String> lines = r.output().lines().filter(l -> l.startsWith("alloc ")).toList();
        assertEquals(4, lines.size(), r.output());
        for (String l : lines) {
            String[] f = l.split(" ");
            assertTrue(Long.parseLong(f[3]) >= 5500, l);
            assertEquals(0L, Long.parseLong(f[2]), "bytes allocated by " + f[3] + " warm control calls (" + f[1] + ")");
        }
        String fin = r.output().lines().filter(l -> l.startsWith("final x ")).findFirst().orElseThrow();
        String[] xy = fin.substring(8).split(" ");
        assertTrue(Math.hypot(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])) < 10, "the car stayed near the track: " + fin);
    }
}
