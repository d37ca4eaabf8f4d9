package org.feedbackrl.sim;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread (HotSpot's com.sun.management.ThreadMXBean). */
public final class Allocation {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {}

    public static long bytes() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated by {@code body}, corrected by the cost of the measurement itself. */
    public static long of(Runnable body) {
        long base0 = bytes();
        long base1 = bytes();
        long overhead = base1 - base0;
        long a = bytes();
        body.run();
        long b = bytes();
        return b - a - overhead;
    }
}
