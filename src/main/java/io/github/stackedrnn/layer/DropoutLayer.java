package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Keras's {@code Dropout(rate)}: while the model trains, each value of its input is set to 0 with
 * probability {@code rate} and the others are scaled by {@code 1 / (1 - rate)}, so the expected value is
 * unchanged; in predictions, evaluation and streaming steps it passes its input through unchanged. It has no
 * weights and keeps its input's shape: on a sequence {@code [batch, time, features]} every value of every
 * step gets its own draw (Keras's {@code noise_shape=None}), on {@code [batch, features]} every value of the
 * row does.
 *
 * <p>It goes anywhere Keras's Sequential takes it below the output layer: before the first recurrent layer,
 * between recurrent layers, after the last one, and between Dense layers.
 *
 * <pre>{@code
 * StackedRnnModel model = StackedRnnModel.builder().inputFeatures(8)
 *         .add(LstmLayer.builder(32).returnSequences(true).build())
 *         .add(DropoutLayer.of(0.2))                          // Dropout(0.2)
 *         .add(LstmLayer.builder(32).build())
 *         .add(DropoutLayer.builder(0.5).seed(7).build())     // Dropout(0.5, seed=7)
 *         .add(DenseSoftmaxLayer.builder(4).build())
 *         .seed(42)
 *         .build();
 * }</pre>
 *
 * <p>The masks are drawn from the model's seed (or the layer's own {@link Builder#seed(long) seed}), the step
 * count and each sample's position in its batch, so training gives the same weights on any number of
 * threads and a model saved and loaded mid-training goes on exactly as it would have.
 */
public final class DropoutLayer implements Layer {
    private final double rate;
    private final Long seed;
    private final String name;

    private DropoutLayer(double rate, Long seed, String name) {
        this.rate = rate;
        this.seed = seed;
        this.name = name;
    }

    /**
     * @param rate the fraction of values to drop while training, in [0, 1)
     * @return a Dropout layer with that rate, named automatically, drawing from the model's seed
     * @throws IllegalArgumentException if {@code rate} is not in [0, 1)
     */
    public static DropoutLayer of(double rate) {
        return new DropoutLayer(Checks.fraction("rate", rate), null, null);
    }

    /**
     * @param rate the fraction of values to drop while training, in [0, 1)
     * @return a new builder
     * @throws IllegalArgumentException if {@code rate} is not in [0, 1)
     */
    public static Builder builder(double rate) {
        return new Builder(Checks.fraction("rate", rate));
    }

    /** @return the fraction of values dropped while training, in [0, 1) */
    public double rate() {
        return rate;
    }

    /** @return the layer's own seed (Keras's {@code seed}), or empty to draw from the model's seed */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public String kerasType() {
        return "Dropout";
    }

    /** @return 0: a Dropout's output is as wide as its input, which the layer itself does not know */
    @Override
    public int outputSize() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DropoutLayer d && Double.compare(rate, d.rate) == 0 && Objects.equals(seed, d.seed)
                && Objects.equals(name, d.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rate, seed, name);
    }

    @Override
    public String toString() {
        return "DropoutLayer{rate=" + rate + (seed == null ? "" : ", seed=" + seed) + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link DropoutLayer}. Each setting may be made once. */
    public static final class Builder {
        private final double rate;
        private Long seed;
        private String name;

        private Builder(double rate) {
            this.rate = rate;
        }

        /**
         * Keras's {@code seed}: the layer's masks then depend on this seed and the step count only, not on
         * the model's seed.
         *
         * @param value any long
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder seed(long value) {
            Checks.once("seed", seed);
            seed = value;
            return this;
        }

        /**
         * @param value the layer's name; by default {@code dropout}, {@code dropout_1}, ...
         * @return this builder
         * @throws IllegalArgumentException if null, empty or not made of letters, digits and {@code _ . - /}
         * @throws IllegalStateException    if already set
         */
        public Builder name(String value) {
            Checks.name(value);
            Checks.once("name", name);
            name = value;
            return this;
        }

        /** @return the layer; the builder is unchanged and may build again */
        public DropoutLayer build() {
            return new DropoutLayer(rate, seed, name);
        }
    }
}
