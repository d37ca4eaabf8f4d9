package org.feedbackrl.cli;

import java.io.PrintWriter;
import org.feedbackrl.train.Trainer;

/** A one-line progress bar on a terminal; one line per iteration when output is not a terminal. */
final class ProgressBar implements Trainer.Progress {
    private final PrintWriter err;
    private final boolean tty;
    private final long startNanos = System.nanoTime();
    private final boolean quiet;

    ProgressBar(PrintWriter err, boolean quiet) {
        this.err = err;
        this.tty = System.console() != null && System.getenv("CI") == null;
        this.quiet = quiet;
    }

    @Override
    public void iteration(int k, int total, double meanReward, double trackingError, double gradNorm, double dataSeconds) {
        if (quiet) return;
        int width = 24, done = (int) Math.round(width * (k + 1.0) / (total + 1.0));
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = elapsed / (k + 1) * (total - k);
        String line = String.format(java.util.Locale.ROOT, "iter %3d/%d [%s%s] reward %10.4g  track %.3f m  |g| %9.3g  data %6.1f s  eta %4.0f s",
                k, total, "#".repeat(done), ".".repeat(width - done), meanReward, trackingError, gradNorm, dataSeconds, eta);
        if (tty) {
            err.print("\r" + line + (k == total ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void warn(String message) {
        err.println((tty ? "\n" : "") + "feedbackrl: warning: " + message);
        err.flush();
    }
}
