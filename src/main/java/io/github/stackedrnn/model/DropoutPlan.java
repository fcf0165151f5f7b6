package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DropoutLayer;

/**
 * A Dropout layer of the stack, Keras's {@code Dropout(rate)} with {@code noise_shape=None}: in a training
 * step {@code y = x ⊙ mask} with {@code mask ~ Bernoulli(1 - rate) / (1 - rate)} drawn for every value of
 * every row it sees, and {@code dx = dy ⊙ mask}; everywhere else (predictions, evaluation, gradients
 * computed without a step) it is the identity and the engine skips it.
 *
 * <p>Where it sits is its {@link #stage}: stage {@code s ≤ blocks} is after {@code s} recurrent blocks
 * (0: the model's input), stage {@code blocks + 1 + k} after hidden Dense layer {@code k}. Up to stage
 * {@code blocks - 1} it sees the whole sequence {@code [T, b, width]}; at the top recurrent output and
 * after a hidden Dense layer it sees the rows the head reads: every step when the top recurrent layer
 * returns sequences, else the last step's {@code b} rows (at the offset they have in the buffer it
 * follows).
 *
 * <p>Masks are drawn per sample from a key (the step's, or one made from the layer's own seed), the
 * layer's stream and the sample's position in the batch, in the order row, then value, so they do not
 * depend on how the batch is cut into chunks or on the thread count; the draw is {@link Dropout}'s.
 */
final class DropoutPlan {
    /** The recurrent layers' dropout uses streams {@code 2l, 2l + 1}; the Dropout layers' start here. */
    static final int FIRST_STREAM = 1 << 24;

    final String name;
    final DropoutLayer config;
    final float rate;
    final int width;        // the values of a row
    final int stage;
    final boolean sequence; // sees every step [T, b, width]; false: only the last step's rows [b, width]
    final int stream;

    DropoutPlan(String name, DropoutLayer config, int width, int stage, boolean sequence, int index) {
        this.name = name;
        this.config = config;
        this.rate = (float) config.rate();
        this.width = width;
        this.stage = stage;
        this.sequence = sequence;
        this.stream = FIRST_STREAM + index;
    }

    /** @return false for rate 0, which Keras skips too */
    boolean active() {
        return rate > 0;
    }

    /** @return the steps per sample it sees in a chunk of {@code time} steps */
    int steps(int time) {
        return sequence ? time : 1;
    }

    /** @return the key of a training step's masks: the model's, unless the layer has its own seed */
    long key(long stepKey, long iteration) {
        return config.seed().isPresent() ? Dropout.mix(config.seed().getAsLong() + iteration) : stepKey;
    }

    /**
     * Draws the masks of samples {@code first .. first + batch - 1} of the batch into
     * {@code mask [steps, batch, width]}: 0, or {@code 1 / (1 - rate)}.
     */
    void draw(float[] mask, long key, int first, int batch, int steps) {
        float kept = 1f / (1f - rate);
        for (int s = 0; s < batch; s++) {
            long state = Dropout.mix(key ^ Dropout.mix(stream * 0x632BE59BD9B4E019L + first + s + 1));
            for (int t = 0; t < steps; t++) {
                int row = (t * batch + s) * width;
                for (int j = 0; j < width; j++) {
                    state += 0x9E3779B97F4A7C15L;
                    double u = (Dropout.mix(state) >>> 11) * 0x1.0p-53;
                    mask[row + j] = u < rate ? 0f : kept;
                }
            }
        }
    }

    /** {@code y[off + i] = x[off + i] · mask[i]} for {@code n} values. */
    static void forward(float[] x, int off, float[] mask, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[off + i] = x[off + i] * mask[i];
        }
    }

    /** {@code dy[off + i] *= mask[i]}: the gradient reaches only the values that were kept. */
    static void backward(float[] dy, int off, float[] mask, int n) {
        for (int i = 0; i < n; i++) {
            dy[off + i] *= mask[i];
        }
    }
}
