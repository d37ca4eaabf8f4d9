package org.feedbackrl.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.feedbackrl.policy.DirectPolicy;
import org.feedbackrl.policy.MlpNetwork;
import org.feedbackrl.policy.Network;
import org.feedbackrl.policy.PendulumPolicies;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.policy.TrackingPolicy;
import org.feedbackrl.train.Checkpoint;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;

/** Run directories for the embedding tests, written the way the trainer writes them. */
final class Runs {
    private Runs() {}

    static TrainConfig config(String system, boolean noFeedback, int hidden, Path dir) {
        String plant = system.equals("pendulum") ? "true" : "sim";
        return new TrainConfig(system, plant, 3, 1, 1e-3, "adam", 0, 5, noFeedback, dir, false, 0, hidden);
    }

    static Network network(Policy p) {
        if (p instanceof TrackingPolicy tp) return tp.network();
        if (p instanceof DirectPolicy dp) return dp.network();
        if (p instanceof PendulumPolicies.Lqr l) return l.network();
        if (p instanceof PendulumPolicies.Direct d) return d.network();
        throw new IllegalArgumentException(p.getClass().getName());
    }

    /**
     * A run whose every layer (the output layer too) is random, so the network's outputs are far
     * from zero: writes DIR/checkpoints/ckpt-000003.bin (and an older ckpt-000002.bin).
     *
     * @return θ as written
     */
    static double[] write(Path dir, TrainConfig c, long seed) throws IOException {
        Policy p = Tasks.create(c.withPlant("model")).policy();
        ((MlpNetwork) network(p)).mlp().randomizeAll(seed, 0.3);
        double[] theta = p.params().clone();
        Path ck = Files.createDirectories(dir.resolve("checkpoints"));
        for (int it = 2; it <= 3; it++) {
            double[] th = it == 3 ? theta : new double[theta.length];
            Checkpoint k = new Checkpoint(c.fingerprint(), it, it, th, new double[theta.length], new double[theta.length], List.of("0,1,2,3,4"));
            Files.write(ck.resolve(String.format("ckpt-%06d.bin", it)), k.encode());
        }
        return theta;
    }

    /** SHA-256 of every file under dir by relative path (names, sizes and bytes): equal maps = nothing changed. */
    static TreeMap<String, String> hashTree(Path dir) throws Exception {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.toList()) {
                String rel = dir.relativize(f).toString();
                if (Files.isDirectory(f)) m.put(rel + "/", "dir");
                else m.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return m;
    }
}
