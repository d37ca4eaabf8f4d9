package org.feedbackrl.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code feedbackrl bench}: builds the benchmark module (bench/pom.xml, against this jar), then runs
 * {@code org.feedbackrl.bench.BenchRunner} in a child JVM: shared workload file, C++/Eigen build,
 * agreement checks at 1e-9 against feedback-rl, JMH (with -prof gc) and the C++/PyTorch timings,
 * a table of medians and ratios, and optional JSON. See bench/README.md.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark feedback-rl against EJML, C++/Eigen and PyTorch on the same workloads (W1 gradient, "
                + "W2 training iteration, W3 control step, W4 MLP kernels); checks that all agree first.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "One fork and short iterations (a few minutes) instead of 3 forks (≈20 min).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write {workload: {implementation: {median_s, alloc_bytes_per_op, …}}} to FILE.")
    Path json;

    @Option(names = "--skip", paramLabel = "LIST", description = "Comma-separated implementations to leave out: scalar, ejml, eigen, torch.")
    String skip;

    @Option(names = "--check-only", description = "Only run the agreement checks (no timing).")
    boolean checkOnly;

    @Override
    public Integer call() throws Exception {
        Path root = projectRoot();
        Path benchPom = root.resolve("bench/pom.xml");
        if (!Files.exists(benchPom)) {
            throw new UserError("bench: " + benchPom + " not found; run this from a feedback-rl source checkout (the bench module is not in the jar)");
        }
        Path jar = root.resolve("target/feedbackrl.jar");
        if (!Files.exists(jar)) throw new UserError("bench: " + jar + " is missing; build it first (./feedbackrl build)");
        String mvn = findOnPath("mvn");
        if (mvn == null) throw new UserError("bench: Maven (mvn) is needed to build bench/; install it (apt-get install maven) and retry");
        System.err.println("bench: building bench/ (JMH, EJML) …");
        Process build = new ProcessBuilder(mvn, "-q", "-B", "-f", benchPom.toString(), "package").inheritIO().start();
        if (build.waitFor() != 0) throw new UserError("bench: building bench/ failed (mvn -f bench/pom.xml package); see the output above");
        String sep = File.pathSeparator;
        String cp = String.join(sep, root.resolve("bench/target/classes").toString(), root.resolve("bench/target/lib/*").toString(),
                jar.toString(), root.resolve("target/lib/*").toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                "--sun-misc-unsafe-memory-access=allow",            // JMH 1.37 uses sun.misc.Unsafe: no warning
                "-cp", cp, "org.feedbackrl.bench.BenchRunner", "--root", root.toString()));
        if (quick) cmd.add("--quick");
        if (checkOnly) cmd.add("--check-only");
        if (json != null) { cmd.add("--json"); cmd.add(json.toAbsolutePath().toString()); }
        if (skip != null) { cmd.add("--skip"); cmd.add(skip); }
        Process run = new ProcessBuilder(cmd).inheritIO().start();
        int code = run.waitFor();
        if (code != 0) System.err.println("bench: FAILED (exit " + code + ")");
        return code;
    }

    /** The checkout this jar was built in (target/feedbackrl.jar → ..), else the working directory. */
    static Path projectRoot() {
        try {
            Path loc = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = loc.getParent() != null ? loc.getParent().getParent() : null;
            if (candidate != null && Files.exists(candidate.resolve("bench/pom.xml"))) return candidate;
        } catch (Exception ignored) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    static String findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
