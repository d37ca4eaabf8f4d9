package org.feedbackrl.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of one method on one environment with one seed: the agent steps until it has
 * consumed {@code budgetSeconds} of simulated data, and its deterministic policy is evaluated each
 * time the data crosses a threshold of the schedule (and at the end), on a separate environment:
 * <ul>
 *   <li>car: one episode (two laps) from the start of the reference (x = y = 0, v nominal, φ = −π/2),
 *       as {@code experiment car} evaluates feedback-rl: the tracking error (mean distance to the path)
 *       and the return;</li>
 *   <li>Pendulum-v1: the mean return of 10 episodes from 10 fixed random starts (the same starts at
 *       every evaluation, drawn from a seed of their own).</li>
 * </ul>
 * Everything random derives from the seed, so a run reproduces bit for bit.
 */
public final class BaselineRun {
    /** Methods this runner knows. */
    public static final List<String> METHODS = List.of("ppo", "sac", "mbpo");

    /** Evaluation episodes on Pendulum-v1 (the honesty check: "over 10 evaluation episodes"). */
    public static final int PENDULUM_EVAL_EPISODES = 10;

    /**
     * One evaluation.
     *
     * @param steps         environment steps taken (all training environments)
     * @param dataSeconds   simulated seconds of data consumed
     * @param trackingError mean distance to the path [m] (car; NaN for Pendulum-v1)
     * @param ret           evaluation return (mean over the evaluation episodes)
     * @param wallSeconds   wall time since the run started
     */
    public record Point(long steps, double dataSeconds, double trackingError, double ret, double wallSeconds) {}

    /** Receives each evaluation as it happens. */
    public interface Progress {
        void point(Point p);
    }

    /** Per-method hyperparameters of a run (null: the environment's defaults). */
    public record Configs(PpoConfig ppo, SacConfig sac, MbpoConfig mbpo) {
        public static Configs defaults(String env) {
            return new Configs(PpoConfig.defaults(env), SacConfig.defaults(env), MbpoConfig.defaults(env));
        }

        /**
         * @param method one of {@link #METHODS}
         * @return that method's config record
         * @throws IllegalArgumentException for another name
         */
        public Record of(String method) {
            return switch (method) {
                case "ppo" -> ppo;
                case "sac" -> sac;
                case "mbpo" -> mbpo;
                default -> throw new IllegalArgumentException("unknown method '" + method + "'; choose " + String.join(", ", METHODS));
            };
        }

        /**
         * These configs with some hyperparameters replaced (the experiments' {@code --set}).
         *
         * @param settings each {@code METHOD.KEY=VALUE}: METHOD one of {@link #METHODS}, KEY a flag of
         *                 {@code baseline METHOD} without its dashes (e.g. {@code ppo.n-steps=256});
         *                 a later setting of the same key wins
         * @throws IllegalArgumentException one line naming the setting, for a malformed one, an
         *                                  unknown method or key, or a value the record rejects
         */
        public Configs with(List<String> settings) {
            Map<String, Map<String, String>> per = new HashMap<>();
            for (String s : settings) {
                int dot = s.indexOf('.'), eq = s.indexOf('=');
                if (dot < 1 || eq < dot + 2) throw new IllegalArgumentException("--set '" + s + "': expected METHOD.KEY=VALUE, e.g. ppo.n-steps=256");
                String m = s.substring(0, dot).trim().toLowerCase(Locale.ROOT);
                if (!METHODS.contains(m)) throw new IllegalArgumentException("--set '" + s + "': unknown method '" + m + "'; choose " + String.join(", ", METHODS));
                Class<? extends Record> cls = of(m).getClass();
                String key = s.substring(dot + 1, eq).trim();
                String component = ConfigText.flags(cls).stream().filter(f -> f.name().equals("--" + key)).map(ConfigText.Flag::component)
                        .findFirst().orElseThrow(() -> new IllegalArgumentException("--set '" + s + "': " + m + " has no setting '" + key
                                + "'; the keys are the flags of './feedbackrl baseline " + m + " --help' without their dashes"));
                per.computeIfAbsent(m, k -> new LinkedHashMap<>()).put(component, s.substring(eq + 1));
            }
            return new Configs(with("ppo", ppo, per), with("sac", sac, per), with("mbpo", mbpo, per));
        }

        private static <R extends Record> R with(String method, R config, Map<String, Map<String, String>> per) {
            if (!per.containsKey(method)) return config;
            try {
                return ConfigText.with(config, per.get(method));
            } catch (IllegalArgumentException e) {        // "--n-steps must be ≥ 1, got 0" → "--set ppo.n-steps must be …"
                String msg = e.getMessage();
                throw new IllegalArgumentException(msg.startsWith("--") ? "--set " + method + "." + msg.substring(2) : "--set " + method + ": " + msg);
            }
        }
    }

    private BaselineRun() {}

    /** A fresh environment by name: "car" or "pendulum-v1". */
    public static Env env(String name) {
        return switch (name) {
            case "car" -> new CarFigureEightEnv();
            case "pendulum-v1" -> new PendulumEnv();
            default -> throw new IllegalArgumentException("unknown environment '" + name + "'; choose car or pendulum-v1");
        };
    }

    /** The seed of a run's generator: a mix of the user's seed and the method, so methods do not share streams. */
    static long runSeed(String method, long seed) {
        return Rng.mix(seed, method.hashCode());
    }

