package org.feedbackrl.cli;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.feedbackrl.model.DynamicsModel;
import org.feedbackrl.model.JacobianCheck;
import org.feedbackrl.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check-model", mixinStandardHelpOptions = true,
        description = {"Compares a model's analytic Jacobians Â = ∂F̂/∂x and B̂ = ∂F̂/∂u with central finite "
                + "differences at random states and inputs, and prints the worst error of each with where it occurred.",
                "Exit code 0 when both are within --tolerance, 1 otherwise."})
public final class CheckModelCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "scalar, car, unicycle or pendulum")
    String system;

    @Option(names = "--samples", defaultValue = "200", description = "random (x, u) points (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "largest acceptable relative error (default ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--step", defaultValue = "1e-6", description = "relative finite-difference step (default ${DEFAULT-VALUE})")
    double step;

    @Override
    public Integer call() {
        Args.positive("--samples", samples);
        Args.finite("--tolerance", tolerance);
        Args.finite("--step", step);
        if (!(step > 0)) throw new UserError("--step must be positive, got " + step);
        DynamicsModel model = Models.byName(system);
        JacobianCheck.Result r = JacobianCheck.run(model, new SplittableRandom(seed), samples, step);
        var out = spec.commandLine().getOut();
        out.printf("check-model %s: %d random (x, u) samples, seed %d, central differences (step %.1e), tolerance %.1e%n",
                model.name(), samples, seed, step, tolerance);
        out.printf("  state  : %s%n  input  : %s%n", String.join(", ", model.stateNames()), String.join(", ", model.inputNames()));
        boolean ok = report(out, "A = dF/dx", r.a(), model.stateNames(), model.stateNames(), model)
                & report(out, "B = dF/du", r.b(), model.stateNames(), model.inputNames(), model);
        out.println(ok ? "OK: both Jacobians match finite differences."
                : "FAIL: a Jacobian does not match its finite differences; the entry above names the output and the variable to re-derive.");
        return ok ? 0 : 1;
    }

    private boolean report(java.io.PrintWriter out, String label, JacobianCheck.Worst w, String[] rows, String[] cols, DynamicsModel model) {
        boolean ok = w.relError() <= tolerance;
        out.printf("  %-10s worst relative error %.2e %s%n", label, w.relError(), ok ? "ok" : "TOO LARGE");
        out.printf("             at d(%s)/d(%s): analytic %.10g, finite difference %.10g%n",
                rows[w.row()], cols[w.col()], w.analytic(), w.numeric());
        if (!ok) {
            out.printf("             x = %s, u = %s%n", Arrays.toString(w.x()), Arrays.toString(w.u()));
        }
        return ok;
    }
}
