package org.feedbackrl.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.feedbackrl.kernel.Simd;
import org.openjdk.jmh.annotations.*;

/**
 * One core's double-precision peak, measured with an FMA-bound kernel: 12 independent chains of
 * vector FMAs (a ← a·m + c) at the machine's preferred width, enough to cover the FMA latency on
 * two FMA pipes; no memory traffic. FLOPs per op = {@link #ITER} · 12 · lanes · 2.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class Peak {
    static final VectorSpecies<Double> S = Simd.SPECIES;
    public static final int ITER = 100_000, CHAINS = 12;
    double seed = 1.0;

    public static double flopsPerOp() { return (double) ITER * CHAINS * S.length() * 2; }

    @Benchmark
    public double fma() {
        DoubleVector m = DoubleVector.broadcast(S, 0.999999), c = DoubleVector.broadcast(S, 1e-7);
        DoubleVector a0 = DoubleVector.broadcast(S, seed), a1 = a0.add(1), a2 = a0.add(2), a3 = a0.add(3),
                a4 = a0.add(4), a5 = a0.add(5), a6 = a0.add(6), a7 = a0.add(7), a8 = a0.add(8), a9 = a0.add(9),
                a10 = a0.add(10), a11 = a0.add(11);
        for (int i = 0; i < ITER; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
