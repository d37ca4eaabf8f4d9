package org.feedbackrl.embed;

import java.nio.file.Path;
import java.util.Arrays;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.train.TrainConfig;
import org.feedbackrl.train.Tasks;
import org.feedbackrl.train.TrainingTask;

/**
 * A trained feedback-rl policy, ready to be called once per control tick from your own control loop.
 * This is the object the {@code feedbackrl} CLI itself drives the robots with: the trainer's and
 * {@code evaluate}'s rollouts ({@link org.feedbackrl.rollout.Unroller}) and {@code hw loop-bench}'s
 * real-time step call {@link #controlStep}/{@link #control} of an instance of this class.
 *
 * <pre>{@code
 * EmbeddedPolicy policy = EmbeddedPolicy.load(Path.of("runs/train-car-seed1"), Task.CAR);
 * double[] x = new double[policy.stateDim()], u = new double[policy.inputDim()];
 * policy.reset();                                  // a new rollout starts at task time 0
 * for (long k = 0; running; k++) {                 // your 50 Hz loop
 *     readState(x);                                // (x [m], y [m], v [m/s], phi [rad])
 *     policy.control(k * policy.dt(), x, u);       // u = (throttle, steering) in [-1, 1]
 *     sendCommand(u);
 * }
 * }</pre>
 *
 * <p><b>What it computes.</b> For the figure-8 tasks: every {@code callEvery} ticks the network reads
 * features of the state and task time and outputs setpoint corrections and gain offsets; between
 * calls a cubic Hermite spline carries the corrected reference; the model-based tracking controller
 * turns (state, reference, gains) into the input. The policy therefore has memory (the last
 * network outputs), which {@link #reset()} clears. See {@code docs/embedding.md}.
 *
 * <p><b>Time.</b> {@code timeSeconds} is task time since the start of the rollout, in seconds, the
 * clock of the reference trajectory (the figure-8 is periodic in it). The policy is defined on its
 * control grid t_k = k·{@link #dt()}; a call is rounded to the nearest step k. Within one rollout,
 * call once per step with non-decreasing time:
 * <ul>
 *   <li>the same step again (e.g. a second, fresher state within the period) recomputes that step
 *       from the same memory: the result is as if only the last call had been made;</li>
 *   <li>skipped steps (an overrun) are caught up with the current state, so a network call that fell
 *       into the gap still happens (cost: one policy evaluation per skipped step; at most
 *       {@value #MAX_GAP} steps, more throws);</li>
 *   <li>time going backwards throws {@link IllegalStateException}: call {@link #reset()} first.</li>
 * </ul>
 * The first call after {@link #reset()} may be at any time ≥ 0 (its state initialises the memory).
 *
 * <p><b>Cost.</b> {@link #control} allocates nothing (with the JIT warmed up; tested) and takes a
 * few microseconds (JMH W3 row, {@code bench/RESULTS.md}). Only the error paths allocate (they throw).
 *
 * <p><b>Threads.</b> Not thread-safe: an instance holds the policy's memory and scratch buffers.
 * Call {@link #control}, {@link #controlStep} and {@link #reset} from one thread at a time (normally
 * your control thread); hand the instance over with the usual happens-before (e.g. create it before
 * starting that thread). Several instances — one per thread or per robot — may be loaded from the
 * same run; they share nothing. {@link #load} does file I/O and allocates: call it before the loop.
 *
 * <p><b>Errors.</b> {@link #load} validates the checkpoint (checksum, settings fingerprint, parameter
 * count, finite values) and throws a {@link PolicyFileException} whose one-line message names the
 * file and what is wrong; it never writes to the run directory. Wrong array lengths or a time that
 * is negative, not finite or out of range throw {@link IllegalArgumentException}. A non-finite
 * state gives non-finite inputs: validate your sensor data (the CLI's hardware plants reject NaN
 * poses before they reach the policy).
 */
public final class EmbeddedPolicy {
    /** Largest number of skipped steps caught up in one call (e.g. 33 min at 50 Hz). */
    public static final int MAX_GAP = 100_000;

    /** Where a loaded policy came from. */
    public record Source(Path checkpoint, String fingerprint, int iteration) {}

    private final Policy policy;
    private final double dt;
    private final int n, m;
    private final Task task;
    private final Source source;
    private final double episodeSeconds;
    private double[] zPrev, z;
    private final double[] uSkip;
    private int step = -1;   // last step evaluated in this rollout; −1 right after reset()

    private EmbeddedPolicy(Policy policy, double dt, Task task, Source source, double episodeSeconds) {
        if (!(dt > 0) || !Double.isFinite(dt)) throw new IllegalArgumentException("control period must be positive, got " + dt);
        this.policy = policy;
        this.dt = dt;
        this.n = policy.stateDim();
        this.m = policy.inputDim();
        this.task = task;
        this.source = source;
        this.episodeSeconds = episodeSeconds;
        this.zPrev = new double[policy.memoryDim()];
        this.z = new double[policy.memoryDim()];
        this.uSkip = new double[m];
    }

