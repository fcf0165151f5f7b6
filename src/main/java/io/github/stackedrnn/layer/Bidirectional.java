package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * Keras's {@code Bidirectional} wrapper: a forward copy of a recurrent layer and a backward copy (Keras's
 * {@code go_backwards=True}), each with its own weights, read the same input; their outputs are merged
 * by a {@link MergeMode}. With {@code returnSequences} on the wrapped layer, the backward outputs are in
 * time order (position t holds the backward state after reading {@code x[T-1] ... x[t]}) and are merged
 * step by step; otherwise the forward state after the last step is merged with the backward state after
 * {@code x[0]}. With a mask, the backward copy starts at each sample's last valid step, as Keras's does,
 * and the merged outputs at padded steps are zero. Weights, in Keras's order: the forward layer's, then
 * the backward layer's. A model with a Bidirectional cannot stream ({@code newState}/{@code step}): the
 * backward copy needs the whole sequence.
 *
 * <pre>{@code
 * Bidirectional layer = Bidirectional.builder(LstmLayer.builder(64).returnSequences(true).build())
 *         .mergeMode(MergeMode.SUM).build();   // Bidirectional(LSTM(64, return_sequences=True), merge_mode="sum")
 * }</pre>
 */
public final class Bidirectional implements RecurrentLayer {
    private final RecurrentLayer layer;
    private final MergeMode mergeMode;
    private final String name;

    private Bidirectional(Builder b) {
        this.layer = b.layer;
        this.mergeMode = b.mergeMode == null ? MergeMode.CONCAT : b.mergeMode;
        this.name = b.name;
    }

    /**
     * Starts a wrapper around {@code layer} (a {@link SimpleRnnLayer}, {@link LstmLayer} or {@link GruLayer}),
     * merging by concatenation unless told otherwise.
     *
     * @param layer the layer to run in both directions
     * @return a new builder
     * @throws IllegalArgumentException if {@code layer} is null, itself a Bidirectional, or reads backwards
     */
    public static Builder builder(RecurrentLayer layer) {
        Checks.notNull("layer", layer);
        if (layer instanceof Bidirectional) {
            throw new IllegalArgumentException("Received an invalid value for argument `layer`, expected a SimpleRnnLayer, "
                    + "LstmLayer or GruLayer, got a Bidirectional (a Bidirectional cannot wrap another).");
        }
        if (layer.goBackwards()) {
            throw new IllegalArgumentException("Received an invalid value for argument `layer`, expected a layer reading "
                    + "forwards, got one with goBackwards=true (the Bidirectional makes its own backward copy).");
        }
        return new Builder(layer);
    }

    /** @return the wrapped layer's configuration (both copies have it; their names come from this wrapper's) */
    public RecurrentLayer layer() {
        return layer;
    }

    /** @return how the two directions are merged */
    public MergeMode mergeMode() {
        return mergeMode;
    }

    /** @return the output width: twice the wrapped layer's units for CONCAT, its units otherwise */
    @Override
    public int units() {
        return mergeMode == MergeMode.CONCAT ? 2 * layer.units() : layer.units();
    }

    /** @return the wrapped layer's {@code returnSequences}, as in Keras */
    @Override
    public boolean returnSequences() {
        return layer.returnSequences();
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** @return {@code "Bidirectional"} */
    @Override
    public String kerasType() {
        return "Bidirectional";
    }

    @Override
    public int outputSize() {
        return units();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bidirectional b && layer.equals(b.layer) && mergeMode == b.mergeMode && Objects.equals(name, b.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layer, mergeMode, name);
    }

    @Override
    public String toString() {
        return "Bidirectional{layer=" + layer + ", mergeMode=" + mergeMode + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link Bidirectional}. Each setting may be made once. */
    public static final class Builder {
        private final RecurrentLayer layer;
        private MergeMode mergeMode;
        private String name;

        private Builder(RecurrentLayer layer) {
            this.layer = layer;
        }

        /**
         * @param value CONCAT (default), SUM, MUL or AVE
         * @return this builder
         */
        public Builder mergeMode(MergeMode value) {
            Checks.notNull("mergeMode", value);
            Checks.once("mergeMode", mergeMode);
            mergeMode = value;
            return this;
        }

        /**
         * @param value the wrapper's name; by default Keras's automatic name ({@code bidirectional}, ...)
         * @return this builder
         */
        public Builder name(String value) {
            Checks.name(value);
            Checks.once("name", name);
            name = value;
            return this;
        }

        /** @return the layer */
        public Bidirectional build() {
            return new Bidirectional(this);
        }
    }
}
