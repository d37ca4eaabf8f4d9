package org.feedbackrl.baseline;

/**
 * A first-in-first-out transition store of fixed capacity with uniform sampling with replacement
 * (SB3's {@code ReplayBuffer}, softlearning's {@code SimpleReplayPool}). Preallocated; nothing
 * allocates after construction.
 */
public final class ReplayBuffer {
    final int capacity, obsDim, actDim;
    final double[] obs, act, rew, next, done;
    int size, pos;

    public ReplayBuffer(int capacity, int obsDim, int actDim) {
        if (capacity < 1) throw new IllegalArgumentException("buffer capacity must be ≥ 1, got " + capacity);
        this.capacity = capacity;
        this.obsDim = obsDim;
        this.actDim = actDim;
        obs = new double[capacity * obsDim];
        act = new double[capacity * actDim];
        rew = new double[capacity];
        next = new double[capacity * obsDim];
        done = new double[capacity];
    }

    /** Adds one transition, overwriting the oldest when full. */
    public void add(double[] s, int sOff, double[] a, int aOff, double r, double[] s2, int s2Off, boolean terminated) {
        System.arraycopy(s, sOff, obs, pos * obsDim, obsDim);
        System.arraycopy(a, aOff, act, pos * actDim, actDim);
        rew[pos] = r;
        System.arraycopy(s2, s2Off, next, pos * obsDim, obsDim);
        done[pos] = terminated ? 1.0 : 0.0;
        pos = (pos + 1) % capacity;
        if (size < capacity) size++;
    }

    /** @return transitions stored */
    public int size() { return size; }

    public int capacity() { return capacity; }

    /** Empties the buffer (the storage is kept). */
    public void clear() {
        size = 0;
        pos = 0;
    }

    /**
     * Writes {@code count} transitions drawn uniformly with replacement into rows
     * {@code row … row + count − 1} of {@code out}.
     */
    public void sample(Rng rng, int count, Batch out, int row) {
        if (size == 0) throw new IllegalStateException("cannot sample an empty buffer");
        for (int k = 0; k < count; k++) copyRow(rng.nextInt(size), out, row + k);
    }

    /** Copies stored transition i into row r of out. */
    public void copyRow(int i, Batch out, int r) {
        System.arraycopy(obs, i * obsDim, out.obs, r * obsDim, obsDim);
        System.arraycopy(act, i * actDim, out.act, r * actDim, actDim);
        out.rew[r] = rew[i];
        System.arraycopy(next, i * obsDim, out.next, r * obsDim, obsDim);
        out.done[r] = done[i];
    }
}
