package org.feedbackrl.mujoco;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;

/** Shared by the MuJoCo tests: skip visibly when MuJoCo is not installed, write small MJCF files. */
final class MujocoTests {
    private static final AtomicBoolean SAID = new AtomicBoolean();

    private MujocoTests() {}

    /**
     * Skips the calling test when MuJoCo 2.2.2 cannot be loaded, and says so once per JVM on stderr
     * (the launcher installs it as root; see README).
     */
    static void assumeMujoco() {
        if (!MujocoLibrary.available() && SAID.compareAndSet(false, true)) {
            System.err.println("SKIPPED: MuJoCo plants and tests: " + MujocoLibrary.unavailableReason());
        }
        Assumptions.assumeTrue(MujocoLibrary.available(), () -> "MuJoCo unavailable: " + MujocoLibrary.unavailableReason());
    }

    /** True when the MuJoCo C headers are installed (the layout probe compiles against them). */
    static boolean headersInstalled() {
        return Files.isRegularFile(Path.of("/usr/include/mujoco/mujoco.h"));
    }

    static Path write(Path dir, String name, String xml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, xml);
        return p;
    }
}
