package org.feedbackrl.policy;

/**
 * The "no feedback" ablation for the figure-8 tasks: the network outputs the inputs directly from
 * time features, u_t = N(φ(t)); K_t = 0, so nothing corrects a drift (paper §5, "open loop").
 */
public final class DirectPolicy implements TimeNetworkPolicy {
    private final Network net;
    private final Features feat;
    private final int n;
    private final double[] f;

    public DirectPolicy(int n, Network network, Features features) {
        if (features.readsState()) throw new IllegalArgumentException("the no-feedback class reads time only");
        this.n = n;
        this.net = network;
        this.feat = features;
        this.f = new double[features.dim()];
    }

    @Override public int stateDim() { return n; }
    @Override public int inputDim() { return net.outputDim(); }
    @Override public int paramDim() { return net.paramDim(); }
    @Override public double[] params() { return net.params(); }
    @Override public Network network() { return net; }
    @Override public Features features() { return feat; }

    @Override
    public void act(int t, double[] x, double[] zPrev, double[] z, double[] u) {
        feat.features(t, x, f);
        net.forward(f, u);
    }

    @Override
    public void vjp(int t, double[] x, double[] zPrev, double[] uBar, double[] zBar, double[] xBar, double[] zPrevBar, double[] g) {
        feat.features(t, x, f);
        net.backward(f, uBar, null, g);
    }

    /** u_t = y_t: ȳ = ū, and u does not depend on x. */
    @Override
    public void outputVjp(int t, double[] x, double[] y, double[] uBar, double[] xBar, double[] yBar) {
        System.arraycopy(uBar, 0, yBar, 0, yBar.length);
    }
}
