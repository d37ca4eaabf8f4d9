package org.feedbackrl.baseline;

/** Random minibatches for tests. */
final class SacGradientTestAccess {
    private SacGradientTestAccess() {}

    static Batch randomBatch(int n, int od, int ad, long seed) {
        Rng rng = new Rng(seed);
        Batch b = new Batch(n, od, ad);
        for (int i = 0; i < b.obs.length; i++) { b.obs[i] = rng.nextGaussian(); b.next[i] = rng.nextGaussian(); }
        for (int i = 0; i < b.act.length; i++) b.act[i] = rng.nextDouble(-0.99, 0.99);
        for (int i = 0; i < n; i++) { b.rew[i] = rng.nextGaussian(); b.done[i] = i % 5 == 0 ? 1 : 0; }
        return b;
    }
}
