package org.feedbackrl.baseline;

/**
 * Every hyperparameter of {@link Mbpo}, one flag each of {@code feedbackrl baseline mbpo}. Defaults:
 * the authors' code (github.com/jannerm/mbpo) — its base settings (7 members, 5 elites, 4 × 200 swish
 * networks, holdout 20 %, rollouts from 100 000 real states every 250 steps, real ratio 0.05, SAC
 * with 256 × 256 networks, lr 3e-4, τ = 5e-3, γ = 0.99) with its {@code inverted_pendulum} entry,
 * the closest of its tasks to both of ours (short horizon, low-dimensional): epochs of 250 steps,
 * rollout length 1 throughout (schedule 1, 15, 1, 1), 10 SAC updates per environment step, 500
 * initial exploration steps. Its target entropy −0.05 is for a 1-D action: we use the SAC default
 * −dim(A) for the car and the inverted pendulum's −0.05 for Pendulum-v1.
 */
public record MbpoConfig(
        @Help("ensemble members (MBPO 7)") int ensembleSize,
        @Help("elite members used in model rollouts (MBPO 5)") int elites,
        @Help("hidden widths of each dynamics network, swish (MBPO 200,200,200,200)") int[] modelHidden,
        @Help("Adam step size of the model (MBPO 1e-3)") double modelLr,
        @Help("model minibatch size (MBPO 256)") int modelBatch,
        @Help("fraction of the data held out to stop model training (MBPO 0.2)") double holdoutRatio,
        @Help("largest holdout set (MBPO 5000)") int maxHoldout,
        @Help("stop model training after this many epochs without a 1% holdout improvement (MBPO 5)") int maxEpochsSinceUpdate,
        @Help("cap on model epochs per training, 0 = none (MBPO none)") int maxModelEpochs,
        @Help("environment steps between model trainings and rollouts (MBPO 250)") int modelTrainFreq,
        @Help("epoch length in environment steps, for the rollout-length schedule (MBPO inverted_pendulum 250)") int epochLength,
        @Help("model rollouts started from real states at each training (MBPO 100000)") int rolloutBatchSize,
        @Help("rollout length schedule min_epoch,max_epoch,min_length,max_length (MBPO inverted_pendulum 1,15,1,1)") int[] rolloutSchedule,
        @Help("epochs of model rollouts kept in the model buffer (MBPO inverted_pendulum 1)") int retainEpochs,
        @Help("fraction of real transitions in each SAC minibatch (MBPO 0.05)") double realRatio,
        @Help("SAC updates per environment step (MBPO inverted_pendulum 10)") int nTrainRepeat,
        @Help("environment steps of uniformly random actions first (MBPO inverted_pendulum 500)") int initialExplorationSteps,
        @Help("model rollouts use the mean instead of sampling (MBPO false)") boolean deterministicModel,
        @Help("hidden widths of SAC's actor and critics (MBPO 256,256)") int[] sacHidden,
        @Help("SAC Adam step size (MBPO 3e-4)") double sacLr,
        @Help("SAC minibatch size (MBPO 256)") int sacBatch,
        @Help("SAC Polyak rate (MBPO 5e-3)") double tau,
        @Help("discount factor (MBPO 0.99)") double gamma,
        @Help("SAC target entropy; nan = -dim(action) (MBPO 'auto'; inverted_pendulum -0.05)") double targetEntropy) {

    public MbpoConfig {
        if (ensembleSize < 1 || ensembleSize > 64) throw new IllegalArgumentException("--ensemble-size must be in 1..64, got " + ensembleSize);
        if (elites < 1 || elites > ensembleSize) throw new IllegalArgumentException("--elites must be in 1..--ensemble-size, got " + elites);
        if (modelHidden.length == 0) throw new IllegalArgumentException("--model-hidden needs at least one width");
        for (int h : modelHidden) if (h < 1 || h > 4096) throw new IllegalArgumentException("--model-hidden widths must be in 1..4096, got " + h);
        for (int h : sacHidden) if (h < 1 || h > 4096) throw new IllegalArgumentException("--sac-hidden widths must be in 1..4096, got " + h);
        if (!(modelLr > 0) || !(sacLr > 0)) throw new IllegalArgumentException("learning rates must be positive");
        if (modelBatch < 1 || sacBatch < 2) throw new IllegalArgumentException("batch sizes must be positive (SAC's ≥ 2)");
        if (!(holdoutRatio >= 0 && holdoutRatio < 1)) throw new IllegalArgumentException("--holdout-ratio must be in [0, 1), got " + holdoutRatio);
        if (maxHoldout < 0 || maxEpochsSinceUpdate < 0 || maxModelEpochs < 0) throw new IllegalArgumentException("holdout and epoch limits must be ≥ 0");
        if (modelTrainFreq < 1 || epochLength < 1 || rolloutBatchSize < 1 || retainEpochs < 1) {
            throw new IllegalArgumentException("--model-train-freq, --epoch-length, --rollout-batch-size and --retain-epochs must be ≥ 1");
        }
        if (rolloutSchedule.length != 4 || rolloutSchedule[2] < 1 || rolloutSchedule[3] < 1 || rolloutSchedule[1] <= rolloutSchedule[0]) {
            throw new IllegalArgumentException("--rollout-schedule needs min_epoch,max_epoch,min_length,max_length with max_epoch > min_epoch and lengths ≥ 1");
        }
        if (!(realRatio >= 0 && realRatio <= 1)) throw new IllegalArgumentException("--real-ratio must be in [0, 1], got " + realRatio);
        if (nTrainRepeat < 0 || initialExplorationSteps < 0) throw new IllegalArgumentException("--n-train-repeat and --initial-exploration-steps must be ≥ 0");
        if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("--tau must be in (0, 1], got " + tau);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("--gamma must be in [0, 1], got " + gamma);
    }

    /** MBPO's defaults with its inverted_pendulum entry, target entropy −dim(A) (see the class comment). */
    public static MbpoConfig car() {
        return new MbpoConfig(7, 5, new int[] {200, 200, 200, 200}, 1e-3, 256, 0.2, 5000, 5, 0, 250, 250, 100_000,
                new int[] {1, 15, 1, 1}, 1, 0.05, 10, 500, false, new int[] {256, 256}, 3e-4, 256, 5e-3, 0.99, Double.NaN);
    }

    /** The inverted_pendulum entry as published (target entropy −0.05 for the 1-D torque). */
    public static MbpoConfig pendulum() {
        MbpoConfig c = car();
        return new MbpoConfig(c.ensembleSize, c.elites, c.modelHidden, c.modelLr, c.modelBatch, c.holdoutRatio, c.maxHoldout,
                c.maxEpochsSinceUpdate, c.maxModelEpochs, c.modelTrainFreq, c.epochLength, c.rolloutBatchSize, c.rolloutSchedule,
                c.retainEpochs, c.realRatio, c.nTrainRepeat, c.initialExplorationSteps, c.deterministicModel, c.sacHidden, c.sacLr,
                c.sacBatch, c.tau, c.gamma, -0.05);
    }

    public static MbpoConfig defaults(String env) {
        return env.equals("pendulum-v1") ? pendulum() : car();
    }

    /** The SAC inside MBPO. */
    public SacConfig sac() {
        return new SacConfig(sacHidden, "relu", sacLr, 1, 0, sacBatch, tau, gamma, 1, 1, 1.0, targetEntropy);
    }

    /** Rollout length at an epoch (mbpo's _set_rollout_length: linear from min to max length between the epochs). */
    public int rolloutLength(int epoch) {
        int minE = rolloutSchedule[0], maxE = rolloutSchedule[1], minL = rolloutSchedule[2], maxL = rolloutSchedule[3];
        if (epoch <= minE) return minL;
        double dx = Math.min((double) (epoch - minE) / (maxE - minE), 1.0);
        return (int) (dx * (maxL - minL) + minL);
    }
}
