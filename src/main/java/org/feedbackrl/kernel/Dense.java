package org.feedbackrl.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
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
     * {@code C = 1·biasᵀ + A·B} (C overwritten): the forward of a dense layer without first copying
     * the bias into every row of C — the accumulators start from the bias vectors. Same arguments as
     * {@link #gemm}, plus the bias (length n from {@code biasOff}); every C element sums bias + its
     * terms in ascending p, exactly as {@code gemm} after a bias copy.
     */
    public static void gemmBias(boolean vector, int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                double[] b, int bOff, int ldb, double[] bias, int biasOff, double[] c, int cOff, int ldc) {
        if (vector) gemmVector(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, bias, biasOff, c, cOff, ldc);
        else gemmBiasScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, bias, biasOff, c, cOff, ldc);
    }

    /** Scalar reference of {@link #gemmBias}: C(r,j) = bias(j) + Σ_p A(r,p)·B(p,j), p ascending. */
    public static void gemmBiasScalar(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                      double[] b, int bOff, int ldb, double[] bias, int biasOff, double[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) System.arraycopy(bias, biasOff, c, cOff + r * ldc, n);
        gemmScalar(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, c, cOff, ldc);
    }

    /** Depth of a k block of {@link #gemmVector}: A's and B's slices of KB rows stay in L2 while every tile reads them. */
    private static final int KB = 128;
    /**
     * Whether compare-and-blend (vector masks) is cheap at this width: from 256 bits on. At 128 bits
     * C2 on x86 does not intrinsify double masks (they are boxed: slow, and they allocate), so the
     * kernels avoid them there — the GEMM's column tail runs scalar, tanh clamps with max/min.
     */
    static final boolean MASKS_FAST = S.vectorBitSize() >= 256;

    /** 0, 1, 2, …: lane indices, for the tail masks (long enough for any species). */
    private static final double[] IOTA = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    /**
     * Vector body of {@link #gemm}. Register tiling for two 128-bit FMA pipes (Zen 1, where a
     * 256-bit FMA is two µops) as well as for wider ones: a tile of 6 rows × 2 vectors of C lives in
     * 12 accumulators (enough independent chains to cover the FMA latency) for a run of p; each step
     * loads 2 vectors of B and broadcasts 6 scalars of A for 12 FMAs (15 registers of 16). The
     * hidden width 64 is a whole number of 2-vector panels at every width, and the 6 network inputs
     * one row block of the input Jacobian.
     *
     * <p>Loop order: k in blocks of {@link #KB} (outermost; the weight gradient has k = batch, in the
     * thousands, and a block of A and B stays in L2 across all tiles), then blocks of 6 rows (their
     * slice of A stays in L1 across the panels), then 2-vector panels. Column remainders: a 6×1-vector
     * tile, then the last n mod L columns by an <em>overlapping</em> vector — columns [n − L, n),
     * accumulated in full and blended so that only the last n mod L lanes are stored changed (no
     * masked memory access; needs n ≥ L, else those columns run the scalar reference). Rows that do
     * not fill a block of 6 run 1-row tiles of 4 vectors (the single-sample forward: 4 chains).
     * Every C element sums its terms in ascending p starting from its old value, like the reference
     * (only FMA rounding differs), and the same way whatever the blocking.
     */
    public static void gemmVector(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                  double[] b, int bOff, int ldb, double[] c, int cOff, int ldc) {
        gemmVector(m, n, k, a, aOff, aRs, aCs, b, bOff, ldb, null, 0, c, cOff, ldc);
    }

    /** {@link #gemmVector} with {@code bias != null}: the first k block starts C from the bias ({@link #gemmBias}). */
    private static void gemmVector(int m, int n, int k, double[] a, int aOff, int aRs, int aCs,
                                   double[] b, int bOff, int ldb, double[] bias, int biasOff,
                                   double[] c, int cOff, int ldc) {
        final int l = S.length();
        final int rem = n % l;
        final int nv = n - rem;                       // columns covered by whole vectors
        final boolean overlapTail = rem != 0 && n >= l && MASKS_FAST;
        if (bias != null && (k == 0 || (rem != 0 && !overlapTail))) {
            // Nothing to start the accumulators from (k = 0), or columns left to the scalar tail: copy, then accumulate.
            gemmBiasScalar(m, n, 0, a, aOff, aRs, aCs, b, bOff, ldb, bias, biasOff, c, cOff, ldc);
            bias = null;
        }
        for (int p0 = 0; p0 < k; p0 += KB) {
            final int kk = Math.min(KB, k - p0);
            final int ap0 = aOff + p0 * aCs, bp0 = bOff + p0 * ldb;
            final double[] z = p0 == 0 ? bias : null;   // accumulators start from the bias in the first k block only
            int r = 0;
            for (; r + 6 <= m; r += 6) {
                final int ar = ap0 + r * aRs, cr = cOff + r * ldc;
                int j = 0;
                for (; j + 2 * l <= nv; j += 2 * l) tile6x2(kk, a, ar, aRs, aCs, b, bp0 + j, ldb, z, biasOff + j, c, cr + j, ldc);
                for (; j < nv; j += l) tile6x1(kk, a, ar, aRs, aCs, b, bp0 + j, ldb, z, biasOff + j, c, cr + j, ldc, 0);
                if (overlapTail) tile6x1(kk, a, ar, aRs, aCs, b, bp0 + n - l, ldb, z, biasOff + n - l, c, cr + n - l, ldc, l - rem);
            }
            for (; r < m; r++) {
                final int ar = ap0 + r * aRs, cr = cOff + r * ldc;
                int j = 0;
                for (; j + 4 * l <= nv; j += 4 * l) tile1x4(kk, a, ar, aCs, b, bp0 + j, ldb, z, biasOff + j, c, cr + j);
                for (; j < nv; j += l) tile1x1(kk, a, ar, aCs, b, bp0 + j, ldb, z, biasOff + j, c, cr + j, 0);
                if (overlapTail) tile1x1(kk, a, ar, aCs, b, bp0 + n - l, ldb, z, biasOff + n - l, c, cr + n - l, l - rem);
            }
        }
        if (rem != 0 && !overlapTail) {
            // n < L (the columns do not fill one vector), or 128-bit vectors (no fast masks): scalar reference.
            gemmScalar(m, n - nv, k, a, aOff, aRs, aCs, b, bOff + nv, ldb, c, cOff + nv, ldc);
        }
    }

    // 6 rows × 2 vectors: 12 independent FMA chains, 2 B loads and 6 broadcasts per step.
    // With z != null the accumulators start from z[zi …] (the bias) instead of C.
    private static void tile6x2(int k, double[] a, int ai, int aRs, int aCs,
                                double[] b, int bi, int ldb, double[] z, int zi, double[] c, int ci, int ldc) {
        final int l = S.length();
        final int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        final int a1 = aRs, a2 = 2 * aRs, a3 = 3 * aRs, a4 = 4 * aRs, a5 = 5 * aRs;
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (z != null) {
            c00 = c10 = c20 = c30 = c40 = c50 = DoubleVector.fromArray(S, z, zi);
            c01 = c11 = c21 = c31 = c41 = c51 = DoubleVector.fromArray(S, z, zi + l);
        } else {
            c00 = DoubleVector.fromArray(S, c, ci); c01 = DoubleVector.fromArray(S, c, ci + l);
            c10 = DoubleVector.fromArray(S, c, c1); c11 = DoubleVector.fromArray(S, c, c1 + l);
            c20 = DoubleVector.fromArray(S, c, c2); c21 = DoubleVector.fromArray(S, c, c2 + l);
            c30 = DoubleVector.fromArray(S, c, c3); c31 = DoubleVector.fromArray(S, c, c3 + l);
            c40 = DoubleVector.fromArray(S, c, c4); c41 = DoubleVector.fromArray(S, c, c4 + l);
            c50 = DoubleVector.fromArray(S, c, c5); c51 = DoubleVector.fromArray(S, c, c5 + l);
        }
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bp + l);
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ap + a1]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ap + a2]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ap + a3]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ap + a4]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ap + a5]);
            c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + l);
        c10.intoArray(c, c1); c11.intoArray(c, c1 + l);
        c20.intoArray(c, c2); c21.intoArray(c, c2 + l);
        c30.intoArray(c, c3); c31.intoArray(c, c3 + l);
        c40.intoArray(c, c4); c41.intoArray(c, c4 + l);
        c50.intoArray(c, c5); c51.intoArray(c, c5 + l);
    }

    // 6 rows × 1 vector: the column remainder of a row block. With keep > 0, the vector is the last L
    // columns of C, of which only lanes keep … L−1 are this tile's: lanes 0 … keep−1 (already final)
    // are stored back unchanged.
    private static void tile6x1(int k, double[] a, int ai, int aRs, int aCs,
                                double[] b, int bi, int ldb, double[] z, int zi, double[] c, int ci, int ldc, int keep) {
        final int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        final DoubleVector o0 = DoubleVector.fromArray(S, c, ci), o1 = DoubleVector.fromArray(S, c, c1),
                o2 = DoubleVector.fromArray(S, c, c2), o3 = DoubleVector.fromArray(S, c, c3),
                o4 = DoubleVector.fromArray(S, c, c4), o5 = DoubleVector.fromArray(S, c, c5);
        DoubleVector s0 = o0, s1 = o1, s2 = o2, s3 = o3, s4 = o4, s5 = o5;
        if (z != null) s0 = s1 = s2 = s3 = s4 = s5 = DoubleVector.fromArray(S, z, zi);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector bv = DoubleVector.fromArray(S, b, bp);
            s0 = DoubleVector.broadcast(S, a[ap]).fma(bv, s0);
            s1 = DoubleVector.broadcast(S, a[ap + aRs]).fma(bv, s1);
            s2 = DoubleVector.broadcast(S, a[ap + 2 * aRs]).fma(bv, s2);
            s3 = DoubleVector.broadcast(S, a[ap + 3 * aRs]).fma(bv, s3);
            s4 = DoubleVector.broadcast(S, a[ap + 4 * aRs]).fma(bv, s4);
            s5 = DoubleVector.broadcast(S, a[ap + 5 * aRs]).fma(bv, s5);
        }
        if (keep > 0) {
            // The mask is made here, not passed in: a mask crossing a call that C2 does not inline is boxed.
            VectorMask<Double> tail = DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, keep);
            s0 = o0.blend(s0, tail); s1 = o1.blend(s1, tail); s2 = o2.blend(s2, tail);
            s3 = o3.blend(s3, tail); s4 = o4.blend(s4, tail); s5 = o5.blend(s5, tail);
        }
        s0.intoArray(c, ci); s1.intoArray(c, c1); s2.intoArray(c, c2);
        s3.intoArray(c, c3); s4.intoArray(c, c4); s5.intoArray(c, c5);
    }

    // 1 row × 4 vectors: rows that do not fill a block of 6 (all of a single-sample forward, a GEMV):
    // 4 independent chains per broadcast.
    private static void tile1x4(int k, double[] a, int ai, int aCs,
                                double[] b, int bi, int ldb, double[] z, int zi, double[] c, int ci) {
        final int l = S.length();
        final double[] src = z != null ? z : c;
        final int si = z != null ? zi : ci;
        DoubleVector c0 = DoubleVector.fromArray(S, src, si), c1 = DoubleVector.fromArray(S, src, si + l),
                c2 = DoubleVector.fromArray(S, src, si + 2 * l), c3 = DoubleVector.fromArray(S, src, si + 3 * l);
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            DoubleVector x = DoubleVector.broadcast(S, a[ap]);
            c0 = x.fma(DoubleVector.fromArray(S, b, bp), c0);
            c1 = x.fma(DoubleVector.fromArray(S, b, bp + l), c1);
            c2 = x.fma(DoubleVector.fromArray(S, b, bp + 2 * l), c2);
            c3 = x.fma(DoubleVector.fromArray(S, b, bp + 3 * l), c3);
        }
        c0.intoArray(c, ci); c1.intoArray(c, ci + l); c2.intoArray(c, ci + 2 * l); c3.intoArray(c, ci + 3 * l);
    }

    // 1 row × 1 vector: the corner remainder, with the same overlapping-tail option as tile6x1.
    private static void tile1x1(int k, double[] a, int ai, int aCs,
                                double[] b, int bi, int ldb, double[] z, int zi, double[] c, int ci, int keep) {
        final DoubleVector o = DoubleVector.fromArray(S, c, ci);
        DoubleVector acc = z != null ? DoubleVector.fromArray(S, z, zi) : o;
        for (int p = 0, ap = ai, bp = bi; p < k; p++, ap += aCs, bp += ldb) {
            acc = DoubleVector.broadcast(S, a[ap]).fma(DoubleVector.fromArray(S, b, bp), acc);
        }
        if (keep > 0) acc = o.blend(acc, DoubleVector.fromArray(S, IOTA, 0).compare(VectorOperators.GE, keep));
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
     * <p>Computed from IEEE-exact operations only (add, multiply, divide, FMA, compare-and-select,
     * integer shift), the same sequence in the vector body and the scalar reference, so the result
     * is bit-identical on both paths, in the interpreter and in C2, on any width — which keeps
     * training runs reproducible bit for bit (the Vector API's {@code lanewise(TANH)} calls a
     * vector-math library when compiled and {@link Math#tanh} when not, which differ in the last
     * bit). Accuracy: worst 2.46 ulp from the exact tanh in 300 000 random arguments checked with
     * mpmath (Java allows {@link Math#tanh} 2.5; fdlibm's {@link StrictMath#tanh} measured 2.07);
     * {@code TanhDeterminismTest} asserts 3 ulp against a 40-digit reference.
     * <pre>
     *   tanh(x) = e/(e + 2),  e = expm1(2c),  c = x clamped to [−20, 20]     (tanh(±20) rounds to ±1)
     *   expm1(2c): k = rint(2c/ln2), h = c − k·ln2/2 (two-part ln2, FMA), |h| ≤ ln2/4,
     *              u = expm1(2h)/2 = h + h²·Q(h), Q = Taylor series to h¹¹ (truncation &lt; 2⁻⁶⁰ relative),
     *              e = 2ᵏ(1 + 2u) − 1 = 2ᵏ⁺¹·u + (2ᵏ − 1)      (both terms exact scalings; no cancellation at k = 0)
     * </pre>
     * The signed form needs no |x|, no sign restore and no NaN test (a NaN fails both clamp
     * compares and propagates through the FMAs): 29 vector operations per vector, 1.25× faster than
     * the |x| form it replaced (measured on Zen 1). tanh(−0) is +0.
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

    /**
     * |x| beyond which tanh(x) rounds to ±1; the argument is clamped to it. How the vector body clamps ({@link #MASKS_FAST}), the same values either way (NaN stays NaN, −0 stays −0):
     * compare + blend from 256 bits on, Java-semantics max/min at 128. Measured on x86 (AVX2):
     * compare/blend on 128-bit doubles is not intrinsified by C2 — the masks are boxed, tanh took
     * 47 ns per value — while max/min took 5.8 ns; at 256 bits compare/blend is 1.3× faster than
     * max/min (which AVX2 needs five instructions for). On AArch64 (the Jetson, 128-bit NEON)
     * FMAX/FMIN are Java's max/min in one instruction each. Written out at each use, not in a
     * helper: a helper returning a vector was not always inlined and then boxed it
     * ({@code KernelCheck.noAllocation} caught 256 B per call).
     */
    private static final double CLAMP = 20.0;
    private static final double TWO_INV_LN2 = 2 * 0x1.71547652b82fep0;                // 2/ln2
    private static final double HALF_LN2_HI = 0x1.62e42fefa3800p-2, HALF_LN2_LO = 0x1.ef35793c7673p-46; // ln2/2, two parts
    /** 1.5·2⁵² + 1024: adding it rounds to an integer and leaves k + 1024 in the low 12 mantissa bits. */
    private static final double ROUND = 0x1.8p52 + 1024;
    /** q_i = 2^(i+1)/(i+2)!: Q(h) = 2·P(2h) with P(r) = Σ rⁱ/(i+2)!, so that h + h²Q(h) = expm1(2h)/2. */
    private static final double Q0 = 1.0, Q1 = 4.0 / 6, Q2 = 8.0 / 24, Q3 = 16.0 / 120, Q4 = 32.0 / 720,
            Q5 = 64.0 / 5040, Q6 = 128.0 / 40320, Q7 = 256.0 / 362880, Q8 = 512.0 / 3628800,
            Q9 = 1024.0 / 39916800, Q10 = 2048.0 / 479001600, Q11 = 4096.0 / 6227020800.0;

    /**
     * Scalar reference of {@link #tanh}: the same operation sequence as the vector body.
     * <pre>
     *   c = v clamped to [−20, 20] (compare and select; NaN stays NaN)
     *   kr = fma(c, 2/ln2, 1.5·2⁵² + 1024)   (low mantissa bits: k + 1024, k = rint(2c/ln2) ∈ [−58, 58])
     *   kd = kr − (1.5·2⁵² + 1024) = k
     *   h = c − kd·ln2/2 (two parts, FMA), |h| ≤ ln2/4 + 2⁻⁵¹
     *   Q by Estrin's scheme (pairs, then s = h², s², s⁴: a dependency chain of ~6 operations instead
     *     of Horner's 11 — Horner measured 1.4–1.5× slower: the chain is latency-bound)
     *   u = h + s·Q
     *   2ᵏ⁺¹ = kr's bits shifted left by 52 (the low 12 bits, k + 1024, become the exponent field)
     *   e = fma(2ᵏ⁺¹, u, fma(2ᵏ⁺¹, 1/2, −1));  d = fma(2ᵏ⁺¹, u, fma(2ᵏ⁺¹, 1/2, 1)) = e + 2 rounded once
     *   t = e/d     (three roundings: e, d, the quotient — 2.46 ulp worst measured)
     * </pre>
     */
    public static double tanh(double v) {
        double c = v > CLAMP ? CLAMP : v;
        c = c < -CLAMP ? -CLAMP : c;
        double kr = Math.fma(c, TWO_INV_LN2, ROUND);
        double kd = kr - ROUND;
        double h = Math.fma(kd, -HALF_LN2_LO, Math.fma(kd, -HALF_LN2_HI, c));
        double s = h * h;
        double e0 = Math.fma(Math.fma(Q3, h, Q2), s, Math.fma(Q1, h, Q0));
        double s2 = s * s;
        double e1 = Math.fma(Math.fma(Q7, h, Q6), s, Math.fma(Q5, h, Q4));
        double s4 = s2 * s2;
        double e2 = Math.fma(Math.fma(Q11, h, Q10), s, Math.fma(Q9, h, Q8));
        double u = Math.fma(Math.fma(e2, s4, Math.fma(e1, s2, e0)), s, h);
        double twoK1 = Double.longBitsToDouble(Double.doubleToRawLongBits(kr) << 52);
        double e = Math.fma(twoK1, u, Math.fma(twoK1, 0.5, -1.0));
        double d = Math.fma(twoK1, u, Math.fma(twoK1, 0.5, 1.0));     // e + 2, rounded once
        return e / d;
    }

    /** Scalar reference of {@link #tanh}. */
    public static void tanhScalar(double[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = tanh(x[i]);
    }

    /**
     * Vector body of {@link #tanh}: the operation sequence of {@link #tanh(double)} on two vectors per
     * iteration, stage by stage, written out (a helper method would be too big for C2 to inline, and
     * its vectors would be boxed). Two interleaved chains: one is latency-bound, three or four spill
     * (16 registers on AVX2) — measured, two is fastest.
     */
    public static void tanhVector(double[] x, int off, int len) {
        final int l = S.length();
        final DoubleVector hi = DoubleVector.broadcast(S, -HALF_LN2_HI), lo = DoubleVector.broadcast(S, -HALF_LN2_LO);
        int i = 0;
        for (; i + 2 * l <= len; i += 2 * l) {
            DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
            DoubleVector v1 = DoubleVector.fromArray(S, x, off + i + l);
            DoubleVector c0, c1;
            if (MASKS_FAST) {
                c0 = v0.blend(CLAMP, v0.compare(VectorOperators.GT, CLAMP));
                c1 = v1.blend(CLAMP, v1.compare(VectorOperators.GT, CLAMP));
                c0 = c0.blend(-CLAMP, c0.compare(VectorOperators.LT, -CLAMP));
                c1 = c1.blend(-CLAMP, c1.compare(VectorOperators.LT, -CLAMP));
            } else {
                c0 = v0.max(-CLAMP).min(CLAMP);
                c1 = v1.max(-CLAMP).min(CLAMP);
            }
            DoubleVector kr0 = c0.fma(TWO_INV_LN2, ROUND), kr1 = c1.fma(TWO_INV_LN2, ROUND);
            DoubleVector kd0 = kr0.sub(ROUND), kd1 = kr1.sub(ROUND);
            DoubleVector h0 = kd0.fma(lo, kd0.fma(hi, c0)), h1 = kd1.fma(lo, kd1.fma(hi, c1));
            DoubleVector s0 = h0.mul(h0), s1 = h1.mul(h1);
            DoubleVector a0 = h0.fma(Q3, Q2).fma(s0, h0.fma(Q1, Q0)), a1 = h1.fma(Q3, Q2).fma(s1, h1.fma(Q1, Q0));
            DoubleVector ss0 = s0.mul(s0), ss1 = s1.mul(s1);
            DoubleVector b0 = h0.fma(Q7, Q6).fma(s0, h0.fma(Q5, Q4)), b1 = h1.fma(Q7, Q6).fma(s1, h1.fma(Q5, Q4));
            DoubleVector s40 = ss0.mul(ss0), s41 = ss1.mul(ss1);
            DoubleVector g0 = h0.fma(Q11, Q10).fma(s0, h0.fma(Q9, Q8)), g1 = h1.fma(Q11, Q10).fma(s1, h1.fma(Q9, Q8));
            DoubleVector u0 = g0.fma(s40, b0.fma(ss0, a0)).fma(s0, h0), u1 = g1.fma(s41, b1.fma(ss1, a1)).fma(s1, h1);
            DoubleVector k0 = kr0.viewAsIntegralLanes().lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector k1 = kr1.viewAsIntegralLanes().lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector e0 = k0.fma(u0, k0.fma(0.5, -1.0)), e1 = k1.fma(u1, k1.fma(0.5, -1.0));
            DoubleVector d0 = k0.fma(u0, k0.fma(0.5, 1.0)), d1 = k1.fma(u1, k1.fma(0.5, 1.0));
            e0.div(d0).intoArray(x, off + i);
            e1.div(d1).intoArray(x, off + i + l);
        }
        for (; i + l <= len; i += l) {
            DoubleVector v0 = DoubleVector.fromArray(S, x, off + i);
            DoubleVector c0 = MASKS_FAST
                    ? v0.blend(CLAMP, v0.compare(VectorOperators.GT, CLAMP)).blend(-CLAMP, v0.compare(VectorOperators.LT, -CLAMP))
                    : v0.max(-CLAMP).min(CLAMP);
            DoubleVector kr0 = c0.fma(TWO_INV_LN2, ROUND);
            DoubleVector kd0 = kr0.sub(ROUND);
            DoubleVector h0 = kd0.fma(lo, kd0.fma(hi, c0));
            DoubleVector s0 = h0.mul(h0);
            DoubleVector a0 = h0.fma(Q3, Q2).fma(s0, h0.fma(Q1, Q0));
            DoubleVector ss0 = s0.mul(s0);
            DoubleVector b0 = h0.fma(Q7, Q6).fma(s0, h0.fma(Q5, Q4));
            DoubleVector s40 = ss0.mul(ss0);
            DoubleVector g0 = h0.fma(Q11, Q10).fma(s0, h0.fma(Q9, Q8));
            DoubleVector u0 = g0.fma(s40, b0.fma(ss0, a0)).fma(s0, h0);
            DoubleVector k0 = kr0.viewAsIntegralLanes().lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
            DoubleVector e0 = k0.fma(u0, k0.fma(0.5, -1.0));
            DoubleVector d0 = k0.fma(u0, k0.fma(0.5, 1.0));
            e0.div(d0).intoArray(x, off + i);
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
