package org.feedbackrl.policy;

/**
 * The vectorized {@link Mlp} as a policy's {@link Network}: single-sample calls with one
 * preallocated workspace. The backward pass recomputes the forward at its input (one small MLP
 * evaluation), so the costate pass can visit steps in any order without storing activations.
 */
public final class MlpNetwork implements Network {
    private final Mlp mlp;
    private final Mlp.Workspace ws;
    private final double[] scratch;

    public MlpNetwork(Mlp mlp) {
        if (mlp.offset() != 0 || mlp.params().length != mlp.paramCount()) {
            throw new IllegalArgumentException("MlpNetwork needs an Mlp that owns its whole parameter array");
        }
        this.mlp = mlp;
        this.ws = mlp.newWorkspace(1);
        this.scratch = new double[mlp.outputs()];
    }

    /**
     * inputs → hidden → hidden → outputs, Glorot hidden layers, zero output layer, per-output scale.
     *
     * @param seed initialisation seed
     */
    public static MlpNetwork create(int inputs, int hidden, double[] scale, long seed) {
        return new MlpNetwork(Mlp.create(inputs, new int[] {hidden, hidden}, scale.length, scale, seed));
    }

    public Mlp mlp() { return mlp; }

    @Override public int inputDim() { return mlp.inputs(); }
    @Override public int outputDim() { return mlp.outputs(); }
    @Override public int paramDim() { return mlp.paramCount(); }
    @Override public double[] params() { return mlp.params(); }

    @Override
    public void forward(double[] in, double[] out) {
        mlp.forward(in, out, ws);
    }

    @Override
    public void backward(double[] in, double[] outBar, double[] inBar, double[] g) {
        mlp.forward(in, scratch, ws);
        if (inBar != null) java.util.Arrays.fill(inBar, 0.0);
        mlp.backward(ws, outBar, inBar, g);
    }
}
