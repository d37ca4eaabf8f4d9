package org.feedbackrl.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.feedbackrl.kernel.ChildJvm;
import org.junit.jupiter.api.Test;

/**
 * Native memory is freed: 1,000 loads and frees of the car and the pendulum in a fresh JVM
 * ({@link MujocoMemoryProbe}) leave exactly nothing of what MuJoCo allocated, and the process's RSS
 * grows by far less than a leak would add; plants dropped without close() are freed by the Cleaner.
 */
class MujocoMemoryTest {

    @Test
    void loadingAndFreeingAThousandTimesLeavesNothing() throws Exception {
        MujocoTests.assumeMujoco();
        ChildJvm.Result r = ChildJvm.run(MujocoMemoryProbe.class, List.of("--enable-native-access=ALL-UNNAMED", "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch"), 600);
        assertEquals(0, r.exitCode(), "probe failed:\n" + r.output());
        Map<String, Long> v = new HashMap<>();
        for (String line : r.output().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).trim().matches("-?\\d+")) v.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
        }
        assertTrue(v.containsKey("cleaner_bytes_left"), "probe output:\n" + r.output());
        // RSS from the first fifth of the loop to its end: 800 iterations, in which a leak of one car and
        // one pendulum per iteration would add 800 × their MuJoCo memory.
        long per = v.get("mujoco_bytes_per_iteration"), rssGrowth = (v.get("rss_after_kb") - v.get("rss_at_fifth_kb")) * 1024;
        long leakIfNotFreed = 800 * per;
        System.out.printf("1000 × (car + pendulum): %d MuJoCo allocations, %d bytes each iteration, %d bytes left, RSS %+d kB over the last 800 (a leak would add %d kB); "
                        + "Cleaner: %d bytes of dropped plants, %d bytes and %d sims left%n",
                v.get("mujoco_allocations"), per, v.get("mujoco_bytes_left"), rssGrowth / 1024, leakIfNotFreed / 1024,
                v.get("cleaner_dropped_bytes"), v.get("cleaner_bytes_left"), v.get("cleaner_sims_left"));
        assertEquals(1000, v.get("iterations"));
        assertTrue(v.get("mujoco_allocations") >= 4000, "the hooks saw the models and datas being allocated: " + v.get("mujoco_allocations"));
        assertTrue(per > 100_000, "one car and one pendulum hold more than 100 kB of MuJoCo memory: " + per);
        assertEquals(0L, v.get("mujoco_bytes_left"), "every byte MuJoCo allocated was freed");
        assertEquals(0L, v.get("iterations_not_freed"), "freed after every close");
        assertTrue(rssGrowth < leakIfNotFreed / 20 && rssGrowth < 32L << 20,
                "RSS grew by " + rssGrowth / 1024 + " kB; leaking would add " + leakIfNotFreed / 1024 + " kB");
        assertTrue(v.get("cleaner_dropped_bytes") > 200 * 10_000L, "200 dropped plants held memory: " + v.get("cleaner_dropped_bytes"));
        assertEquals(0L, v.get("cleaner_bytes_left"), "the Cleaner freed every dropped plant's memory");
        assertEquals(0L, v.get("cleaner_sims_left"), "and every dropped sim");
    }
}
