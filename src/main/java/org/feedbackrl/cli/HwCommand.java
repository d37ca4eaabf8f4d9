package org.feedbackrl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.feedbackrl.embed.EmbeddedPolicy;
import org.feedbackrl.embed.PolicyFileException;
import org.feedbackrl.embed.Task;
import org.feedbackrl.hw.ControlStep;
import org.feedbackrl.hw.Go1;
import org.feedbackrl.hw.Go1Binding;
import org.feedbackrl.hw.LatencyHistogram;
import org.feedbackrl.hw.NativeLibrary;
import org.feedbackrl.hw.Pca9685;
import org.feedbackrl.hw.RealtimeLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code feedbackrl hw ...}: hardware shims (JetRacer PWM, Go1) and the real-time loop. */
@Command(name = "hw", mixinStandardHelpOptions = true,
        description = {"Hardware: the JetRacer's PCA9685 PWM shim, the Unitree Go1 shim and the real-time loop.",
                "Everything runs without hardware by default (capture transport, simulated Go1)."},
        subcommands = {HwCommand.PwmTest.class, HwCommand.Go1Status.class, HwCommand.LoopBench.class})
public final class HwCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void requireNative() {
        if (!NativeLibrary.available()) {
            throw new UserError("native library " + NativeLibrary.path() + " is missing: run 'mvn package' (needs gcc) or set -D"
                    + NativeLibrary.DIR_PROPERTY + "=DIR");
        }
    }

    static String hex(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) s.append(i > from ? " " : "").append(String.format("%02x", b[i] & 0xFF));
        return s.toString();
    }

    /** Prints capture records [address][length][register, data...] one per line. */
    static void printCapture(PrintWriter out, byte[] cap) {
        for (int i = 0; i + 2 <= cap.length; ) {
            int len = cap[i + 1] & 0xFF;
            int reg = cap[i + 2] & 0xFF;
            String what = switch (reg) {
                case 0x00 -> "MODE1";
                case 0x01 -> "MODE2";
                case 0xFE -> "PRE_SCALE";
                default -> reg >= 0x06 && reg < 0x46 && (reg - 6) % 4 == 0 ? "LED" + (reg - 6) / 4 + " ON/OFF" : "reg";
            };
            out.printf("    i2c 0x%02x <- %s   (%s)%n", cap[i] & 0xFF, hex(cap, i + 2, i + 2 + len), what);
            i += 2 + len;
        }
    }

    @Command(name = "pwm-test", mixinStandardHelpOptions = true,
            description = {"Sweeps steering, then throttle, through -1, 0, +1 with neutral in between, on the PCA9685 shim.",
                    "Default: dry run with the capture transport, printing every byte that would go on the I2C bus.",
                    "With --device the pulses go to the real PCA9685: put the car on a stand, wheels off the ground.",
                    "With --device or --capture the sweep runs in real time with the output thread, and every way it can end",
                    "(done, error, Ctrl-C, SIGTERM, the dead-man, the process killed) ends in 1500 us on both channels, then outputs off."})
    static final class PwmTest implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--device", description = "I2C device for the real PCA9685, e.g. /dev/i2c-1 (default: dry run)")
        String device;

        @Option(names = "--capture", description = "no hardware, but run the real-time sweep as on a device and record every bus write, "
                + "with its CLOCK_MONOTONIC time, into FILE (format in native/fbrl_pca9685.h)")
        String capture;

        @Option(names = "--address", defaultValue = "0x40", description = "7-bit I2C address (default ${DEFAULT-VALUE})")
        String address;

        @Option(names = "--max-throttle", description = "throttle sweep amplitude in (0, 1] (default 1 for a dry run, 0.2 on a device)")
        Double maxThrottle;

        @Option(names = "--dwell", description = "seconds per step on a device (default ${DEFAULT-VALUE})", defaultValue = "1.0")
        double dwell;

        @Override
        public Integer call() throws InterruptedException {
            requireNative();
            PrintWriter out = spec.commandLine().getOut();
            Pca9685.Config cfg = new Pca9685.Config();
            try {
                cfg.address = Integer.decode(address.trim());
            } catch (NumberFormatException e) {
                throw new UserError("--address must be a number like 0x40, got '" + address + "'");
            }
            if (device != null && capture != null) throw new UserError("--device and --capture exclude each other: --capture is the no-hardware stand-in for a device");
            cfg.device = device;
            cfg.captureFile = capture;
            boolean timed = device != null || capture != null;
            double m = maxThrottle != null ? maxThrottle : device == null ? 1.0 : 0.2;
            if (!(m > 0 && m <= 1)) throw new UserError("--max-throttle must be in (0, 1], got " + m);
            Args.finite("--dwell", dwell);
            if (!(dwell > 0 && dwell <= 60)) throw new UserError("--dwell must be in (0, 60] seconds, got " + dwell);
            double[][] steps = {{0, 0}, {-1, 0}, {0, 0}, {1, 0}, {0, 0}, {0, -m}, {0, 0}, {0, m}, {0, 0}};
            Pca9685 pca;
            try {
                pca = Pca9685.open(cfg);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage() + (device != null ? " (check the bus number, permissions on " + device
                        + ", and i2cdetect -y 1)" : ""));
            }
            try (pca) {
                out.printf("PCA9685 %s at 0x%02x: %.0f Hz, prescale %d, pulses %.0f-%.0f us, neutral %.0f us, dead-man %.0f ms%n",
                        device != null ? device : capture != null ? "capture file " + capture : "dry run (capture transport)",
                        cfg.address, cfg.frequencyHz, pca.prescale(), cfg.minUs, cfg.maxUs, cfg.centerUs[0], cfg.deadmanTimeoutS * 1e3);
                if (!timed) {
                    out.println("  init:");
                    printCapture(out, pca.takeCapture());
                    long now = Pca9685.monotonicNanos();
                    for (double[] s : steps) {
                        pca.command(s[0], s[1]);
                        pca.tick(now);
                        out.printf("  steering %+5.2f throttle %+5.2f -> ch0 %6.1f us (count %d), ch1 %6.1f us (count %d)%n",
                                s[0], s[1], pca.pulseUs(0), pca.counts(0), pca.pulseUs(1), pca.counts(1));
                        printCapture(out, pca.takeCapture());
                    }
                    pca.stop();
                    out.println("  stop (neutral, then outputs off):");
                    printCapture(out, pca.takeCapture());
                } else {
                    if (pca.guardianPid() > 0) out.printf("  guardian process %d armed: it stops the outputs if this process dies%n", pca.guardianPid());
                    pca.start();
                    for (double[] s : steps) {
                        long end = System.nanoTime() + (long) (dwell * 1e9);
                        while (System.nanoTime() < end) {
                            pca.command(s[0], s[1]);
                            Thread.sleep(20);
                        }
                        out.printf("  steering %+5.2f throttle %+5.2f -> ch0 %6.1f us, ch1 %6.1f us, bus errors %d%n",
                                s[0], s[1], pca.pulseUs(0), pca.pulseUs(1), pca.ioErrors());
                        out.flush();
                    }
                    pca.stop();
                    if (pca.ioErrors() > 0) {
                        out.printf("FAIL: %d I2C writes failed%n", pca.ioErrors());
                        return 1;
                    }
                }
                out.println("done: outputs neutral, then off.");
            }
            return 0;
        }
    }

    @Command(name = "go1-status", mixinStandardHelpOptions = true,
            description = {"Runs the Go1 shim's 500 Hz exchange and prints the robot state and the packet counters once a second.",
                    "Default: the simulated robot standing (mode 0); --walk makes it trot. The robot gets only mode 0 until a valid",
                    "state has arrived and whenever none arrives for 100 ms; every way the command can end (done, error, Ctrl-C,",
                    "SIGTERM, the dead-man, the process killed) ends in mode 0 with zero velocities.",
                    "The unitree backend needs the shim built with the Unitree SDK (the default when ../shared/vendor has it).",
                    "A stand-in robot on this machine: --backend unitree --target-ip 127.0.0.1 --target-port PORT --local-port 0."})
    static final class Go1Status implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--seconds", defaultValue = "5", description = "how long to run (default ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--backend", defaultValue = "sim", description = "sim or unitree (default ${DEFAULT-VALUE})")
        String backend;

        @Option(names = "--walk", description = "trot with VX,VYAW (m/s, rad/s), e.g. 0.4,0.2; default: stand still")
        String walk;

        @Option(names = "--target-ip", defaultValue = "192.168.123.161", description = "robot IPv4 address, unitree backend (default ${DEFAULT-VALUE})")
        String targetIp;

        @Option(names = "--target-port", defaultValue = "8082", description = "robot's high-level UDP port, unitree backend (default ${DEFAULT-VALUE})")
        int targetPort;

        @Option(names = "--local-port", defaultValue = "8090", description = "local UDP port the SDK binds, unitree backend; 0 = any free port (default ${DEFAULT-VALUE})")
        int localPort;

        @Option(names = "--seed", defaultValue = "1", description = "simulator noise seed (default ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws InterruptedException {
            requireNative();
            PrintWriter out = spec.commandLine().getOut();
            Args.finite("--seconds", seconds);
            if (!(seconds > 0 && seconds <= 3600)) throw new UserError("--seconds must be in (0, 3600], got " + seconds);
            if (targetPort < 1 || targetPort > 65535) throw new UserError("--target-port must be in 1..65535, got " + targetPort);
            if (localPort < 0 || localPort > 65535) throw new UserError("--local-port must be in 0..65535 (0 = any free port), got " + localPort);
            Go1.Config cfg = new Go1.Config();
            cfg.simSeed = seed;
            cfg.targetIp = targetIp;
            cfg.targetPort = targetPort;
            cfg.localPort = localPort;
            cfg.backend = switch (backend) {
                case "sim" -> Go1Binding.BACKEND_SIM;
                case "unitree" -> Go1Binding.BACKEND_UNITREE;
                default -> throw new UserError("--backend must be sim or unitree, got '" + backend + "'");
            };
            double[] v = walk == null ? null : Args.vector("--walk", walk, 2);
            Go1 go1;
            try {
                go1 = Go1.open(cfg);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            boolean sdk = cfg.backend == Go1Binding.BACKEND_UNITREE;
            try (go1) {
                Go1.State s = new Go1.State();
                go1.read(s);
                out.printf("Go1 %s backend%s, %.0f Hz exchange, dead-man %.0f ms, %s%n", backend,
                        sdk ? String.format(" (robot %s:%d from local UDP port %d; guardian process %d)", targetIp, targetPort, s.localPort, s.guardianPid) : "",
                        cfg.rateHz, cfg.deadmanTimeoutS * 1e3,
                        v == null ? "standing (mode 0)" : String.format("trotting at vx %.2f m/s, vyaw %.2f rad/s", v[0], v[1]));
                out.println("     t  mode gait       x       y     yaw      vx      vy    vyaw  sent(mode vx vyaw)  dead-man  ticks  battery"
                        + (sdk ? "   packets sent/recv/lost/crc/sendfail/malformed" : ""));
                out.flush();
                go1.start();
                long t0 = System.nanoTime(), nextPrint = t0 + 1_000_000_000L, end = t0 + (long) (seconds * 1e9);
                boolean silentReported = false, everValid = false;
                while (true) {
                    long now = System.nanoTime();
                    if (v == null) go1.command(Go1.MODE_IDLE, 0, 0);
                    else go1.command(Go1.MODE_WALK, v[0], v[1]);
                    go1.read(s);
                    everValid |= s.haveState;
                    boolean silent = !s.haveState || s.linkSilent;
                    // Report a silent link once per episode, after one dead-man period (so a robot that answers at once is not reported).
                    if (silent && !silentReported && s.stateAgeNanos > (long) (cfg.deadmanTimeoutS * 1e9)) {
                        out.println("  " + s.silenceMessage() + ": sending only mode 0 (zero velocities) until valid states arrive");
                        out.flush();
                        silentReported = true;
                    } else if (!silent && silentReported) {
                        out.println("  valid states again: commands resume");
                        silentReported = false;
                    }
                    if (now >= nextPrint || now >= end) {
                        String link = sdk ? String.format("   %d/%d/%d/%d/%d/%d", s.sent, s.received, s.lost, s.crcErrors, s.sendFailed, s.malformed) : "";
                        if (silent) {
                            out.printf("%6.1f     -    -       -       -       -       -       -       -  %4d %5.2f %5.2f     %-8s %6d     -%s%n",
                                    (now - t0) / 1e9, s.sentMode, s.sentVx, s.sentVyaw, s.deadmanActive ? "ACTIVE" : "ok", s.ticks, link);
                        } else {
                            out.printf("%6.1f  %4d %4d %7.3f %7.3f %7.3f %7.3f %7.3f %7.3f  %4d %5.2f %5.2f     %-8s %6d  %3d%%%s%n",
                                    (now - t0) / 1e9, s.mode, s.gaitType, s.x, s.y, s.yaw, s.vx, s.vy, s.vyaw, s.sentMode, s.sentVx, s.sentVyaw,
                                    s.deadmanActive ? "ACTIVE" : "ok", s.ticks, s.batteryPercent, link);
                        }
                        out.flush();
                        nextPrint += 1_000_000_000L;
                        if (now >= end) break;
                    }
                    Thread.sleep(10);
                }
                go1.stop();
                go1.read(s);
                out.printf("stopped: mode %d sent with zero velocities for 100 ms; dead-man trips %d; packets: %s%n",
                        s.sentMode, s.deadmanTrips, s.linkSummary());
                if (!everValid) {
                    out.println("FAIL: the robot never sent a valid state, so it only ever received mode 0 (zero velocities)");
                    return 1;
                }
            }
            return 0;
        }
    }

    @Command(name = "loop-bench", mixinStandardHelpOptions = true,
            description = {"Runs the real-time loop at --rate with a control step that drives the simulated backends",
                    "(PCA9685 capture transport and the Go1 simulator, both with their native threads running), then prints",
                    "the wake-up latency and step-time histograms, deadline misses and bytes allocated per tick."})
    static final class LoopBench implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--rate", defaultValue = "500", description = "loop rate in Hz, 1..100000 (default ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--seconds", defaultValue = "5", description = "measured duration (default ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--warmup", defaultValue = "5", description = "seconds run before measuring, for the JIT (default ${DEFAULT-VALUE})")
        double warmup;

        @Option(names = "--rt", description = "try SCHED_FIFO (priority --priority), mlockall and 1 us timer slack; reported, never fatal")
        boolean rt;

        @Option(names = "--priority", defaultValue = "80", description = "SCHED_FIFO priority with --rt, 1..99 (default ${DEFAULT-VALUE})")
        int priority;

        @Option(names = "--no-sleep", description = "free-running: ticks back to back (measures the step alone)")
        boolean noSleep;

        @Option(names = "--car-run", description = "car policy: a 'train car' run directory or checkpoint (default: the nominal controller)")
        java.nio.file.Path carRun;

        @Option(names = "--go1-run", description = "Go1 policy: a 'train go1' run directory or checkpoint (default: the nominal controller)")
        java.nio.file.Path go1Run;

        @Override
        public Integer call() {
            requireNative();
            PrintWriter out = spec.commandLine().getOut();
            Args.finite("--rate", rate);
            Args.finite("--seconds", seconds);
            Args.finite("--warmup", warmup);
            if (!(rate >= 1 && rate <= 100_000)) throw new UserError("--rate must be in [1, 100000] Hz, got " + rate);
            if (!(seconds > 0 && seconds <= 3600)) throw new UserError("--seconds must be in (0, 3600], got " + seconds);
            if (!(warmup >= 0 && warmup <= 60)) throw new UserError("--warmup must be in [0, 60] seconds, got " + warmup);
            if (priority < 1 || priority > 99) throw new UserError("--priority must be in 1..99, got " + priority);
            long period = Math.round(1e9 / rate);
            EmbeddedPolicy carPolicy, go1Policy;
            try {
                carPolicy = carRun != null ? EmbeddedPolicy.load(carRun, Task.CAR) : EmbeddedPolicy.nominal(Task.CAR);
                go1Policy = go1Run != null ? EmbeddedPolicy.load(go1Run, Task.GO1) : EmbeddedPolicy.nominal(Task.GO1);
            } catch (PolicyFileException e) {
                throw new UserError(e.getMessage());
            }
            RealtimeLoop.Options opt = new RealtimeLoop.Options();
            opt.sleep = !noSleep;
            if (rt) {
                opt.fifoPriority = priority;
                opt.lockMemory = true;
                opt.timerSlackNanos = 1_000;
            }
            try (Pca9685 pca = Pca9685.open(new Pca9685.Config()); Go1 go1 = Go1.open(new Go1.Config())) {
                BenchStep step = new BenchStep(pca, go1, period, carPolicy, go1Policy);
                RealtimeLoop loop = new RealtimeLoop(period, step, opt);
                RealtimeLoop.Options freeOpt = new RealtimeLoop.Options();
                freeOpt.sleep = false;
                RealtimeLoop free = new RealtimeLoop(period, step, freeOpt);
                Go1.State s = new Go1.State();
                step.tick(0, 0); // first commands before the shims' threads start, so their dead-man stays off
                pca.start();
                go1.start();
                // Warm-up: the JIT needs tens of thousands of ticks to reach its final tier; run them free-running
                // (commands at full speed are harmless to the simulators), then --warmup seconds at the real rate.
                free.run(30_000);
                loop.run(Math.round(warmup * rate));
                loop.resetStatistics();
                go1.read(s);
                long pcaTrips0 = pca.deadmanTrips(), go1Trips0 = s.deadmanTrips;
                long n = Math.max(1, Math.round(seconds * rate));
                loop.run(n);
                go1.read(s);
                long pcaTrips = pca.deadmanTrips() - pcaTrips0, go1Trips = s.deadmanTrips - go1Trips0;
                pca.stop();
                go1.stop();

                out.printf("loop-bench: %d ticks at %.0f Hz (period %d ns)%s, after %.1f s warm-up%n", loop.ticks(), rate, period,
                        noSleep ? ", free-running" : "", warmup);
                out.println("  real-time: " + loop.setupReport());
                out.println("  policies: car " + (carRun != null ? carPolicy.source().checkpoint() : "nominal") + ", go1 "
                        + (go1Run != null ? go1Policy.source().checkpoint() : "nominal") + " (org.feedbackrl.embed.EmbeddedPolicy)");
                if (!noSleep) print(out, "wake latency (wake - deadline)", loop.wakeLatency());
                print(out, "control step time", loop.stepTime());
                out.printf("  deadline misses %d (%.3f %%), deadlines skipped %d%n", loop.deadlineMisses(),
                        100.0 * loop.deadlineMisses() / loop.ticks(), loop.skipped());
                long alloc = loop.allocatedBytes();
                out.printf("  allocated in the loop: %s%n", alloc < 0 ? "unknown on this JVM"
                        : String.format("%d bytes, %.3f bytes per tick", alloc, (double) alloc / loop.ticks()));
                out.printf("  simulated backends while measuring: PCA9685 dead-man trips %d, Go1 dead-man trips %d "
                        + "(0 = the loop kept both alive); Go1 pose (%.2f, %.2f, %.2f)%n", pcaTrips, go1Trips, s.x, s.y, s.yaw);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            return 0;
        }

        static void print(PrintWriter out, String what, LatencyHistogram h) {
            out.printf("  %-31s p50 %9.1f us  p99 %9.1f us  p99.9 %9.1f us  max %9.1f us%n", what,
                    h.percentile(0.5) / 1e3, h.percentile(0.99) / 1e3, h.percentile(0.999) / 1e3, h.max() / 1e3);
        }
    }

    /**
     * The real control step of both robots, against the simulated backends: the Go1's figure-8
     * policy (network + spline + tracking controller) reads the shim's state and commands it; the
     * car's policy is evaluated on a pose moving along its reference and commands the PCA9685 shim.
     * Both policies are {@link EmbeddedPolicy} objects — what a user embeds — called through
     * {@link EmbeddedPolicy#control} at their own clocks (Go1 10 Hz, car 50 Hz: at a faster loop rate
     * the same step is recomputed with the newest state), reset at the end of every lap.
     * No allocation (tested by {@code LoopBenchTest} through {@link RealtimeLoop#allocatedBytes()}).
     */
    public static final class BenchStep implements ControlStep {
        private final Pca9685 pca;
        private final Go1 go1;
        private final Go1.State state = new Go1.State();
        private final double dt;
        private final EmbeddedPolicy carPolicy, go1Policy;
        private final long carLapSteps, go1LapSteps;
        private long carLap = -1, go1Lap = -1, carLast = Long.MAX_VALUE, go1Last = Long.MAX_VALUE;
        private final org.feedbackrl.task.FigureEight carTrack = new org.feedbackrl.task.FigureEight(5.5);
        private final double[] carX = new double[4], carU = new double[2], ref = new double[6];
        private final double[] goX = new double[3], goU = new double[2];

        /** With the nominal (untrained) policies of both tasks. */
        public BenchStep(Pca9685 pca, Go1 go1, long periodNanos) {
            this(pca, go1, periodNanos, EmbeddedPolicy.nominal(Task.CAR), EmbeddedPolicy.nominal(Task.GO1));
        }

        /**
         * @param car a car policy (e.g. {@code EmbeddedPolicy.load(run, Task.CAR)})
         * @param dog a Go1 policy
         */
        public BenchStep(Pca9685 pca, Go1 go1, long periodNanos, EmbeddedPolicy car, EmbeddedPolicy dog) {
            if (car.task() != Task.CAR || dog.task() != Task.GO1) throw new IllegalArgumentException("BenchStep needs a car and a go1 policy");
            this.pca = pca;
            this.go1 = go1;
            this.dt = periodNanos * 1e-9;
            this.carPolicy = car;
            this.go1Policy = dog;
            this.carLapSteps = Math.round(car.episodeSeconds() / car.dt());
            this.go1LapSteps = Math.round(dog.episodeSeconds() / dog.dt());
        }

        @Override
        public void tick(long k, long nowNanos) {
            double t = k * dt;
            // Go1 at its 10 Hz policy clock: state from the shim, command back to it.
            go1.read(state);
            goX[0] = state.x;
            goX[1] = state.y;
            goX[2] = state.yaw;
            long gs = (long) (t / go1Policy.dt());
            if (gs / go1LapSteps != go1Lap || gs < go1Last) {   // a new lap, or the loop's tick clock restarted
                go1Lap = gs / go1LapSteps;
                go1Policy.reset();
            }
            go1Last = gs;
            go1Policy.control((gs % go1LapSteps) * go1Policy.dt(), goX, goU);
            go1.command(Go1.MODE_WALK, goU[0], goU[1]);
            // Car at its 50 Hz policy clock: a pose 5 cm off the reference, command to the PWM shim.
            long cs = (long) (t / carPolicy.dt());
            if (cs / carLapSteps != carLap || cs < carLast) {
                carLap = cs / carLapSteps;
                carPolicy.reset();
            }
            carLast = cs;
            double tau = (cs % carLapSteps) * carPolicy.dt();
            carTrack.reference(tau, ref);
            carX[0] = ref[0] + 0.05;
            carX[1] = ref[1];
            carX[2] = Math.hypot(ref[2], ref[3]);
            carX[3] = Math.atan2(ref[3], ref[2]);
            carPolicy.control(tau, carX, carU);
            pca.command(carU[1], carU[0]);
        }
    }
}
