package org.feedbackrl.policy;

import java.util.Arrays;
import org.feedbackrl.control.TrackingController;
import org.feedbackrl.task.FigureEight;

/**
 * The paper's policy class (Fig. 1, §7) for the figure-8 tasks:
 * u_t = κ(x_t, r̄(τ) + δr_t, k̄ + δk_t), where κ is a tracking controller designed on the model, r̄
 * the nominal figure-8 reference, and the network — called every {@code callEvery} control steps —
 * outputs setpoint corrections (δp_x, δp_y, δṗ_x, δṗ_y) for the END of the next segment and gain
 * offsets δk held over the segment.
 *
 * <p><b>Splines between network calls.</b> On the segment that starts at call step t_c and lasts
 * Δ = callEvery·Δt seconds, with phase s = (t − t_c)/callEvery ∈ [0, 1), the position correction is
 * the cubic Hermite curve between the previous segment's end corrections c⁰ = (δp⁰, δṗ⁰) and the new
 * ones c¹:
 * <pre>
 *   δp(s) = h00(s) δp⁰ + h10(s) Δ δṗ⁰ + h01(s) δp¹ + h11(s) Δ δṗ¹
 *   δṗ(s) = dδp/ds / Δ,   δp̈(s) = d²δp/ds² / Δ²
 * </pre>
 * so the corrected reference is C¹ across calls and exactly linear in the corrections (its Jacobian
 * is the Hermite weights).
 *
 * <p><b>Memory</b> (DESIGN.md §2): z = (c⁰ [4], c¹ [4], δk [g]). At a call step
 * z_t = (c¹_{t−1}, N(φ(t, x_t))); otherwise z_t = z_{t−1}. The VJP carries the cotangent of z back
 * over the segment and, at the call step, pushes it through the network into θ and (when the network
 * reads the state) into x_t.
 */
public final class TrackingPolicy implements Policy, Annotated {
    private static final int NC = 4;
    private final TrackingController ctl;
    private final Network net;
    private final Features feat;
    private final FigureEight track;
    private final double dt;
    private final int callEvery;
    private final int n, m, ng, q;
    private final double[] nominalGains;
    // scratch
    private final double[] f, y, yBar, fBar, fJac, ref, gains, zs, zsBar, refBar, gainBar, uTmp, dudx, dudr, dudk;

    /**
     * @param controller the model-based tracking controller (reference layout of {@link FigureEight})
     * @param network    N: features → 4 setpoint corrections + controller.gainDim() gain offsets (already scaled)
     * @param features   what the network reads
     * @param track      the nominal reference
     * @param dt         control period [s]
     * @param callEvery  control steps per network call (≥ 1)
     */
    public TrackingPolicy(TrackingController controller, Network network, Features features, FigureEight track, double dt, int callEvery) {
        if (network.outputDim() != NC + controller.gainDim()) {
            throw new IllegalArgumentException("network must output " + (NC + controller.gainDim()) + " values, has " + network.outputDim());
        }
        if (network.inputDim() != features.dim()) throw new IllegalArgumentException("network input does not match the features");
        if (callEvery < 1) throw new IllegalArgumentException("callEvery must be ≥ 1");
        this.ctl = controller;
        this.net = network;
        this.feat = features;
        this.track = track;
        this.dt = dt;
        this.callEvery = callEvery;
        this.n = controller.stateDim();
        this.m = controller.inputDim();
        this.ng = controller.gainDim();
        this.q = 2 * NC + ng;
        this.nominalGains = controller.nominalGains();
        f = new double[features.dim()];
        fBar = new double[features.dim()];
        fJac = new double[features.dim() * n];
        y = new double[network.outputDim()];
        yBar = new double[network.outputDim()];
        ref = new double[FigureEight.REF_DIM];
        refBar = new double[FigureEight.REF_DIM];
        gains = new double[ng];
        gainBar = new double[ng];
        zs = new double[q];
        zsBar = new double[q];
        uTmp = new double[m];
        dudx = new double[m * n];
        dudr = new double[m * FigureEight.REF_DIM];
        dudk = new double[m * ng];
    }

    public TrackingController controller() { return ctl; }
    public Network network() { return net; }
    public Features features() { return feat; }
    public FigureEight track() { return track; }
    public double dt() { return dt; }
    public int callEvery() { return callEvery; }

    @Override public int stateDim() { return n; }
    @Override public int inputDim() { return m; }
    @Override public int paramDim() { return net.paramDim(); }
    @Override public int memoryDim() { return q; }
    @Override public double[] params() { return net.params(); }

    @Override
    public String[] annotationNames() {
        String[] g = ctl.gainNames();
        String[] names = new String[6 + g.length];
        String[] r = {"ref_x [m]", "ref_y [m]", "ref_vx [m/s]", "ref_vy [m/s]", "ref_ax [m/s2]", "ref_ay [m/s2]"};
        System.arraycopy(r, 0, names, 0, 6);
        System.arraycopy(g, 0, names, 6, g.length);
        return names;
    }