    /** An upper bound on the environment steps a budget allows (for buffer capacities). */
    static long maxSteps(Env e, double budgetSeconds, int envs) {
        double perStep = e.episodeSeconds() / e.maxEpisodeSteps();
        return (long) Math.ceil(budgetSeconds / perStep) + (long) e.maxEpisodeSteps() * envs + 1;
    }

    /** Builds the agent of a method on fresh environments. */
    public static Agent agent(String method, String envName, Configs cfg, double budgetSeconds, Rng rng) {
        return switch (method) {
            case "sac" -> {
                Env e = env(envName);
                yield new SacAgent(SacAgent.capBuffer(cfg.sac(), maxSteps(e, budgetSeconds, 1)), e, rng);
            }
            case "ppo" -> {
                Env[] es = new Env[cfg.ppo().nEnvs()];
                for (int i = 0; i < es.length; i++) es[i] = env(envName);
                yield new Ppo(cfg.ppo(), es, rng);
            }
            case "mbpo" -> {
                Env e = env(envName);
                yield new Mbpo(cfg.mbpo(), e, maxSteps(e, budgetSeconds, 1), rng);
            }
            default -> throw new IllegalArgumentException("unknown method '" + method + "'; choose " + String.join(", ", METHODS));
        };
    }

    /**
     * Runs one method.
     *
     * @param thresholds increasing data thresholds [s] at which to evaluate; the last should be the budget
     * @return one point per threshold
     */
    public static List<Point> run(String method, String envName, long seed, Configs cfg, double budgetSeconds,
                                  double[] thresholds, Progress progress) {
        long t0 = System.nanoTime();
        Rng rng = new Rng(runSeed(method, seed));
        Agent agent = agent(method, envName, cfg, budgetSeconds, rng);
        Evaluator eval = new Evaluator(envName, seed);
        List<Point> points = new ArrayList<>();
        double data = 0;
        int k = 0;
        while (k < thresholds.length) {
            data += agent.trainStep();
            while (k < thresholds.length && data >= thresholds[k] - 1e-9) {
                eval.evaluate(agent);
                Point p = new Point(agent.steps(), data, eval.trackingError, eval.meanReturn, (System.nanoTime() - t0) / 1e9);
                points.add(p);
                if (progress != null) progress.point(p);
                k++;
            }
            if (data >= budgetSeconds - 1e-9 && k < thresholds.length && thresholds[k] > budgetSeconds + 1e-9) break;
        }
        return points;
    }

    /** Deterministic evaluation on an environment of its own. */
    public static final class Evaluator {
        private final Env env;
        private final long evalSeed;
        private final double[] obs, next, act;
        private final double[] start;
        double trackingError, meanReturn;

        public Evaluator(String envName, long seed) {
            this.env = env(envName);
            this.evalSeed = Rng.mix(seed, 0xE7A1L);
            obs = new double[env.obsDim()];
            next = new double[env.obsDim()];
            act = new double[env.actDim()];
            start = env instanceof CarFigureEightEnv car ? car.referenceStart() : null;
        }

        /** @return mean distance to the path of the last evaluation [m] (NaN for Pendulum-v1) */
        public double trackingError() { return trackingError; }

        /** @return mean return of the last evaluation */
        public double meanReturn() { return meanReturn; }

        /** Evaluates the agent's deterministic policy. */
        public void evaluate(Agent agent) {
            if (env instanceof CarFigureEightEnv car) {
                car.resetTo(start, evalSeed, obs);
                double ret = 0;
                boolean done = false;
                while (!done) {
                    agent.evalAction(obs, act);
                    ret += car.step(act, next);
                    System.arraycopy(next, 0, obs, 0, obs.length);
                    done = car.truncated() || car.terminated();
                }
                trackingError = car.episodeTrackingError();
                meanReturn = ret;
            } else {
                Rng starts = new Rng(evalSeed);
                double sum = 0;
                for (int ep = 0; ep < PENDULUM_EVAL_EPISODES; ep++) {
                    env.reset(starts, obs);
                    boolean done = false;
                    while (!done) {
                        agent.evalAction(obs, act);
                        sum += env.step(act, next);
                        System.arraycopy(next, 0, obs, 0, obs.length);
                        done = env.truncated() || env.terminated();
                    }
                }
                trackingError = Double.NaN;
                meanReturn = sum / PENDULUM_EVAL_EPISODES;
            }
        }
    }

    /**
     * Roughly log-spaced thresholds: whole episodes at 10 per decade (1, 2, 3, 4, 5, 6, 8, 10, 13, 16,
     * 20, 25, 32, 40, 50, 63, 79, 100, … episodes), then the budget itself.
     */
    public static double[] logSchedule(double episodeSeconds, double budgetSeconds) {
        List<Double> t = new ArrayList<>();
        long prev = 0;
        for (int k = 0; ; k++) {
            long ep = Math.round(Math.pow(10, k / 10.0));
            if (ep == prev) continue;
            prev = ep;
            double s = ep * episodeSeconds;
            if (s >= budgetSeconds - 1e-9) break;
            t.add(s);
        }
        t.add(budgetSeconds);
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Thresholds every {@code every} seconds up to and including the budget. */
    public static double[] linearSchedule(double every, double budgetSeconds) {
        int n = (int) Math.ceil(budgetSeconds / every - 1e-9);
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = Math.min((i + 1) * every, budgetSeconds);
        return t;
    }
}
