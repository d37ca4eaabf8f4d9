package org.feedbackrl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels' tanh is built from IEEE-exact operations, so the vector body and the scalar
 * reference agree to the bit (reproducible training), and it stays within 3 ulp of the exact tanh
 * (a 50-digit BigDecimal reference below; not Math.tanh, whose own error is platform-dependent:
 * 0.5 ulp for HotSpot's x86 intrinsic, 2.07 ulp measured for fdlibm's StrictMath.tanh).
 */
class TanhDeterminismTest {
    private static final MathContext MC = new MathContext(50);

    @Test
    void vectorEqualsScalarBitwiseAndExactTanhWithin3Ulp() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 100_003;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 5) {
                case 0 -> rng.nextDouble(-25, 25);
                case 1 -> rng.nextDouble(-1, 1);
                case 2 -> rng.nextDouble(-4, 4);
                case 3 -> rng.nextDouble(-1e-6, 1e-6);
                default -> Math.scalb(rng.nextDouble(0.5, 1), -rng.nextInt(1, 1000)) * (rng.nextBoolean() ? 1 : -1);
            };
        }
        x[0] = 0;
        x[1] = Double.MIN_VALUE;
        x[2] = 20;
        x[3] = -700;
        x[4] = -Double.MIN_VALUE;
        for (int round = 0; round < 30; round++) {           // long enough for C2 to compile the vector body
            double[] v = x.clone(), s = x.clone();
            Dense.tanhVector(v, 0, n);
            Dense.tanhScalar(s, 0, n);
            for (int i = 0; i < n; i++) {
                if (Double.doubleToLongBits(s[i]) != Double.doubleToLongBits(v[i])) {
                    assertEquals(s[i], v[i], "bitwise mismatch at x = " + x[i] + " in round " + round);
                }
            }
        }
        double[] s = x.clone();
        Dense.tanhScalar(s, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i += 3) {
            BigDecimal exact = exactTanh(x[i]);
            double ref = exact.doubleValue();
            double ulps = ref == 0 ? (s[i] == 0 ? 0 : Double.POSITIVE_INFINITY)
                    : new BigDecimal(s[i]).subtract(exact).abs().doubleValue() / Math.ulp(ref);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 3, "tanh(" + x[i] + ") = " + s[i] + ", exact " + exact + ": " + ulps + " ulp");
        }
        System.out.printf("tanh: worst %.3f ulp from the exact value over %d arguments%n", worst, (n + 2) / 3);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300};
        Dense.tanhScalar(special, 0, special.length);
        assertTrue(Double.isNaN(special[0]));
        assertEquals(1.0, special[1]);
        assertEquals(-1.0, special[2]);
        assertEquals(1.0, special[3]);
        assertEquals(-1.0, special[4]);
    }

    /** The exact tanh to 50 digits: its odd Taylor series for |x| < 1e-3, else (E − 1)/(E + 1), E = e^{2|x|}. */
    static BigDecimal exactTanh(double x) {
        BigDecimal a = new BigDecimal(Math.abs(x));
        BigDecimal t;
        if (Math.abs(x) < 1e-3) {                       // x − x³/3 + 2x⁵/15 − 17x⁷/315 + 62x⁹/2835: truncation < x¹¹
            BigDecimal a2 = a.multiply(a, MC);
            BigDecimal p = new BigDecimal(62).divide(new BigDecimal(2835), MC);
            p = p.multiply(a2, MC).subtract(new BigDecimal(17).divide(new BigDecimal(315), MC), MC);
            p = p.multiply(a2, MC).add(new BigDecimal(2).divide(new BigDecimal(15), MC), MC);
            p = p.multiply(a2, MC).subtract(BigDecimal.ONE.divide(new BigDecimal(3), MC), MC);
            t = a.add(a.multiply(a2, MC).multiply(p, MC), MC);
        } else {
            BigDecimal e = exp(a.add(a), MC);
            t = e.subtract(BigDecimal.ONE, MC).divide(e.add(BigDecimal.ONE, MC), MC);
        }
        return x < 0 ? t.negate() : t;
    }

    /** e^a for a ≥ 0: halve a below 1/2, Taylor series to 10⁻⁶⁰, square back. */
    private static BigDecimal exp(BigDecimal a, MathContext mc) {
        int halvings = 0;
        BigDecimal half = new BigDecimal("0.5");
        while (a.compareTo(half) > 0) { a = a.multiply(half); halvings++; }
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE, eps = new BigDecimal("1e-60");
        for (int k = 1; term.compareTo(eps) > 0; k++) {
            term = term.multiply(a, mc).divide(BigDecimal.valueOf(k), mc);
            sum = sum.add(term, mc);
        }
        for (int i = 0; i < halvings; i++) sum = sum.multiply(sum, mc);
        return sum;
    }
}
