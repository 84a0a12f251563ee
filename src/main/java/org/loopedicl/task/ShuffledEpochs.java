package org.loopedicl.task;

/**
 * Serves a {@link FixedDataset} in batches, epoch after epoch, each epoch in its own seeded
 * random order. Batches are always full: one that reaches an epoch's end continues with the
 * next epoch's order, so every epoch still visits every prompt exactly once. The permutation
 * of epoch e depends only on (seed, e), so the whole position is (epoch, offset).
 */
public final class ShuffledEpochs {
    /** Where the next batch starts: offset into epoch's permutation. */
    public record Position(long epoch, int offset) {}

    private final FixedDataset data;
    private final int batch;
    private final long seed;
    private long epoch;
    private int offset;
    private int[] order;

    public ShuffledEpochs(FixedDataset data, int batch, long seed) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        this.data = data;
        this.batch = batch;
        this.seed = seed;
        restore(new Position(0, 0));
    }

    public PromptBatch next() {
        int[] indices = new int[batch];
        for (int b = 0; b < batch; b++) {
            if (offset == order.length) {
                epoch++;
                offset = 0;
                order = permutation(epoch);
            }
            indices[b] = order[offset++];
        }
        return data.gather(indices, 0, batch);
    }

    public Position position() {
        return new Position(epoch, offset);
    }

    public void restore(Position position) {
        if (position.epoch() < 0 || position.offset() < 0 || position.offset() > data.size())
            throw new IllegalArgumentException("position " + position + " is outside a dataset of " + data.size());
        epoch = position.epoch();
        offset = position.offset();
        order = permutation(epoch);
    }

    private int[] permutation(long e) {
        RandomStream rng = RandomStream.of(seed, "epoch", e);
        int[] p = new int[data.size()];
        for (int i = 0; i < p.length; i++) p[i] = i;
        for (int i = p.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
