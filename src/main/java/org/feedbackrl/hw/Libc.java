package org.feedbackrl.hw;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Hand-written FFM binding of the few libc functions the real-time loop needs (Linux, LP64:
 * x86-64 and aarch64 share these constants and layouts). Functions that set {@code errno} take a
 * leading capture-state segment ({@link #newErrnoState}); read it with {@link #errno}.
 */
public final class Libc {
    private Libc() {}

    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, TIMER_ABSTIME = 1;
    public static final int MCL_CURRENT = 1, MCL_FUTURE = 2;
    public static final int SCHED_OTHER = 0, SCHED_FIFO = 1;
    public static final int EPERM = 1, EINTR = 4, ENOMEM = 12, EINVAL = 22;

    /** {@code struct timespec { time_t tv_sec; long tv_nsec; }} (16 bytes on LP64). */
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    /** {@code struct sched_param { int sched_priority; }}. */
    public static final StructLayout SCHED_PARAM = MemoryLayout.structLayout(JAVA_INT.withName("sched_priority"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static MethodHandle h(String name, FunctionDescriptor fd, Linker.Option... o) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc has no " + name)), fd, o);
    }

    /** {@code int clock_gettime(clockid_t, struct timespec *)}; short and non-blocking, so a critical call. */
    public static final MethodHandle CLOCK_GETTIME = h("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.critical(false));
    /** {@code int clock_nanosleep(clockid_t, int flags, const struct timespec *, struct timespec *)}: returns the error number. */
    public static final MethodHandle CLOCK_NANOSLEEP = h("clock_nanosleep", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    /** {@code int mlockall(int flags)} with errno capture. */
    public static final MethodHandle MLOCKALL = h("mlockall", FunctionDescriptor.of(JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
    /** {@code int munlockall(void)}. */
    public static final MethodHandle MUNLOCKALL = h("munlockall", FunctionDescriptor.of(JAVA_INT));
    /** {@code int sched_setscheduler(pid_t, int policy, const struct sched_param *)} with errno capture; pid 0 = calling thread. */
    public static final MethodHandle SCHED_SETSCHEDULER = h("sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.captureCallState("errno"));
    /** {@code int sched_getscheduler(pid_t)}. */
    public static final MethodHandle SCHED_GETSCHEDULER = h("sched_getscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** {@code int sched_getparam(pid_t, struct sched_param *)}. */
    public static final MethodHandle SCHED_GETPARAM = h("sched_getparam", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    public static final int PR_SET_TIMERSLACK = 29, PR_GET_TIMERSLACK = 30;
    /** {@code int prctl(int option, unsigned long arg2)} (variadic after the option) with errno capture. */
    public static final MethodHandle PRCTL = h("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));

    /** A segment for captured errno, allocated once in {@code arena}. */
    public static MemorySegment newErrnoState(java.lang.foreign.Arena arena) { return arena.allocate(CAPTURE); }

    /** errno captured in {@code state} by the last call that used it. */
    public static int errno(MemorySegment state) { return (int) ERRNO.get(state, 0L); }

    /** A short name for common errno values (for reports). */
    public static String errnoName(int e) {
        return switch (e) {
            case 0 -> "ok";
            case EPERM -> "EPERM (not permitted: needs root, CAP_SYS_NICE / CAP_IPC_LOCK or an rtprio/memlock limit)";
            case ENOMEM -> "ENOMEM (memlock limit too small)";
            case EINVAL -> "EINVAL";
            default -> "errno " + e;
        };
    }
}
