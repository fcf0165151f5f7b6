package io.github.stackedrnn.model;

/** The engine's tuning constants, each with what it trades. */
final class Tuning {
    private Tuning() {
    }

    /**
     * A batch is split into chunks that run forward and backward independently and whose gradients
     * are summed in chunk order. The chunking depends on the batch size only, never on the number of
     * threads, so results are bit-identical whatever runs them. Aim for this many chunks: enough to
     * keep a few cores busy, few enough that each chunk's per-step products have rows to reuse the
     * recurrent kernel over.
     */
    static final int TARGET_CHUNKS = 4;
    /** Smallest chunk worth splitting off: below it the per-step products are all overhead. */
    static final int MIN_CHUNK = 8;
    /** Largest chunk: bounds workspace memory for large prediction batches. */
    static final int MAX_CHUNK = 64;

    /**
     * What an engine keeps between calls: 4 Mi floats (16 MiB). A larger batch gets its buffers for
     * its own call (and a fit for its whole run) and gives them back after; below it they are reused.
     */
    static final long RETAINED_WORKSPACE_FLOATS = 4L << 20;

    static int chunkSize(int batch) {
        int size = (batch + TARGET_CHUNKS - 1) / TARGET_CHUNKS;
        return Math.min(batch, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, size)));
    }
}
