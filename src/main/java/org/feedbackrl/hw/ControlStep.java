package org.feedbackrl.hw;

/** One tick of a fixed-rate controller run by {@link RealtimeLoop}. Must not allocate. */
@FunctionalInterface
public interface ControlStep {
    /**
     * @param tickIndex index k of the deadline this tick serves (deadline = start + (k + 1)·period);
     *                  jumps when deadlines were skipped after an overrun
     * @param nowNanos  CLOCK_MONOTONIC time at wake-up, ns
     */
    void tick(long tickIndex, long nowNanos);
}
