package org.feedbackrl.baseline;

import java.util.random.RandomGenerator;

/**
 * The baselines' random numbers: SplitMix64 (Steele, Lea &amp; Flood 2014), one {@code long} of state,
 * so a run's generator can be saved and restored exactly. Gaussians come from
 * {@link RandomGenerator#nextGaussian()}'s default (a ziggurat driven by {@link #nextLong()}), so
 * every draw is a deterministic function of the seed. Nothing allocates.
 */
public final class Rng implements RandomGenerator {
    private long state;

    /** @param seed any value; equal seeds give equal streams */
    public Rng(long seed) { this.state = seed; }

    @Override
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the state (for a checkpoint) */
    public long state() { return state; }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long s) { state = s; }

    /** A well-mixed seed for a sub-stream (a, b): the same pair always gives the same seed. */
    public static long mix(long a, long b) {
        Rng r = new Rng(a * 0x9E3779B97F4A7C15L ^ b);
        r.nextLong();
        return r.nextLong();
    }
}
