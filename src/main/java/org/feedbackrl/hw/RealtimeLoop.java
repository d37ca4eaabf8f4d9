package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A fixed-period loop with absolute deadlines, for control on real hardware.
 *
 * <p>Deadline k is {@code t0 + (k + 1)·period} on CLOCK_MONOTONIC; the loop sleeps with
 * {@code clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)} (through FFM), so sleep error does not
 * accumulate. Per tick it records the wake-up latency (wake − deadline) and the step's execution
 * time in preallocated {@link LatencyHistogram}s. A deadline miss is a tick that finished after the
 * next deadline; the loop then skips the deadlines already past (counted in {@link #skipped()})
 * instead of running a burst of late ticks, and the step sees the jump in {@code tickIndex}.
 *
 * <p>Optionally, for the duration of {@link #run}, the calling thread is switched to
 * {@code SCHED_FIFO} ({@code sched_setscheduler(0, …)}, which on Linux applies to the calling
 * thread) and memory is locked with {@code mlockall(MCL_CURRENT | MCL_FUTURE)}; each is attempted
 * only when asked, its outcome is reported by {@link #setupReport()}, and failure is never fatal.
 * The previous scheduling policy is restored and memory unlocked when {@code run} returns.
 *
 * <p>In steady state nothing is allocated: timespecs, errno state and histograms are allocated in
 * the constructor, and the FFM calls pass preallocated segments. Not thread-safe; one thread runs it.
 */
public final class RealtimeLoop {

    /** Settings. */
    public static final class Options {
        /** Sleep until each deadline (normal); false = free-running, ticks back to back (benchmarks, tests). */
        public boolean sleep = true;
        /** Try mlockall(MCL_CURRENT | MCL_FUTURE) during run. */
        public boolean lockMemory = false;
        /** SCHED_FIFO priority 1..99 to try during run; 0 = leave the scheduler alone. */
        public int fifoPriority = 0;
        /** Timer slack of the thread during run, ns (prctl PR_SET_TIMERSLACK; Linux defaults to 50 µs
         *  for normal threads, which delays every wake-up by up to that much); ≤ 0 = leave it. */
        public long timerSlackNanos = 0;
    }

    private final long periodNanos;
    private final ControlStep step;
    private final Options options;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment now = arena.allocate(Libc.TIMESPEC);
    private final MemorySegment deadline = arena.allocate(Libc.TIMESPEC);
    private final MemorySegment errno = Libc.newErrnoState(arena);
    private final MemorySegment param = arena.allocate(Libc.SCHED_PARAM);
    private final MemorySegment oldParam = arena.allocate(Libc.SCHED_PARAM);
    private final LatencyHistogram wakeLatency = new LatencyHistogram();
    private final LatencyHistogram stepTime = new LatencyHistogram();
    private long ticks, misses, skipped;
    private int mlockResult = -1, fifoResult = -1, slackResult = -1; // -1 not attempted, 0 ok, else errno
    private long oldSlack = -1;
    private long allocated; // bytes allocated by the running thread inside the tick loops
    private static final com.sun.management.ThreadMXBean MX =
            java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean m
                    && m.isThreadAllocatedMemorySupported() ? m : null;

    /**
     * @param periodNanos tick period in ns, ≥ 1000 (1 MHz is far beyond what any of our loops need)
     * @param step        the control step, called once per tick
     * @param options     see {@link Options}
     */
    public RealtimeLoop(long periodNanos, ControlStep step, Options options) {
        if (periodNanos < 1000) throw new IllegalArgumentException("period must be at least 1000 ns, got " + periodNanos);
        if (options.fifoPriority < 0 || options.fifoPriority > 99) {
            throw new IllegalArgumentException("SCHED_FIFO priority must be 0 (off) or 1..99, got " + options.fifoPriority);
        }
        this.periodNanos = periodNanos;
        this.step = java.util.Objects.requireNonNull(step, "step");
        this.options = options;
    }

    /** CLOCK_MONOTONIC now, ns, via clock_gettime into a preallocated timespec. */
    public long monotonicNanos() {
        try {
            int rc = (int) Libc.CLOCK_GETTIME.invokeExact(Libc.CLOCK_MONOTONIC, now);
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return now.get(JAVA_LONG, 0) * 1_000_000_000L + now.get(JAVA_LONG, 8);
    }

    private void sleepUntil(long tNanos) {
        deadline.set(JAVA_LONG, 0, tNanos / 1_000_000_000L);
        deadline.set(JAVA_LONG, 8, tNanos % 1_000_000_000L);
        try {
            int rc;
            do {
                rc = (int) Libc.CLOCK_NANOSLEEP.invokeExact(Libc.CLOCK_MONOTONIC, Libc.TIMER_ABSTIME, deadline, MemorySegment.NULL);
            } while (rc == Libc.EINTR);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Runs {@code n} ticks (executed ticks; skipped deadlines do not count) on the calling thread.
     * Statistics accumulate over calls until {@link #resetStatistics()}.
     *
     * @param n number of ticks, ≥ 0
     */
    public void run(long n) {
        if (n < 0) throw new IllegalArgumentException("tick count must be non-negative, got " + n);
        int oldPolicy = enterRealtime();
        long alloc0 = MX == null ? 0 : MX.getCurrentThreadAllocatedBytes();
        try {
            long t0 = monotonicNanos();
            long k = 0;                       // deadline index
            long next = t0 + periodNanos;     // deadline k
            for (long i = 0; i < n; i++) {
                long wake;
                if (options.sleep) {
                    sleepUntil(next);
                    wake = monotonicNanos();
                    wakeLatency.record(wake - next);
                } else {
                    wake = monotonicNanos();
                }
                step.tick(k, wake);
                long done = monotonicNanos();
                stepTime.record(done - wake);
                ticks++;
                k++;
                next += periodNanos;
                if (options.sleep && done > next) {
                    // Overran into the next period: that deadline is missed. Skip every deadline already past.
                    misses++;
                    long late = (done - next) / periodNanos + 1;
                    skipped += late;
                    k += late;
                    next += late * periodNanos;
                }
            }
        } finally {
            if (MX != null) allocated += MX.getCurrentThreadAllocatedBytes() - alloc0;
            leaveRealtime(oldPolicy);
        }
    }

    private int enterRealtime() {
        int oldPolicy = -1;
        try {
            if (options.lockMemory) {
                int rc = (int) Libc.MLOCKALL.invokeExact(errno, Libc.MCL_CURRENT | Libc.MCL_FUTURE);
                mlockResult = rc == 0 ? 0 : Libc.errno(errno);
            }
            if (options.timerSlackNanos > 0) {
                oldSlack = (int) Libc.PRCTL.invokeExact(errno, Libc.PR_GET_TIMERSLACK, 0L);
                int rc = (int) Libc.PRCTL.invokeExact(errno, Libc.PR_SET_TIMERSLACK, options.timerSlackNanos);
                slackResult = rc == 0 ? 0 : Libc.errno(errno);
            }
            if (options.fifoPriority > 0) {
                oldPolicy = (int) Libc.SCHED_GETSCHEDULER.invokeExact(0);
                int rc0 = (int) Libc.SCHED_GETPARAM.invokeExact(0, oldParam);
                assert rc0 == 0;
                param.set(JAVA_INT, 0, options.fifoPriority);
                int rc = (int) Libc.SCHED_SETSCHEDULER.invokeExact(errno, 0, Libc.SCHED_FIFO, param);
                fifoResult = rc == 0 ? 0 : Libc.errno(errno);
                if (rc != 0) oldPolicy = -1;
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        return oldPolicy;
    }

    private void leaveRealtime(int oldPolicy) {
        try {
            if (oldPolicy >= 0) {
                int rc = (int) Libc.SCHED_SETSCHEDULER.invokeExact(errno, 0, oldPolicy, oldParam);
                assert rc == 0;
            }
            if (slackResult == 0 && oldSlack > 0) {
                int rc = (int) Libc.PRCTL.invokeExact(errno, Libc.PR_SET_TIMERSLACK, oldSlack);
                assert rc == 0;
            }
            if (mlockResult == 0) {
                int rc = (int) Libc.MUNLOCKALL.invokeExact();
                assert rc == 0;
            }
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Clears histograms and counters (not the real-time setup results). */
    public void resetStatistics() {
        wakeLatency.reset();
        stepTime.reset();
        ticks = 0;
        allocated = 0;
        misses = 0;
        skipped = 0;
    }

    /** Wake-up latency (wake − deadline), ns; empty in free-running mode. */
    public LatencyHistogram wakeLatency() { return wakeLatency; }

    /** Execution time of the control step, ns. */
    public LatencyHistogram stepTime() { return stepTime; }

    /** Executed ticks. */
    public long ticks() { return ticks; }

    /**
     * Bytes the running thread allocated inside the tick loops of {@link #run} (real-time setup and
     * teardown excluded), from {@code com.sun.management.ThreadMXBean}; −1 when the JVM cannot tell.
     */
    public long allocatedBytes() { return MX == null ? -1 : allocated; }

    /** Ticks that finished after the next deadline. */
    public long deadlineMisses() { return misses; }

    /** Deadlines skipped after misses. */
    public long skipped() { return skipped; }

    public long periodNanos() { return periodNanos; }

    /** One line per real-time feature: requested or not, and what happened. Allocates; call outside the loop. */
    public String setupReport() {
        return "mlockall: " + (mlockResult < 0 ? "not requested" : mlockResult == 0 ? "locked" : "failed, " + Libc.errnoName(mlockResult))
                + "; SCHED_FIFO: " + (fifoResult < 0 ? "not requested"
                        : fifoResult == 0 ? "priority " + options.fifoPriority : "failed, " + Libc.errnoName(fifoResult))
                + "; timer slack: " + (slackResult < 0 ? "not requested"
                        : slackResult == 0 ? options.timerSlackNanos + " ns (was " + oldSlack + " ns)" : "failed, " + Libc.errnoName(slackResult));
    }

    /** True when SCHED_FIFO was requested and granted in the last run. */
    public boolean fifoGranted() { return fifoResult == 0; }

    /** True when mlockall was requested and granted in the last run. */
    public boolean memoryLocked() { return mlockResult == 0; }
}
