package org.feedbackrl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Trainer;
import org.feedbackrl.train.TrainingTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Algorithm 1: run the policy on the plant, estimate the gradient with the model's Jacobians, update, repeat.",
                "Every rollout is recorded durably (rollouts/) before the gradient uses it; metrics.csv and a checkpoint per "
                + "iteration go into --out; --resume continues bit-identically after a crash."})
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SYSTEM", description = "car, go1, pendulum or scalar") String system;
    @Option(names = "--plant", description = "what the policy runs on: model (F = F̂, no mismatch); car: sim (default), authors; go1: sim (default); pendulum: true (default, true masses); car and pendulum: mujoco (MuJoCo with the project's MJCF) or mujoco:FILE.xml") String plant;
    @Option(names = "--model", defaultValue = "default", description = "the model the gradient uses; car: paper (eq. 11) or authors:S (the authors' reality scaled by S); pendulum: half (50 %% masses, default) or full") String model;
    @Option(names = "--iterations", description = "policy updates K (default per system: car 12, go1 7, pendulum 100, scalar 50)") Integer iterations;
    @Option(names = "--batch", description = "rollouts per update N (default per system)") Integer batch;
    @Option(names = "--lr", description = "step size (default per system)") Double lr;
    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default ${DEFAULT-VALUE})") String optimizer;
    @Option(names = "--clip", defaultValue = "0", description = "global-norm clip of the gradient, 0 = off (default ${DEFAULT-VALUE})") double clip;
    @Option(names = "--seed", defaultValue = "1", description = "seed of every random choice (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--no-feedback", description = "ablation: the network outputs the inputs directly") boolean noFeedback;
    @Option(names = "--horizon", defaultValue = "0", description = "control steps per rollout; 0 = the system's default (car: two laps, go1: one lap, pendulum: 3 s)") int horizon;
    @Option(names = "--hidden", defaultValue = "64", description = "hidden layer width (default ${DEFAULT-VALUE})") int hidden;
    @Option(names = "--out", description = "run directory (default runs/train-SYSTEM-seedS)") Path out;
    @Option(names = "--resume", description = "continue from the last good checkpoint in --out") boolean resume;
    @Option(names = "--threads", description = "rollouts of a batch run in parallel on simulated plants, each thread on its own plant instance; "
            + "bit-identical results for every value; hardware plants always run one rollout at a time (default: available cores)") Integer threads;
    @Option(names = "--no-record", description = "simulated plants only: do not write rollouts/ (each can be simulated again from the seed); refused for hardware") boolean noRecord;
    @Option(names = "--quiet", description = "no progress output") boolean quiet;
    @Option(names = "--yes", description = "hardware plants: do not ask the operator before each rollout") boolean yes;
    @Option(names = "--i2c-device", description = "jetracer: PCA9685 bus device, e.g. /dev/i2c-1 (default: dry-run capture transport)") String i2cDevice;
    @Option(names = "--pose-bind", defaultValue = "127.0.0.1:9870", description = "jetracer: host:port the motion-capture receiver binds to (default ${DEFAULT-VALUE})") String poseBind;
    @Option(names = "--pose-source", defaultValue = "127.0.0.1", description = "jetracer: the only host pose packets are accepted from (default ${DEFAULT-VALUE})") String poseSource;
    @Option(names = "--go1-backend", defaultValue = "sim", description = "go1: sim (the shim's simulated robot) or unitree (the Unitree SDK; the build links it from ../shared/vendor or -Dunitree.sdk) (default ${DEFAULT-VALUE})") String go1Backend;
    @Option(names = "--go1-ip", defaultValue = "192.168.123.161", description = "go1: robot address for the unitree backend (default ${DEFAULT-VALUE})") String go1Ip;
    @Option(names = "--go1-port", defaultValue = "8082", description = "go1: robot's high-level UDP port for the unitree backend (default ${DEFAULT-VALUE})") int go1Port;
    @Option(names = "--go1-local-port", defaultValue = "8090", description = "go1: local UDP port the Unitree SDK binds; 0 = any free port, e.g. for a stand-in robot on 127.0.0.1 (default ${DEFAULT-VALUE})") int go1LocalPort;
    @Option(names = "--pwm-capture", description = "jetracer without --i2c-device: also record every PCA9685 bus write, timestamped, into this file") Path pwmCapture;

    @Override
    public Integer call() throws Exception {
        Tasks.Defaults d;
        try {
            d = Tasks.defaults(system);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        int k = iterations != null ? iterations : d.iterations();
        int n = batch != null ? batch : d.batch();
        double a = lr != null ? lr : d.lr();
        if (k < 1) throw new UserError("--iterations must be ≥ 1, got " + k);
        if (n < 1) throw new UserError("--batch must be ≥ 1, got " + n);
        if (!(a > 0) || !Double.isFinite(a)) throw new UserError("--lr must be a positive number, got " + a);
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) throw new UserError("--optimizer must be adam or sgd, got '" + optimizer + "'");
        if (!(clip >= 0) || Double.isNaN(clip)) throw new UserError("--clip must be ≥ 0, got " + clip);
        if (horizon < 0) throw new UserError("--horizon must be ≥ 0, got " + horizon);
        if (hidden < 1 || hidden > 4096) throw new UserError("--hidden must be in 1..4096, got " + hidden);
        if (go1Port < 1 || go1Port > 65535) throw new UserError("--go1-port must be in 1..65535, got " + go1Port);
        if (go1LocalPort < 0 || go1LocalPort > 65535) throw new UserError("--go1-local-port must be in 0..65535 (0 = any free port), got " + go1LocalPort);
        int th = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (th < 1) throw new UserError("--threads must be ≥ 1, got " + th);
        if (noFeedback && system.equals("scalar")) throw new UserError("--no-feedback: the scalar example's open-loop class is 'gradient scalar --policy open-loop'");
        Path dir = out != null ? out : Path.of("runs", "train-" + system + "-seed" + seed);
        TrainConfig cfg = new TrainConfig(system, plant != null ? plant : d.plant(), k, n, a, optimizer, clip, seed, noFeedback, dir, resume, horizon, hidden, model, th, !noRecord);
        if (noRecord && (cfg.plant().equals("jetracer") || cfg.plant().equals("go1"))) {
            throw new UserError("--no-record: plant '" + cfg.plant() + "' is real hardware, its rollouts are always recorded");
        }
        TrainingTask task;
        try {
            task = Tasks.create(cfg, new Tasks.Hardware(i2cDevice, poseBind, poseSource, go1Backend, go1Ip, go1Port, go1LocalPort,
                    pwmCapture == null ? null : pwmCapture.toString()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        boolean hardware = cfg.plant().equals("jetracer") || cfg.plant().equals("go1");
        // Ctrl-C (SIGINT/SIGTERM) stops the robot before the process exits. Completed rollouts are
        // already on disk (each written atomically when it ends); the interrupted one is not.
        Thread stopRobot = new Thread(() -> {
            org.feedbackrl.hw.RobotStop.haltAll();         // the stop path of every open robot link (not a close: main may still use it)
            if (hardware) {
                System.err.println("train: interrupted: the robot was stopped (plant '" + cfg.plant()
                        + "'); completed rollouts are kept, continue with --resume");
                System.err.flush();
            }
        }, "stop-robot");
        Runtime.getRuntime().addShutdownHook(stopRobot);
        var err = spec.commandLine().getErr();
        var outw = spec.commandLine().getOut();
        outw.printf("train %s on plant '%s': %d iterations x %d rollouts of %d steps, %s lr %g, seed %d -> %s%n",
                system, cfg.plant(), k, n, task.horizon(), optimizer, a, seed, dir);
        outw.flush();
        try {
            ProgressBar bar = new ProgressBar(err, quiet);
            Trainer.Progress progress = !hardware || yes ? bar : new Trainer.Progress() {
                @Override public void iteration(int k, int total, double r, double e, double g, double d) { bar.iteration(k, total, r, e, g, d); }
                @Override public void warn(String m) { bar.warn(m); }
                @Override public boolean beforeRollout(int k, int i, String plant) { return Operator.confirm(err, k, i, plant); }
            };
            Trainer.Result r;
            try {
                r = Trainer.run(cfg, task, progress);
            } finally {
                task.plant().close();
                Runtime.getRuntime().removeShutdownHook(stopRobot);
            }
            String first = r.rows().get(0), last = r.rows().get(r.rows().size() - 1);
            outw.println("            iteration,mean_reward,tracking_error,grad_norm,data_seconds");
            outw.println("first row : " + first);
            outw.println("last row  : " + last);
            outw.println("wrote " + dir.resolve("metrics.csv") + " and " + dir.resolve("checkpoints"));
        } catch (Trainer.TrainingException e) {
            throw new UserError(e.getMessage());
        }
        return 0;
    }
}
