package org.feedbackrl.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.feedbackrl.kernel.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Zero bytes allocated by 2000 warm rounds of forward, backward and input Jacobian (single and
 * batched, up to batch 256), measured with ThreadMXBean in a fresh JVM by {@link MlpAllocationProbe}.
 */
class MlpAllocationTest {

    @Test
    void noAllocationAfterWarmUp() throws Exception {
        ChildJvm.Result r = ChildJvm.run(MlpAllocationProbe.class, List.of(), 120);
        assertEquals(0, r.exitCode(), "probe failed:\n" + r.output());
        String line = r.output().lines().filter(l -> l.startsWith("allocated=")).findFirst()
                .orElseThrow(() -> new AssertionError("probe printed no result:\n" + r.output()));
        long allocated = Long.parseLong(line.substring("allocated=".length()).trim());
        assertEquals(0L, allocated, "bytes allocated by 2000 warm forward/backward/Jacobian rounds");
    }
}
