package org.feedbackrl.sim;

/**
 * Seeded, allocation-free Gaussian source for measurement noise: SplitMix64 for the uniforms and
 * Marsaglia's polar method (with {@link StrictMath}) for the normals, so a given seed gives
 * bit-identical noise on every JVM and platform.
 */
final class NoiseRng {
    private long state;
    private double spare;
    private boolean hasSpare;

    NoiseRng(long seed) {
        reseed(seed);
    }

    void reseed(long seed) {
        state = seed;
        hasSpare = false;
        spare = 0.0;
    }

    /** SplitMix64 (Steele, Lea, Flood 2014). */
    long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return a uniform double in [−1, 1). */
    double nextSigned() {
        return (nextLong() >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** @return a standard normal sample. */
    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        // Marsaglia's polar method: (a, b) uniform in the unit disc, s = a² + b²; then
        // a·sqrt(−2 ln s / s) and b·sqrt(−2 ln s / s) are independent standard normals. No trigonometry
        // (StrictMath.sin/cos allocate during argument reduction), only log and sqrt.
        double a, b, q;
        do {
            a = nextSigned();
            b = nextSigned();
            q = a * a + b * b;
        } while (q >= 1.0 || q == 0.0);
        double f = StrictMath.sqrt(-2.0 * StrictMath.log(q) / q);
        spare = b * f;
        hasSpare = true;
        return a * f;
    }
}
