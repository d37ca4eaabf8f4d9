package org.feedbackrl.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.feedbackrl.baseline.BaselineRun;
import org.feedbackrl.baseline.ConfigText;
import org.feedbackrl.baseline.MbpoConfig;
import org.feedbackrl.baseline.PendulumEnv;
import org.feedbackrl.baseline.PpoConfig;
import org.feedbackrl.baseline.SacConfig;
import org.feedbackrl.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code feedbackrl baseline ppo|sac|mbpo}: one run of a baseline with every hyperparameter as a
 * flag. The flags are generated from the method's config record ({@link PpoConfig},
 * {@link SacConfig}, {@link MbpoConfig}) — one flag per record component, its help from the
 * component's {@code @Help} — so the record is the CLI, and a new hyperparameter is a new flag.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"One run of a baseline (PPO, SAC, MBPO) on the car figure-8 or Gymnasium's Pendulum-v1, every hyperparameter a flag.",
                "Writes curve.csv (the evaluations) and config.txt into --out. 'experiment baselines' runs them all against feedback-rl."})
public final class BaselineCommand implements Runnable {
    @picocli.CommandLine.Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command with its three generated subcommands. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BaselineCommand());
        cl.addSubcommand("ppo", new CommandLine(method("ppo", PpoConfig.class, "Proximal Policy Optimization (Schulman et al. 2017), GAE, SB3 defaults")));
        cl.addSubcommand("sac", new CommandLine(method("sac", SacConfig.class, "Soft Actor-Critic with learned temperature (Haarnoja et al. 2018), SB3 defaults")));
        cl.addSubcommand("mbpo", new CommandLine(method("mbpo", MbpoConfig.class, "Model-Based Policy Optimization (Janner et al. 2019), the authors' defaults")));
        return cl;
    }

    private static CommandSpec method(String name, Class<? extends Record> cfg, String what) {
        Run run = new Run(name, cfg);
        CommandSpec s = CommandSpec.wrapWithoutInspection(run);
        run.spec = s;
        s.name(name).mixinStandardHelpOptions(true);
        s.usageMessage().description(what + ".",
                "Hyperparameter defaults depend on --env: rl-zoo3's tuned Pendulum-v1 entry where one exists, the published defaults otherwise.");
        s.addOption(opt("--env", "ENV", "car (default) or pendulum-v1"));
        s.addOption(opt("--seed", "N", "seed of every random choice (default 1)"));
        s.addOption(opt("--budget-minutes", "M", "car: simulated minutes of data (default 10)"));
        s.addOption(opt("--budget-steps", "N", "pendulum-v1: environment steps (default: sac 20000, ppo 200000, mbpo 5000)"));
        s.addOption(opt("--out", "DIR", "run directory (default runs/baseline-" + name + "-ENV-seedN)"));
        Record car = defaults(name, "car"), pend = defaults(name, "pendulum-v1");
        Map<String, String> dc = ConfigText.values(car), dp = ConfigText.values(pend);
        for (ConfigText.Flag f : ConfigText.flags(cfg)) {
            String a = dc.get(f.component()), b = dp.get(f.component());
            String dflt = a.equals(b) ? a : "car " + a + ", pendulum-v1 " + b;
            s.addOption(opt(f.name(), label(f.type()), f.help() + " (default " + dflt + ")"));
        }
        return s;
    }

    private static String label(Class<?> t) {
        if (t == int[].class) return "N,N,...";
        if (t == boolean.class) return "true|false";
        if (t == double.class) return "X";
        if (t == String.class) return "NAME";
        return "N";
    }

    private static OptionSpec opt(String name, String label, String help) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).description(help).build();
    }

    static Record defaults(String method, String env) {
        return BaselineRun.Configs.defaults(env).of(method);
    }

    /** One generated subcommand. */
    static final class Run implements Callable<Integer> {
        final String method;
        final Class<? extends Record> cfg;
        CommandSpec spec;

        Run(String method, Class<? extends Record> cfg) {
            this.method = method;
            this.cfg = cfg;
        }

        private String value(String name) {
            CommandLine.ParseResult pr = spec.commandLine().getParseResult();
            return pr.hasMatchedOption(name) ? pr.matchedOptionValue(name, (String) null) : null;
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String env = value("--env") != null ? value("--env").trim().toLowerCase(Locale.ROOT) : "car";
            if (!env.equals("car") && !env.equals("pendulum-v1")) throw new UserError("--env must be car or pendulum-v1, got '" + env + "'");
            long seed;
            try {
                seed = value("--seed") != null ? Long.parseLong(value("--seed").trim()) : 1;
            } catch (NumberFormatException e) {
                throw new UserError("--seed: '" + value("--seed") + "' is not an integer");
            }
            double budget;
            double[] thresholds;
            if (env.equals("car")) {
                if (value("--budget-steps") != null) throw new UserError("the car counts minutes of data: give --budget-minutes");
                double m = value("--budget-minutes") != null ? number("--budget-minutes", value("--budget-minutes")) : 10;
                if (!(m > 0) || Double.isInfinite(m)) throw new UserError("--budget-minutes must be a positive number, got " + value("--budget-minutes"));
                budget = m * 60;
                thresholds = BaselineRun.logSchedule(11.0, budget);
            } else {
                if (value("--budget-minutes") != null) throw new UserError("pendulum-v1 counts steps: give --budget-steps");
                long n;
                try {
                    n = value("--budget-steps") != null ? Long.parseLong(value("--budget-steps").trim())
                            : org.feedbackrl.experiment.PendulumV1Experiment.defaultSteps(method);
                } catch (NumberFormatException e) {
                    throw new UserError("--budget-steps: '" + value("--budget-steps") + "' is not an integer");
                }
                if (n < 1) throw new UserError("--budget-steps must be ≥ 1, got " + n);
                budget = n * PendulumEnv.DT;
                thresholds = BaselineRun.linearSchedule(budget / Math.min(20, n), budget);
            }
            Map<String, String> overrides = new LinkedHashMap<>();
            for (ConfigText.Flag f : ConfigText.flags(cfg)) {
                String v = value(f.name());
                if (v != null) overrides.put(f.component(), v);
            }
            Record c;
            try {
                c = ConfigText.with(defaults(method, env), overrides);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            BaselineRun.Configs d = BaselineRun.Configs.defaults(env);
            BaselineRun.Configs configs = new BaselineRun.Configs(c instanceof PpoConfig p ? p : d.ppo(), c instanceof SacConfig s ? s : d.sac(),
                    c instanceof MbpoConfig m ? m : d.mbpo());
            Path dir = value("--out") != null ? Path.of(value("--out")) : Path.of("runs", "baseline-" + method + "-" + env + "-seed" + seed);
            if (Files.exists(dir.resolve("curve.csv"))) throw new UserError(dir + " already holds a finished run; choose another --out");
            String text = method + " on " + env + ", seed " + seed + ", budget " + budget + " s of data\n" + ConfigText.describe(c) + "\n";
            AtomicFiles.write(dir.resolve("config.txt"), text.getBytes(StandardCharsets.UTF_8));
            out.printf(Locale.ROOT, "baseline %s on %s, seed %d, %.4g s of simulated data -> %s%n  %s%n", method, env, seed, budget, dir, ConfigText.describe(c));
            out.flush();
            List<BaselineRun.Point> pts = BaselineRun.run(method, env, seed, configs, budget, thresholds, p -> {
                out.printf(Locale.ROOT, "  steps %8d  data %8.1f s  tracking %s  return %10.3f  (%.0f s)%n", p.steps(), p.dataSeconds(),
                        Double.isNaN(p.trackingError()) ? "  -  " : String.format(Locale.ROOT, "%.4f m", p.trackingError()), p.ret(), p.wallSeconds());
                out.flush();
            });
            StringBuilder sb = new StringBuilder("steps,data_seconds,tracking_error,return,wall_seconds\n");
            for (BaselineRun.Point p : pts) {
                sb.append(String.format(Locale.ROOT, "%d,%.6f,%s,%s,%.3f%n", p.steps(), p.dataSeconds(),
                        Double.isNaN(p.trackingError()) ? "nan" : Double.toString(p.trackingError()), Double.toString(p.ret()), p.wallSeconds()));
            }
            AtomicFiles.write(dir.resolve("curve.csv"), sb.toString().getBytes(StandardCharsets.UTF_8));
            out.println("wrote " + dir.resolve("curve.csv"));
            out.flush();
            return 0;
        }

        private static double number(String flag, String v) {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new UserError(flag + ": '" + v + "' is not a number");
            }
        }
    }
}
