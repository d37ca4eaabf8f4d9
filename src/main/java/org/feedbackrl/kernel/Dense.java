package org.feedbackrl.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Hand-vectorised kernels for dense tanh layers (DESIGN.md §3, "network VJP").
 *
 * <p><b>Structure.</b> Each kernel has
 * <ul>
 *   <li>an entry method, which runs the vector body or, with {@code -Dfeedbackrl.vector=false}, the
 *       scalar reference;</li>
 *   <li>an overload taking {@code boolean vector} first, used by the layer composites in
 *       {@link DenseLayer} (whose callers pass {@link Simd#VECTOR}) and by tests;</li>
 *   <li>a {@code …Vector(…)} body: a vectorised main loop over {@link Simd#SPECIES}, read through a
 *       {@code static final} so that C2 folds it wherever the body is compiled (see {@link Simd}
 *       for why the species is not a parameter), plus an explicit scalar tail;</li>
 *   <li>a {@code …Scalar(…)} reference: the plainest loop that computes the same thing.</li>
 * </ul>
 * Other widths (128, 256, 512 bits) are tested by running the same code in JVMs started with
 * {@code -Dfeedbackrl.vectorBits=…}.
 *
 * <p><b>Storage.</b> All matrices are row-major in flat {@code double[]} with an offset and a leading
 * dimension (distance between rows). Outputs are caller-owned; nothing here allocates (with the
 * vector bodies compiled by C2; the interpreter and C1 box vectors until C2 takes over).
 *
 * <p><b>Weight layout of a layer.</b> A layer {@code z = W h + b} with fan-in i and fan-out o stores
 * <em>Wᵀ</em>, i×o row-major: element {@code (k, j)} is the weight from input k to output j. Then
 * the forward GEMM {@code Z = X·Wᵀ} (b×i times i×o) and the weight gradient
 * {@code dWᵀ += Xᵀ·dZ} (i×b times b×o) both stream rows of length o — the hidden width, 64 — and
 * vectorise along it with a broadcast of the other operand; only the input cotangent
 * {@code dX = dZ·W} is a dot-product form ({@link #gemmNT}).
 */
public final class Dense {
    private Dense() {}

    /** The species of every vector body: a static final, so C2 folds it wherever the body is compiled. */
    private static final VectorSpecies<Double> S = Simd.SPECIES;

    // ---------------------------------------------------------------------------------------------
    // C += A·B with A strided (covers A and Aᵀ), B and C row-major.
    // ---------------------------------------------------------------------------------------------

    /**
     * C += A·B, with A read through strides so that the same kernel serves {@code X·Wᵀ} (A = X,
     * aRs = i, aCs = 1) and {@code Xᵀ·dZ} (A = Xᵀ, aRs = 1, aCs = i).
     *
     * @param m    rows of A and C (≥ 0)
     * @param n    columns of B and C (≥ 0)
     * @param k    columns of A = rows of B (≥ 0)
     * @param a    A; element (r, p) at {@code a[aOff + r·aRs + p·aCs]}
     * @param aOff offset of A(0,0)
     * @param aRs  row stride of A
     * @param aCs  column stride of A
     * @param b    B, k×n; element (p, j) at {@code b[bOff + p·ldb + j]}
     * @param bOff offset of B(0,0)
     * @param ldb  row stride of B (≥ n)
     * @param c    C, m×n, accumulated in place; element (r, j) at {@code c[cOff + r·ldc + j]}
     * @param cOff offset of C(0,0)
     * @param ldc  row stride of C (≥ n)
     */
    public static void gemm(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (Simd.VECTOR) gemmVector(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc);
        else gemmScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc);
    }

    /** {@link #gemm} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void gemm(boolean vector, int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (vector) gemmVector(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc);
        else gemmScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc);
    }

    /** Scalar reference of {@link #gemm}: C(r,j) += Σ_p A(r,p)·B(p,j), p ascending. */
    public static void gemmScalar(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                  double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double sum = c[cOff + r * ldc + j];
                for (int p = 0; p < k; p++) sum += a[aOff + r * aRs + p * aCs] * b[bOff + p * ldb + j];
                c[cOff + r * ldc + j] = sum;
            }
        }
    }

    /**
     * Vector body of {@link #gemm}. Register tiling: C is cut into panels of 3 vectors (3L columns)
     * by 4 rows; each 4×3L tile is held in 12 accumulators for the whole p loop, so each step loads
     * 3 vectors of B and broadcasts 4 scalars of A for 12 FMAs. Rows of C that do not fill a tile of
     * 4 run a 1×3L tile; columns that do not fill 3 vectors run 4×L / 1×L tiles; the last n mod L
     * columns run the scalar reference (the explicit tail). Each C element still sums its terms in
     * ascending p, like the reference (only FMA rounding differs).
     */
    public static void gemmVector(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                  double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        final int lanes = S.length();
        int j = 0;
        for (; j + 3 * lanes <= n; j += 3 * lanes) {
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                tile4x3(k, a, aOff + r * aRs, aRs, aCs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc);
            }
            for (; r < m; r++) {
                tile1x3(k, a, aOff + r * aRs, aCs, b, bOff + j, ldb, c, cOff + r * ldc + j);
            }
        }
        for (; j + lanes <= n; j += lanes) {
            int r = 0;
            for (; r + 4 <= m; r += 4) {
                tile4x1(k, a, aOff + r * aRs, aRs, aCs, b, bOff + j, ldb, c, cOff + r * ldc + j, ldc);
            }
            for (; r < m; r++) {
                tile1x1(k, a, aOff + r * aRs, aCs, b, bOff + j, ldb, c, cOff + r * ldc + j);
            }
        }
        if (j < n) {
            // Tail: the last n − j (< L) columns, scalar.
            gemmScalar(m, n - j, k, a, aOff, aRs, aCs, b, bOff + j, ldb, c, cOff + j, ldc);
        }
    }

    // Unrolled 4 rows × 3 vectors: 12 independent FMA chains hide the FMA latency (4–5 cycles on two
    // pipes needs ≥ 8–10 chains) and fit the 16 AVX2 registers with the 3 B loads and 1 broadcast.
    private static void tile4x3(int k, double[] a, int ai, int aRs, int aCs,
                                double[] b, int bi, int ldb, double[] c, int ci, int ldc) {
        final int l = S.length();
        final int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector c00 = DoubleVector.fromArray(S, c, ci), c01 = DoubleVector.fromArray(S, c, ci + l),
                c02 = DoubleVector.fromArray(S, c, ci + 2 * l);
        DoubleVector c10 = DoubleVector.fromArray(S, c, c1), c11 = DoubleVector.fromArray(S, c, c1 + l),
                c12 = DoubleVector.fromArray(S, c, c1 + 2 * l);
        DoubleVector c20 = DoubleVector.fromArray(S, c, c2), c21 = DoubleVector.fromArray(S, c, c2 + l),
                c22 = DoubleVector.fromArray(S, c, c2 + 2 * l);
        DoubleVector c30 = DoubleVector.fromArray(S, c, c3), c31 = DoubleVector.fromArray(S, c, c3 + l),
                c32 = DoubleVector.fromArray(S, c, c3 + 2 * l);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + l);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * l);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, a[ap + aRs]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, a[ap + 2 * aRs]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = DoubleVector.broadcast(S, a[ap + 3 * aRs]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l); c02.intoArray(c, ci + 2 * l);
        c10.intoArray(c, c1); c11.intoArray(c, c1 + l); c12.intoArray(c, c1 + 2 * l);
        c20.intoArray(c, c2); c21.intoArray(c, c2 + l); c22.intoArray(c, c2 + 2 * l);
        c30.intoArray(c, c3); c31.intoArray(c, c3 + l); c32.intoArray(c, c3 + 2 * l);
    }

    // Unrolled 1 row × 3 vectors: the row tail of a 3-vector panel (and the whole of a single-sample
    // forward, a GEMV): 3 independent chains per broadcast.
    private static void tile1x3(int k, double[] a, int ai, int aCs,
                                double[] b, int bi, int ldb, double[] c, int ci) {
        final int l = S.length();
        DoubleVector c0 = DoubleVector.fromArray(S, c, ci), c1 = DoubleVector.fromArray(S, c, ci + l),
                c2 = DoubleVector.fromArray(S, c, ci + 2 * l);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            c0 = x.fma(DoubleVector.fromArray(S, b, bp), c0);
            c1 = x.fma(DoubleVector.fromArray(S, b, bp + l), c1);
            c2 = x.fma(DoubleVector.fromArray(S, b, bp + 2 * l), c2);
        }
        c0.intoArray(c, ci); c1.intoArray(c, ci + l); c2.intoArray(c, ci + 2 * l);
    }

    // Unrolled 4 rows × 1 vector: column remainder (< 3 vectors) of a 4-row block; 4 chains share one
    // load of B.
    private static void tile4x1(int k, double[] a, int ai, int aRs, int aCs,
                                double[] b, int bi, int ldb, double[] c, int ci, int ldc) {
        final int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        DoubleVector c0v = DoubleVector.fromArray(S, c, ci), c1v = DoubleVector.fromArray(S, c, c1),
                c2v = DoubleVector.fromArray(S, c, c2), c3v = DoubleVector.fromArray(S, c, c3);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bp);
            c0v = DoubleVector.broadcast(S, a[ap]).fma(bv, c0v);
            c1v = DoubleVector.broadcast(S, a[ap + aRs]).fma(bv, c1v);
            c2v = DoubleVector.broadcast(S, a[ap + 2 * aRs]).fma(bv, c2v);
            c3v = DoubleVector.broadcast(S, a[ap + 3 * aRs]).fma(bv, c3v);
        }
        c0v.intoArray(c, ci); c1v.intoArray(c, c1); c2v.intoArray(c, c2); c3v.intoArray(c, c3);
    }

    // Not unrolled: 1 row × 1 vector is the corner remainder (rows mod 4 of a < 3-vector remainder).
    private static void tile1x1(int k, double[] a, int ai, int aCs,
                                double[] b, int bi, int ldb, double[] c, int ci) {
        DoubleVector acc = DoubleVector.fromArray(S, c, ci);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            acc = DoubleVector.broadcast(S, a[ap]).fma(DoubleVector.fromArray(S, b, bp), acc);
        }
        acc.intoArray(c, ci);
    }

    // ---------------------------------------------------------------------------------------------
    // C += A·Bᵀ, all row-major: the dot-product form, for dX = dZ·W with W stored as Wᵀ (i×o).
    // ---------------------------------------------------------------------------------------------

    /**
     * C += A·Bᵀ.
     *
     * @param m    rows of A and C
     * @param n    rows of B = columns of C
     * @param k    columns of A and of B (the dot-product length)
     * @param a    A, m×k, element (r, p) at {@code a[aOff + r·lda + p]}
     * @param aOff offset of A(0,0)
     * @param lda  row stride of A (≥ k)
     * @param b    B, n×k, element (j, p) at {@code b[bOff + j·ldb + p]}
     * @param bOff offset of B(0,0)
     * @param ldb  row stride of B (≥ k)
     * @param c    C, m×n, accumulated in place, element (r, j) at {@code c[cOff + r·ldc + j]}
     * @param cOff offset of C(0,0)
     * @param ldc  row stride of C (≥ n)
     */
    public static void gemmNT(int m, int n, int k, double[] a, int aOff, int lda,
                              double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (Simd.VECTOR) gemmNTVector(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        else gemmNTScalar(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** {@link #gemmNT} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void gemmNT(boolean vector, int m, int n, int k, double[] a, int aOff, int lda,
                              double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        if (vector) gemmNTVector(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        else gemmNTScalar(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }

    /** Scalar reference of {@link #gemmNT}: C(r,j) += Σ_p A(r,p)·B(j,p). */
    public static void gemmNTScalar(int m, int n, int k, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += a[aOff + r * lda + p] * b[bOff + j * ldb + p];
                c[cOff + r * ldc + j] += sum;
            }
        }
    }

    /**
     * Vector body of {@link #gemmNT}: vectors run along p (the shared dimension), each C element
     * keeps a vector of partial sums that is reduced across lanes at the end, then the last k mod L
     * terms are added by a scalar tail. Tiles of 2 rows of A × 4 rows of B (8 chains), 1×4 for the
     * last odd row of A, 1×1 for the last n mod 4 rows of B.
     */
    public static void gemmNTVector(int m, int n, int k, double[] a, int aOff, int lda,
                                    double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        final int kv = S.loopBound(k);
        int r = 0;
        for (; r + 2 <= m; r += 2) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                nt2x4(k, kv, a, aOff + r * lda, lda, b, bOff + j * ldb, ldb, c, cOff + r * ldc + j, ldc);
            }
            for (; j < n; j++) {
                c[cOff + r * ldc + j] += dot(k, kv, a, aOff + r * lda, b, bOff + j * ldb);
                c[cOff + (r + 1) * ldc + j] += dot(k, kv, a, aOff + (r + 1) * lda, b, bOff + j * ldb);
            }
        }
        for (; r < m; r++) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                nt1x4(k, kv, a, aOff + r * lda, b, bOff + j * ldb, ldb, c, cOff + r * ldc + j);
            }
            for (; j < n; j++) {
                c[cOff + r * ldc + j] += dot(k, kv, a, aOff + r * lda, b, bOff + j * ldb);
            }
        }
    }

    // Unrolled 2 rows of A × 4 rows of B: 8 chains (enough to cover FMA latency), 6 loads per 8 FMAs.
    private static void nt2x4(int k, int kv, double[] a, int ai, int lda,
                              double[] b, int bi, int ldb, double[] c, int ci, int ldc) {
        final int l = S.length();
        final int a1 = ai + lda, b1 = bi + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        DoubleVector s00 = DoubleVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int p = 0;
        for (; p < kv; p += l) {
            DoubleVector x0 = DoubleVector.fromArray(S, a, ai + p), x1 = DoubleVector.fromArray(S, a, a1 + p);
            DoubleVector w = DoubleVector.fromArray(S, b, bi + p);
            s00 = x0.fma(w, s00); s10 = x1.fma(w, s10);
            w = DoubleVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(w, s01); s11 = x1.fma(w, s11);
            w = DoubleVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(w, s02); s12 = x1.fma(w, s12);
            w = DoubleVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(w, s03); s13 = x1.fma(w, s13);
        }
        double t00 = sumLanes(s00), t01 = sumLanes(s01);
        double t02 = sumLanes(s02), t03 = sumLanes(s03);
        double t10 = sumLanes(s10), t11 = sumLanes(s11);
        double t12 = sumLanes(s12), t13 = sumLanes(s13);
        for (; p < k; p++) {
            // Tail: the last k mod L terms.
            double x0 = a[ai + p], x1 = a[a1 + p];
            double w0 = b[bi + p], w1 = b[b1 + p], w2 = b[b2 + p], w3 = b[b3 + p];
            t00 += x0 * w0; t01 += x0 * w1; t02 += x0 * w2; t03 += x0 * w3;
            t10 += x1 * w0; t11 += x1 * w1; t12 += x1 * w2; t13 += x1 * w3;
        }
        c[ci] += t00; c[ci + 1] += t01; c[ci + 2] += t02; c[ci + 3] += t03;
        int cr = ci + ldc;
        c[cr] += t10; c[cr + 1] += t11; c[cr + 2] += t12; c[cr + 3] += t13;
    }

    // Unrolled 1 row of A × 4 rows of B: 4 chains sharing one load of A.
    private static void nt1x4(int k, int kv, double[] a, int ai,
                              double[] b, int bi, int ldb, double[] c, int ci) {
        final int l = S.length();
        final int b1 = bi + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p < kv; p += l) {
            DoubleVector x = DoubleVector.fromArray(S, a, ai + p);
            s0 = x.fma(DoubleVector.fromArray(S, b, bi + p), s0);
            s1 = x.fma(DoubleVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(DoubleVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(DoubleVector.fromArray(S, b, b3 + p), s3);
        }
        double t0 = sumLanes(s0), t1 = sumLanes(s1);
        double t2 = sumLanes(s2), t3 = sumLanes(s3);
        for (; p < k; p++) {
            // Tail: the last k mod L terms.
            double x = a[ai + p];
            t0 += x * b[bi + p]; t1 += x * b[b1 + p]; t2 += x * b[b2 + p]; t3 += x * b[b3 + p];
        }
        c[ci] += t0; c[ci + 1] += t1; c[ci + 2] += t2; c[ci + 3] += t3;
    }

    /**
     * Horizontal sum in a fixed order (lane 0, 1, …). {@code reduceLanes(ADD)} may associate the
     * lanes differently when compiled (a tree) and when interpreted (in order); that last-bit
     * difference would make training results depend on JIT timing.
     */
    private static double sumLanes(DoubleVector v) {
        double t = 0;
        for (int i = 0; i < S.length(); i++) t += v.lane(i);
        return t;
    }

    // Not unrolled: a single dot product, the corner remainder of gemmNT.
    private static double dot(int k, int kv, double[] a, int ai, double[] b, int bi) {
        final int l = S.length();
        DoubleVector acc = DoubleVector.zero(S);
        int p = 0;
        for (; p < kv; p += l) {
            acc = DoubleVector.fromArray(S, a, ai + p).fma(DoubleVector.fromArray(S, b, bi + p), acc);
        }
        double t = sumLanes(acc);
        for (; p < k; p++) t += a[ai + p] * b[bi + p]; // tail
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // Element-wise kernels on contiguous ranges.
    // ---------------------------------------------------------------------------------------------

    /**
     * In place {@code x[off..off+len) = tanh(x[off..off+len))}.
     *
     * <p>Computed from IEEE-exact operations only (add, multiply, divide, FMA, integer shifts), the
     * same sequence in the vector body and the scalar reference, so the result is bit-identical on
     * both paths, in the interpreter and in C2, on any width — which keeps training runs reproducible
     * bit for bit (the Vector API's {@code lanewise(TANH)} calls a vector-math library when compiled
     * and {@link Math#tanh} when not, which differ in the last bit). Accuracy: within 2 ulp of
     * {@link Math#tanh} (see {@code DenseKernelTest}).
     * <pre>
     *   tanh(x) = sign(x) · e/(e + 2),  e = expm1(2 min(|x|, 20))      (tanh(20) rounds to 1)
     *   expm1(y): k = rint(y/ln2), r = y − k ln2 (two-part ln2, FMA), |r| ≤ ln2/2,
     *             p = expm1(r) by its Taylor series to r¹⁴ (truncation &lt; 1e-17 relative),
     *             expm1(y) = 2ᵏ p + (2ᵏ − 1)           (both terms exact scalings; no cancellation at k = 0)
     * </pre>
     *
     * @param x   array
     * @param off first index
     * @param len number of elements (≥ 0)
     */
    public static void tanh(double[] x, int off, int len) {
        if (Simd.VECTOR) tanhVector(x, off, len);
        else tanhScalar(x, off, len);
    }

    /** {@link #tanh} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void tanh(boolean vector, double[] x, int off, int len) {
        if (vector) tanhVector(x, off, len);
        else tanhScalar(x, off, len);
    }

    private static final double LN2_HI = 0x1.62e42fefa3800p-1, LN2_LO = 0x1.ef35793c7673p-45;
    private static final double INV_LN2 = 0x1.71547652b82fep0;
    private static final double ROUND = 0x1.8p52;                 // adding it rounds to an integer
    private static final long ROUND_BITS = Double.doubleToRawLongBits(ROUND);
    /** 1/n! for n = 14 … 2 (Horner order), then the linear term is r itself. */
    private static final double[] INV_FACT = {
        1.0 / 87178291200.0, 1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
        1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5};

    /** Scalar reference of {@link #tanh}: the same operation sequence as the vector body. */
    public static double tanh(double v) {
        double a = Math.min(Math.abs(v), 20.0);
        double y = 2 * a;
        double kd = (y * INV_LN2 + ROUND) - ROUND;
        double r = Math.fma(-kd, LN2_LO, Math.fma(-kd, LN2_HI, y));
        double p = INV_FACT[0];
        for (int i = 1; i < INV_FACT.length; i++) p = Math.fma(p, r, INV_FACT[i]);
        p = Math.fma(p * r, r, r);                                 // expm1(r) = r + r²(1/2 + r/6 + …)
        double twoK = Double.longBitsToDouble((Double.doubleToRawLongBits(kd + ROUND) - ROUND_BITS + 1023) << 52);
        double e = Math.fma(twoK, p, twoK - 1.0);
        double t = e / (e + 2.0);
        return v < 0 ? -t : (Double.isNaN(v) ? v : t);
    }

    /** Scalar reference of {@link #tanh}. */
    public static void tanhScalar(double[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = tanh(x[i]);
    }

    /** Vector body of {@link #tanh}. Not unrolled: ~20 dependent FMAs per vector hide the loop overhead. */
    public static void tanhVector(double[] x, int off, int len) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += l) {
            DoubleVector v = DoubleVector.fromArray(S, x, off + i);
            DoubleVector a = v.lanewise(VectorOperators.ABS).min(20.0);
            DoubleVector y = a.add(a);
            DoubleVector kd = y.mul(INV_LN2).add(ROUND).sub(ROUND);
            DoubleVector nk = kd.neg();
            DoubleVector r = nk.fma(DoubleVector.broadcast(S, LN2_LO), nk.fma(DoubleVector.broadcast(S, LN2_HI), y));
            DoubleVector p = DoubleVector.broadcast(S, INV_FACT[0]);
            for (int j = 1; j < INV_FACT.length; j++) p = p.fma(r, DoubleVector.broadcast(S, INV_FACT[j]));
            p = p.mul(r).fma(r, r);
            DoubleVector twoK = kd.add(ROUND).viewAsIntegralLanes().sub(ROUND_BITS - 1023).lanewise(VectorOperators.LSHL, 52)
                    .viewAsFloatingLanes();
            DoubleVector e = twoK.fma(p, twoK.sub(1.0));
            DoubleVector t = e.div(e.add(2.0));
            t = t.lanewise(VectorOperators.NEG, v.lt(0.0));
            t = t.blend(v, v.test(VectorOperators.IS_NAN));
            t.intoArray(x, off + i);
        }
        for (; i < len; i++) x[off + i] = tanh(x[off + i]); // tail
    }

    /**
     * Back through y = tanh(z): {@code dz[i] = dy[i]·(1 − y[i]²)} over a contiguous range.
     * dz may alias dy (same offset) for an in-place update.
     *
     * @param len number of elements (≥ 0)
     * @param dy  cotangent of y, from dyOff
     * @param y   saved tanh outputs, from yOff
     * @param dz  output cotangent of z, from dzOff
     */
    public static void tanhBackward(int len, double[] dy, int dyOff, double[] y, int yOff, double[] dz, int dzOff) {
        if (Simd.VECTOR) tanhBackwardVector(len, dy, dyOff, y, yOff, dz, dzOff);
        else tanhBackwardScalar(len, dy, dyOff, y, yOff, dz, dzOff);
    }

    /** {@link #tanhBackward} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void tanhBackward(boolean vector, int len, double[] dy, int dyOff, double[] y, int yOff,
                                    double[] dz, int dzOff) {
        if (vector) tanhBackwardVector(len, dy, dyOff, y, yOff, dz, dzOff);
        else tanhBackwardScalar(len, dy, dyOff, y, yOff, dz, dzOff);
    }

    /** Scalar reference of {@link #tanhBackward}. */
    public static void tanhBackwardScalar(int len, double[] dy, int dyOff, double[] y, int yOff, double[] dz, int dzOff) {
        for (int i = 0; i < len; i++) {
            double t = y[yOff + i];
            dz[dzOff + i] = dy[dyOff + i] * (1 - t * t);
        }
    }

    /** Vector body of {@link #tanhBackward}. Not unrolled: two loads and a store per 3 flops, memory-bound. */
    public static void tanhBackwardVector(int len, double[] dy, int dyOff, double[] y, int yOff,
                                          double[] dz, int dzOff) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        int i = 0;
        for (; i < bound; i += l) {
            DoubleVector t = DoubleVector.fromArray(S, y, yOff + i);
            // 1 − t² as one FMA: (−t)·t + 1.
            DoubleVector d = t.neg().fma(t, one);
            DoubleVector.fromArray(S, dy, dyOff + i).mul(d).intoArray(dz, dzOff + i);
        }
        for (; i < len; i++) { // tail
            double t = y[yOff + i];
            dz[dzOff + i] = dy[dyOff + i] * (1 - t * t);
        }
    }

    /**
     * Column sums: {@code out[outOff + j] += Σ_r a[aOff + r·lda + j]} for j &lt; n, r &lt; m (the
     * bias gradient Σ_b dZ).
     */
    public static void columnSum(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        if (Simd.VECTOR) columnSumVector(m, n, a, aOff, lda, out, outOff);
        else columnSumScalar(m, n, a, aOff, lda, out, outOff);
    }

    /** {@link #columnSum} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void columnSum(boolean vector, int m, int n, double[] a, int aOff, int lda,
                                 double[] out, int outOff) {
        if (vector) columnSumVector(m, n, a, aOff, lda, out, outOff);
        else columnSumScalar(m, n, a, aOff, lda, out, outOff);
    }

    /** Scalar reference of {@link #columnSum}. */
    public static void columnSumScalar(int m, int n, double[] a, int aOff, int lda, double[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            double sum = out[outOff + j];
            for (int r = 0; r < m; r++) sum += a[aOff + r * lda + j];
            out[outOff + j] = sum;
        }
    }

    /** Vector body of {@link #columnSum}: one vector of columns at a time, rows summed in order. Not
     *  unrolled: it is O(m·n) next to the O(m·n·i) weight-gradient GEMM. */
    public static void columnSumVector(int m, int n, double[] a, int aOff, int lda,
                                       double[] out, int outOff) {
        final int l = S.length();
        final int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += l) {
            DoubleVector acc = DoubleVector.fromArray(S, out, outOff + j);
            for (int r = 0, ar = aOff + j; r < m; r++, ar += lda) acc = acc.add(DoubleVector.fromArray(S, a, ar));
            acc.intoArray(out, outOff + j);
        }
        if (j < n) columnSumScalar(m, n - j, a, aOff + j, lda, out, outOff + j); // tail
    }

    /**
     * Scales the columns of C: {@code c[cOff + r·ldc + j] *= d[dOff + j]} (a right product by
     * diag(d)).
     */
    public static void scaleColumns(int m, int n, double[] c, int cOff, int ldc, double[] d, int dOff) {
        if (Simd.VECTOR) scaleColumnsVector(m, n, c, cOff, ldc, d, dOff);
        else scaleColumnsScalar(m, n, c, cOff, ldc, d, dOff);
    }

    /** {@link #scaleColumns} choosing the path: {@code vector == false} runs the scalar reference. */
    public static void scaleColumns(boolean vector, int m, int n, double[] c, int cOff, int ldc,
                                    double[] d, int dOff) {
        if (vector) scaleColumnsVector(m, n, c, cOff, ldc, d, dOff);
        else scaleColumnsScalar(m, n, c, cOff, ldc, d, dOff);
    }

    /** Scalar reference of {@link #scaleColumns}. */
    public static void scaleColumnsScalar(int m, int n, double[] c, int cOff, int ldc, double[] d, int dOff) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) c[cOff + r * ldc + j] *= d[dOff + j];
        }
    }

    /** Vector body of {@link #scaleColumns}. Not unrolled: memory-bound. */
    public static void scaleColumnsVector(int m, int n, double[] c, int cOff, int ldc,
                                          double[] d, int dOff) {
        final int l = S.length();
        final int bound = S.loopBound(n);
        for (int r = 0; r < m; r++) {
            final int cr = cOff + r * ldc;
            int j = 0;
            for (; j < bound; j += l) {
                DoubleVector.fromArray(S, c, cr + j).mul(DoubleVector.fromArray(S, d, dOff + j)).intoArray(c, cr + j);
            }
            for (; j < n; j++) c[cr + j] *= d[dOff + j]; // tail
        }
    }
}
