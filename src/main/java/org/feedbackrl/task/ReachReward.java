package org.feedbackrl.task;

import org.feedbackrl.model.DoublePendulum;

/**
 * The pendulum task (paper §7): bring the end effector to a target point.
 * R_t = −‖p(q_t) − p*‖² (Euclidean distance, squared for smoothness) for t = 0…T; inputs free.
 */
public final class ReachReward implements Reward {
    private final DoublePendulum kin;
    private final double tx, ty;
    private final double[] p = new double[2], jac = new double[4];

    /**
     * @param kinematics any pendulum with the right link lengths (masses unused)
     * @param tx, ty     target point [m], base joint at the origin, y up
     */
    public ReachReward(DoublePendulum kinematics, double tx, double ty) {
        this.kin = kinematics;
        this.tx = tx;
        this.ty = ty;
    }

    public double targetX() { return tx; }
    public double targetY() { return ty; }

    /** Distance of the end effector to the target [m]. */
    public double distance(double[] x) {
        kin.endEffector(x, p);
        return Math.hypot(p[0] - tx, p[1] - ty);
    }

    @Override
    public double stage(int t, double[] x, double[] u, double[] gx, double[] gu) {
        java.util.Arrays.fill(gu, 0.0);
        return terminal(x, gx);
    }

    @Override
    public double terminal(double[] x, double[] gx) {
        kin.endEffector(x, p);
        kin.endEffectorJacobian(x, jac);
        double ex = p[0] - tx, ey = p[1] - ty;
        java.util.Arrays.fill(gx, 0.0);
        gx[0] = -2 * (ex * jac[0] + ey * jac[2]);
        gx[1] = -2 * (ex * jac[1] + ey * jac[3]);
        return -(ex * ex + ey * ey);
    }
}
