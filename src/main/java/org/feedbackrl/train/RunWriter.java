package org.feedbackrl.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The files of a training run — recorded rollouts, checkpoints, metrics — written in the order they
 * are submitted, either right away on the caller's thread (hardware: a rollout is on disk before the
 * robot starts the next one) or by one writer thread of its own (simulated plants: formatting and
 * fsync overlap the gradient and the next rollouts, on the second core).
 *
 * <p>Why the order is enough for --resume: one thread writes everything first-in first-out, so a
 * checkpoint of θ_{k+1} is durable only after every rollout of iteration k it was computed from; a
 * crash leaves at worst an older checkpoint and rollouts recorded after it, which --resume reuses —
 * every rollout depends only on θ and its seeds, so the resumed run is bit-identical. The caller
 * waits for the rollouts of one iteration ({@link #awaitRollouts}) before it overwrites their
 * buffers with the next iteration's.
 */
final class RunWriter implements AutoCloseable {
    /** One write; may throw. */
    interface Job {
        void run() throws IOException;
    }

    private final ExecutorService thread;
    private final List<Future<?>> rollouts = new ArrayList<>(), others = new ArrayList<>();

    /** @param async write on a thread of its own (true) or on the caller's (false) */
    RunWriter(boolean async) {
        this.thread = async ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "run-writer");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    boolean async() { return thread != null; }

    /** A rollout's recording (may be called from several threads). */
    void rollout(Job job) throws IOException {
        submit(job, rollouts);
    }

    /** A checkpoint, metrics or clean-up, after everything submitted before it. */
    void other(Job job) throws IOException {
        submit(job, others);
    }

    private void submit(Job job, List<Future<?>> into) throws IOException {
        if (thread == null) {
            job.run();
            return;
        }
        Future<?> f = thread.submit(() -> {
            job.run();
            return null;
        });
        synchronized (this) {
            into.add(f);
        }
    }

    /**
     * Waits until every rollout submitted so far is on disk, and reports a checkpoint or metrics write
     * that has already failed (without waiting for the others); rethrows the first failure.
     */
    void awaitRollouts() throws IOException {
        await(rollouts);
        List<Future<?>> failed = new ArrayList<>();
        synchronized (this) {
            for (Future<?> f : others) if (f.isDone()) failed.add(f);
            others.removeAll(failed);
        }
        await(failed);
    }

    /** Waits until everything submitted so far is on disk; rethrows the first failure. */
    void awaitAll() throws IOException {
        await(rollouts);
        await(others);
    }

    private void await(List<Future<?>> list) throws IOException {
        List<Future<?>> now;
        synchronized (this) {
            now = new ArrayList<>(list);
            if (list == rollouts || list == others) list.clear();
        }
        IOException first = null;
        RuntimeException firstRt = null;
        for (Future<?> f : now) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the run's files to be written", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) { if (first == null) first = io; }
                else if (c instanceof RuntimeException rt) { if (firstRt == null) firstRt = rt; }
                else if (c instanceof Error er) throw er;
                else if (first == null) first = new IOException(c);
            }
        }
        if (first != null) throw first;
        if (firstRt != null) throw firstRt;
    }

    /**
     * Lets everything submitted finish (completed rollouts and checkpoints reach the disk even when
     * the run stops with an error), then stops the thread. Failures were reported by the awaits.
     */
    @Override
    public void close() {
        if (thread == null) return;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.MINUTES)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
