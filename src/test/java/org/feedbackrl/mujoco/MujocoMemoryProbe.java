package org.feedbackrl.mujoco;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a child JVM by {@link MujocoMemoryTest}: loads and frees the project's car and pendulum
 * 1,000 times each and prints what MuJoCo itself allocated and freed, and the process's RSS.
 *
 * <p>MuJoCo routes every allocation of a model or data through {@code mju_malloc}/{@code mju_free},
 * which call the user hooks {@code mju_user_malloc}/{@code mju_user_free} when set. This probe sets
 * them to upcalls that allocate with libc's {@code aligned_alloc} (64-byte aligned, as MuJoCo's own
 * default) and keep a table of live blocks, so "MuJoCo bytes still allocated" is exact.
 */
public final class MujocoMemoryProbe {
    static final ConcurrentHashMap<Long, Long> BLOCKS = new ConcurrentHashMap<>();
    static final AtomicLong LIVE = new AtomicLong(), CALLS = new AtomicLong();
    static final Linker LINKER = Linker.nativeLinker();
    static final MethodHandle ALIGNED_ALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("aligned_alloc").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, JAVA_LONG, JAVA_LONG));
    static final MethodHandle FREE = LINKER.downcallHandle(LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    static MemorySegment malloc(long size) {
        try {
            if (size <= 0) return MemorySegment.NULL;
            long padded = (size + 63) / 64 * 64;
            MemorySegment p = (MemorySegment) ALIGNED_ALLOC.invokeExact(64L, padded);
            if (!p.equals(MemorySegment.NULL)) {
                BLOCKS.put(p.address(), size);
                LIVE.addAndGet(size);
                CALLS.incrementAndGet();
            }
            return p;
        } catch (Throwable t) {
            return MemorySegment.NULL;   // nothing may escape an upcall
        }
    }

    static void free(MemorySegment p) {
        try {
            Long size = BLOCKS.remove(p.address());
            if (size != null) LIVE.addAndGet(-size);
            FREE.invokeExact(p);
        } catch (Throwable t) {
            // nothing may escape an upcall
        }
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS");
    }

    public static void main(String[] args) throws Exception {
        if (!MujocoLibrary.available()) {
            System.out.println("unavailable=" + MujocoLibrary.unavailableReason());
            return;
        }
        MethodHandles.Lookup l = MethodHandles.lookup();
        MemorySegment mallocStub = LINKER.upcallStub(l.findStatic(MujocoMemoryProbe.class, "malloc",
                MethodType.methodType(MemorySegment.class, long.class)), FunctionDescriptor.of(ADDRESS, JAVA_LONG), Arena.global());
        MemorySegment freeStub = LINKER.upcallStub(l.findStatic(MujocoMemoryProbe.class, "free",
                MethodType.methodType(void.class, MemorySegment.class)), FunctionDescriptor.ofVoid(ADDRESS), Arena.global());
        MujocoLibrary.global("mju_user_malloc").set(ADDRESS, 0, mallocStub);
        MujocoLibrary.global("mju_user_free").set(ADDRESS, 0, freeStub);

        int n = Integer.parseInt(args.length > 0 ? args[0] : "1000");
        double[] u = {0.5, 0.1}, x = new double[4];
        for (int i = 0; i < 30; i++) {            // warm-up: class loading, JIT, the JVM's own native buffers
            new MujocoCar().close();
            new MujocoPendulum().close();
        }
        System.gc();
        long rss0 = rssKb(), live0 = LIVE.get(), calls0 = CALLS.get(), rssMid = 0;
        long perInstance = 0, notFreed = 0;
        for (int i = 0; i < n; i++) {
            if (i == n / 5) {       // RSS settles once glibc's arenas and the JIT have seen the pattern
                System.gc();
                rssMid = rssKb();
            }
            MujocoCar car = new MujocoCar();
            MujocoPendulum p = new MujocoPendulum();
            car.step(u);
            p.step(u);
            car.observe(x);
            perInstance = Math.max(perInstance, LIVE.get() - live0);
            car.close();
            p.close();
            if (LIVE.get() != live0) notFreed++;
        }
        System.gc();
        long rss1 = rssKb();
        System.out.println("iterations=" + n);
        System.out.println("mujoco_allocations=" + (CALLS.get() - calls0));
        System.out.println("mujoco_bytes_per_iteration=" + perInstance);
        System.out.println("mujoco_bytes_left=" + (LIVE.get() - live0));
        System.out.println("iterations_not_freed=" + notFreed);
        System.out.println("rss_before_kb=" + rss0);
        System.out.println("rss_at_fifth_kb=" + rssMid);
        System.out.println("rss_after_kb=" + rss1);

        // The Cleaner backstop: plants dropped without close() are freed once unreachable.
        int live = MujocoSim.live();
        for (int i = 0; i < 200; i++) {
            MujocoPendulum dropped = new MujocoPendulum();
            dropped.step(u);
        }
        long dropped = LIVE.get() - live0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while ((MujocoSim.live() > live || LIVE.get() != live0) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        System.out.println("cleaner_dropped_bytes=" + dropped);
        System.out.println("cleaner_sims_left=" + (MujocoSim.live() - live));
        System.out.println("cleaner_bytes_left=" + (LIVE.get() - live0));
        MujocoLibrary.global("mju_user_malloc").set(ADDRESS, 0, MemorySegment.NULL);
        MujocoLibrary.global("mju_user_free").set(ADDRESS, 0, MemorySegment.NULL);
    }
}
