package org.feedbackrl.hw;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and loads {@code libfeedbackrl_hw.so}, the native hardware shims built from {@code native/}
 * by the Maven build into {@code target/native/}.
 *
 * <p>Search order: the directory in the system property {@value #DIR_PROPERTY}; otherwise
 * {@code native/} next to the directory or jar this class was loaded from ({@code target/classes}
 * and {@code target/feedbackrl.jar} both give {@code target/native}). The library is loaded once
 * into the global arena and stays loaded for the life of the JVM.
 */
public final class NativeLibrary {
    /** System property naming the directory that holds {@value #FILE_NAME}. */
    public static final String DIR_PROPERTY = "feedbackrl.native.dir";
    /** File name of the shared library. */
    public static final String FILE_NAME = "libfeedbackrl_hw.so";

    private NativeLibrary() {}

    private static final class Holder {
        static final SymbolLookup LOOKUP = SymbolLookup.libraryLookup(path(), Arena.global());
    }

    /** Where the library is expected, whether or not it exists. */
    public static Path path() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) return Path.of(dir).resolve(FILE_NAME).toAbsolutePath();
        try {
            Path here = Path.of(NativeLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.toAbsolutePath().getParent().resolve("native").resolve(FILE_NAME);
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("target", "native", FILE_NAME).toAbsolutePath();
        }
    }

    /** True when the library file exists (it may still fail to load on a foreign architecture). */
    public static boolean available() {
        return Files.isRegularFile(path());
    }

    /**
     * The library's symbols.
     *
     * @throws IllegalStateException with what to do when the library is missing
     */
    public static SymbolLookup lookup() {
        if (!available()) {
            throw new IllegalStateException("native library " + path() + " not found: build it with 'mvn package' "
                    + "(runs native/build.sh with gcc) or point -D" + DIR_PROPERTY + " at the directory holding " + FILE_NAME);
        }
        return Holder.LOOKUP;
    }

    /** A downcall handle to a function of the library (jextract style: call it with invokeExact). */
    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(
                lookup().find(name).orElseThrow(() -> new IllegalStateException(FILE_NAME + " has no symbol " + name
                        + ": it is older than the Java bindings; rebuild with 'mvn package'")),
                fd, options);
    }
}
