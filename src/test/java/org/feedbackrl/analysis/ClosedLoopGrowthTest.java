package org.feedbackrl.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.policy.OpenLoopPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.NegativeSquaredState;
import org.junit.jupiter.api.Test;

class ClosedLoopGrowthTest {
    /** x' = A x + B u with constant A (2×2) and B (2×1). */
    record Linear2(double[] a, double[] b) implements DynamicsModel {
        public int stateDim() { return 2; }
        public int inputDim() { return 1; }
        public double dt() { return 1; }
        public String name() { return "linear2"; }
        public void step(double[] x, double[] u, double[] xn) {
            xn[0] = a[0] * x[0] + a[1] * x[1] + b[0] * u[0];
            xn[1] = a[2] * x[0] + a[3] * x[1] + b[1] * u[0];
        }
        public void jacobians(double[] x, double[] u, double[] ao, double[] bo) {
            System.arraycopy(a, 0, ao, 0, 4);
            System.arraycopy(b, 0, bo, 0, 2);
        }
        public String[] stateNames() { return new String[] {"x1", "x2"}; }
        public String[] inputNames() { return new String[] {"u"}; }
        public void sample(RandomGenerator rng, double[] x, double[] u) { }
    }

    /** For a constant closed loop ‖A^k‖^{1/k} ≤ ‖A‖ (submultiplicativity), so α = ‖A‖₂, here a non-normal A. */
    @Test
    void constantMatrixGivesItsSpectralNorm() {
        double[] a = {0.9, 2.0, 0.0, 0.5};
        Linear2 sys = new Linear2(a, new double[] {0, 1});
        int T = 30;
        OpenLoopPolicy pol = new OpenLoopPolicy(2, 1, T);
        Rollout r = new Rollout(2, 1, 0, T);
        new Unroller(2, 1, 0).run(new ModelPlant(sys), pol, new NegativeSquaredState(), new double[] {0.3, -0.2}, 0, r);
        // ‖A‖₂² = largest eigenvalue of AᵀA
        double p = a[0] * a[0] + a[2] * a[2], q = a[0] * a[1] + a[2] * a[3], s = a[1] * a[1] + a[3] * a[3];
        double norm = Math.sqrt((p + s) / 2 + Math.sqrt((p - s) * (p - s) / 4 + q * q));
        assertEquals(norm, new ClosedLoopGrowth(sys, pol).alpha(r), 1e-12);
        double[] acl = new double[4];
        new ClosedLoopGrowth(sys, pol).closedLoop(r, 3, acl);
        assertArrayEquals(a, acl, 0.0);
    }
}
