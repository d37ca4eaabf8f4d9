package org.feedbackrl.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainingTask;

/**
 * Finds and validates the checkpoint of a run, read-only. Unlike the trainer's {@code --resume}
 * (which sets a corrupted newest checkpoint aside and falls back to the previous one), loading for
 * deployment never changes the run directory and never falls back silently: a bad newest
 * checkpoint is an error that names it, and the user may pass an older one explicitly.
 */
final class RunFiles {
    private RunFiles() {}

    /** The checkpoint file a run path designates: the path itself, or the newest checkpoint of a run directory. */
    static Path checkpointOf(Path run) throws PolicyFileException {
        if (!Files.exists(run)) {
            throw new PolicyFileException(run, "does not exist; pass a run directory written by 'feedbackrl train' or one of its checkpoints/ckpt-NNNNNN.bin");
        }
        if (!Files.isDirectory(run)) return run;
        Path ckDir = run.resolve("checkpoints");
        if (!Files.isDirectory(ckDir)) {
            throw new PolicyFileException(run, "is not a training run (no checkpoints/ directory); pass the --out directory of 'feedbackrl train'");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(ckDir)) {
            files = s.filter(f -> f.getFileName().toString().matches("ckpt-\\d+\\.bin")).sorted().toList();
        } catch (IOException e) {
            throw new PolicyFileException(ckDir, "cannot be listed: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new PolicyFileException(ckDir, "holds no checkpoint (ckpt-NNNNNN.bin); the run has not finished an iteration");
        }
        return files.get(files.size() - 1);
    }

    static EmbeddedPolicy load(Path run, Task expected) throws PolicyFileException {
        Path file = checkpointOf(run);
        Path runDir = Files.isDirectory(run) ? run : file.toAbsolutePath().getParent();
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new PolicyFileException(file, "cannot be read (" + e.getMessage() + ")");
        }
        String older = olderHint(run, file);
        Checkpoint ck;
        try {
            ck = Checkpoint.decode(data, "the checkpoint");
        } catch (Checkpoint.CorruptCheckpointException e) {
            throw new PolicyFileException(file, e.getMessage() + older);
        }
        TrainConfig cfg;
        try {
            cfg = TrainConfig.fromFingerprint(ck.fingerprint(), runDir);
        } catch (IllegalArgumentException e) {
            throw new PolicyFileException(file, "its " + e.getMessage());
        }
        Task task;
        try {
            task = Task.of(cfg.system());
        } catch (IllegalArgumentException e) {
            throw new PolicyFileException(file, "holds a " + cfg.system() + " policy; only car, go1 and pendulum policies can be embedded");
        }
        if (expected != null && task != expected) {
            throw new PolicyFileException(file, "holds a " + task.system() + " policy, not a " + expected.system() + " policy (settings "
                    + ck.fingerprint() + "); load a " + expected.system() + " run");
        }
        if (ck.iteration() < 1) throw new PolicyFileException(file, "records iteration " + ck.iteration() + " (must be ≥ 1): not a checkpoint the trainer writes");
        TrainingTask t;
        try {
            t = Tasks.create(cfg.withPlant("model"));          // the policy only: never open the run's (hardware) plant
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PolicyFileException(file, "its settings do not describe a policy this version can build (" + e.getMessage() + ")");
        }
        double[] theta = ck.theta(), params = t.policy().params();
        if (theta.length != params.length) {
            throw new PolicyFileException(file, "has " + theta.length + " parameters, but a " + task.system() + " policy with these settings (hidden="
                    + cfg.hidden() + (cfg.noFeedback() ? ", no feedback" : "") + ") has " + params.length + ": the parameters do not match the settings");
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new PolicyFileException(file, "parameter " + i + " of " + theta.length + " is " + theta[i] + " (the run diverged?)" + older);
            }
        }
        System.arraycopy(theta, 0, params, 0, theta.length);
        return EmbeddedPolicy.forTask(t, task, new EmbeddedPolicy.Source(file, ck.fingerprint(), ck.iteration()));
    }

    /** "; pass an older checkpoint explicitly, e.g. DIR/ckpt-…" when the run directory has one. */
    private static String olderHint(Path run, Path file) {
        if (!Files.isDirectory(run)) return "";
        try (Stream<Path> s = Files.list(file.getParent())) {
            List<Path> older = s.filter(f -> f.getFileName().toString().matches("ckpt-\\d+\\.bin"))
                    .filter(f -> f.getFileName().toString().compareTo(file.getFileName().toString()) < 0).sorted().toList();
            return older.isEmpty() ? "" : "; to use the previous one, pass it explicitly: " + older.get(older.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }
}