    /**
     * Loads the policy of a training run, checking it is a {@code task} policy.
     *
     * @param run  a run directory written by {@code feedbackrl train} (its newest
     *             {@code checkpoints/ckpt-NNNNNN.bin} is used) or one checkpoint file
     * @param task the task the caller drives (a run of another task is rejected)
     * @return a policy ready for {@link #control} (after {@link #reset()}, which is also its initial state)
     * @throws PolicyFileException naming the file and what is wrong; nothing on disk is changed
     */
    public static EmbeddedPolicy load(Path run, Task task) throws PolicyFileException {
        if (task == null) throw new IllegalArgumentException("task must not be null (Task.CAR, Task.GO1 or Task.PENDULUM)");
        return RunFiles.load(run, task);
    }

    /**
     * Loads the policy of a training run of any embeddable task (see {@link #task()}).
     *
     * @param run a run directory or one checkpoint file
     * @throws PolicyFileException naming the file and what is wrong; nothing on disk is changed
     */
    public static EmbeddedPolicy load(Path run) throws PolicyFileException {
        return RunFiles.load(run, null);
    }

    /**
     * The task's policy before any training: the network's output layer is zero, so this is the
     * nominal model-based controller (the figure-8 tracking controller, or LQR for the pendulum).
     *
     * @param task the task
     */
    public static EmbeddedPolicy nominal(Task task) {
        TrainConfig c = new TrainConfig(task.system(), "model", 1, 1, 1e-3, "adam", 0, 1, false, Path.of("."), false, 0, 64);
        return forTask(Tasks.create(c), task, null);
    }

    /** A policy built by {@link Tasks} for a task, wrapped (θ as it is in the policy). */
    static EmbeddedPolicy forTask(TrainingTask t, Task task, Source source) {
        double episode = switch (task) {
            case CAR -> 5.5;                                  // one lap of the figure-8 (Tasks.car)
            case GO1 -> 37.7;                                 // Tasks.go1
            case PENDULUM -> t.horizon() * t.model().dt();    // the training horizon
        };
        return new EmbeddedPolicy(t.policy(), t.model().dt(), task, source, episode);
    }

    /**
     * Wraps any {@link Policy} for per-tick use (the CLI does this for the policy it trains; θ stays
     * live: writes to {@code policy.params()} change what {@link #control} computes).
     *
     * @param policy the policy
     * @param dt     its control period [s] (&gt; 0)
     */
    public static EmbeddedPolicy of(Policy policy, double dt) {
        return new EmbeddedPolicy(policy, dt, null, null, Double.NaN);
    }

    /**
     * Lets the JIT compile the control path before a latency-sensitive loop starts (the first calls
     * run interpreted and take milliseconds): runs {@code ticks} control calls along the task's
     * reference (the figure-8 followed exactly, or the pendulum's start state), then {@link #reset()}.
     * Compilation finishes in the background, so give it a few hundred milliseconds afterwards where
     * that matters. Allocates a few small arrays.
     *
     * @param ticks calls to make (e.g. 20 000, about 50 ms), ≥ 0
     */
    public void warmUp(int ticks) {
        if (task == null) throw new IllegalStateException("a policy made with EmbeddedPolicy.of has no task to warm up on");
        if (ticks < 0) throw new IllegalArgumentException("ticks must be ≥ 0, got " + ticks);
        double[] x = new double[n], u = new double[m], ref = new double[org.feedbackrl.task.FigureEight.REF_DIM];
        org.feedbackrl.task.FigureEight track = task == Task.PENDULUM ? null : new org.feedbackrl.task.FigureEight(episodeSeconds);
        int lap = Math.max(1, (int) Math.round(episodeSeconds / dt));
        reset();
        for (int i = 0; i < ticks; i++) {
            int k = i % lap;
            if (k == 0) reset();
            if (track == null) {
                task.startState(x);
            } else {
                track.reference(k * dt, ref);
                x[0] = ref[0];
                x[1] = ref[1];
                if (task == Task.CAR) {
                    x[2] = Math.hypot(ref[2], ref[3]);
                    x[3] = Math.atan2(ref[3], ref[2]);
                } else {
                    x[2] = Math.atan2(ref[3], ref[2]);
                }
            }
            controlStep(k, x, u);
        }
        reset();
    }

    /** Starts a new rollout: clears the memory; the next call may be at any task time ≥ 0. Allocation-free. */
    public void reset() {
        step = -1;
    }

