package org.feedbackrl.baseline;

/**
 * Model-Based Policy Optimization: Janner, Fu, Zhang &amp; Levine, "When to Trust Your Model:
 * Model-Based Policy Optimization" (NeurIPS 2019), Algorithm 2, as in the authors' code
 * ({@code mbpo/algorithms/mbpo.py}):
 * <pre>
 *   explore with uniformly random actions for a few steps (D_env)
 *   every epoch of E steps, every model_train_freq steps of it:
 *       train the probabilistic ensemble p_θ on D_env (by maximum likelihood, {@link Ensemble#train})
 *       from M states drawn uniformly from D_env, roll out the policy in the model for k steps
 *       (each step through a randomly chosen elite member, sampling its Gaussian) into D_model
 *   each environment step: act with π (a sample), add the transition to D_env;
 *       G gradient steps of SAC on minibatches drawn 5 % from D_env and 95 % from D_model
 * </pre>
 * Short branched rollouts (k = 1 for the inverted-pendulum configuration) keep the model's
 * compounding error small (§4.3, Theorem 4.3). The policy optimizer is {@link Sac}. The model
 * predicts the reward and the change of observation; neither task terminates.
 */
public final class Mbpo implements Agent {
    final MbpoConfig c;
    private final Env env;
    private final Rng rng;
    final Sac sac;
    final Ensemble model;
    final ReplayBuffer real;
    ReplayBuffer modelBuf;
    private final Batch batch;
    private final int od, ad, nReal;
    private final double[] obs, next, a, aEnv, evalA;
    // rollout scratch (rolloutBatchSize rows)
    private final double[] roObs, roAct, roX, roMean, roVar, gx, gMean, gVar;
    private final int[] roMember, gIdx;
    private long steps;
    private int modelTrainings, lastEpochs, rolloutLength;

    public Mbpo(MbpoConfig c, Env env, long maxSteps, Rng rng) {
        this.c = c;
        this.env = env;
        this.rng = rng;
        od = env.obsDim();
        ad = env.actDim();
        double[] low = new double[ad], high = new double[ad];
        for (int j = 0; j < ad; j++) { low[j] = env.actionLow(j); high[j] = env.actionHigh(j); }
        sac = new Sac(c.sac(), od, ad, low, high, rng);
        model = new Ensemble(c.ensembleSize(), c.elites(), od + ad, 1 + od, c.modelHidden(), c.modelLr(), c.modelBatch(), rng);
        real = new ReplayBuffer((int) Math.max(1, Math.min(maxSteps, 1_000_000)), od, ad);
        batch = new Batch(c.sacBatch(), od, ad);
        nReal = (int) (c.sacBatch() * c.realRatio());
        obs = new double[od];
        next = new double[od];
        a = new double[ad];
        aEnv = new double[ad];
        evalA = new double[ad];
        int M = c.rolloutBatchSize();
        roObs = new double[M * od];
        roAct = new double[M * ad];
        roX = new double[M * (od + ad)];
        roMean = new double[M * (1 + od)];
        roVar = new double[M * (1 + od)];
        gx = new double[M * (od + ad)];
        gMean = new double[M * (1 + od)];
        gVar = new double[M * (1 + od)];
        roMember = new int[M];
        gIdx = new int[M];
        env.reset(rng, obs);
    }

    @Override public long steps() { return steps; }

    /** @return model trainings so far */
    public int modelTrainings() { return modelTrainings; }

    /** @return epochs of the last model training */
    public int lastModelEpochs() { return lastEpochs; }

    @Override
    public double trainStep() {
        if (steps < c.initialExplorationSteps()) {
            for (int j = 0; j < ad; j++) aEnv[j] = rng.nextDouble(env.actionLow(j), env.actionHigh(j));
            sac.fromEnv(aEnv, a);
        } else {
            long t = steps - c.initialExplorationSteps();
            int epoch = (int) (t / c.epochLength());
            if ((t % c.epochLength()) % c.modelTrainFreq() == 0) {
                trainModel();
                rolloutLength = c.rolloutLength(epoch);
                reallocateModelPool();
                rolloutModel();
            }
            sac.act(obs, false, rng, a);
            sac.toEnv(a, aEnv);
        }
        double r = env.step(aEnv, next);
        real.add(obs, 0, a, 0, r, next, 0, env.terminated());
        if (env.terminated() || env.truncated()) env.reset(rng, obs);
        else System.arraycopy(next, 0, obs, 0, od);
        steps++;
        if (steps > c.initialExplorationSteps() && modelBuf != null && modelBuf.size() > 0) {
            for (int g = 0; g < c.nTrainRepeat(); g++) {
                mixedBatch();
                sac.update(batch, rng);
            }
        }
        return env.lastStepSeconds();
    }

