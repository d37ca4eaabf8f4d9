package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The loop's steady state allocates nothing, with the real control step of loop-bench: both robots'
 * figure-8 policies (network + spline + controller) driving the simulated backends.
 */
class RealtimeLoopTest {

    /** A control step like loop-bench's: command the PWM shim and the Go1 simulator, read the Go1 state. */
    static final class Step implements ControlStep {
        final Pca9685 pca;
        final Go1 go1;
        final Go1.State state = new Go1.State();
        double sum;

        Step(Pca9685 pca, Go1 go1) {
            this.pca = pca;
            this.go1 = go1;
        }

        @Override
        public void tick(long k, long now) {
            double s = Math.sin(k * 1e-3);
            pca.command(s, 0.1 * s);
            go1.command(Go1.MODE_WALK, 0.5 + 0.1 * s, 0.2 * s);
            go1.read(state);
            sum += state.vx + state.x;
        }
    }

    @Test
    void steadyStateAllocatesNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Pca9685 pca = Pca9685.open(new Pca9685.Config()); Go1 go1 = Go1.open(new Go1.Config())) {
            go1.start();
            org.feedbackrl.cli.HwCommand.BenchStep step = new org.feedbackrl.cli.HwCommand.BenchStep(pca, go1, 100_000);
            RealtimeLoop.Options free = new RealtimeLoop.Options();
            free.sleep = false;
            RealtimeLoop freeLoop = new RealtimeLoop(100_000, step, free);
            RealtimeLoop.Options slack = new RealtimeLoop.Options();
            slack.timerSlackNanos = 1_000; // harmless for other processes, unlike SCHED_FIFO, which the test does not request
            RealtimeLoop sleepLoop = new RealtimeLoop(100_000, step, slack); // 10 kHz
            // Warm-up: link the downcalls and let the JIT reach its final tier (the first runs allocate a
            // few hundred bytes once, in lambda-form linkage and tier transitions).
            for (int r = 0; r < 20; r++) {
                long b0 = mx.getCurrentThreadAllocatedBytes();
                freeLoop.run(10_000);
                if (mx.getCurrentThreadAllocatedBytes() == b0 && r >= 2) break;
            }
            for (int r = 0; r < 3; r++) sleepLoop.run(2_000);
            freeLoop.resetStatistics();
            sleepLoop.resetStatistics();

            long a0 = mx.getCurrentThreadAllocatedBytes();
            freeLoop.run(10_000);
            long a1 = mx.getCurrentThreadAllocatedBytes();
            sleepLoop.run(10_000);
            long a2 = mx.getCurrentThreadAllocatedBytes();

            assertEquals(0, a1 - a0, "bytes allocated by 10,000 free-running ticks");
            // Around the whole run this includes the once-per-run timer-slack setup (a cold, interpreted
            // downcall may allocate a little); the loop's own count covers exactly the ticks.
            assertEquals(0, sleepLoop.allocatedBytes(), "bytes allocated by 10,000 ticks at 10 kHz with clock_nanosleep");
            assertEquals(0, freeLoop.allocatedBytes());
            assertTrue(a2 - a1 < 1024, "setup allocates at most a little: " + (a2 - a1));
            assertEquals(10_000, sleepLoop.ticks());
            assertEquals(10_000, sleepLoop.wakeLatency().count());
            assertEquals(10_000, freeLoop.stepTime().count());
            assertEquals(0, freeLoop.wakeLatency().count());
            assertTrue(sleepLoop.wakeLatency().percentile(0.5) <= sleepLoop.wakeLatency().max());
            go1.read(new Go1.State());
            System.out.printf("10 kHz loop: wake latency p50 %d ns, p99 %d ns, p99.9 %d ns, max %d ns; misses %d; %s%n",
                    sleepLoop.wakeLatency().percentile(0.5), sleepLoop.wakeLatency().percentile(0.99),
                    sleepLoop.wakeLatency().percentile(0.999), sleepLoop.wakeLatency().max(), sleepLoop.deadlineMisses(),
                    sleepLoop.setupReport());
        }
    }

    @Test
    void tickIndexCountsDeadlinesAndSkipsAfterAnOverrun() {
        long[] seen = new long[4], skippedBefore = new long[4];
        int[] n = {0};
        RealtimeLoop[] self = new RealtimeLoop[1];
        ControlStep slow = (k, now) -> {
            skippedBefore[n[0]] = self[0].skipped();
            seen[n[0]++] = k;
            if (n[0] == 2) {
                long until = System.nanoTime() + 3_500_000L; // overrun a 1 ms period by 2.5 periods
                while (System.nanoTime() < until) Thread.onSpinWait();
            }
        };
        RealtimeLoop loop = new RealtimeLoop(1_000_000, slow, new RealtimeLoop.Options());
        self[0] = loop;
        loop.run(4);
        // The second tick overruns by 2.5 periods: the three deadlines already past are skipped.
        assertTrue(seen[2] - seen[1] >= 4, "indices " + java.util.Arrays.toString(seen));
        assertTrue(loop.deadlineMisses() >= 1);
        assertEquals(4, loop.ticks());
        // At every tick: index = ticks executed before it + deadlines skipped before it. (A loaded
        // machine may make the last tick overrun too; that skip comes after it, so the identity is
        // checked tick by tick, not against the final count.)
        for (int i = 0; i < 4; i++) assertEquals(seen[i] - i, skippedBefore[i], "tick " + i + ": " + java.util.Arrays.toString(seen));
        assertTrue(loop.skipped() >= skippedBefore[3]);
    }
}
