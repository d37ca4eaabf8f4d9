package org.feedbackrl.rollout;

import org.feedbackrl.model.DynamicsModel;

/** Runs a {@link DynamicsModel} as the real system: with F = F̂ the estimator is exact. */
public final class ModelPlant implements Plant {
    private final DynamicsModel model;
    private final double[] x;
    private final double[] next;

    public ModelPlant(DynamicsModel model) {
        this.model = model;
        this.x = new double[model.stateDim()];
        this.next = new double[model.stateDim()];
    }

    public DynamicsModel model() { return model; }

    /** Models are immutable (their step and Jacobians write only into caller-owned arrays). */
    @Override public Plant newInstance() { return new ModelPlant(model); }

    @Override public int stateDim() { return model.stateDim(); }
    @Override public int inputDim() { return model.inputDim(); }
    @Override public double dt() { return model.dt(); }
    @Override public String name() { return "model:" + model.name(); }

    @Override
    public void reset(double[] x0, long seed) {
        System.arraycopy(x0, 0, x, 0, x.length);
    }

    @Override
    public void observe(double[] out) {
        System.arraycopy(x, 0, out, 0, x.length);
    }

    @Override
    public void step(double[] u) {
        model.step(x, u, next);
        System.arraycopy(next, 0, x, 0, x.length);
    }
}
