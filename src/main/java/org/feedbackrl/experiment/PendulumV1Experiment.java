package org.feedbackrl.experiment;

import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.feedbackrl.baseline.BaselineRun;
import org.feedbackrl.baseline.ConfigText;
import org.feedbackrl.baseline.PendulumEnv;
import org.feedbackrl.plot.Csv;
import org.feedbackrl.plot.Figure;
import org.feedbackrl.plot.LegendPosition;
import org.feedbackrl.plot.Style;

/**
 * The honesty check of the baselines on a task nobody here designed: Gymnasium's
 * {@code Pendulum-v1} ({@link PendulumEnv}) with the published hyperparameters. Published
 * Stable-Baselines3 results: SAC reaches about −150 to −200 mean return within 20 000 steps; PPO
 * needs far more. The check passes when SAC reaches a mean return ≥ −250 over 10 evaluation
 * episodes within 20 000 steps in at least 2 of 3 seeds, and PPO's curve rises clearly within
 * 200 000 steps. Writes curves.csv, summary.csv and pendulum-v1.png.
 */
public final class PendulumV1Experiment {
    /** The threshold of the check. */
    public static final double THRESHOLD = -250;

    /** Default step budgets per method: the 20 000 (SAC) and 200 000 (PPO); MBPO 5 000 (when asked for). */
    public static long defaultSteps(String method) {
        return switch (method) {
            case "sac" -> 20_000;
            case "ppo" -> 200_000;
            default -> 5_000;
        };
    }

    /**
     * @param methods     sac, ppo, mbpo
     * @param seeds       one run per method and seed
     * @param budgetSteps environment steps per run, or 0 for each method's default
     * @param out         output directory
     * @param threads     runs in parallel
     * @param resume      reuse finished runs
     */
    public record Settings(List<String> methods, long[] seeds, long budgetSteps, Path out, int threads, boolean resume,
                           BaselineRun.Configs configs) {}

    private PendulumV1Experiment() {}

    static long steps(Settings s, String m) {
        return s.budgetSteps() > 0 ? s.budgetSteps() : defaultSteps(m);
    }

    /** 20 evaluations per SAC/MBPO run, 40 per PPO run. */
    static long evalEvery(Settings s, String m) {
        return Math.max(1, steps(s, m) / (m.equals("ppo") ? 40 : 20));
    }

    public static void run(Settings s, PrintWriter log) throws Exception {
        Path dir = s.out();
        BaselineRun.Configs cfg = s.configs();
        StringBuilder st = new StringBuilder("experiment pendulum-v1 (Gymnasium Pendulum-v1)\n");
        for (String m : s.methods()) {
            st.append(m).append(": steps=").append(steps(s, m)).append(" eval_every=").append(evalEvery(s, m)).append(' ')
                    .append(ConfigText.describe(cfg.of(m))).append('\n');
        }
        BaselineRuns.prepare(dir, st.toString(), s.resume());
        List<BaselineRuns.Job> jobs = new ArrayList<>();
        for (String m : s.methods()) {
            double budget = steps(s, m) * PendulumEnv.DT;
            double[] th = BaselineRun.linearSchedule(evalEvery(s, m) * PendulumEnv.DT, budget);
            for (long seed : s.seeds()) jobs.add(new BaselineRuns.Job(m, seed, budget, p -> BaselineRun.run(m, "pendulum-v1", seed, cfg, budget, th, p)));
        }
        log.printf(Locale.ROOT, "Pendulum-v1 honesty check: %s, seeds %s, %d parallel run(s) -> %s%n", String.join(", ", s.methods()),
                Arrays.toString(s.seeds()), s.threads(), dir);
        log.flush();
        List<BaselineRuns.Curve> curves = BaselineRuns.execute(dir, jobs, s.threads(), log, new BaselineRuns.Formatter() {
            @Override
            public String progress(BaselineRuns.Job j, BaselineRun.Point p) {
                String eta = BaselineRuns.etaText(BaselineRuns.eta(j, p));
                return String.format(Locale.ROOT, "  %-5s seed %d: %7d/%d steps  mean return %8.1f  (%4.0f s, %s)", j.method(), j.seed(),
                        p.steps(), Math.round(j.budgetSeconds() / PendulumEnv.DT), p.ret(), p.wallSeconds(), eta);
            }

            @Override
            public int cost(String method) {
                return switch (method) { case "mbpo" -> 0; case "sac" -> 1; default -> 2; };
            }
        });
        write(s, curves, log);
    }

