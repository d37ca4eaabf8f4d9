package org.feedbackrl.hw;

/**
 * A preallocated log-linear histogram of non-negative durations in nanoseconds, for latency
 * statistics in a loop that must not allocate. Values below 128 ns are exact; above, each power of
 * two is split into 64 sub-buckets, so a reported percentile is at most 1/64 ≈ 1.6 % above the
 * true value (it reports bucket upper bounds, i.e. errs on the pessimistic side). Covers 0 to
 * 2^63 − 1 ns. {@link #record} allocates nothing and is O(1). Not thread-safe.
 */
public final class LatencyHistogram {
    private static final int LINEAR = 128;          // exact buckets 0..127
    private static final int SUB_BITS = 6;          // 64 sub-buckets per octave
    private static final int SUB = 1 << SUB_BITS;
    private static final int FIRST_EXP = 7;         // 2^7 = 128 is the first log octave
    private static final int BUCKETS = LINEAR + (63 - FIRST_EXP) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long count, max, min = Long.MAX_VALUE, sum;

    static int index(long v) {
        if (v < LINEAR) return (int) v;
        int exp = 63 - Long.numberOfLeadingZeros(v);              // 7..62
        int sub = (int) (v >>> (exp - SUB_BITS)) & (SUB - 1);
        return LINEAR + (exp - FIRST_EXP) * SUB + sub;
    }

    /** Largest value that falls into bucket i. */
    static long upperBound(int i) {
        if (i < LINEAR) return i;
        int exp = (i - LINEAR) / SUB + FIRST_EXP, sub = (i - LINEAR) % SUB;
        long lo = (1L << exp) + ((long) sub << (exp - SUB_BITS));
        return lo + (1L << (exp - SUB_BITS)) - 1;
    }

    /** Records one duration in ns (negative values count as 0). */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        count++;
        sum += v;
        if (v > max) max = v;
        if (v < min) min = v;
    }

    /** Forgets everything. */
    public void reset() {
        java.util.Arrays.fill(counts, 0);
        count = 0;
        max = 0;
        sum = 0;
        min = Long.MAX_VALUE;
    }

    public long count() { return count; }

    /** Largest value recorded (exact), ns; 0 when empty. */
    public long max() { return max; }

    /** Smallest value recorded (exact), ns; 0 when empty. */
    public long min() { return count == 0 ? 0 : min; }

    /** Mean (exact), ns. */
    public double mean() { return count == 0 ? 0 : (double) sum / count; }

    /**
     * The q-quantile, ns: the upper bound of the bucket holding the ⌈q·n⌉-th smallest value,
     * capped at the exact maximum.
     *
     * @param q quantile in [0, 1], e.g. 0.5, 0.99, 0.999
     */
    public long percentile(double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        if (count == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.min(upperBound(i), max);
        }
        return max;
    }
}