    /** A SAC minibatch: int(B · real_ratio) rows from D_env, the rest from D_model. */
    void mixedBatch() {
        real.sample(rng, nReal, batch, 0);
        modelBuf.sample(rng, batch.size - nReal, batch, nReal);
    }

    /** Trains the ensemble on every real transition: inputs (s, a), targets (r, s' − s). */
    void trainModel() {
        int n = real.size(), in = od + ad, D = 1 + od;
        double[] x = new double[n * in], y = new double[n * D];
        for (int i = 0; i < n; i++) {
            System.arraycopy(real.obs, i * od, x, i * in, od);
            System.arraycopy(real.act, i * ad, x, i * in + od, ad);
            y[i * D] = real.rew[i];
            for (int j = 0; j < od; j++) y[i * D + 1 + j] = real.next[i * od + j] - real.obs[i * od + j];
        }
        lastEpochs = model.train(x, y, n, rng, c.holdoutRatio(), c.maxHoldout(), c.maxEpochsSinceUpdate(), c.maxModelEpochs());
        modelTrainings++;
    }

    /** mbpo's _reallocate_model_pool: retain_epochs × rollouts per epoch × rollout length, keeping the newest samples. */
    private void reallocateModelPool() {
        long perEpoch = (long) c.rolloutBatchSize() * c.epochLength() / c.modelTrainFreq();
        int size = (int) Math.min(Integer.MAX_VALUE / 64, (long) c.retainEpochs() * perEpoch * rolloutLength);
        if (modelBuf != null && modelBuf.capacity() == size) return;
        ReplayBuffer nb = new ReplayBuffer(size, od, ad);
        if (modelBuf != null) {
            int keep = Math.min(modelBuf.size(), size);
            Batch one = new Batch(1, od, ad);
            for (int k = keep; k >= 1; k--) {
                int i = Math.floorMod(modelBuf.pos - k, modelBuf.capacity());
                modelBuf.copyRow(i, one, 0);
                nb.add(one.obs, 0, one.act, 0, one.rew[0], one.next, 0, one.done[0] != 0);
            }
        }
        modelBuf = nb;
    }

    /** Branched rollouts of length k from M real states through random elites (FakeEnv.step). */
    void rolloutModel() {
        int M = c.rolloutBatchSize(), in = od + ad, D = 1 + od;
        for (int k = 0; k < M; k++) {
            int i = rng.nextInt(real.size());
            System.arraycopy(real.obs, i * od, roObs, k * od, od);
        }
        for (int step = 0; step < rolloutLength; step++) {
            sac.sampleActions(M, roObs, rng, roAct);
            for (int k = 0; k < M; k++) {
                System.arraycopy(roObs, k * od, roX, k * in, od);
                System.arraycopy(roAct, k * ad, roX, k * in + od, ad);
                roMember[k] = model.elites[rng.nextInt(model.nElites)];
            }
            // Each sample through its member: gather per member, predict, scatter.
            for (int b = 0; b < model.members; b++) {
                int cnt = 0;
                for (int k = 0; k < M; k++) {
                    if (roMember[k] != b) continue;
                    gIdx[cnt] = k;
                    System.arraycopy(roX, k * in, gx, cnt * in, in);
                    cnt++;
                }
                if (cnt == 0) continue;
                model.predict(b, cnt, gx, 0, gMean, gVar);
                for (int q = 0; q < cnt; q++) {
                    System.arraycopy(gMean, q * D, roMean, gIdx[q] * D, D);
                    System.arraycopy(gVar, q * D, roVar, gIdx[q] * D, D);
                }
            }
            for (int k = 0; k < M; k++) {
                double rew = sample(roMean[k * D], roVar[k * D]);
                for (int j = 0; j < od; j++) next[j] = roObs[k * od + j] + sample(roMean[k * D + 1 + j], roVar[k * D + 1 + j]);
                modelBuf.add(roObs, k * od, roAct, k * ad, rew, next, 0, false);
                System.arraycopy(next, 0, roObs, k * od, od);
            }
        }
    }

    private double sample(double mean, double var) {
        return c.deterministicModel() ? mean : mean + Math.sqrt(var) * rng.nextGaussian();
    }

    @Override
    public void evalAction(double[] o, double[] envAction) {
        sac.act(o, true, null, evalA);
        sac.toEnv(evalA, envAction);
    }
}
