package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.feedbackrl.testsupport.CProbe;

/**
 * The Unitree SDK the shim was built with (target/native/.sdk, written by native/build.sh) and the
 * real layout of its packets: native/test/sdk_layout_probe.cpp compiled with g++ against the SDK's
 * own comm.h and run once per test JVM. Tests that drive the SDK call {@link #requireSdk()}: when
 * the vendored SDK is next to the repository (as in CI) the shim must have been built with it.
 */
final class SdkLayout {
    private SdkLayout() {}

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path VENDOR = ROOT.resolve("../shared/vendor/unitree_legged_sdk-go1").normalize();

    private static Map<String, Long> offsets;

    /** The SDK directory the shim was built with, or null. */
    static Path sdkDir() throws IOException {
        Path stamp = ROOT.resolve("target/native/.sdk");
        if (!Files.exists(stamp)) return null;
        String s = Files.readString(stamp).strip();
        if (s.isEmpty()) return null;
        return ROOT.resolve(s).normalize();
    }

    /** Skips the test when there is no SDK at all; fails when the vendored SDK exists but the shim lacks it. */
    static Path requireSdk() throws IOException {
        Path dir = sdkDir();
        if (Files.isDirectory(VENDOR)) {
            assertTrue(dir != null && Go1.backendAvailable(Go1Binding.BACKEND_UNITREE),
                    "the Unitree SDK is at " + VENDOR + " but the shim was built without it (target/native/.sdk: " + dir + ")");
        }
        assumeTrue(dir != null && Go1.backendAvailable(Go1Binding.BACKEND_UNITREE), "the shim was built without the Unitree SDK");
        return dir;
    }

    /** {@code HighCmd 129}, {@code HighCmd.mode 22}, ... as the C++ compiler lays out the SDK's comm.h. */
    static synchronized Map<String, Long> offsets() throws IOException, InterruptedException {
        if (offsets != null) return offsets;
        Path sdk = requireSdk();
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "arm64" : "amd64";
        Path tmp = Files.createTempDirectory("sdk-probe");
        Path exe = tmp.resolve("sdk_layout_probe");
        Map<String, Long> m = CProbe.compileAndRun(List.of("g++", "-std=c++14", "-Wall", "-Wextra", "-Werror", "-I", sdk.resolve("include").toString(),
                ROOT.resolve("native/test/sdk_layout_probe.cpp").toString(), sdk.resolve("lib/cpp/" + arch + "/libunitree_legged_sdk.a").toString(),
                "-lpthread"), exe);
        Files.deleteIfExists(exe);
        Files.deleteIfExists(tmp);
        offsets = m;
        return m;
    }

    /** Offset of a field of the SDK's struct, e.g. {@code at("HighCmd.velocity")}. */
    static int at(String field) {
        try {
            Long v = offsets().get(field);
            if (v == null) throw new IllegalArgumentException("the SDK probe does not print " + field);
            return Math.toIntExact(v);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
