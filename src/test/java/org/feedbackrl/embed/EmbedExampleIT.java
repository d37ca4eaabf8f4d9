package org.feedbackrl.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.feedbackrl.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, end to end, run by {@code mvn verify} (failsafe, after {@code package} and the install
 * of the jar into the throwaway repository {@code target/embed-m2}):
 * <ol>
 *   <li>{@code feedbackrl train car --plant model --iterations 3} makes a run;</li>
 *   <li>{@code examples/embed}, a separate Maven project, is built with Maven against the installed
 *       artifact (by coordinates, {@code -Dmaven.repo.local=target/embed-m2}) and run: it drives the
 *       car simulator at 50 Hz for one lap in its own loop and prints its tracking error;</li>
 *   <li>{@code feedbackrl evaluate RUN --plant sim --seed 1} reports the error for the same run and
 *       seed; the two must agree to 1e-9 (they are the same computation, so in fact bit for bit).</li>
 * </ol>
 */
class EmbedExampleIT {
    static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void exampleBuildsAgainstTheInstalledArtifactAndMatchesEvaluate() throws Exception {
        Path repo = Path.of(System.getProperty("feedbackrl.embedRepo", ROOT.resolve("target/embed-m2").toString()));
        String version = System.getProperty("feedbackrl.version", "0.1.0-SNAPSHOT");
        Path installed = repo.resolve("org/feedbackrl/feedbackrl/" + version + "/feedbackrl-" + version + ".jar");
        assertTrue(Files.isRegularFile(installed), "the build installs the artifact into " + repo + " before this test: " + installed);
        assertEquals(sha256(ROOT.resolve("target/feedbackrl.jar")), sha256(installed), "the installed jar is this build's jar");
        try (JarFile jar = new JarFile(installed.toFile())) {
            assertEquals("org.feedbackrl", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }

        Path work = Files.createDirectories(ROOT.resolve("target/embed-it"));
        Path run = work.resolve("run-car-model");
        deleteTree(run);
        String[] train = {"train", "car", "--plant", "model", "--iterations", "3", "--out", run.toString(), "--quiet"};
        assertEquals(0, cli(train).code, "feedbackrl train");

        // The example, built and run by Maven against the throwaway repository only.
        String mvn = Path.of(System.getProperty("feedbackrl.mavenHome", "/usr/share/maven"), "bin", "mvn").toString();
        List<String> cmd = new ArrayList<>(List.of(mvn, "-B", "-q", "-f", ROOT.resolve("examples/embed/pom.xml").toString(),
                "-Dmaven.repo.local=" + repo, "-Dfeedbackrl.version=" + version, "-Drun=" + run, "-Dseed=1", "-Dpace=realtime",
                "compile", "exec:exec"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));   // this JDK (>= 25), not the machine's default java
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        byte[] outBytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "example build timed out");
        String out = new String(outBytes, StandardCharsets.UTF_8);
        Files.writeString(work.resolve("example-output.txt"), out);
        assertEquals(0, p.exitValue(), "examples/embed build and run failed:\n" + out);
        String lib = line(out, "library: ");
        assertTrue(lib.contains(repo.getFileName().toString()) && lib.endsWith("feedbackrl-" + version + ".jar"),
                "the example runs on the installed artifact, not on target/classes: " + lib);
        double example = Double.parseDouble(line(out, "tracking_error "));

        Result ev = cli("evaluate", run.toString(), "--plant", "sim", "--seed", "1");
        assertEquals(0, ev.code, ev.err);
        double reported = Double.parseDouble(line(ev.out, "tracking_error "));
        System.out.printf("examples/embed lap error %s, feedbackrl evaluate %s, |diff| %.3g%n", example, reported, Math.abs(example - reported));
        assertTrue(Math.abs(example - reported) <= 1e-9, "example " + example + " vs evaluate " + reported);
        // A real lap, not a degenerate number: the trained policy stays near the track on the simulator.
        assertTrue(example > 0.01 && example < 1.0, "lap error " + example + " m");
    }

    record Result(int code, String out, String err) {}

    static Result cli(String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int code = Main.run(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }

    static String line(String text, String prefix) {
        for (String l : text.split("\n")) if (l.startsWith(prefix)) return l.substring(prefix.length()).trim();
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + text);
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
