package org.feedbackrl.cli;

import java.util.concurrent.Callable;
import org.feedbackrl.gradient.ScalarExample;
import org.feedbackrl.rollout.Rollout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gradient", mixinStandardHelpOptions = true,
        description = {"Runs the policy on the real system once and prints the model-based gradient estimate as JSON:",
                "{\"J\": <reward of the real trajectory>, \"gradient\": [T numbers]}.",
                "Only the scalar running example (paper §5–6) is available here: x' = a x + b u, model x' = â x + b̂ u, reward −x²/2 for t = 0…T."})
public final class GradientCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "scalar")
    String system;

    @Option(names = "--a", required = true, description = "real system coefficient a") double a;
    @Option(names = "--b", required = true, description = "real input gain b") double b;
    @Option(names = "--a-hat", required = true, description = "model coefficient â") double aHat;
    @Option(names = "--b-hat", required = true, description = "model input gain b̂") double bHat;
    @Option(names = "--gain", defaultValue = "0", description = "tracking gain k (ignored in open loop)") double gain;
    @Option(names = "--policy", required = true, description = "open-loop (θ = ū_t) or tracking (θ = x̄_t, u = k(x̄_t − x_t))") String policy;
    @Option(names = "--horizon", required = true, description = "T, number of control steps (≥ 1)") int horizon;
    @Option(names = "--x0", required = true, description = "initial state") double x0;
    @Option(names = "--theta", description = "θ as T comma-separated numbers (default zeros)") String theta;

    @Override
    public Integer call() {
        if (!system.equals("scalar")) throw new UserError("gradient: unknown system '" + system + "'; only 'scalar' is supported");
        Args.finite("--a", a); Args.finite("--b", b); Args.finite("--a-hat", aHat); Args.finite("--b-hat", bHat);
        Args.finite("--gain", gain); Args.finite("--x0", x0);
        if (horizon < 1) throw new UserError("--horizon must be a positive integer, got " + horizon);
        if (horizon > 10_000_000) throw new UserError("--horizon " + horizon + " is too large (at most 10,000,000)");
        ScalarExample.PolicyClass cls = switch (policy) {
            case "open-loop" -> ScalarExample.PolicyClass.OPEN_LOOP;
            case "tracking" -> ScalarExample.PolicyClass.TRACKING;
            default -> throw new UserError("--policy must be open-loop or tracking, got '" + policy + "'");
        };
        ScalarExample ex = new ScalarExample(a, b, aHat, bHat, gain, cls, horizon);
        if (theta != null) System.arraycopy(Args.vector("--theta", theta, horizon), 0, ex.policy.params(), 0, horizon);
        Rollout r = ex.newRollout();
        double[] g = new double[horizon];
        double J = ex.gradient(x0, r, g);
        StringBuilder sb = new StringBuilder(32 + 24 * horizon);
        sb.append("{\"J\": ").append(json(J)).append(", \"gradient\": [");
        for (int i = 0; i < horizon; i++) {
            if (i > 0) sb.append(", ");
            sb.append(json(g[i]));
        }
        sb.append("]}");
        spec.commandLine().getOut().println(sb);
        return Double.isFinite(J) ? 0 : 3;
    }

    /** Shortest round-tripping decimal (valid JSON); JSON has no Inf/NaN, so overflow prints null. */
    static String json(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }
}
