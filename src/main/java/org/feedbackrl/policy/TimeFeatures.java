package org.feedbackrl.policy;

/** Network inputs that depend on task time only: [t/T, sin πt/T, cos πt/T] for a horizon T. */
public final class TimeFeatures implements Features {
    private final int n;
    private final int horizon;

    /** @param n state dimension (the features ignore the state); @param horizon T in steps */
    public TimeFeatures(int n, int horizon) {
        this.n = n;
        this.horizon = horizon;
    }

    @Override public int dim() { return 3; }
    @Override public boolean readsState() { return false; }

    @Override
    public void features(int t, double[] x, double[] f) {
        double s = (double) t / horizon;
        f[0] = s;
        f[1] = Math.sin(Math.PI * s);
        f[2] = Math.cos(Math.PI * s);
    }

    @Override
    public void jacobian(int t, double[] x, double[] jac) {
        java.util.Arrays.fill(jac, 0, 3 * n, 0.0);
    }
}
