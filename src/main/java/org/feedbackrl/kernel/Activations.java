package org.feedbackrl.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise activations beside {@link Dense#tanh} for the baseline networks
 * ({@code org.feedbackrl.baseline}): ReLU (the Stable-Baselines3 SAC networks) and swish
 * (the PETS/MBPO dynamics ensembles), each with its reverse mode. Same structure as {@link Dense}:
 * an entry taking {@code boolean vector}, a vector body over {@link Simd#SPECIES} with an explicit
 * scalar tail, and a scalar reference that performs the same IEEE operations in the same order, so
 * both paths agree bit for bit (the tests check it at several widths).
 *
 * <p>Nothing here allocates (with the bodies compiled by C2).
 */
public final class Activations {
    private Activations() {}

    private static final VectorSpecies<Double> S = Simd.SPECIES;

    // ---------------------------------------------------------------------------------------------
    // ReLU: y = max(z, 0)
    // ---------------------------------------------------------------------------------------------

    /**
     * In place {@code x = max(x, 0)} over {@code [off, off + len)} (Java {@link Math#max}
     * semantics: NaN stays NaN, −0 becomes +0).
     */
    public static void relu(boolean vector, double[] x, int off, int len) {
        if (vector) reluVector(x, off, len);
        else reluScalar(x, off, len);
    }

    /** Scalar reference of {@link #relu}. */
    public static void reluScalar(double[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = Math.max(x[i], 0.0);
    }

    /** Vector body of {@link #relu}: lanewise max (Java semantics), no masks. */
    public static void reluVector(double[] x, int off, int len) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += l) DoubleVector.fromArray(S, x, off + i).max(0.0).intoArray(x, off + i);
        for (; i < len; i++) x[off + i] = Math.max(x[off + i], 0.0); // tail
    }

    /**
     * Back through y = max(z, 0) at saved outputs y: {@code dz = y > 0 ? dy : 0} (the subgradient 0
     * at z = 0, as PyTorch). dz may alias dy (same offset).
     */
    public static void reluBackward(boolean vector, int len, double[] dy, int dyOff, double[] y, int yOff,
                                    double[] dz, int dzOff) {
        // At 128 bits C2 on x86 boxes double masks (see Dense.MASKS_FAST): the scalar loop is faster there.
        if (vector && Dense.MASKS_FAST) reluBackwardVector(len, dy, dyOff, y, yOff, dz, dzOff);
        else reluBackwardScalar(len, dy, dyOff, y, yOff, dz, dzOff);
    }

    /** Scalar reference of {@link #reluBackward}. */
    public static void reluBackwardScalar(int len, double[] dy, int dyOff, double[] y, int yOff, double[] dz, int dzOff) {
        for (int i = 0; i < len; i++) dz[dzOff + i] = y[yOff + i] > 0 ? dy[dyOff + i] : 0.0;
    }

    /** Vector body of {@link #reluBackward}: compare and blend. */
    public static void reluBackwardVector(int len, double[] dy, int dyOff, double[] y, int yOff, double[] dz, int dzOff) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += l) {
            DoubleVector t = DoubleVector.fromArray(S, y, yOff + i);
            DoubleVector g = DoubleVector.fromArray(S, dy, dyOff + i);
            g.blend(0.0, t.compare(VectorOperators.GT, 0.0).not()).intoArray(dz, dzOff + i);
        }
        for (; i < len; i++) dz[dzOff + i] = y[yOff + i] > 0 ? dy[dyOff + i] : 0.0; // tail
    }

    // ---------------------------------------------------------------------------------------------
    // Swish (SiLU): y = z·σ(z), σ(z) = 1/(1 + e^−z) = ½ + ½·tanh(z/2)
    // ---------------------------------------------------------------------------------------------

    /**
     * {@code sig = σ(z)}, {@code y = z·σ(z)} over {@code len} elements. σ is computed as
     * {@code ½ + ½·tanh(z/2)} with {@link Dense#tanh}, whose vector and scalar paths are bit-identical,
     * so swish is too. z is read only; sig and y must not overlap z.
     *
     * @param z   pre-activations, from zOff
     * @param sig output σ(z), from sOff (saved for {@link #swishBackward})
     * @param y   output z·σ(z), from yOff
     */
    public static void swish(boolean vector, int len, double[] z, int zOff, double[] sig, int sOff, double[] y, int yOff) {
        if (vector) swishVector(len, z, zOff, sig, sOff, y, yOff);
        else swishScalar(len, z, zOff, sig, sOff, y, yOff);
    }

    /** Scalar reference of {@link #swish}. */
    public static void swishScalar(int len, double[] z, int zOff, double[] sig, int sOff, double[] y, int yOff) {
        for (int i = 0; i < len; i++) {
            double v = z[zOff + i];
            double s = Math.fma(0.5, Dense.tanh(0.5 * v), 0.5);
            sig[sOff + i] = s;
            y[yOff + i] = v * s;
        }
    }

    /** Vector body of {@link #swish}: halve into sig, {@link Dense#tanhVector} in place, then one FMA and a product. */
    public static void swishVector(int len, double[] z, int zOff, double[] sig, int sOff, double[] y, int yOff) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += l) DoubleVector.fromArray(S, z, zOff + i).mul(0.5).intoArray(sig, sOff + i);
        for (; i < len; i++) sig[sOff + i] = 0.5 * z[zOff + i]; // tail
        Dense.tanhVector(sig, sOff, len);
        i = 0;
        for (; i < bound; i += l) {
            DoubleVector s = DoubleVector.fromArray(S, sig, sOff + i).fma(0.5, 0.5);
            s.intoArray(sig, sOff + i);
            DoubleVector.fromArray(S, z, zOff + i).mul(s).intoArray(y, yOff + i);
        }
        for (; i < len; i++) { // tail
            double s = Math.fma(sig[sOff + i], 0.5, 0.5);
            sig[sOff + i] = s;
            y[yOff + i] = z[zOff + i] * s;
        }
    }

    /**
     * Back through y = z·σ(z): {@code dz = dy·σ·(1 + z·(1 − σ))} (d/dz zσ = σ + zσ(1 − σ)).
     * dz may alias dy (same offset).
     */
    public static void swishBackward(boolean vector, int len, double[] dy, int dyOff, double[] z, int zOff,
                                     double[] sig, int sOff, double[] dz, int dzOff) {
        if (vector) swishBackwardVector(len, dy, dyOff, z, zOff, sig, sOff, dz, dzOff);
        else swishBackwardScalar(len, dy, dyOff, z, zOff, sig, sOff, dz, dzOff);
    }

    /** Scalar reference of {@link #swishBackward}. */
    public static void swishBackwardScalar(int len, double[] dy, int dyOff, double[] z, int zOff,
                                           double[] sig, int sOff, double[] dz, int dzOff) {
        for (int i = 0; i < len; i++) {
            double s = sig[sOff + i];
            double d = s * Math.fma(z[zOff + i], 1.0 - s, 1.0);
            dz[dzOff + i] = dy[dyOff + i] * d;
        }
    }

    /** Vector body of {@link #swishBackward}. */
    public static void swishBackwardVector(int len, double[] dy, int dyOff, double[] z, int zOff,
                                           double[] sig, int sOff, double[] dz, int dzOff) {
        final int l = S.length();
        final int bound = S.loopBound(len);
        int i = 0;
        for (; i < bound; i += l) {
            DoubleVector s = DoubleVector.fromArray(S, sig, sOff + i);
            DoubleVector oneMinus = s.neg().add(1.0);
            DoubleVector d = s.mul(DoubleVector.fromArray(S, z, zOff + i).fma(oneMinus, DoubleVector.broadcast(S, 1.0)));
            DoubleVector.fromArray(S, dy, dyOff + i).mul(d).intoArray(dz, dzOff + i);
        }
        for (; i < len; i++) { // tail
            double s = sig[sOff + i];
            double d = s * Math.fma(z[zOff + i], 1.0 - s, 1.0);
            dz[dzOff + i] = dy[dyOff + i] * d;
        }
    }
}
