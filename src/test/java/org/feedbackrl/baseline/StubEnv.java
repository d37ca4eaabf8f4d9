package org.feedbackrl.baseline;

/** A tiny deterministic environment for tests: s' = 0.9 s + 0.1·(a, a, …), r = −|s|², episodes of 5 steps. */
final class StubEnv implements Env {
    private final int od, ad;
    private final double[] s;
    private int t;

    StubEnv(int od, int ad) {
        this.od = od;
        this.ad = ad;
        this.s = new double[od];
    }

    @Override public String name() { return "stub"; }
    @Override public int obsDim() { return od; }
    @Override public int actDim() { return ad; }
    @Override public double actionLow(int i) { return -1 - i; }
    @Override public double actionHigh(int i) { return 1 + 2 * i; }
    @Override public int maxEpisodeSteps() { return 5; }

    @Override
    public void reset(Rng rng, double[] obs) {
        for (int i = 0; i < od; i++) s[i] = rng.nextDouble(-1, 1);
        t = 0;
        System.arraycopy(s, 0, obs, 0, od);
    }

    @Override
    public double step(double[] action, double[] nextObs) {
        double r = 0;
        for (int i = 0; i < od; i++) {
            r -= s[i] * s[i];
            s[i] = 0.9 * s[i] + 0.1 * action[i % ad];
        }
        t++;
        System.arraycopy(s, 0, nextObs, 0, od);
        return r;
    }

    @Override public boolean terminated() { return false; }
    @Override public boolean truncated() { return t >= 5; }
    @Override public double lastStepSeconds() { return 0.1; }
    @Override public double episodeSeconds() { return 0.5; }
}
