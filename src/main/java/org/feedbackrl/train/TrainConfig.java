package org.feedbackrl.train;

import java.nio.file.Path;

/**
 * Every hyperparameter of a training run (Algorithm 1), one field per CLI option of
 * {@code feedbackrl train}. Zero for horizon/batch/iterations/lr/callEvery means "the system's default".
 *
 * @param system     car, go1, pendulum or scalar
 * @param plant      what the policy runs on: "model" (F = F̂), "sim" (the high-fidelity stand-in), ...
 * @param iterations K, number of policy updates (≥ 1)
 * @param batch      N, rollouts per update (≥ 1)
 * @param lr         step size α (&gt; 0)
 * @param optimizer  adam or sgd
 * @param clip       global-norm clip of ĝ (0 = off)
 * @param seed       seed of every random choice (network init, initial states, plant noise)
 * @param noFeedback the ablation class: the network outputs the inputs directly (no tracking controller)
 * @param out        run directory (metrics.csv, checkpoints/)
 * @param resume     continue from the last good checkpoint in {@code out}
 * @param horizon    T, control steps per rollout (0 = one lap / the task's default)
 * @param hidden     width of the two hidden layers
 * @param model      the model the estimator differentiates: "default" (eq. 11 for the car, eq. 12 for the
 *                   Go1, the half-mass pendulum) or, for the car, "authors:S" — the authors' reality with
 *                   its parameters scaled by S (their mismatch study: S = 1, 0.75, 0.5, 0.25)
 * @param threads    threads that run the rollouts of a batch in parallel (≥ 1), each on its own instance
 *                   of the plant; only simulated plants are replicated (a hardware plant is one robot:
 *                   its rollouts always run one after another). The results are bit-identical for every
 *                   value, so it is not part of the {@link #fingerprint()}.
 * @param record     write every rollout to {@code out/rollouts/} (durably, before anything that depends
 *                   on it is checkpointed). Off only for simulated plants, whose rollouts can be simulated
 *                   again from the seed (the pendulum sweep, which would delete them anyway); the trainer
 *                   refuses it for a hardware plant. Not part of the fingerprint.
 */
public record TrainConfig(String system, String plant, int iterations, int batch, double lr, String optimizer,
                          double clip, long seed, boolean noFeedback, Path out, boolean resume, int horizon, int hidden,
                          String model, int threads, boolean record) {

    public TrainConfig {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }

    /** A single-threaded configuration. */
    public TrainConfig(String system, String plant, int iterations, int batch, double lr, String optimizer,
                       double clip, long seed, boolean noFeedback, Path out, boolean resume, int horizon, int hidden, String model) {
        this(system, plant, iterations, batch, lr, optimizer, clip, seed, noFeedback, out, resume, horizon, hidden, model, 1, true);
    }

    /** A single-threaded configuration with the system's default model. */
    public TrainConfig(String system, String plant, int iterations, int batch, double lr, String optimizer,
                       double clip, long seed, boolean noFeedback, Path out, boolean resume, int horizon, int hidden) {
        this(system, plant, iterations, batch, lr, optimizer, clip, seed, noFeedback, out, resume, horizon, hidden, "default", 1, true);
    }

    /** The same run in another directory (for sweeps). */
    public TrainConfig withOut(Path dir) {
        return new TrainConfig(system, plant, iterations, batch, lr, optimizer, clip, seed, noFeedback, dir, resume, horizon, hidden, model, threads, record);
    }

    /** The same run with n rollout threads. */
    public TrainConfig withThreads(int n) {
        return new TrainConfig(system, plant, iterations, batch, lr, optimizer, clip, seed, noFeedback, out, resume, horizon, hidden, model, n, record);
    }

    /** The same run, recording its rollouts or not. */
    public TrainConfig withRecord(boolean on) {
        return new TrainConfig(system, plant, iterations, batch, lr, optimizer, clip, seed, noFeedback, out, resume, horizon, hidden, model, threads, on);
    }

    /** A stable text of the settings that must match for --resume to continue a run. */
    public String fingerprint() {
        return "system=" + system + ";plant=" + plant + ";batch=" + batch + ";lr=" + lr + ";optimizer=" + optimizer
                + ";clip=" + clip + ";seed=" + seed + ";noFeedback=" + noFeedback + ";horizon=" + horizon + ";hidden=" + hidden + ";model=" + model;
    }

    /** The same run on another plant (e.g. "model" to build the policy without opening hardware). */
    public TrainConfig withPlant(String otherPlant) {
        return new TrainConfig(system, otherPlant, iterations, batch, lr, optimizer, clip, seed, noFeedback, out, resume, horizon, hidden, model, threads, record);
    }

    /**
     * The inverse of {@link #fingerprint()} (used to rebuild a trained policy from its checkpoint):
     * the settings a checkpoint was made with. The fingerprint does not hold the iteration count,
     * so {@code iterations} is 1; {@code out} is the run directory given. Keep this next to
     * {@link #fingerprint()}: a fingerprint this method cannot reproduce exactly is rejected.
     *
     * @param fingerprint the text stored in a checkpoint
     * @param out         run directory to record in the config
     * @throws IllegalArgumentException naming what cannot be read
     */
    public static TrainConfig fromFingerprint(String fingerprint, Path out) {
        java.util.Map<String, String> kv = new java.util.LinkedHashMap<>();
        for (String part : fingerprint.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("settings fingerprint has a malformed entry '" + part + "'");
            if (kv.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("settings fingerprint repeats '" + part.substring(0, eq) + "'");
            }
        }
        TrainConfig c;
        try {
            c = new TrainConfig(need(kv, "system"), need(kv, "plant"), 1, Integer.parseInt(need(kv, "batch")),
                    Double.parseDouble(need(kv, "lr")), need(kv, "optimizer"), Double.parseDouble(need(kv, "clip")),
                    Long.parseLong(need(kv, "seed")), Boolean.parseBoolean(need(kv, "noFeedback")), out, false,
                    Integer.parseInt(need(kv, "horizon")), Integer.parseInt(need(kv, "hidden")), need(kv, "model"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("settings fingerprint has a value that is not a number (" + e.getMessage() + ")");
        }
        if (!c.fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("settings fingerprint '" + fingerprint + "' is not one this version writes (it would read back as '"
                    + c.fingerprint() + "')");
        }
        if (c.hidden() < 1 || c.hidden() > 4096) throw new IllegalArgumentException("settings fingerprint has hidden=" + c.hidden() + " (must be 1..4096)");
        if (c.horizon() < 0) throw new IllegalArgumentException("settings fingerprint has horizon=" + c.horizon() + " (must be ≥ 0)");
        return c;
    }

    private static String need(java.util.Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) throw new IllegalArgumentException("settings fingerprint has no '" + key + "'");
        return v;
    }
}