    /** Steps at the first evaluation with mean return ≥ the threshold, or −1. */
    static long stepsToReach(BaselineRuns.Curve c) {
        for (BaselineRun.Point p : c.points()) if (p.ret() >= THRESHOLD) return p.steps();
        return -1;
    }

    static void write(Settings s, List<BaselineRuns.Curve> curves, PrintWriter out) throws java.io.IOException {
        Path dir = s.out();
        BaselineRuns.writeCurves(dir.resolve("curves.csv"), curves);
        Csv summary = new Csv("method", "seed", "budget_steps", "first_return", "best_return", "final_return", "steps_to_reach_-250");
        out.printf(Locale.ROOT, "%nPendulum-v1: mean return of the deterministic policy over %d evaluation episodes (published SB3: SAC about -150 to -200 after 20000 steps)%n%n",
                BaselineRun.PENDULUM_EVAL_EPISODES);
        out.printf(Locale.ROOT, "%-5s %-5s %10s %10s %10s %10s   %s%n", "", "seed", "budget", "first", "best", "final", "steps to reach >= -250");
        for (String m : s.methods()) {
            for (BaselineRuns.Curve c : BaselinesExperiment.of(curves, m)) {
                double first = c.points().get(0).ret(), best = c.points().stream().mapToDouble(BaselineRun.Point::ret).max().orElse(Double.NaN);
                double fin = BaselinesExperiment.last(c).ret();
                long reach = stepsToReach(c);
                out.printf(Locale.ROOT, "%-5s %-5d %10d %10.1f %10.1f %10.1f   %s%n", m, c.seed(), steps(s, m), first, best, fin,
                        reach >= 0 ? String.valueOf(reach) : "not within " + steps(s, m) + " steps");
                summary.row(m, c.seed(), steps(s, m), first, best, fin, reach >= 0 ? (Object) reach : null);
            }
        }
        out.println();
        for (String m : s.methods()) {
            List<BaselineRuns.Curve> cs = BaselinesExperiment.of(curves, m);
            if (m.equals("ppo")) {
                double[][] b = BaselineRuns.band(cs, BaselineRun.Point::ret, p -> p.steps());
                double first = b[1][0], best = Arrays.stream(b[1]).max().orElse(Double.NaN), fin = b[1][b[1].length - 1];
                out.printf(Locale.ROOT, "PPO: median curve rises from %.1f (after %d steps) to %.1f (best) / %.1f (at %d steps)%n",
                        first, Math.round(b[0][0]), best, fin, steps(s, m));
            } else {
                long hit = cs.stream().filter(c -> stepsToReach(c) >= 0).count();
                out.printf(Locale.ROOT, "%s: mean return >= %.0f within %d steps in %d of %d seeds%s%n", m.toUpperCase(Locale.ROOT), THRESHOLD, steps(s, m),
                        hit, cs.size(), m.equals("sac") ? (hit >= 2 ? "  (check passes: >= 2 of 3)" : "  (check FAILS: needs >= 2 of 3)") : "");
            }
        }
        summary.save(dir.resolve("summary.csv"));
        plot(s, curves).save(dir.resolve("pendulum-v1.png"));
        out.println("wrote " + dir.resolve("curves.csv") + ", summary.csv, pendulum-v1.png and per-run files in runs/");
        out.flush();
    }

    static Figure plot(Settings s, List<BaselineRuns.Curve> curves) {
        Figure fig = new Figure(1200, 700).title("Pendulum-v1 (Gymnasium): the baselines with published hyperparameters (" + s.seeds().length
                + " seeds: median, band = min-max)");
        var ax = fig.axes(0, 0).xlabel("environment steps").ylabel("mean return over " + BaselineRun.PENDULUM_EVAL_EPISODES + " episodes")
                .logX().legend(LegendPosition.LOWER_RIGHT);
        ax.hline(THRESHOLD, "-250 (the check's threshold)", Style.DEFAULT.withColor(Color.GRAY).dashed());
        int ci = 0;
        for (String m : s.methods()) {
            List<BaselineRuns.Curve> cs = BaselinesExperiment.of(curves, m);
            Style st = Style.DEFAULT.withColor(Style.CYCLE[ci++ % Style.CYCLE.length]);
            double[][] b = BaselineRuns.band(cs, BaselineRun.Point::ret, p -> p.steps());
            ax.band(b[0], b[2], b[3], m, st).line(b[0], b[1], m, st);
        }
        return fig;
    }
}
