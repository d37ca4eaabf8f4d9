package org.feedbackrl.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.feedbackrl.gradient.Estimators;
import org.feedbackrl.gradient.GradientEstimator;
import org.feedbackrl.policy.Policy;
import org.feedbackrl.rollout.PlantFault;
import org.feedbackrl.rollout.Rollout;
import org.feedbackrl.rollout.Unroller;

/**
 * The work of one iteration of Algorithm 1 — what {@link Trainer#run} does for each k, and what the
 * W2 benchmark times:
 * <pre>
 *   x_0^i ~ D (seeded by (seed, k, i)), unroll π^{θ_k} on the plant      i = 0 … N−1  (those not reused)
 *   ĝ = (1/N) Σ_i ∇̂J(θ_k; x_0^i)                                       the estimator for the policy class
 *   θ_{k+1} = θ_k + α ĝ                                                  when an optimizer is given
 * </pre>
 * The estimator is picked once per policy class by {@link Estimators#forPolicy} (the batched passes
 * for the figure-8 tracking policies and the time-network policies, the generic costate pass for
 * the rest); {@link #estimator()} says which.
 *
 * <p><b>Threads.</b> With {@code threads} &gt; 1 and a task that can be replicated
 * ({@link TrainingTask#replica()}: simulated plants), the N rollouts run on up to {@code threads}
 * lanes, each with its own plant instance and policy evaluation state; lane 0 is the calling thread
 * with the task itself, the others copy θ before each batch. A rollout depends only on θ and its
 * seeds (seed, k, i), never on its lane, and the gradient is computed on the calling thread after
 * every rollout is in, so the results are bit-identical for every thread count. A hardware plant is
 * never replicated: its rollouts run one after another, each announced to {@link Hooks#beforeRollout}
 * just before it starts (where the operator confirms it).
 *
 * <p>Buffers are allocated once; the estimator allocates nothing per iteration in steady state.
 * Close it to stop the lane threads and close the replicas' plants (never the task's own plant).
 */
public final class TrainingIteration implements AutoCloseable {

    /** What the trainer does around the rollouts (nothing, for the benchmark). */
    public interface Hooks {
        /** No hooks: no recording, no confirmation. */
        Hooks NONE = new Hooks() {};

        /**
         * Before rollout i of iteration k runs on the plant, on the calling thread, in order of i;
         * throw to stop (nothing of this batch has run on the plant yet when it runs in lanes, and
         * the rollouts before i have when it runs sequentially).
         */
        default void beforeRollout(int k, int i) {}

        /**
         * Right after rollout i of iteration k has run, on the thread that ran it (lanes run this
         * concurrently for different i). {@code on} is the task (replica) that ran it: its policy,
         * not the task's, may be used there (e.g. to annotate a recording).
         */
        default void recorded(int k, int i, Rollout r, TrainingTask on) throws IOException {}
    }

    /** A rollout stopped by its plant ({@link PlantFault}): which one, and why. */
    public static final class RolloutAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int iteration, rollout;

