package org.feedbackrl.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and loads MuJoCo's shared library ({@code libmujoco.so} from Debian's {@code libmujoco-dev},
 * 2.2.x) once per JVM, checks that it is the version {@link MujocoBinding} mirrors, and installs a
 * warning handler.
 *
 * <p>Search order: the file named by the system property {@value #PATH_PROPERTY}; otherwise the
 * dynamic loader's search for {@code libmujoco.so} (the {@code -dev} package's symlink), then
 * {@code libmujoco.so.2.2.2}. {@link #available()} never throws: it says whether the MuJoCo plants
 * and tests can run, and {@link #unavailableReason()} says in one line why not and what to do.
 *
 * <p><b>Version.</b> The structs {@code mjModel}/{@code mjData} change between MuJoCo releases, so
 * {@link MujocoBinding}'s layouts are for exactly {@link #EXPECTED_VERSION} (checked against the
 * installed C headers by {@code MujocoLayoutTest}); any other {@code mj_version()} is refused.
 *
 * <p><b>Warnings.</b> MuJoCo's default warning handler prints to stdout and appends to
 * {@code MUJOCO_LOG.TXT} in the working directory. An upcall stub replaces it once per JVM: the
 * text is kept per thread ({@link #lastWarning()}) and the plants turn it into an error with
 * MuJoCo's own words (they see the warning counters in {@code mjData}).
 */
public final class MujocoLibrary {
    /** System property: full path of the MuJoCo shared library to load instead of searching. */
    public static final String PATH_PROPERTY = "feedbackrl.mujoco.lib";
    /** The only {@code mj_version()} the layouts of {@link MujocoBinding} are written for (2.2.2). */
    public static final int EXPECTED_VERSION = 222;

    private MujocoLibrary() {}

    private static final ThreadLocal<String> LAST_WARNING = new ThreadLocal<>();

    /** Holder idiom: the load happens on first use, once; its outcome (lookup or reason) is final. */
    private static final class Holder {
        static final SymbolLookup LOOKUP;
        static final String REASON;
        static final String VERSION;

        static {
            SymbolLookup lookup = null;
            String reason = null, version = null;
            try {
                lookup = open();
                MethodHandle ver = Linker.nativeLinker().downcallHandle(
                        lookup.find("mj_version").orElseThrow(), FunctionDescriptor.of(JAVA_INT));
                int v = (int) ver.invokeExact();
                version = (v / 100) + "." + (v / 10 % 10) + "." + (v % 10);
                if (v != EXPECTED_VERSION) {
                    reason = "MuJoCo " + version + " is installed but feedback-rl's bindings mirror the structs of MuJoCo 2.2.2 "
                            + "(Debian bookworm's libmujoco-dev); install that version or point -D" + PATH_PROPERTY + " at a 2.2.2 libmujoco.so";
                    lookup = null;
                } else {
                    installWarningHandler(lookup);
                }
            } catch (Throwable t) {
                lookup = null;
                reason = "MuJoCo is not installed (" + firstLine(t) + "): install it with 'apt-get install libmujoco-dev' "
                        + "(./feedbackrl does this itself when run as root)";
            }
            LOOKUP = lookup;
            REASON = reason;
            VERSION = version;
        }
    }

    private static SymbolLookup open() {
        String explicit = System.getProperty(PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isRegularFile(p)) throw new IllegalStateException("-D" + PATH_PROPERTY + "=" + explicit + " is not a file");
            return SymbolLookup.libraryLookup(p, Arena.global());
        }
        IllegalArgumentException first = null;
        for (String name : new String[] {"libmujoco.so", "libmujoco.so.2.2.2"}) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                if (first == null) first = e;
            }
        }
        throw new IllegalStateException("libmujoco.so not found by the dynamic loader", first);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** True when MuJoCo 2.2.2 is installed and loaded; never throws. */
    public static boolean available() {
        return Holder.LOOKUP != null;
    }

    /** Why {@link #available()} is false, in one line with what to do; null when available. */
    public static String unavailableReason() {
        return Holder.REASON;
    }

    /** The loaded library's version, e.g. "2.2.2" (null if it could not be loaded at all). */
    public static String version() {
        return Holder.VERSION;
    }

    /**
     * The library's symbols.
     *
     * @throws IllegalStateException with {@link #unavailableReason()} when MuJoCo is not usable
     */
    public static SymbolLookup lookup() {
        if (Holder.LOOKUP == null) throw new IllegalStateException(Holder.REASON);
        return Holder.LOOKUP;
    }

    /** A downcall handle to a MuJoCo function (jextract style: call it with invokeExact). */
    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return Linker.nativeLinker().downcallHandle(
                lookup().find(name).orElseThrow(() -> new IllegalStateException("libmujoco has no symbol " + name)), fd, options);
    }

    /** The address of an exported global variable of the library (e.g. {@code mju_user_malloc}), as a pointer-sized segment. */
    static MemorySegment global(String name) {
        return lookup().find(name).orElseThrow(() -> new IllegalStateException("libmujoco has no symbol " + name))
                .reinterpret(ADDRESS.byteSize());
    }

    /** The last MuJoCo warning text raised on the calling thread (null if none yet). */
    public static String lastWarning() {
        return LAST_WARNING.get();
    }

    /** Clears {@link #lastWarning()} for the calling thread. */
    public static void clearLastWarning() {
        LAST_WARNING.remove();
    }

    /** Upcall target of {@code mju_user_warning}: must never throw (an exception here would end the JVM). */
    @SuppressWarnings("unused")
    private static void onWarning(MemorySegment text) {
        try {
            LAST_WARNING.set(text.reinterpret(4096).getString(0).strip());
        } catch (Throwable ignored) {
            // nothing may escape an upcall
        }
    }

    private static void installWarningHandler(SymbolLookup lookup) throws ReflectiveOperationException {
        MethodHandle target = MethodHandles.lookup().findStatic(MujocoLibrary.class, "onWarning",
                MethodType.methodType(void.class, MemorySegment.class));
        MemorySegment stub = Linker.nativeLinker().upcallStub(target, FunctionDescriptor.ofVoid(ADDRESS), Arena.global());
        MemorySegment slot = lookup.find("mju_user_warning").orElseThrow().reinterpret(ADDRESS.byteSize());
        slot.set(ADDRESS, 0, stub);
    }
}
