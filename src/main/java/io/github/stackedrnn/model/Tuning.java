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
     * What an engine keeps between calls: 4 Mi floats (16 MiB) per workspace, that is per thread (per
     * chunk of a training batch). A larger batch gets its buffers for its own call (and a fit for its
     * whole run) and gives them back after; below it they are reused. Per workspace, not per engine,
     * so that a model served on two threads does not allocate twice the buffers on every call.
     */
    static final long RETAINED_WORKSPACE_FLOATS = 4L << 20;

    /**
     * A layer's input product {@code Z = X·W + b} is computed for all steps at once up to this many
     * floats of Z (1 MiB, about a core's L2); above it, step by step just before each step reads it.
     */
    static final long HOISTED_INPUT_FLOATS = 1L << 18;

    /**
     * Largest chunk of a prediction, where the chunks do not change any bit (each sequence's outputs are
     * computed alone): half of {@link #MAX_CHUNK}, so that a batch of 256 runs as 8 chunks, which the
     * workers share out evenly even when one core is slower for a while (on a shared machine, often), and
     * whose hoisted input products ({@code [T·32, units]}) stay in a core's L2. A step's product over 32
     * rows still runs 8 register tiles of 4 rows over each packed strip of the recurrent kernel.
     */
    static final int MAX_INFERENCE_CHUNK = 32;

    static int chunkSize(int batch) {
        int size = (batch + TARGET_CHUNKS - 1) / TARGET_CHUNKS;
        return Math.min(batch, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, size)));
    }

    /** The chunk of a prediction: {@link #chunkSize}, at most {@link #MAX_INFERENCE_CHUNK}. */
    static int inferenceChunkSize(int batch) {
        return Math.min(chunkSize(batch), MAX_INFERENCE_CHUNK);
    }
}
