/*
 * Shared helpers of the feedback-rl hardware shims (internal header, not part of the C ABI
 * that Java binds, except fbrl_monotonic_ns which is exported).
 *
 * Shared-memory protocol between Java and a native output thread (a seqlock, one writer):
 *   writer: seq += 1 (odd: writing) ; release fence ; store payload ; seq += 1 (even) with release.
 *   reader: s1 = load-acquire(seq) ; if odd -> use previous ; copy payload ; acquire fence ;
 *           s2 = load(seq) ; if s1 != s2 -> use previous.
 * The reader never blocks the writer and vice versa; a torn read is detected and discarded.
 * A change of the (even) sequence number is also the "I am alive" signal of the dead-man.
 */
#ifndef FBRL_COMMON_H
#define FBRL_COMMON_H

#include <stdint.h>
#include <time.h>

#ifndef FBRL_EXPORT
#define FBRL_EXPORT __attribute__((visibility("default")))
#endif

/* CLOCK_MONOTONIC in nanoseconds. */
static inline int64_t fbrl_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleeps until the absolute CLOCK_MONOTONIC time t (ns); retries on EINTR. */
static inline void fbrl_sleep_until(int64_t t) {
    struct timespec ts;
    ts.tv_sec = (time_t)(t / 1000000000LL);
    ts.tv_nsec = (long)(t % 1000000000LL);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0) {
    }
}

/* How long the stop path holds the neutral command before it is done (Go1: mode 0 with zero
 * velocities; PCA9685: 1500 us on both channels, then outputs off), in seconds. */
#define FBRL_STOP_HOLD_S 0.1

static inline uint64_t fbrl_load_acquire_u64(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline void fbrl_store_release_u64(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline void fbrl_store_relaxed_u32(uint32_t *p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline void fbrl_store_relaxed_u64(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline void fbrl_store_relaxed_i64(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline void fbrl_acquire_fence(void) { __atomic_thread_fence(__ATOMIC_ACQUIRE); }
static inline void fbrl_release_fence(void) { __atomic_thread_fence(__ATOMIC_RELEASE); }

#endif
