package io.github.stackedrnn.train;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The arguments of {@code fit}, with Keras's defaults: 1 epoch, batch size 32, no validation split,
 * shuffling every epoch; and {@code verbose} 0, unlike Keras (a library prints nothing unless asked:
 * see {@link Builder#verbose(int)}). Immutable.
 *
 * <pre>{@code
 * FitOptions options = FitOptions.builder()
 *         .epochs(20).batchSize(32).validationSplit(0.2)
 *         .verbose(1)                                   // Keras's progress bar on System.out
 *         .listeners(EarlyStopping.builder().monitor("val_loss").patience(3).build())
 *         .build();
 * History history = model.fit(x, labels, options);
 * }</pre>
 */
public final class FitOptions {
    private final int epochs;
    private final int batchSize;
    private final double validationSplit;
    private final boolean shuffle;
    private final ModelCheckpoint checkpoint;
    private final List<TrainingListener> listeners;
    private final ValidationData validationData;
    private final Map<Integer, Double> classWeight;
    private final float[] sampleWeights;
    private final int verbose;

    private FitOptions(Builder b) {
        this.verbose = b.verbose == null ? 0 : b.verbose;
        this.listeners = b.listeners == null ? List.of() : b.listeners;
        this.validationData = b.validationData;
        this.classWeight = b.classWeight == null ? null : Collections.unmodifiableMap(new TreeMap<>(b.classWeight));
        this.sampleWeights = b.sampleWeights;
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

    /** @return the listeners (callbacks), in the order they are called; empty for none */
    public List<TrainingListener> listeners() {
        return listeners;
    }

    /** @return the explicit validation data, or null (then {@link #validationSplit()} applies) */
    public ValidationData validationData() {
        return validationData;
    }

    /** @return Keras's {@code class_weight}: the loss weight of each class, or null for none */
    public Map<Integer, Double> classWeight() {
        return classWeight;
    }

    /** @return a copy of Keras's {@code sample_weight}, one loss weight per training sample, or null for none */
    public float[] sampleWeights() {
        return sampleWeights == null ? null : sampleWeights.clone();
    }

    /**
     * @return Keras's {@code verbose}: 0 prints nothing, 1 a progress bar, 2 one line per epoch (see
     *         {@link Builder#verbose(int)})
     */
    public int verbose() {
        return verbose;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FitOptions)) {
            return false;
        }
        FitOptions f = (FitOptions) o;
        return epochs == f.epochs && batchSize == f.batchSize && validationSplit == f.validationSplit && shuffle == f.shuffle
                && Objects.equals(checkpoint, f.checkpoint) && listeners.equals(f.listeners)
                && Objects.equals(validationData, f.validationData) && Objects.equals(classWeight, f.classWeight)
                && Arrays.equals(sampleWeights, f.sampleWeights) && verbose == f.verbose;
    }

    @Override
    public int hashCode() {
        return Objects.hash(epochs, batchSize, validationSplit, shuffle, checkpoint, listeners, validationData, classWeight,
                Arrays.hashCode(sampleWeights), verbose);
    }

    @Override
    public String toString() {
        return "FitOptions{epochs=" + epochs + ", batchSize=" + batchSize + ", validationSplit=" + validationSplit
                + ", shuffle=" + shuffle + (verbose == 0 ? "" : ", verbose=" + verbose) + (checkpoint == null ? "" : ", checkpoint=" + checkpoint)
                + (listeners.isEmpty() ? "" : ", listeners=" + listeners)
                + (validationData == null ? "" : ", validationData=" + validationData)
                + (classWeight == null ? "" : ", classWeight=" + classWeight)
                + (sampleWeights == null ? "" : ", sampleWeights=[" + sampleWeights.length + " weights]") + "}";
    }

    /** Builds {@link FitOptions}. Each setting may be made once. */
    public static final class Builder {
        private Integer epochs;
        private Integer batchSize;
        private Double validationSplit;
        private Boolean shuffle;
        private ModelCheckpoint checkpoint;
        private List<TrainingListener> listeners;
        private ValidationData validationData;
        private Map<Integer, Double> classWeight;
        private float[] sampleWeights;
        private Integer verbose;

        private Builder() {
        }

        /**
         * Keras's {@code verbose}: what {@code fit} prints on {@code System.out}.
         * <ul>
         * <li>0 (the default): nothing. Keras's default is 1, but a library that prints unasked writes into
         * its user's output; the per-epoch line ({@code Epoch 3/20 - 0.8s - loss: 0.4123 - ...}) is still
         * logged through SLF4J at INFO, where the application's logging configuration decides.</li>
         * <li>1: Keras's progress bar, a {@link ProgressBar} with its defaults: redrawn in place on a
         * terminal, one line per epoch when the output is not one (a pipe, a log file, CI).</li>
         * <li>2: one line per epoch, as Keras's {@code verbose=2}.</li>
         * </ul>
         * Whenever a progress bar prints (levels 1 and 2, or a {@link ProgressBar} among the
         * {@link #listeners}), the per-epoch log line goes to DEBUG instead of INFO, so that an epoch is
         * never reported twice and no log line lands in the middle of the bar. A {@code ProgressBar}
         * among the listeners is the bar of level 1 (it is not drawn twice).
         *
         * <pre>{@code
         * model.fit(x, labels, FitOptions.builder().epochs(10).verbose(1).build());
         * }</pre>
         *
         * @param value 0, 1 or 2
         * @return this builder
         * @throws IllegalArgumentException if not 0, 1 or 2
         * @throws IllegalStateException    if already set
         */
        public Builder verbose(int value) {
            if (value < 0 || value > 2) {
                throw new IllegalArgumentException("Received an invalid value for argument `verbose`, expected 0, 1 or 2, got "
                        + value + ".");
            }
            once("verbose", verbose);
            verbose = value;
            return this;
        }

        /**
         * Keras's {@code callbacks=[...]}: listeners called during training, in this order.
         *
         * @param values the listeners, none null
         * @return this builder
         * @throws IllegalArgumentException if one is null
         * @throws IllegalStateException    if already set
         */
        public Builder listeners(TrainingListener... values) {
            if (values == null || Arrays.asList(values).contains(null)) {
                throw new IllegalArgumentException("Received an invalid value for argument `listeners`, expected listeners, got null.");
            }
            once("listeners", listeners);
            listeners = List.of(values);
            return this;
        }

        /**
         * Keras's {@code validation_data}: evaluated after every epoch as {@code val_loss},
         * {@code val_accuracy} (or {@code val_mae}). Not together with {@link #validationSplit}.
         *
         * @param value the validation data
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder validationData(ValidationData value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `validationData`, expected "
                        + "ValidationData, got null.");
            }
            once("validationData", validationData);
            validationData = value;
            return this;
        }

        /**
         * Keras's {@code class_weight}: multiplies the loss of each training row by the weight of its
         * target class (classes not listed weigh 1). For categorical cross-entropy, and for a single
         * sigmoid unit (classes 0 and 1).
         *
         * @param value positive finite weights by class index
         * @return this builder
         * @throws IllegalArgumentException if null, or a key is negative or a weight not positive and finite
         * @throws IllegalStateException    if already set
         */
        public Builder classWeight(Map<Integer, Double> value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `classWeight`, expected a map, got null.");
            }
            for (Map.Entry<Integer, Double> e : value.entrySet()) {
                if (e.getKey() == null || e.getKey() < 0 || e.getValue() == null || !(e.getValue() > 0)
                        || !Double.isFinite(e.getValue())) {
                    throw new IllegalArgumentException("Received an invalid value for argument `classWeight`, expected "
                            + "non-negative class indices with positive finite weights, got " + e.getKey() + "=" + e.getValue() + ".");
                }
            }
            once("classWeight", classWeight);
            classWeight = new TreeMap<>(value);
            return this;
        }

        /**
         * Keras's {@code sample_weight}: one loss weight per sample of the data given to {@code fit}, in
         * its order (the validation tail of a split, if any, ignores its weights, as Keras does).
         *
         * @param value non-negative finite weights, copied
         * @return this builder
         * @throws IllegalArgumentException if null or a weight is negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder sampleWeights(float[] value) {
            if (value == null) {
                throw new IllegalArgumentException("Received an invalid value for argument `sampleWeights`, expected an array, got null.");
            }
            for (int i = 0; i < value.length; i++) {
                if (!(value[i] >= 0) || !Float.isFinite(value[i])) {
                    throw new IllegalArgumentException("Received an invalid value for argument `sampleWeights`, expected "
                            + "non-negative finite weights, got " + value[i] + " at " + i + ".");
                }
            }
            once("sampleWeights", sampleWeights == null ? null : "an array");
            sampleWeights = value.clone();
            return this;
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

        /**
         * @return the options; the builder is unchanged
         * @throws IllegalStateException if both a validation split and validation data are set, or
         *                               {@code verbose} 0 or 2 together with a {@link ProgressBar} listener
         */
        public FitOptions build() {
            if (validationData != null && validationSplit != null && validationSplit > 0) {
                throw new IllegalStateException("Both `validationSplit` (" + validationSplit + ") and `validationData` are set; "
                        + "give one of them");
            }
            if (verbose != null && verbose != 1 && listeners != null && listeners.stream().anyMatch(l -> l instanceof ProgressBar)) {
                throw new IllegalStateException("`verbose` is " + verbose + " (" + (verbose == 0 ? "print nothing" : "one line per epoch")
                        + ") but the listeners include a ProgressBar; use verbose(1) with it, or leave verbose unset");
            }
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
