package io.github.stackedrnn.train;

import java.util.Objects;

/**
 * The arguments of {@code fit}, with Keras's defaults: 1 epoch, batch size 32, no validation split,
 * shuffling every epoch. Immutable.
 *
 * <pre>{@code
 * FitOptions.builder().epochs(20).batchSize(32).validationSplit(0.2).build()
 * }</pre>
 */
public final class FitOptions {
    private final int epochs;
    private final int batchSize;
    private final double validationSplit;
    private final boolean shuffle;
    private final ModelCheckpoint checkpoint;

    private FitOptions(Builder b) {
        this.epochs = b.epochs == null ? 1 : b.epochs;
        this.batchSize = b.batchSize == null ? 32 : b.batchSize;
        this.validationSplit = b.validationSplit == null ? 0.0 : b.validationSplit;
        this.shuffle = b.shuffle == null || b.shuffle;
        this.checkpoint = b.checkpoint;
    }

    /** @return a builder with Keras's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how many passes over the training data */
    public int epochs() {
        return epochs;
    }

    /** @return samples per gradient step */
    public int batchSize() {
        return batchSize;
    }

    /**
     * @return the fraction of the data, taken from the end before any shuffling (as Keras does), held
     *         out for validation after every epoch
     */
    public double validationSplit() {
        return validationSplit;
    }

    /** @return true if the training samples are shuffled (with the model's seed) before every epoch */
    public boolean shuffle() {
        return shuffle;
    }

    /** @return the checkpointing during fit, or null for none */
    public ModelCheckpoint checkpoint() {
        return checkpoint;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FitOptions)) {
            return false;
        }
        FitOptions f = (FitOptions) o;
        return epochs == f.epochs && batchSize == f.batchSize && validationSplit == f.validationSplit && shuffle == f.shuffle
                && Objects.equals(checkpoint, f.checkpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochs, batchSize, validationSplit, shuffle, checkpoint);
    }

    @Override
    public String toString() {
        return "FitOptions{epochs=" + epochs + ", batchSize=" + batchSize + ", validationSplit=" + validationSplit
                + ", shuffle=" + shuffle + (checkpoint == null ? "" : ", checkpoint=" + checkpoint) + "}";
    }

    /** Builds {@link FitOptions}. Each setting may be made once. */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double validationSplit;
        private Boolean shuffle;
        private ModelCheckpoint checkpoint;

        private Builder() {
        }

        /**
         * @param value when and where to save the model during training; default none
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder checkpoint(ModelCheckpoint value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `checkpoint`, expected a ModelCheckpoint, got null.");
            }
            once("checkpoint", checkpoint);
            checkpoint = value;
            return this;
        }

        /**
         * @param value passes over the data, positive; default 1
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder epochs(int value) {
            positive("epochs", value);
            once("epochs", epochs);
            epochs = value;
            return this;
        }

        /**
         * @param value samples per step, positive; default 32
         * @return this builder
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder batchSize(int value) {
            positive("batchSize", value);
            once("batchSize", batchSize);
            batchSize = value;
            return this;
        }

        /**
         * @param value fraction in [0, 1) of the data, from its end, to validate on; default 0
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder validationSplit(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("Received an invalid value for argument `validationSplit`, "
                        + "expected a number in [0, 1), got " + value + ".");
            }
            once("validationSplit", validationSplit);
            validationSplit = value;
            return this;
        }

        /**
         * @param value false to keep the training samples in order; default true
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder shuffle(boolean value) {
            once("shuffle", shuffle);
            shuffle = value;
            return this;
        }

        /** @return the options; the builder is unchanged */
        public FitOptions build() {
            return new FitOptions(this);
        }

        private static void positive(String argument, int value) {
            if (value <= 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                        + "`, expected a positive integer, got " + value + ".");
            }
        }

        private static void once(String setting, Object earlier) {
            if (earlier != null) {
                throw new IllegalStateException("`" + setting + "` was already set to " + earlier);
            }
        }
    }
}