    @Override
    public void annotate(int t, double[] z, double[] out) {
        referenceAndGains(t, z, ref, gains);
        System.arraycopy(ref, 0, out, 0, 6);
        System.arraycopy(gains, 0, out, 6, ng);
    }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        updateMemory(t, x, zPrev, z);
        referenceAndGains(t, z, ref, gains);
        ctl.control(x, ref, gains, u);
    }

    /** The corrected reference and gains the controller follows at step t given memory z_t. */
    public void referenceAndGains(int t, double[] z, double[] refOut, double[] gainsOut) {
        track.reference(t * dt, refOut);
        double s = (double) (t % callEvery) / callEvery, del = callEvery * dt;
        for (int i = 0; i < 2; i++) {
            double p0 = z[i], v0 = z[2 + i], p1 = z[NC + i], v1 = z[NC + 2 + i];
            refOut[i] += hp(0, s) * p0 + hp(1, s) * del * v0 + hp(2, s) * p1 + hp(3, s) * del * v1;
            refOut[2 + i] += (hv(0, s) * p0 + hv(1, s) * del * v0 + hv(2, s) * p1 + hv(3, s) * del * v1) / del;
            refOut[4 + i] += (ha(0, s) * p0 + ha(1, s) * del * v0 + ha(2, s) * p1 + ha(3, s) * del * v1) / (del * del);
        }
        for (int j = 0; j < ng; j++) gainsOut[j] = nominalGains[j] + z[2 * NC + j];
    }

    private void updateMemory(int t, double[] x, double[] zPrev, double[] z) {
        if (t % callEvery == 0) {
            feat.features(t, x, f);
            net.forward(f, y);
            System.arraycopy(zPrev, NC, z, 0, NC);            // c⁰ ← previous c¹
            System.arraycopy(y, 0, z, NC, NC + ng);           // c¹, δk ← network
        } else {
            System.arraycopy(zPrev, 0, z, 0, q);
        }
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar,
                    double[] xBar, double[] zPrevBar, double[] g) {
        updateMemory(t, x, zPrev, zs);
        referenceAndGains(t, zs, ref, gains);
        ctl.jacobians(x, ref, gains, uTmp, dudx, dudr, dudk);
        // x̄ += ū ∂κ/∂x ; r̄ = ū ∂κ/∂r ; k̄ = ū ∂κ/∂k
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += uBar[i] * dudx[i * n + j];
            xBar[j] += s;
        }
        for (int j = 0; j < FigureEight.REF_DIM; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += uBar[i] * dudr[i * FigureEight.REF_DIM + j];
            refBar[j] = s;
        }
        for (int j = 0; j < ng; j++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += uBar[i] * dudk[i * ng + j];
            gainBar[j] = s;
        }
        // z̄_t = z̄ (from the future) + r̄ ∂r/∂z + k̄ ∂k/∂z  (Hermite weights; gains add directly)
        System.arraycopy(zBar, 0, zsBar, 0, q);
        splineVjp(t, callEvery, dt, refBar, gainBar, zsBar);
        if (t % callEvery == 0) {
            // z_t = (c¹_{t−1}, N(φ(t, x_t))): the first block flows to z_{t−1}, the rest into the network.
            Arrays.fill(zPrevBar, 0.0);
            for (int i = 0; i < NC; i++) zPrevBar[NC + i] = zsBar[i];
            System.arraycopy(zsBar, NC, yBar, 0, NC + ng);
            net.backward(f, yBar, feat.readsState() ? fBar : null, g);
            if (feat.readsState()) {
                feat.jacobian(t, x, fJac);
                int d = feat.dim();
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int i = 0; i < d; i++) acc += fBar[i] * fJac[i * n + j];
                    xBar[j] += acc;
                }
            }
        } else {
            System.arraycopy(zsBar, 0, zPrevBar, 0, q);
        }
    }

    /**
     * Adds r̄ ∂r/∂z + k̄ ∂k/∂z to z̄ at step t: the transpose of {@link #referenceAndGains}'s
     * dependence on the memory (Hermite weights for the corrections, identity for the gain offsets).
     * Shared by this VJP and the batched estimator.
     *
     * @param refBar  cotangent of the reference (length 6)
     * @param gainBar cotangent of the gains (length g)
     * @param zBar    accumulated (+=) cotangent of the memory z_t (length 8 + g)
     */
    public static void splineVjp(int t, int callEvery, double dt, double[] refBar, double[] gainBar, double[] zBar) {
        double s = (double) (t % callEvery) / callEvery, del = callEvery * dt;
        for (int i = 0; i < 2; i++) {
            double rp = refBar[i], rv = refBar[2 + i] / del, ra = refBar[4 + i] / (del * del);
            zBar[i] += hp(0, s) * rp + hv(0, s) * rv + ha(0, s) * ra;
            zBar[2 + i] += del * (hp(1, s) * rp + hv(1, s) * rv + ha(1, s) * ra);
            zBar[NC + i] += hp(2, s) * rp + hv(2, s) * rv + ha(2, s) * ra;
            zBar[NC + 2 + i] += del * (hp(3, s) * rp + hv(3, s) * rv + ha(3, s) * ra);
        }
        for (int j = 0; j < gainBar.length; j++) zBar[2 * NC + j] += gainBar[j];
    }

    // Cubic Hermite basis (h00, h10, h01, h11) and its first and second derivatives in s.
    private static double hp(int k, double s) {
        double s2 = s * s, s3 = s2 * s;
        return switch (k) {
            case 0 -> 2 * s3 - 3 * s2 + 1;
            case 1 -> s3 - 2 * s2 + s;
            case 2 -> -2 * s3 + 3 * s2;
            default -> s3 - s2;
        };
    }

    private static double hv(int k, double s) {
        double s2 = s * s;
        return switch (k) {
            case 0 -> 6 * s2 - 6 * s;
            case 1 -> 3 * s2 - 4 * s + 1;
            case 2 -> -6 * s2 + 6 * s;
            default -> 3 * s2 - 2 * s;
        };
    }

    private static double ha(int k, double s) {
        return switch (k) {
            case 0 -> 12 * s - 6;
            case 1 -> 6 * s - 4;
            case 2 -> -12 * s + 6;
            default -> 6 * s - 2;
        };
    }
}
