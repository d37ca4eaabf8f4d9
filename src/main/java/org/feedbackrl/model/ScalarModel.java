package org.feedbackrl.model;

import java.util.random.RandomGenerator;

/**
 * The paper's running example (§5): {@code x_{t+1} = a x_t + b u_t}, one state, one input.
 * Used both as the model (â, b̂) and, with other coefficients, as the "real" system (a, b).
 */
public final class ScalarModel implements DynamicsModel {
    private final double a;
    private final double b;

    /**
     * @param a open-loop multiplier (dimensionless; |a| &gt; 1 is unstable), finite
     * @param b input gain, finite
     */
    public ScalarModel(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("scalar model coefficients must be finite, got a=" + a + ", b=" + b);
        }
        this.a = a;
        this.b = b;
    }

    public double a() { return a; }

    public double b() { return b; }

    @Override public int stateDim() { return 1; }
    @Override public int inputDim() { return 1; }
    @Override public double dt() { return 1.0; }
    @Override public String name() { return "scalar"; }

    @Override
    public void step(double[] x, double[] u, double[] xNext) {
        xNext[0] = a * x[0] + b * u[0];
    }

    @Override
    public void jacobians(double[] x, double[] u, double[] aOut, double[] bOut) {
        aOut[0] = a;
        bOut[0] = b;
    }

    @Override public String[] stateNames() { return new String[] {"x"}; }
    @Override public String[] inputNames() { return new String[] {"u"}; }

    @Override
    public void sample(RandomGenerator rng, double[] x, double[] u) {
        x[0] = rng.nextDouble(-1, 1);
        u[0] = rng.nextDouble(-1, 1);
    }
}