    /**
     * One control tick at task time {@code timeSeconds} (rounded to the nearest step of {@link #dt()}).
     *
     * @param timeSeconds task time since the start of the rollout [s], finite, ≥ 0, non-decreasing
     *                    within a rollout
     * @param state       the measured state x (length ≥ {@link #stateDim()}; units in {@link Task}), read only
     * @param uOut        output: the input u to apply until the next tick (length ≥ {@link #inputDim()})
     * @throws IllegalArgumentException for a bad time or array length
     * @throws IllegalStateException    when time goes backwards or jumps more than {@value #MAX_GAP} steps
     */
    public void control(double timeSeconds, double[] state, double[] uOut) {
        double k = Math.rint(timeSeconds / dt);
        if (!(k >= 0 && k <= Integer.MAX_VALUE - 1)) {
            throw new IllegalArgumentException("time must be finite, ≥ 0 and below " + (Integer.MAX_VALUE - 1) * dt + " s, got " + timeSeconds);
        }
        controlStep((int) k, state, uOut);
    }

    /**
     * The same tick addressed by its step index k (task time k·{@link #dt()}): {@link #control} rounds
     * the time and calls this. The CLI's rollouts call it directly.
     *
     * @param k     control step, ≥ 0, non-decreasing within a rollout
     * @param state x_k (length ≥ {@link #stateDim()}), read only
     * @param uOut  output u_k (length ≥ {@link #inputDim()})
     */
    public void controlStep(int k, double[] state, double[] uOut) {
        if (state.length < n || uOut.length < m) {
            throw new IllegalArgumentException("state needs length " + n + " and uOut " + m + ", got " + state.length + " and " + uOut.length);
        }
        if (k < 0) throw new IllegalArgumentException("step must be ≥ 0, got " + k);
        if (step < 0) {
            Arrays.fill(zPrev, 0.0);                     // z_{-1} = 0 unless the policy says otherwise
            policy.initMemory(state, zPrev);
        } else if (k > step) {
            if (k - step > MAX_GAP) {
                throw new IllegalStateException("time jumped " + (k - step) + " steps (" + (k - step) * dt + " s) since the last tick; call reset() to start a new rollout");
            }
            swap();                                      // zPrev ← z_{step}
            for (int j = step + 1; j < k; j++) {         // catch up skipped steps with the current state
                policy.act(j, state, zPrev, z, uSkip);
                swap();
            }
        } else if (k < step) {
            throw new IllegalStateException("time went backwards (step " + k + " after step " + step + ", " + k * dt + " s after "
                    + step * dt + " s); call reset() to start a new rollout");
        }
        policy.act(k, state, zPrev, z, uOut);
        step = k;
    }

    private void swap() {
        double[] s = zPrev;
        zPrev = z;
        z = s;
    }

    /**
     * Copies the memory the last tick read, z_{k−1} (or the initial memory at the first tick), for
     * recording. Length {@link #memoryDim()}.
     */
    public void memoryBefore(double[] out, int offset) {
        System.arraycopy(zPrev, 0, out, offset, zPrev.length);
    }

    /** Copies the memory after the last tick, z_k, for recording. Length {@link #memoryDim()}. */
    public void memory(double[] out, int offset) {
        System.arraycopy(z, 0, out, offset, z.length);
    }

    /** @return the last step evaluated in this rollout, −1 after {@link #reset()} */
    public int lastStep() { return step; }

    /** @return the control period Δt [s] (car 0.02, Go1 0.1, pendulum 0.01) */
    public double dt() { return dt; }

    /** @return n, the state length {@link #control} reads */
    public int stateDim() { return n; }

    /** @return m, the input length {@link #control} writes */
    public int inputDim() { return m; }

    /** @return q, the length of the policy's memory (0 for a memory-less policy) */
    public int memoryDim() { return zPrev.length; }

    /** @return the task of a loaded or nominal policy; null for one made with {@link #of} */
    public Task task() { return task; }

    /** @return the checkpoint a loaded policy came from; null otherwise */
    public Source source() { return source; }

    /**
     * @return one lap of the figure-8 (car 5.5 s, Go1 37.7 s) or the pendulum's episode (its
     *         training horizon, 3 s by default) [s]; NaN for a policy made with {@link #of}
     */
    public double episodeSeconds() { return episodeSeconds; }

    /**
     * The task's start state ({@link Task#startState}), the one {@code feedbackrl evaluate} uses.
     *
     * @param x0 output, length {@link #stateDim()}
     */
    public void startState(double[] x0) {
        if (task == null) throw new IllegalStateException("a policy made with EmbeddedPolicy.of has no task start state");
        task.startState(x0);
    }

    /** @return the underlying policy (its {@code params()} are live: writing them changes this policy) */
    public Policy policy() { return policy; }

    @Override
    public String toString() {
        return "EmbeddedPolicy[" + (task != null ? task.system() : "custom") + ", dt=" + dt + " s, n=" + n + ", m=" + m
                + (source != null ? ", " + source.checkpoint() + " (iteration " + source.iteration() + ")" : "") + "]";
    }
}
