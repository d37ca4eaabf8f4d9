package org.feedbackrl.policy;

/**
 * Network inputs for the figure-8 tasks (the authors' car inputs, DESIGN.md §4):
 * car (x, y, v, φ) → [x, y, v cos φ, v sin φ, cos 2πτ/L, sin 2πτ/L];
 * unicycle (x, y, φ) → [x, y, cos φ, sin φ, cos 2πτ/L, sin 2πτ/L]; τ = t·Δt, L the lap time.
 * {@link #timeOnly} gives just the two phase features (the network then cannot see the state).
 */
public final class TrackFeatures implements Features {
    private final int n, vIndex, phiIndex;
    private final double dt, lap;
    private final boolean state;

    private TrackFeatures(int n, int vIndex, int phiIndex, double dt, double lap, boolean state) {
        this.n = n; this.vIndex = vIndex; this.phiIndex = phiIndex; this.dt = dt; this.lap = lap; this.state = state;
    }

    public static TrackFeatures car(double dt, double lap) { return new TrackFeatures(4, 2, 3, dt, lap, true); }

    public static TrackFeatures unicycle(double dt, double lap) { return new TrackFeatures(3, -1, 2, dt, lap, true); }

    public static TrackFeatures timeOnly(int n, double dt, double lap) { return new TrackFeatures(n, -1, -1, dt, lap, false); }

    @Override public int dim() { return state ? 6 : 2; }
    @Override public boolean readsState() { return state; }

    @Override
    public void features(int t, double[] x, double[] f) {
        double ph = 2 * Math.PI * t * dt / lap;
        int o = 0;
        if (state) {
            double v = vIndex >= 0 ? x[vIndex] : 1.0;
            f[0] = x[0];
            f[1] = x[1];
            f[2] = v * Math.cos(x[phiIndex]);
            f[3] = v * Math.sin(x[phiIndex]);
            o = 4;
        }
        f[o] = Math.cos(ph);
        f[o + 1] = Math.sin(ph);
    }

    @Override
    public void jacobian(int t, double[] x, double[] jac) {
        java.util.Arrays.fill(jac, 0, dim() * n, 0.0);
        if (!state) return;
        jac[0] = 1;                      // ∂x/∂x
        jac[n + 1] = 1;                  // ∂y/∂y
        double c = Math.cos(x[phiIndex]), s = Math.sin(x[phiIndex]);
        double v = vIndex >= 0 ? x[vIndex] : 1.0;
        if (vIndex >= 0) {
            jac[2 * n + vIndex] = c;
            jac[3 * n + vIndex] = s;
        }
        jac[2 * n + phiIndex] = -v * s;
        jac[3 * n + phiIndex] = v * c;
    }
}
