package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsCoverEveryValueAndBoundIt() {
        long[] probes = {0, 1, 127, 128, 129, 191, 192, 255, 256, 1000, 65_535, 1L << 40, Long.MAX_VALUE};
        for (long v : probes) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperBound(i) >= v, "upper bound of " + v);
            if (i > 0) assertTrue(LatencyHistogram.upperBound(i - 1) < v, "previous bucket ends below " + v);
        }
    }

    @Test
    void percentilesAgainstSortedSamples() {
        SplittableRandom rng = new SplittableRandom(7);
        LatencyHistogram h = new LatencyHistogram();
        long[] xs = new long[100_000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (long) Math.exp(rng.nextDouble(Math.log(50), Math.log(5e6))); // 50 ns .. 5 ms, log-uniform
            h.record(xs[i]);
        }
        Arrays.sort(xs);
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999, 1.0}) {
            long exact = xs[(int) Math.ceil(q * xs.length) - 1];
            long got = h.percentile(q);
            assertTrue(got >= exact && got <= exact + exact / 64 + 1, "q=" + q + ": exact " + exact + ", histogram " + got);
        }
        assertEquals(xs[xs.length - 1], h.max());
        assertEquals(xs[0], h.min());
        assertEquals(xs.length, h.count());
    }
}
