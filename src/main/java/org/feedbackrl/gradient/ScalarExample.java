package org.feedbackrl.gradient;

import org.feedbackrl.model.ScalarModel;
import org.feedbackrl.policy.OpenLoopPolicy;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.ScalarTrackingPolicy;
import org.feedbackrl.rollout.ModelPlant;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;
import org.feedbackrl.task.NegativeSquaredState;
import org.feedbackrl.task.Reward;

/**
 * The paper's running example wired together: real system (a, b), model (â, b̂), open-loop or
 * P-tracking policy, reward −x²/2 for t = 0…T.
 */
public final class ScalarExample {
    /** The two policy classes of §5 and §6. */
    public enum PolicyClass { OPEN_LOOP, TRACKING }

    public final ScalarModel real;
    public final ScalarModel model;
    public final Policy policy;
    public final Reward reward = new NegativeSquaredState();
    public final int horizon;
    private final Unroller unroller = new Unroller(1, 1, 0);
    private final CostateEstimator estimator;
    private final ModelPlant plant;

    /**
     * @param a, b   real system coefficients
     * @param aHat, bHat model coefficients
     * @param k      tracking gain (ignored for open loop)
     * @param cls    policy class
     * @param horizon T ≥ 1
     */
    public ScalarExample(double a, double b, double aHat, double bHat, double k, PolicyClass cls, int horizon) {
        this.real = new ScalarModel(a, b);
        this.model = new ScalarModel(aHat, bHat);
        this.horizon = horizon;
        this.policy = cls == PolicyClass.OPEN_LOOP ? new OpenLoopPolicy(1, 1, horizon) : new ScalarTrackingPolicy(k, horizon);
        this.estimator = new CostateEstimator(model, policy.paramDim(), 0);
        this.plant = new ModelPlant(real);
    }

    /** Unrolls on the real system from x0 into r. */
    public void unroll(double x0, Rollout r) {
        unroller.run(plant, policy, reward, new double[] {x0}, 0L, r);
    }

    public Rollout newRollout() { return new Rollout(1, 1, 0, horizon); }

    /**
     * Unrolls from x0 and writes the model-based estimate into g (overwritten).
     * @return J of the real trajectory
     */
    public double gradient(double x0, Rollout r, double[] g) {
        unroll(x0, r);
        java.util.Arrays.fill(g, 0.0);
        return estimator.accumulate(r, policy, reward, g);
    }
}
