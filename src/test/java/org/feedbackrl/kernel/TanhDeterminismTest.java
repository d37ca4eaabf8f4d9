package org.feedbackrl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels' tanh is built from IEEE-exact operations, so the vector body and the scalar
 * reference agree to the bit (reproducible training), and it stays within 2 ulp of Math.tanh.
 */
class TanhDeterminismTest {
    @Test
    void vectorEqualsScalarBitwiseAndMathTanhWithin2Ulp() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 100_003;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> rng.nextDouble(-25, 25);
                case 1 -> rng.nextDouble(-1, 1);
                case 2 -> rng.nextDouble(-1e-6, 1e-6);
                default -> Math.scalb(rng.nextDouble(0.5, 1), -rng.nextInt(1, 1000)) * (rng.nextBoolean() ? 1 : -1);
            };
        }
        x[0] = 0;
        x[1] = Double.MIN_VALUE;
        x[2] = 20;
        x[3] = -700;
        for (int round = 0; round < 30; round++) {           // long enough for C2 to compile the vector body
            double[] v = x.clone(), s = x.clone();
            Dense.tanhVector(v, 0, n);
            Dense.tanhScalar(s, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(Double.doubleToLongBits(s[i]), Double.doubleToLongBits(v[i]), () -> "bitwise mismatch");
                double ref = Math.tanh(x[i]);
                double ulps = Math.abs(s[i] - ref) / Math.ulp(ref);
                assertTrue(ulps <= 2 || (ref == 0 && s[i] == 0), "tanh(" + x[i] + ") = " + s[i] + " vs " + ref);
            }
        }
        double[] nan = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        Dense.tanhScalar(nan, 0, 3);
        assertTrue(Double.isNaN(nan[0]));
        assertEquals(1.0, nan[1]);
        assertEquals(-1.0, nan[2]);
    }
}
