package org.feedbackrl.baseline;

/**
 * Every hyperparameter of {@link Ppo}, one flag each of {@code feedbackrl baseline ppo}. Defaults:
 * Stable-Baselines3's PPO ({@code sb3.PPO} with its {@code MlpPolicy}: separate 64×64 tanh policy and
 * value networks, orthogonal init, state-independent log σ, Adam ε = 1e-5) and, for Pendulum-v1,
 * rl-zoo3's tuned entry (4 environments, 1024 steps each, γ = 0.9, λ = 0.95, 10 epochs, lr 1e-3) —
 * without its generalised state-dependent exploration (gSDE), which is not implemented here.
 *
 * @param hidden            hidden widths of the policy and the value network
 * @param activation        hidden activation
 * @param lr                Adam step size
 * @param nEnvs             environments stepped in lockstep
 * @param nSteps            steps per environment per rollout
 * @param batchSize         minibatch size
 * @param nEpochs           passes over each rollout
 * @param gamma             discount
 * @param gaeLambda         GAE λ
 * @param clipRange         ε of the clipped surrogate
 * @param entCoef           entropy bonus weight
 * @param vfCoef            value-loss weight
 * @param maxGradNorm       global gradient-norm clip
 * @param logStdInit        initial log σ
 * @param normalizeObs      running observation normalisation
 * @param normalizeReward   running return-scale reward normalisation
 * @param normalizeAdvantage per-minibatch advantage standardisation
 */
public record PpoConfig(
        @Help("hidden widths of the policy and of the value network (SB3 64,64)") int[] hidden,
        @Help("hidden activation: tanh (SB3), relu or swish") String activation,
        @Help("Adam step size (SB3 3e-4; rl-zoo3 Pendulum-v1 1e-3)") double lr,
        @Help("environments stepped in lockstep (SB3 1; rl-zoo3 Pendulum-v1 4)") int nEnvs,
        @Help("steps per environment per rollout (SB3 2048; rl-zoo3 Pendulum-v1 1024)") int nSteps,
        @Help("minibatch size (SB3 64)") int batchSize,
        @Help("epochs over each rollout (SB3 10)") int nEpochs,
        @Help("discount factor (SB3 0.99; rl-zoo3 Pendulum-v1 0.9)") double gamma,
        @Help("GAE lambda (SB3 0.95)") double gaeLambda,
        @Help("clip range epsilon of the surrogate (SB3 0.2)") double clipRange,
        @Help("entropy bonus coefficient (SB3 0.0)") double entCoef,
        @Help("value loss coefficient (SB3 0.5)") double vfCoef,
        @Help("global gradient-norm clip (SB3 0.5)") double maxGradNorm,
        @Help("initial log standard deviation of the Gaussian policy (SB3 0.0)") double logStdInit,
        @Help("running observation normalisation, VecNormalize (rl-zoo3 normalize: true for most continuous tasks; off for Pendulum-v1)") boolean normalizeObs,
        @Help("running reward normalisation by the return's scale, VecNormalize (on with normalize: true)") boolean normalizeReward,
        @Help("standardise advantages per minibatch (SB3 true)") boolean normalizeAdvantage) {

    public PpoConfig {
        if (hidden.length == 0) throw new IllegalArgumentException("--hidden needs at least one width");
        for (int h : hidden) if (h < 1 || h > 4096) throw new IllegalArgumentException("--hidden widths must be in 1..4096, got " + h);
        Net.Activation.valueOf(activation.toUpperCase(java.util.Locale.ROOT));
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (nEnvs < 1 || nEnvs > 256) throw new IllegalArgumentException("--n-envs must be in 1..256, got " + nEnvs);
        if (nSteps < 1) throw new IllegalArgumentException("--n-steps must be ≥ 1, got " + nSteps);
        if (batchSize < 2) throw new IllegalArgumentException("--batch-size must be ≥ 2, got " + batchSize);
        if (nEpochs < 1) throw new IllegalArgumentException("--n-epochs must be ≥ 1, got " + nEpochs);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("--gamma must be in [0, 1], got " + gamma);
        if (!(gaeLambda >= 0 && gaeLambda <= 1)) throw new IllegalArgumentException("--gae-lambda must be in [0, 1], got " + gaeLambda);
        if (!(clipRange > 0)) throw new IllegalArgumentException("--clip-range must be positive, got " + clipRange);
        if (!(entCoef >= 0) || !(vfCoef >= 0)) throw new IllegalArgumentException("--ent-coef and --vf-coef must be ≥ 0");
        if (!(maxGradNorm > 0)) throw new IllegalArgumentException("--max-grad-norm must be positive, got " + maxGradNorm);
        if (!Double.isFinite(logStdInit)) throw new IllegalArgumentException("--log-std-init must be finite");
    }

    /** SB3's PPO defaults (with VecNormalize of observations and rewards, rl-zoo3's normalize: true). */
    public static PpoConfig sb3() {
        return new PpoConfig(new int[] {64, 64}, "tanh", 3e-4, 1, 2048, 64, 10, 0.99, 0.95, 0.2, 0.0, 0.5, 0.5, 0.0,
                true, true, true);
    }

    /** rl-zoo3's tuned Pendulum-v1 entry (without gSDE, without normalisation, as there). */
    public static PpoConfig pendulum() {
        return new PpoConfig(new int[] {64, 64}, "tanh", 1e-3, 4, 1024, 64, 10, 0.9, 0.95, 0.2, 0.0, 0.5, 0.5, 0.0,
                false, false, true);
    }

    /** The defaults for an environment: {@link #pendulum()} for pendulum-v1, {@link #sb3()} for the car. */
    public static PpoConfig defaults(String env) {
        return env.equals("pendulum-v1") ? pendulum() : sb3();
    }

    public Net.Activation act() { return Net.Activation.valueOf(activation.toUpperCase(java.util.Locale.ROOT)); }
}
