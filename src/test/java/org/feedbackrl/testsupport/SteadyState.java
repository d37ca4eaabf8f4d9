package org.feedbackrl.testsupport;

import java.lang.management.ManagementFactory;

/**
 * Steady-state allocation of a hot path, measured with the thread's allocated-bytes counter.
 *
 * <p>Warm up until {@code quiet} rounds in a row allocate nothing (C2 has compiled the vector kernels),
 * then measure a window. On two loaded cores C2 still recompiles late (a deoptimisation
 * re-materialises a few objects: seen 48–1176 B, once, hundreds of rounds after the code was quiet),
 * and such an event can land in the measured window. Then warm up and measure again, at most
 * {@code windows} windows, each printed. Anything the hot path allocates per call shows in every
 * window, so the minimum over windows is the honest steady-state figure.
 */
public final class SteadyState {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SteadyState() {}

    /**
     * @param what      printed with a window that allocated
     * @param warm      one warm-up round
     * @param quiet     allocation-free warm-up rounds in a row before a window (≥ 1)
     * @param maxRounds warm-up rounds at most before each window
     * @param measure   the measured window
     * @param windows   windows at most (≥ 1)
     * @return bytes allocated by the last window measured (0 as soon as one window is clean)
     */
    public static long bytes(String what, Runnable warm, int quiet, int maxRounds, Runnable measure, int windows) {
        long bytes = -1;
        for (int w = 1; w <= windows; w++) {
            for (int round = 0, clean = 0; round < maxRounds && clean < quiet; round++) {
                long b = MX.getCurrentThreadAllocatedBytes();
                warm.run();
                clean = MX.getCurrentThreadAllocatedBytes() - b == 0 ? clean + 1 : 0;
            }
            long b = MX.getCurrentThreadAllocatedBytes();
            measure.run();
            bytes = MX.getCurrentThreadAllocatedBytes() - b;
            if (bytes == 0) return 0;
            System.out.println(what + ": window " + w + " allocated " + bytes + " B; warming up again");
        }
        return bytes;
    }
}
