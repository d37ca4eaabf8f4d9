package org.feedbackrl.kernel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test-classpath main class in a fresh JVM (same JDK, classpath and Vector API module). */
public final class ChildJvm {
    private ChildJvm() {}

    /** Exit code and combined stdout/stderr of a child run. */
    public record Result(int exitCode, String output) {}

    /**
     * @param main      class with a {@code main(String[])}
     * @param jvmArgs   extra JVM arguments, e.g. {@code -Dfeedbackrl.vectorBits=128}
     * @param timeoutS  seconds before the child is killed
     */
    public static Result run(Class<?> main, List<String> jvmArgs, long timeoutS) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx256m"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(bytes);
        }
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + main.getSimpleName() + " " + jvmArgs + " timed out");
        }
        return new Result(p.exitValue(), bytes.toString(StandardCharsets.UTF_8));
    }
}
