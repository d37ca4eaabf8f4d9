package org.feedbackrl.baseline;

/**
 * Every hyperparameter of {@link Sac}, one flag each of {@code feedbackrl baseline sac} (see
 * {@link Help}). Defaults: Stable-Baselines3's SAC ({@code sb3.SAC}, v2) — the tuned rl-zoo3 entry
 * for Pendulum-v1 changes only the learning rate to 1e-3.
 *
 * @param hidden        hidden widths of the actor and of each critic
 * @param activation    hidden activation
 * @param lr            Adam step size of actor, critics and temperature
 * @param bufferSize    replay capacity (transitions)
 * @param learningStarts steps of uniformly random actions before the first update
 * @param batchSize     minibatch size
 * @param tau           Polyak rate of the target critics
 * @param gamma         discount
 * @param trainFreq     environment steps between update rounds
 * @param gradientSteps updates per round
 * @param initEntCoef   initial temperature α
 * @param targetEntropy the entropy target H̄ of the temperature loss; NaN means −dim(A)
 */
public record SacConfig(
        @Help("hidden widths of the actor and of each critic (SB3 default net_arch 256,256)") int[] hidden,
        @Help("hidden activation: relu (SB3), tanh or swish") String activation,
        @Help("Adam step size of actor, critics and temperature (SB3 3e-4; rl-zoo3 Pendulum-v1 1e-3)") double lr,
        @Help("replay buffer capacity in transitions (SB3 1e6)") int bufferSize,
        @Help("environment steps with uniformly random actions before learning (SB3 100)") int learningStarts,
        @Help("minibatch size (SB3 256)") int batchSize,
        @Help("Polyak rate of the target critics (SB3 0.005)") double tau,
        @Help("discount factor (SB3 0.99)") double gamma,
        @Help("environment steps between update rounds (SB3 1)") int trainFreq,
        @Help("gradient steps per update round (SB3 1)") int gradientSteps,
        @Help("initial entropy temperature alpha, learned from there (SB3 ent_coef='auto': 1.0)") double initEntCoef,
        @Help("target entropy of the temperature loss; nan = -dim(action) (SB3 'auto')") double targetEntropy) {

    public SacConfig {
        if (hidden.length == 0) throw new IllegalArgumentException("--hidden needs at least one width");
        for (int h : hidden) if (h < 1 || h > 4096) throw new IllegalArgumentException("--hidden widths must be in 1..4096, got " + h);
        Net.Activation.valueOf(activation.toUpperCase(java.util.Locale.ROOT));
        if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        if (bufferSize < 1) throw new IllegalArgumentException("--buffer-size must be ≥ 1, got " + bufferSize);
        if (learningStarts < 0) throw new IllegalArgumentException("--learning-starts must be ≥ 0, got " + learningStarts);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be ≥ 1, got " + batchSize);
        if (!(tau > 0 && tau <= 1)) throw new IllegalArgumentException("--tau must be in (0, 1], got " + tau);
        if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("--gamma must be in [0, 1], got " + gamma);
        if (trainFreq < 1) throw new IllegalArgumentException("--train-freq must be ≥ 1, got " + trainFreq);
        if (gradientSteps < 0) throw new IllegalArgumentException("--gradient-steps must be ≥ 0, got " + gradientSteps);
        if (!(initEntCoef > 0) || !Double.isFinite(initEntCoef)) throw new IllegalArgumentException("--init-ent-coef must be positive, got " + initEntCoef);
    }

    /** SB3's SAC defaults. */
    public static SacConfig sb3() {
        return new SacConfig(new int[] {256, 256}, "relu", 3e-4, 1_000_000, 100, 256, 0.005, 0.99, 1, 1, 1.0, Double.NaN);
    }

    /**
     * The defaults for an environment: rl-zoo3's tuned Pendulum-v1 entry (SB3 with lr 1e-3) for
     * {@code pendulum-v1}; SB3's defaults for the car (no published tuning exists for it).
     */
    public static SacConfig defaults(String env) {
        SacConfig d = sb3();
        return env.equals("pendulum-v1") ? d.withLr(1e-3) : d;
    }

    public SacConfig withLr(double v) {
        return new SacConfig(hidden, activation, v, bufferSize, learningStarts, batchSize, tau, gamma, trainFreq, gradientSteps, initEntCoef, targetEntropy);
    }

    /** @return the activation as the enum */
    public Net.Activation act() { return Net.Activation.valueOf(activation.toUpperCase(java.util.Locale.ROOT)); }

    /** @return H̄ for an action dimension */
    public double targetEntropyFor(int actDim) { return Double.isNaN(targetEntropy) ? -actDim : targetEntropy; }
}
