package org.feedbackrl.policy;

import org.feedbackrl.model.DoublePendulum;

/**
 * The two policy classes of the pendulum experiment (paper §7, Fig. 2).
 *
 * <p><b>Feedback:</b> LQR about the upright point designed on the model, with the network moving the
 * setpoint and scaling the four gain columns:
 * <pre>
 *   x_ref = x* + δ,   K_eff[:, j] = K[:, j] (1 + δk_j),   u = ĝ(q_ref) + K_eff (x_ref − x)
 * </pre>
 * ĝ is the model's gravity torque at the setpoint, which makes every setpoint an equilibrium of the
 * model. (δ, δk) = N(φ(t)) (8 outputs). K_t = ∂u/∂x = −K_eff stabilises the closed loop.
 *
 * <p><b>No feedback:</b> gravity compensation of the current pose plus network torques,
 * u = ĝ(q) + N(φ(t)); nothing pulls the arm back when it drifts.
 */
public final class PendulumPolicies {
    private PendulumPolicies() {}

    /** The feedback class. */
    public static final class Lqr implements TimeNetworkPolicy {
        private final DoublePendulum model;
        private final double[] k, xStar;
        private final Network net;
        private final Features feat;
        private final double[] f, y, yBar, xr, ga, gJ, keff;

        /**
         * @param model   the model the LQR and gravity compensation come from
         * @param k       LQR gain, 2×4 row-major, designed at x*
         * @param xStar   the upright equilibrium (π, 0, 0, 0)
         * @param network features → 4 setpoint offsets + 4 gain-column scalings
         */
        public Lqr(DoublePendulum model, double[] k, double[] xStar, Network network, Features features) {
            if (network.outputDim() != 8) throw new IllegalArgumentException("the pendulum network needs 8 outputs");
            this.model = model; this.k = k.clone(); this.xStar = xStar.clone(); this.net = network; this.feat = features;
            f = new double[features.dim()]; y = new double[8]; yBar = new double[8];
            xr = new double[4]; ga = new double[2]; gJ = new double[4]; keff = new double[8];
        }

        @Override public int stateDim() { return 4; }
        @Override public int inputDim() { return 2; }
        @Override public int paramDim() { return net.paramDim(); }
        @Override public double[] params() { return net.params(); }
        @Override public Network network() { return net; }
        @Override public Features features() { return feat; }

        private void prepare(int t) {
            feat.features(t, null, f);
            net.forward(f, y);
            setpointAndGains(y);
        }

        /** x_ref = x* + δ, K_eff, ĝ(q_ref) from the network's outputs (δ, δk). */
        private void setpointAndGains(double[] out) {
            for (int j = 0; j < 4; j++) {
                xr[j] = xStar[j] + out[j];
                for (int i = 0; i < 2; i++) keff[i * 4 + j] = k[i * 4 + j] * (1 + out[4 + j]);
            }
            model.gravityTorque(xr, ga);
        }

        @Override
        public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
            prepare(t);
            for (int i = 0; i < 2; i++) {
                double s = ga[i];
                for (int j = 0; j < 4; j++) s += keff[i * 4 + j] * (xr[j] - x[j]);
                u[i] = s;
            }
        }

        @Override
        public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar, double[] xBar, double[] zPrevBar, double[] g) {
            prepare(t);
            controllerVjp(x, uBar, xBar, yBar);
            net.backward(f, yBar, null, g);
        }

        @Override
        public void outputVjp(int t, double[] x, double[] out, double[] uBar, double[] xBar, double[] outBar) {
            setpointAndGains(out);
            controllerVjp(x, uBar, xBar, outBar);
        }

        /** x̄ += ū ∂u/∂x, ȳ = ū ∂u/∂y at the setpoint and gains of the last {@link #setpointAndGains}. */
        private void controllerVjp(double[] x, double[] uBar, double[] xBar, double[] outBar) {
            gravityJacobian(model, xr, gJ);
            for (int j = 0; j < 4; j++) {
                double dxj = 0, dk = 0;
                for (int i = 0; i < 2; i++) {
                    dxj += uBar[i] * keff[i * 4 + j];
                    dk += uBar[i] * k[i * 4 + j] * (xr[j] - x[j]);
                }
                xBar[j] -= dxj;                                  // ∂u/∂x = −K_eff
                double gravity = j < 2 ? uBar[0] * gJ[j] + uBar[1] * gJ[2 + j] : 0;
                outBar[j] = dxj + gravity;                       // ∂u/∂δ_j = K_eff[:, j] + ∂ĝ/∂q_j
                outBar[4 + j] = dk;                              // ∂u/∂δk_j = K[:, j] (x_ref − x)_j
            }
        }
    }

    /** The no-feedback class: gravity compensation + network torques. */
    public static final class Direct implements TimeNetworkPolicy {
        private final DoublePendulum model;
        private final Network net;
        private final Features feat;
        private final double[] f, y, ga, gJ;

        public Direct(DoublePendulum model, Network network, Features features) {
            if (network.outputDim() != 2) throw new IllegalArgumentException("the direct pendulum network needs 2 outputs");
            this.model = model; this.net = network; this.feat = features;
            f = new double[features.dim()]; y = new double[2]; ga = new double[2]; gJ = new double[4];
        }

        @Override public int stateDim() { return 4; }
        @Override public int inputDim() { return 2; }
        @Override public int paramDim() { return net.paramDim(); }
        @Override public double[] params() { return net.params(); }
        @Override public Network network() { return net; }
        @Override public Features features() { return feat; }

        @Override
        public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
            feat.features(t, x, f);
            net.forward(f, y);
            model.gravityTorque(x, ga);
            u[0] = ga[0] + y[0];
            u[1] = ga[1] + y[1];
        }

        @Override
        public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar, double[] xBar, double[] zPrevBar, double[] g) {
            feat.features(t, x, f);
            gravityJacobian(model, x, gJ);
            xBar[0] += uBar[0] * gJ[0] + uBar[1] * gJ[2];
            xBar[1] += uBar[0] * gJ[1] + uBar[1] * gJ[3];
            net.backward(f, uBar, null, g);
        }

        /** u = ĝ(q) + y: x̄ += ū ∂ĝ/∂x, ȳ = ū. */
        @Override
        public void outputVjp(int t, double[] x, double[] out, double[] uBar, double[] xBar, double[] outBar) {
            gravityJacobian(model, x, gJ);
            xBar[0] += uBar[0] * gJ[0] + uBar[1] * gJ[2];
            xBar[1] += uBar[0] * gJ[1] + uBar[1] * gJ[3];
            outBar[0] = uBar[0];
            outBar[1] = uBar[1];
        }
    }

    /** ∂ĝ/∂q, 2×2 row-major, of {@link DoublePendulum#gravityTorque}. */
    static void gravityJacobian(DoublePendulum m, double[] q, double[] out) {
        double c1 = Math.cos(q[0]), c12 = Math.cos(q[0] + q[1]);
        double a = m.m2() * m.gravity() * m.l2() * c12;
        out[0] = (m.m1() + m.m2()) * m.gravity() * m.l1() * c1 + a;
        out[1] = a;
        out[2] = a;
        out[3] = a;
    }
}
