package org.feedbackrl.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * native/build.sh's choice of the Unitree SDK and its memory across rebuilds, run on a scratch copy
 * of native/ (so the repository's own .unitree-sdk is untouched), and the symbols of the library the
 * build made.
 */
class NativeBuildTest {

    record Built(int code, String out) {}

    static Built build(Path root, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("native/build.sh").toString(), root.resolve("out").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("UNITREE_SDK");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        return new Built(p.exitValue(), out);
    }

    static String nm(Path lib) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nm", "-C", lib.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    static void touchSources(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("native"))) {
            for (Path f : s.toList()) Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        }
    }

    @Test
    void theShimLinksTheSdkAndNmShowsItsSymbols() throws Exception {
        SdkLayout.requireSdk();
        String syms = nm(SdkLayout.ROOT.resolve("target/native/libfeedbackrl_hw.so"));
        for (String s : List.of("UNITREE_LEGGED_SDK::UDP::Send()", "UNITREE_LEGGED_SDK::UDP::Recv()",
                "UNITREE_LEGGED_SDK::UDP::SetSend(UNITREE_LEGGED_SDK::HighCmd&)", "UNITREE_LEGGED_SDK::crc32(unsigned int*, unsigned int)",
                "UNITREE_LEGGED_SDK::decryptCRC(unsigned int)")) {
            assertTrue(syms.contains(s), "nm libfeedbackrl_hw.so lacks " + s);
        }
        assertTrue(Files.isExecutable(SdkLayout.ROOT.resolve("target/native/fbrl_guardian")));
    }

    @Test
    void theSdkChoiceIsRememberedAcrossRebuilds(@TempDir Path tmp) throws Exception {
        Path sdk = SdkLayout.requireSdk();
        Path root = tmp.resolve("repo");                   // no ../shared/vendor next to it: no default SDK
        Files.createDirectories(root.resolve("native"));
        try (Stream<Path> s = Files.list(SdkLayout.ROOT.resolve("native"))) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, root.resolve("native").resolve(f.getFileName()));
        }
        Path lib = root.resolve("out/libfeedbackrl_hw.so");

        Built none = build(root, Map.of());
        assertEquals(0, none.code(), none.out());
        assertTrue(none.out().contains("simulated Go1 backend only: no Unitree SDK"), none.out());
        assertEquals(1, none.out().strip().lines().count(), "one visible line: " + none.out());
        assertTrue(!nm(lib).contains("UNITREE_LEGGED_SDK"));

        Built explicit = build(root, Map.of(), sdk.toString());        // as mvn -Dunitree.sdk=DIR passes it
        assertEquals(0, explicit.code(), explicit.out());
        assertTrue(explicit.out().contains("Go1 backends: simulated + Unitree SDK (" + sdk), explicit.out());
        assertEquals(sdk.toString(), Files.readString(root.resolve(".unitree-sdk")).strip());
        assertTrue(nm(lib).contains("UNITREE_LEGGED_SDK::UDP::Send()"));

        touchSources(root);                                            // a source change, rebuilt without saying which SDK
        Built again = build(root, Map.of());
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("from " + root.resolve(".unitree-sdk") + " (the SDK last built with)"), again.out());
        assertTrue(nm(lib).contains("UNITREE_LEGGED_SDK::UDP::Send()"), "still linked with the SDK after the rebuild");

        Built off = build(root, Map.of("UNITREE_SDK", "none"));       // UNITREE_SDK=none: explicitly without
        assertEquals(0, off.code(), off.out());
        assertTrue(off.out().contains("no Unitree SDK (none chosen with UNITREE_SDK)"), off.out());
        assertEquals("none", Files.readString(root.resolve(".unitree-sdk")).strip());

        Built missing = build(root, Map.of(), tmp.resolve("no-such-sdk").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("must be a unitree_legged_sdk checkout"), missing.out());
    }
}
