package org.feedbackrl.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every implementation of every workload in one go (issue #7): writes the shared workload
 * file, builds the C++/Eigen program, checks that every implementation agrees with feedback-rl's
 * results to 1e-9 relative (failing loudly otherwise), times them (JMH with -prof gc for Java,
 * repeated processes for C++ and Python), prints a table of medians and ratios, and writes JSON.
 *
 * <pre>
 *   BenchRunner --root DIR [--quick] [--json FILE] [--skip eigen,torch,scalar,ejml] [--check-only]
 *   BenchRunner --dump FILE                      (writes the workload file only)
 *   BenchRunner --java-check OUT fbrl|ejml      (internal: a child JVM's agreement results)
 * </pre>
 */
public final class BenchRunner {
    static final double TOL = 1e-9;
    static final String[] JVM_FLAGS = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
            "--sun-misc-unsafe-memory-access=allow"};

    /**
     * @param alloc   bytes per op allocated by the benchmark thread inside the measured loop
     *                ({@link ThreadAlloc}; C++: a counting global operator new), null if not measured
     * @param gcAlloc JMH {@code -prof gc} {@code gc.alloc.rate.norm}: every thread of the JVM over the
     *                iteration, JMH's own bookkeeping included; null outside JMH
     */
    record Stat(double median, double lo, double hi, Double alloc, Double gcAlloc, int forks, int samples) {}

    final Map<String, Map<String, Stat>> table = new TreeMap<>();
    final List<String> notes = new ArrayList<>();
    Path root, work;
    boolean quick;
    String json;
    String skip = "";
    boolean checkOnly;
    double peakJava = Double.NaN, peakCpp = Double.NaN;

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--java-check")) {
            double[] r = args[2].equals("ejml") ? new Impl.Ejml().results() : new Impl.Fbrl().results();
            writeDoubles(Path.of(args[1]), r);
            return;
        }
        if (args.length >= 2 && args[0].equals("--dump")) {
            Workloads.dump(Path.of(args[1]));
            return;
        }
        BenchRunner b = new BenchRunner();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> b.root = Path.of(args[++i]).toAbsolutePath();
                case "--quick" -> b.quick = true;
                case "--json" -> b.json = args[++i];
                case "--skip" -> b.skip = args[++i];
                case "--check-only" -> b.checkOnly = true;
                default -> { System.err.println("bench: unknown argument " + args[i]); System.exit(2); }
            }
        }
        if (b.root == null) b.root = Path.of("").toAbsolutePath();
        System.exit(b.run());
    }

    int run() throws Exception {
        work = root.resolve("bench/target/run");
        Files.createDirectories(work);
        Path wl = work.resolve("workload.bin");
        Workloads.dump(wl);
        say("workload written to " + wl + " (W1: car figure-8, N = 8 × T = 275, 6→64→64→10 every step)");

        // ---- agreement -------------------------------------------------------------------------
        double[] ref = new Impl.Fbrl().results();
        var w = Workloads.w1();
        int[] sec = Impl.sections(w.mlp.paramCount(), w.mlp.inputs(), w.mlp.outputs());
        Map<String, boolean[]> agreed = new LinkedHashMap<>();   // impl → which sections count
        boolean failed = false;
        if (!skipped("scalar")) {
            Path out = work.resolve("check-fbrl-scalar.bin");
            List<String> cmd = javaCmd("-Dfeedbackrl.vector=false");
            cmd.addAll(List.of(BenchRunner.class.getName(), "--java-check", out.toString(), "fbrl"));
            failed |= check("fbrl-scalar", exec(cmd, 600) == 0 ? readDoubles(out) : null, ref, sec, agreed);
        }
        if (!skipped("ejml")) failed |= check("ejml", new Impl.Ejml().results(), ref, sec, agreed);
        Path eigen = skipped("eigen") ? null : buildEigen();
        if (eigen != null) {
            Path out = work.resolve("check-eigen.bin");
            failed |= check("eigen", exec(List.of(eigen.toString(), "check", wl.toString(), out.toString()), 600) == 0 ? readDoubles(out) : null,
                    ref, sec, agreed);
        }
        String python = skipped("torch") ? null : findTorch();
        Path torchScript = root.resolve("bench/python/bench_torch.py");
        if (python != null) {
            Path out = work.resolve("check-torch.bin");
            failed |= check("torch", exec(List.of(python, torchScript.toString(), "check", wl.toString(), out.toString()), 900) == 0
                    ? readDoubles(out) : null, ref, sec, agreed);
        }
        if (failed) {
            System.err.println("bench: FAILED — an implementation disagrees with feedback-rl beyond " + TOL + " (see above); no timings reported.");
            return 1;
        }

        if (checkOnly) {
            say("agreement checks passed (--check-only: no timing)");
            return 0;
        }
        // ---- timing ----------------------------------------------------------------------------
        int forks = quick ? 1 : 3;
        runJmh("fbrl-vector", null, forks, ".*(W1Gradient|W2Iteration|JmhOverhead)\\..*", true, agreed);
        runJmh("fbrl-vector", null, forks, ".*(W3ControlStep|W4Kernels|Peak)\\..*", false, agreed);
        if (agreed.containsKey("fbrl-scalar")) {
            runJmh("fbrl-scalar", "-Dfeedbackrl.vector=false", forks, ".*(W1Gradient.fbrl|W2Iteration.fbrl)$", true, agreed);
            runJmh("fbrl-scalar", "-Dfeedbackrl.vector=false", forks, ".*(W3ControlStep.fbrl|W4Kernels.fbrl.*)$", false, agreed);
        }
        double secs = quick ? 0.6 : 2.0;
        if (agreed.containsKey("eigen")) external("eigen", List.of(eigen.toString(), "time", wl.toString(), String.valueOf(secs)), forks, agreed);
        if (agreed.containsKey("torch")) {
            external("torch", List.of(python, torchScript.toString(), "time", wl.toString(), String.valueOf(quick ? 1.0 : 3.0)), forks, agreed);
        }
        report();
        return 0;
    }

    boolean skipped(String what) {
        if (List.of(skip.split(",")).contains(what)) { note(what + ": skipped (--skip)"); return true; }
        return false;
    }

    // ---- agreement check ------------------------------------------------------------------------
    boolean check(String impl, double[] got, double[] ref, int[] sec, Map<String, boolean[]> agreed) {
        if (got == null) { note(impl + ": its agreement run failed; not timed (see its output above)"); return true; }
        if (got.length != ref.length) {
            System.err.println("bench: " + impl + " wrote " + got.length + " values, expected " + ref.length);
            return true;
        }
        boolean[] ok = new boolean[sec.length];
        boolean bad = false;
        StringBuilder line = new StringBuilder("agreement " + impl + ":");
        for (int s = 0, o = 0; s < sec.length; o += sec[s], s++) {
            boolean nan = false;
            double dmax = 0, rmax = 0;
            for (int k = o; k < o + sec[s]; k++) {
                if (Double.isNaN(got[k])) { nan = true; break; }
                dmax = Math.max(dmax, Math.abs(got[k] - ref[k]));
                rmax = Math.max(rmax, Math.abs(ref[k]));
            }
            if (nan) { line.append(String.format(Locale.ROOT, " [%s: not implemented]", Impl.SECTION_NAMES[s])); continue; }
            double rel = dmax / Math.max(rmax, 1e-300);
            ok[s] = rel <= TOL;
            line.append(String.format(Locale.ROOT, " [%s %.1e%s]", Impl.SECTION_NAMES[s], rel, ok[s] ? "" : " FAIL"));
            bad |= !ok[s];
        }
        say(line.toString());
        if (bad) System.err.println("bench: " + impl + " DISAGREES with feedback-rl (max |Δ| / max |ref| > " + TOL + ")");
        else agreed.put(impl, ok);
        return bad;
    }

    /** Which sections a workload's timing needs to have agreed. */
    static boolean counts(Map<String, boolean[]> agreed, String impl, String workload) {
        if (impl.equals("fbrl-vector") || impl.equals("fbrl-generic") || workload.equals("peak") || workload.equals("JMH floor")) return true;
        if (impl.equals("fbrl-embed")) return true;   // W3 through EmbeddedPolicy: Impl.Fbrl checks its u equals fbrl-vector's bit for bit
        boolean[] ok = agreed.get(impl.equals("fbrl-scalar") ? "fbrl-scalar" : impl);
        if (ok == null) return false;
        if (workload.equals("peak")) return true;
        if (workload.equals("W1")) return ok[0] && ok[1];
        if (workload.equals("W2")) return ok[7];
        if (workload.equals("W3")) return ok[2];
        if (workload.startsWith("W4.forward")) return ok[3];
        if (workload.startsWith("W4.jacobian")) return ok[4];
        if (workload.startsWith("W4.backward")) return ok[5] && ok[6];
        return false;
    }

    // ---- JMH ------------------------------------------------------------------------------------
    /**
     * @param long_ the benchmarks run for milliseconds per op: warm up for longer (their first ops run
     *              before C2 has compiled the vector kernels, boxing every vector)
     */
    void runJmh(String label, String extraFlag, int forks, String include, boolean long_, Map<String, boolean[]> agreed) throws Exception {
        say("JMH (" + label + "): " + forks + " fork(s)" + (quick ? ", quick settings" : ""));
        List<String> flags = new ArrayList<>(List.of(JVM_FLAGS));
        if (extraFlag != null) flags.add(extraFlag);
        ChainedOptionsBuilder ob = new OptionsBuilder().include(include).forks(forks)
                // W1/W2 (long_): 12 × 2 s of warm-up, so that the late C2 (re)compilations of the vector
                // kernels (which box a few vectors while they run interpreted or in C1) are over
                // before the measured ops and -prof gc sees the steady state.
                .warmupIterations(long_ ? (quick ? 8 : 12) : (quick ? 2 : 3))
                .warmupTime(TimeValue.milliseconds(long_ ? (quick ? 1000 : 2000) : (quick ? 400 : 1000)))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.milliseconds(quick ? 400 : 1000))
                .jvmArgs(flags.toArray(String[]::new)).addProfiler(GCProfiler.class).addProfiler(ThreadAlloc.class)
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(ob.build()).run();
        for (RunResult rr : results) {
            BenchmarkParams bp = rr.getParams();
            String bench = bp.getBenchmark();
            String cls = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1, bench.lastIndexOf('.'));
            String meth = bench.substring(bench.lastIndexOf('.') + 1);
            String workload, impl;
            switch (cls) {
                case "W1Gradient" -> { workload = "W1"; impl = meth.equals("fbrlGeneric") ? "fbrl-generic" : meth; }
                case "W2Iteration" -> {
                    // fbrl: the trainer's iteration on W1's workload; its rollouts alone; with 2 rollout threads; go1; pendulum.
                    workload = switch (meth) {
                        case "rollouts" -> "W2.rollouts";
                        case "fbrlThreads2" -> "W2.threads2";
                        case "go1" -> "W2.go1";
                        case "pendulum" -> "W2.pendulum";
                        default -> "W2";
                    };
                    impl = meth.equals("ejml") ? "ejml" : "fbrl";
                }
                case "W3ControlStep" -> { workload = "W3"; impl = meth.equals("embed") ? label.replace("vector", "embed") : meth; }
                case "W4Kernels" -> {
                    String op = meth.replaceFirst("^(fbrl|ejml)", "").toLowerCase(Locale.ROOT);
                    workload = "W4." + op + "." + bp.getParam("batch");
                    impl = meth.startsWith("fbrl") ? "fbrl" : "ejml";
                }
                case "JmhOverhead" -> { workload = "JMH floor"; impl = meth; }
                default -> { workload = "peak"; impl = "java"; }
            }
            if (impl.equals("fbrl")) impl = label;
            else if (label.equals("fbrl-scalar")) continue;
            double unit = unitSeconds(rr.getPrimaryResult().getScoreUnit());
            List<Double> all = new ArrayList<>(), forkMedians = new ArrayList<>();
            for (BenchmarkResult br : rr.getBenchmarkResults()) {
                List<Double> it = new ArrayList<>();
                for (IterationResult ir : br.getIterationResults()) it.add(ir.getPrimaryResult().getScore() * unit);
                all.addAll(it);
                forkMedians.add(median(it));
            }
            Result<?> gc = rr.getSecondaryResults().get("gc.alloc.rate.norm");
            Result<?> th = rr.getSecondaryResults().get("thread.alloc.norm");
            Stat st = new Stat(median(all), min(forkMedians), max(forkMedians), th == null ? null : th.getScore(),
                    gc == null ? null : gc.getScore(), forkMedians.size(), all.size());
            if (workload.equals("peak")) peakJava = Peak.flopsPerOp() / st.median();
            put(workload, impl, st, agreed);
        }
    }

    void put(String workload, String impl, Stat st, Map<String, boolean[]> agreed) {
        if (!counts(agreed, impl, workload)) {
            note(impl + " " + workload + ": timed but not counted (no agreement result for it)");
            return;
        }
        table.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(impl, st);
    }

    static double unitSeconds(String u) {
        if (u.startsWith("ns")) return 1e-9;
        if (u.startsWith("us")) return 1e-6;
        if (u.startsWith("ms")) return 1e-3;
        return 1;
    }

    // ---- C++ and Python: repeated processes ("forks") ---------------------------------------------
    void external(String impl, List<String> cmd, int forks, Map<String, boolean[]> agreed) throws Exception {
        say("timing " + impl + ": " + forks + " process(es)");
        Map<String, List<double[]>> per = new LinkedHashMap<>();
        double peakFlops = Double.NaN;
        for (int f = 0; f < forks; f++) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                note(impl + ": timing process failed (exit " + p.exitValue() + "); its timings are missing");
                return;
            }
            for (String line : out.split("\n")) {
                String[] t = line.trim().split("\\s+");
                if (t.length == 2 && t[0].equals("peak_flops_per_op")) { peakFlops = Double.parseDouble(t[1]); continue; }
                if (t.length < 4) continue;
                double alloc = t[2].equals("nan") || t[2].equals("-") ? Double.NaN : Double.parseDouble(t[2]);
                per.computeIfAbsent(t[0], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(t[1]), alloc, Double.parseDouble(t[3])});
            }
        }
        for (var e : per.entrySet()) {
            List<Double> med = new ArrayList<>();
            int samples = 0;
            double alloc = 0;
            for (double[] r : e.getValue()) { med.add(r[0]); alloc = r[1]; samples += (int) r[2]; }
            Stat st = new Stat(median(med), min(med), max(med), Double.isNaN(alloc) ? null : alloc, null, med.size(), samples);
            if (e.getKey().equals("peak")) {
                if (!Double.isNaN(peakFlops)) peakCpp = peakFlops / st.median();
                table.computeIfAbsent("peak", k -> new LinkedHashMap<>()).put("c++", st);
                continue;
            }
            put(e.getKey(), impl, st, agreed);
        }
    }

    // ---- report ---------------------------------------------------------------------------------
    static double flops(String workload) {
        if (!workload.startsWith("W4.")) return Double.NaN;
        String[] p = workload.split("\\.");
        int b = Integer.parseInt(p[2]);
        int in = 6, h = 64, o = 10;
        double macs = in * h + h * h + h * o;
        return switch (p[1]) {
            case "forward" -> 2 * macs * b;
            case "jacobian" -> 2.0 * in * (h * h + h * o) * b;
            default -> 4 * macs * b;   // weight gradient + input cotangent
        };
    }

    void report() throws IOException {
        double peak = Math.max(nz(peakJava), nz(peakCpp));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Peak (one core, FMA-bound kernel): Java Vector API %.1f GFLOP/s, C++ AVX2 intrinsics %.1f GFLOP/s; using %.1f GFLOP/s.%n%n",
                nz(peakJava) / 1e9, nz(peakCpp) / 1e9, peak / 1e9));
        md.append("| workload | implementation | median | fork medians (min–max) | alloc B/op (op's thread) | -prof gc B/op (whole JVM) | time ÷ fbrl-vector | GFLOP/s | % of peak |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var e : table.entrySet()) {
            String wl = e.getKey();
            if (wl.equals("peak")) continue;
            Stat base = e.getValue().get("fbrl-vector");
            for (var ie : e.getValue().entrySet()) {
                Stat s = ie.getValue();
                double fl = flops(wl);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s–%s | %s | %s | %s | %s | %s |%n", wl, ie.getKey(), time(s.median()),
                        time(s.lo()), time(s.hi()), s.alloc() == null ? "n/a" : String.format(Locale.ROOT, "%.3g", s.alloc()),
                        s.gcAlloc() == null ? "–" : String.format(Locale.ROOT, "%.3g", s.gcAlloc()),
                        base == null ? "–" : String.format(Locale.ROOT, "%.2f×", s.median() / base.median()),
                        Double.isNaN(fl) ? "" : String.format(Locale.ROOT, "%.2f", fl / s.median() / 1e9),
                        Double.isNaN(fl) || peak == 0 ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * fl / s.median() / peak)));
            }
        }
        md.append("\nTargets:\n");
        target(md, "W1 faster than C++/Eigen", "W1", "eigen", 1.0);
        target(md, "W1 ≥ 30× faster than PyTorch", "W1", "torch", 30.0);
        target(md, "W1 ≥ 4× faster than fbrl's scalar path", "W1", "fbrl-scalar", 4.0);
        for (String op : new String[] {"forward", "jacobian", "backward"}) {
            Stat s = get("W4." + op + ".256", "fbrl-vector");
            if (s != null && peak > 0) {
                double f = flops("W4." + op + ".256") / s.median() / peak;
                md.append(String.format(Locale.ROOT, "- W4 %s at batch 256 ≥ 50%% of peak: %.0f%% — %s%n", op, 100 * f, f >= 0.5 ? "MET" : "NOT MET"));
            }
        }
        for (String wl : new String[] {"W1", "W3"}) {
            Stat s = get(wl, "fbrl-vector");
            if (s != null && s.alloc() != null) {
                md.append(String.format(Locale.ROOT, "- %s allocates 0 B/op (op's thread, measured loop): %.3f B/op — %s (-prof gc, whole JVM: %s B/op; JMH floor: %s B/op)%n",
                        wl, s.alloc(), s.alloc() == 0 ? "MET" : "NOT MET", s.gcAlloc() == null ? "–" : String.format(Locale.ROOT, "%.3g", s.gcAlloc()),
                        get("JMH floor", "spin") == null || get("JMH floor", "spin").gcAlloc() == null ? "–"
                                : String.format(Locale.ROOT, "%.3g", get("JMH floor", "spin").gcAlloc())));
            }
        }
        Stat w2 = get("W2", "fbrl-vector"), w1 = get("W1", "fbrl-vector"), w2r = get("W2.rollouts", "fbrl-vector");
        if (w2 != null && w1 != null && w2r != null) {
            double r = w2.median() / (w1.median() + w2r.median());
            md.append(String.format(Locale.ROOT, "- W2 (the trainer's iteration) within 1.5× of W1 + its 8 rollouts: %s vs %s + %s (×%.2f) — %s%n",
                    time(w2.median()), time(w1.median()), time(w2r.median()), r, r <= 1.5 ? "MET" : "NOT MET"));
        }
        Stat w3 = get("W3", "fbrl-vector");
        if (w3 != null) md.append(String.format(Locale.ROOT, "- W3 median < 5 µs: %s — %s%n", time(w3.median()), w3.median() < 5e-6 ? "MET" : "NOT MET"));
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            for (String n : notes) md.append("- ").append(n).append('\n');
        }
        System.out.println();
        System.out.print(md);
        Files.writeString(work.resolve("table.md"), md.toString());
        if (json != null) {
            StringBuilder j = new StringBuilder("{");
            boolean firstW = true;
            for (var e : table.entrySet()) {
                j.append(firstW ? "\n" : ",\n").append("  \"").append(e.getKey()).append("\": {");
                firstW = false;
                boolean firstI = true;
                for (var ie : e.getValue().entrySet()) {
                    Stat s = ie.getValue();
                    j.append(firstI ? "\n" : ",\n").append(String.format(Locale.ROOT,
                            "    \"%s\": {\"median_s\": %.6e, \"min_fork_median_s\": %.6e, \"max_fork_median_s\": %.6e, \"alloc_bytes_per_op\": %s, \"gc_alloc_rate_norm\": %s, \"forks\": %d}",
                            ie.getKey(), s.median(), s.lo(), s.hi(), s.alloc() == null ? "null" : String.format(Locale.ROOT, "%.3f", s.alloc()),
                            s.gcAlloc() == null ? "null" : String.format(Locale.ROOT, "%.3f", s.gcAlloc()), s.forks()));
                    firstI = false;
                }
                j.append("\n  }");
            }
            j.append(String.format(Locale.ROOT, ",%n  \"peak_flops_per_s\": {\"java\": %s, \"c++\": %s}%n}%n",
                    Double.isNaN(peakJava) ? "null" : String.format(Locale.ROOT, "%.4e", peakJava),
                    Double.isNaN(peakCpp) ? "null" : String.format(Locale.ROOT, "%.4e", peakCpp)));
            Path jp = Path.of(json);
            if (jp.toAbsolutePath().getParent() != null) Files.createDirectories(jp.toAbsolutePath().getParent());
            Files.writeString(jp, j.toString());
            say("wrote " + jp);
        }
    }

    void target(StringBuilder md, String what, String wl, String other, double factor) {
        Stat a = get(wl, "fbrl-vector"), b = get(wl, other);
        if (a == null || b == null) { md.append("- ").append(what).append(": not measured (").append(other).append(" missing)\n"); return; }
        double r = b.median() / a.median();
        md.append(String.format(Locale.ROOT, "- %s: %.2f× — %s%n", what, r, r >= factor ? "MET" : "NOT MET (short by " + String.format(Locale.ROOT, "%.2f×", factor / r) + ")"));
    }

    Stat get(String wl, String impl) {
        var m = table.get(wl);
        return m == null ? null : m.get(impl);
    }

    static String time(double s) {
        if (s < 1e-6) return String.format(Locale.ROOT, "%.0f ns", s * 1e9);
        if (s < 1e-3) return String.format(Locale.ROOT, "%.2f µs", s * 1e6);
        if (s < 1) return String.format(Locale.ROOT, "%.3f ms", s * 1e3);
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    // ---- native builds and packages ---------------------------------------------------------------
    Path buildEigen() throws Exception {
        Path src = root.resolve("bench/cpp/bench_eigen.cpp");
        Path bin = root.resolve("bench/target/bench_eigen");
        boolean haveGpp = exec(List.of("sh", "-c", "command -v g++ >/dev/null"), 30) == 0;
        boolean haveEigen = Files.exists(Path.of("/usr/include/eigen3/Eigen/Dense"));
        if (!haveGpp || !haveEigen) {
            if (!aptInstall("g++", "libeigen3-dev")) {
                note("eigen: SKIPPED — needs g++ and Eigen 3; install them with: sudo apt-get install -y g++ libeigen3-dev");
                return null;
            }
        }
        if (!Files.exists(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) < 0) {
            say("building " + bin + " (g++ -O3 -march=native, Eigen " + eigenVersion() + ")");
            if (exec(List.of("g++", "-O3", "-march=native", "-DNDEBUG", "-std=c++17", "-I/usr/include/eigen3", src.toString(), "-o", bin.toString()), 600) != 0) {
                note("eigen: SKIPPED — the C++ build failed (see the compiler output above)");
                return null;
            }
        }
        return bin;
    }

    static String eigenVersion() {
        try {
            String h = Files.readString(Path.of("/usr/include/eigen3/Eigen/src/Core/util/Macros.h"));
            var m = java.util.regex.Pattern.compile("#define EIGEN_(WORLD|MAJOR|MINOR)_VERSION (\\d+)").matcher(h);
            List<String> v = new ArrayList<>();
            while (m.find() && v.size() < 3) v.add(m.group(2));
            return String.join(".", v);
        } catch (IOException e) {
            return "?";
        }
    }

    String findTorch() throws Exception {
        String py = "/usr/bin/python3";
        if (!Files.isExecutable(Path.of(py))) {
            if (!aptInstall("python3", "python3-torch")) {
                note("torch: SKIPPED — needs /usr/bin/python3 with PyTorch; install with: sudo apt-get install -y python3 python3-torch");
                return null;
            }
        }
        if (exec(List.of(py, "-c", "import torch"), 120) != 0) {
            if (!aptInstall("python3-torch") || exec(List.of(py, "-c", "import torch"), 120) != 0) {
                note("torch: SKIPPED — /usr/bin/python3 cannot import torch; install with: sudo apt-get install -y python3-torch");
                return null;
            }
        }
        return py;
    }

    boolean aptInstall(String... pkgs) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean apt = exec(List.of("sh", "-c", "command -v apt-get >/dev/null"), 30) == 0;
        if (!root || !apt) return false;
        say("installing " + String.join(" ", pkgs) + " with apt-get");
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        cmd.addAll(List.of(pkgs));
        if (exec(cmd, 1800) == 0) return true;
        exec(List.of("apt-get", "update", "-q"), 900);
        return exec(cmd, 1800) == 0;
    }

    // ---- helpers ---------------------------------------------------------------------------------
    List<String> javaCmd(String... extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(JVM_FLAGS));
        cmd.addAll(List.of(extra));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    static int exec(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            System.err.println("bench: timed out: " + String.join(" ", cmd));
            return -1;
        }
        return p.exitValue();
    }

    void say(String s) { System.out.println("bench: " + s); }

    void note(String s) { notes.add(s); System.out.println("bench: NOTE " + s); }

    static double nz(double v) { return Double.isNaN(v) ? 0 : v; }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : 0.5 * (s.get(n / 2 - 1) + s.get(n / 2));
    }

    static double min(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN); }

    static double max(List<Double> v) { return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN); }

    static double[] readDoubles(Path f) throws IOException { return Workloads.readDoubles(f); }

    static void writeDoubles(Path f, double[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : v) b.putDouble(d);
        Files.write(f, b.array());
    }
}