        RolloutAborted(int k, int i, PlantFault cause) {
            super("rollout " + i + " of iteration " + k + " aborted: " + cause.getMessage(), cause);
            this.iteration = k;
            this.rollout = i;
        }
    }

    /** One thread's view: a task (the original or a replica), its unroller, x_0 buffer and generator. */
    private static final class Lane {
        final TrainingTask task;
        final Unroller unroller;
        final double[] x0;
        final Reseedable rng = new Reseedable();

        Lane(TrainingTask task) {
            this.task = task;
            int n = task.model().stateDim();
            this.unroller = new Unroller(n, task.model().inputDim(), task.policy().memoryDim());
            this.x0 = new double[n];
        }
    }

    private final TrainingTask task;
    private final Policy policy;
    private final int batch;
    private final long seed;
    private final Rollout[] rollouts;
    private final double[] g;
    private final GradientEstimator estimator;
    private final Lane[] lanes;
    private final ExecutorService pool;
    private final int[] todo;
    private final Throwable[] failures;

    /**
     * @param task    the system, plant, policy (its θ is trained in place) and reward
     * @param batch   N, rollouts per iteration (≥ 1)
     * @param seed    the run's seed: rollout i of iteration k starts from x_0 drawn with (seed, k, i)
     * @param threads lanes for the rollouts (≥ 1); fewer are used when the batch is smaller or the task
     *                cannot be replicated
     */
    public TrainingIteration(TrainingTask task, int batch, long seed, int threads) {
        if (batch < 1) throw new IllegalArgumentException("batch must be ≥ 1, got " + batch);
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        this.task = task;
        this.policy = task.policy();
        this.batch = batch;
        this.seed = seed;
        int n = task.model().stateDim(), m = task.model().inputDim(), q = policy.memoryDim(), T = task.horizon();
        this.rollouts = new Rollout[batch];
        for (int i = 0; i < batch; i++) rollouts[i] = new Rollout(n, m, q, T);
        this.g = new double[policy.paramDim()];
        this.estimator = Estimators.forPolicy(task.model(), policy, task.reward(), batch, T);
        List<Lane> ls = new ArrayList<>();
        ls.add(new Lane(task));
        for (int w = 1; w < Math.min(threads, batch); w++) {
            TrainingTask r = task.replica();
            if (r == null) break;
            if (r.policy().paramDim() != policy.paramDim() || r.horizon() != T) {
                throw new IllegalStateException("task '" + task.name() + "' made a replica of another shape");
            }
            ls.add(new Lane(r));
        }
        this.lanes = ls.toArray(Lane[]::new);
        this.pool = lanes.length > 1 ? Executors.newFixedThreadPool(lanes.length - 1, r -> {
            Thread t = new Thread(r, "rollout-lane");
            t.setDaemon(true);
            return t;
        }) : null;
        this.todo = new int[batch];
        this.failures = new Throwable[batch];
    }

    /** @return the estimator picked for the policy class */
    public GradientEstimator estimator() { return estimator; }

    /** @return the N rollouts of the last {@link #collect} (the reused ones as the caller filled them) */
    public Rollout[] rollouts() { return rollouts; }

    /** @return ĝ of the last {@link #estimate} (live, length p) */
    public double[] gradient() { return g; }

    /** @return the lanes the rollouts run on (1 = one after another) */
    public int lanes() { return lanes.length; }

    /**
     * One iteration: {@link #collect}, {@link #estimate} and, when {@code opt} is given and the
     * estimate is finite, the ascent step θ ← θ + α ĝ on the task's policy.
     *
     * @param k     iteration index (seeds the initial states and the plant)
     * @param reuse rollouts already filled by the caller (e.g. read back for --resume), or null
     * @param hooks confirmation and recording, or {@link Hooks#NONE}
     * @param opt   the optimizer, or null for no update (the last iteration)
     * @return the mean J of the rollouts (check it and {@link #gradient()} for finiteness)
     */
    public double run(int k, boolean[] reuse, Hooks hooks, Optimizer opt) throws IOException {
        collect(k, reuse, hooks);
        double meanJ = estimate();
        if (opt != null && Double.isFinite(meanJ) && Double.isFinite(Trainer.norm(g))) opt.ascend(policy.params(), g);
        return meanJ;
    }

    /** ĝ of the current rollouts into {@link #gradient()}. @return the mean J */
    public double estimate() {
        return estimator.meanGradient(rollouts, batch, g);
    }

    /**
     * Runs the rollouts of iteration k at the current θ (those not marked in {@code reuse}).
     *
     * @throws RolloutAborted when a plant stops a rollout (the other rollouts of the batch finish
     *                        and are recorded first)
     */
    public void collect(int k, boolean[] reuse, Hooks hooks) throws IOException {
        int count = 0;
        for (int i = 0; i < batch; i++) if (reuse == null || !reuse[i]) todo[count++] = i;
        if (lanes.length == 1 || count <= 1) {
            for (int j = 0; j < count; j++) {
                int i = todo[j];
                hooks.beforeRollout(k, i);
                runOne(lanes[0], k, i);
                hooks.recorded(k, i, rollouts[i], task);
            }
            return;
        }
        for (int j = 0; j < count; j++) hooks.beforeRollout(k, todo[j]);
        double[] theta = policy.params();
        for (int w = 1; w < lanes.length; w++) System.arraycopy(theta, 0, lanes[w].task.policy().params(), 0, theta.length);
        Arrays.fill(failures, null);
        final int used = Math.min(lanes.length, count), total = count;
        List<Future<?>> fs = new ArrayList<>(used - 1);
        for (int w = 1; w < used; w++) {
            final int lane = w;
            fs.add(pool.submit(() -> lane(lane, used, total, k, hooks)));
        }
        lane(0, used, total, k, hooks);
        try {
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException e) {
            for (Future<?> f : fs) f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rollouts of iteration " + k, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());     // lane() catches everything; not reached
        }
        for (int i = 0; i < batch; i++) {
            Throwable f = failures[i];
            if (f == null) continue;
            if (f instanceof IOException io) throw io;
            if (f instanceof RuntimeException re) throw re;
            if (f instanceof Error er) throw er;
            throw new IllegalStateException(f);
        }
    }

    /** Lane w of {@code used}: the rollouts todo[w], todo[w + used], …; stops at its first failure. */
    private void lane(int w, int used, int count, int k, Hooks hooks) {
        Lane l = lanes[w];
        for (int j = w; j < count; j += used) {
            int i = todo[j];
            try {
                runOne(l, k, i);
                hooks.recorded(k, i, rollouts[i], l.task);
            } catch (Throwable e) {
                failures[i] = e;
                return;
            }
        }
    }

    private void runOne(Lane l, int k, int i) {
        l.task.sampleInitialState(l.rng.reseed(mix(seed, k, i)), l.x0);
        try {
            l.unroller.run(l.task.plant(), l.task.policy(), l.task.reward(), l.x0, mix(seed ^ 0x5eedL, k, i), rollouts[i]);
        } catch (PlantFault f) {
            throw new RolloutAborted(k, i, f);
        }
    }

    /** Stops the lane threads and closes the replicas' plants (the task's own plant stays open). */
    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
        for (int w = 1; w < lanes.length; w++) lanes[w].task.plant().close();
    }

    /**
     * The seed of the generator that draws x_0 of rollout i of iteration k of a run with this seed
     * (the task's {@link TrainingTask#sampleInitialState} is given {@code new SplittableRandom(…)} of
     * it): for implementations outside the trainer that must start from the same states.
     */
    public static long initialStateSeed(long seed, int k, int i) {
        return mix(seed, k, i);
    }

    /**
     * {@code new SplittableRandom(seed)}'s sequence — the generator x_0 has always been drawn with —
     * from one object reseeded per rollout, so that an iteration allocates nothing. SplitMix64:
     * state += γ (the golden gamma), output mix64(state) (mix32 for nextInt); every other method
     * (nextDouble, bounded draws, nextGaussian …) is RandomGenerator's default, as in SplittableRandom.
     * ({@code ThreadsBitIdenticalTest} checks the sequences against java.util.SplittableRandom.)
     */
    static final class Reseedable implements java.util.random.RandomGenerator {
        private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
        private long state;

        Reseedable reseed(long seed) {
            state = seed;
            return this;
        }

        @Override
        public long nextLong() {
            long z = (state += GOLDEN_GAMMA);
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        @Override
        public int nextInt() {
            long z = (state += GOLDEN_GAMMA);
            z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
            return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
        }
    }

    /** A well-mixed 64-bit seed for (seed, k, i) (SplitMix64 finaliser). */
    static long mix(long seed, int k, int i) {
        long z = seed * 0x9E3779B97F4A7C15L + (k + 1L) * 0xBF58476D1CE4E5B9L + (i + 1L) * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
