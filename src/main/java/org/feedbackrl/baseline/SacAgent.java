package org.feedbackrl.baseline;

/**
 * {@link Sac} attached to one environment and a replay buffer, stepping as SB3's
 * {@code OffPolicyAlgorithm.learn} does: uniformly random actions for the first
 * {@code learningStarts} steps, then samples of the policy; after each step past
 * {@code learningStarts}, every {@code trainFreq} steps, {@code gradientSteps} updates on uniform
 * minibatches of the buffer. Time-limit cuts are stored as non-terminal transitions.
 */
public final class SacAgent implements Agent {
    final Sac sac;
    private final Env env;
    final ReplayBuffer buffer;
    private final Batch batch;
    private final Rng rng;
    private final SacConfig c;
    private final double[] obs, next, a, aEnv, evalA;
    private long steps;

    public SacAgent(SacConfig c, Env env, Rng rng) {
        this.c = c;
        this.env = env;
        this.rng = rng;
        int od = env.obsDim(), ad = env.actDim();
        double[] low = new double[ad], high = new double[ad];
        for (int j = 0; j < ad; j++) { low[j] = env.actionLow(j); high[j] = env.actionHigh(j); }
        this.sac = new Sac(c, od, ad, low, high, rng);
        this.buffer = new ReplayBuffer(c.bufferSize(), od, ad);
        this.batch = new Batch(c.batchSize(), od, ad);
        obs = new double[od];
        next = new double[od];
        a = new double[ad];
        aEnv = new double[ad];
        evalA = new double[ad];
        env.reset(rng, obs);
    }

    /** The replay capacity actually needed: the configured one, capped by the steps a run can take. */
    static SacConfig capBuffer(SacConfig c, long maxSteps) {
        int cap = (int) Math.min(c.bufferSize(), Math.max(maxSteps, 1));
        return new SacConfig(c.hidden(), c.activation(), c.lr(), cap, c.learningStarts(), c.batchSize(), c.tau(), c.gamma(),
                c.trainFreq(), c.gradientSteps(), c.initEntCoef(), c.targetEntropy());
    }

    @Override
    public double trainStep() {
        if (steps < c.learningStarts()) {
            for (int j = 0; j < a.length; j++) aEnv[j] = rng.nextDouble(env.actionLow(j), env.actionHigh(j));
            sac.fromEnv(aEnv, a);
        } else {
            sac.act(obs, false, rng, a);
            sac.toEnv(a, aEnv);
        }
        double r = env.step(aEnv, next);
        buffer.add(obs, 0, a, 0, r, next, 0, env.terminated());
        if (env.terminated() || env.truncated()) env.reset(rng, obs);
        else System.arraycopy(next, 0, obs, 0, obs.length);
        steps++;
        if (steps > c.learningStarts() && steps % c.trainFreq() == 0 && buffer.size() > 0) {
            for (int g = 0; g < c.gradientSteps(); g++) {
                buffer.sample(rng, c.batchSize(), batch, 0);
                sac.update(batch, rng);
            }
        }
        return env.lastStepSeconds();
    }

    @Override public long steps() { return steps; }

    @Override
    public void evalAction(double[] o, double[] envAction) {
        sac.act(o, true, null, evalA);
        sac.toEnv(evalA, envAction);
    }
}
