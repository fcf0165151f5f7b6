package io.github.stackedrnn.loss;

import java.util.Objects;

/**
 * The loss a model trains on, Keras's {@code compile(loss=...)}. Immutable; made by the factories:
 * <ul>
 * <li>{@link #categoricalCrossentropy()}: for a softmax head, labels one-hot or class indices;</li>
 * <li>{@link #binaryCrossentropy()}: for a sigmoid head, labels in [0, 1] per unit;</li>
 * <li>{@link #meanSquaredError()} and {@link #meanAbsoluteError()}: regression on any head.</li>
 * </ul>
 * As in Keras, each row's loss is the mean over its output units, and a batch's loss the mean over its
 * rows (weighted rows are multiplied by their weight, still divided by the row count). The
 * cross-entropies are computed from the head's pre-activation values, so they never take the log of a
 * rounded-off probability; Keras clips probabilities to {@code [1e-7, 1 - 1e-7]} instead, and the two
 * agree unless a probability saturates.
 *
 * <pre>{@code
 * StackedRnnModel model = StackedRnnModel.builder().inputFeatures(8)
 *         .add(SimpleRnnLayer.builder(32).build())
 *         .add(DenseSoftmaxLayer.builder(5).build())
 *         .loss(Loss.categoricalCrossentropy(0.1))     // CategoricalCrossentropy(label_smoothing=0.1)
 *         .build();
 * // regression: DenseLayer.builder(1).build() with .loss(Loss.meanAbsoluteError())
 * }</pre>
 */
public final class Loss {
    /** The kinds of loss. */
    public enum Kind {
        /** {@code -Σ_k y_k log p_k}. */
        CATEGORICAL_CROSSENTROPY("categorical_crossentropy"),
        /** {@code -mean_k (y_k log p_k + (1 - y_k) log(1 - p_k))}. */
        BINARY_CROSSENTROPY("binary_crossentropy"),
        /** {@code mean_k (p_k - y_k)²}. */
        MEAN_SQUARED_ERROR("mean_squared_error"),
        /** {@code mean_k |p_k - y_k|}. */
        MEAN_ABSOLUTE_ERROR("mean_absolute_error");

        private final String kerasName;

        Kind(String kerasName) {
            this.kerasName = kerasName;
        }

        /** @return Keras's name, such as {@code mean_squared_error} */
        public String kerasName() {
            return kerasName;
        }
    }

    private final Kind kind;
    private final double labelSmoothing;

    private Loss(Kind kind, double labelSmoothing) {
        this.kind = kind;
        this.labelSmoothing = labelSmoothing;
    }

    /** @return categorical cross-entropy without label smoothing */
    public static Loss categoricalCrossentropy() {
        return new Loss(Kind.CATEGORICAL_CROSSENTROPY, 0);
    }

    /**
     * Keras's {@code CategoricalCrossentropy(label_smoothing=s)}: targets become {@code y·(1 - s) + s/K}.
     *
     * @param labelSmoothing in [0, 1]
     * @return the loss
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public static Loss categoricalCrossentropy(double labelSmoothing) {
        return new Loss(Kind.CATEGORICAL_CROSSENTROPY, smoothing(labelSmoothing));
    }

    /** @return binary cross-entropy without label smoothing */
    public static Loss binaryCrossentropy() {
        return new Loss(Kind.BINARY_CROSSENTROPY, 0);
    }

    /**
     * Keras's {@code BinaryCrossentropy(label_smoothing=s)}: targets become {@code y·(1 - s) + s/2}.
     *
     * @param labelSmoothing in [0, 1]
     * @return the loss
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public static Loss binaryCrossentropy(double labelSmoothing) {
        return new Loss(Kind.BINARY_CROSSENTROPY, smoothing(labelSmoothing));
    }

    /** @return mean squared error, Keras's {@code "mse"} */
    public static Loss meanSquaredError() {
        return new Loss(Kind.MEAN_SQUARED_ERROR, 0);
    }

    /** @return mean absolute error, Keras's {@code "mae"} */
    public static Loss meanAbsoluteError() {
        return new Loss(Kind.MEAN_ABSOLUTE_ERROR, 0);
    }

    /**
     * @param kind           the kind
     * @param labelSmoothing in [0, 1] for the cross-entropies, 0 for the regression losses
     * @return the loss
     * @throws IllegalArgumentException if the smoothing is out of range or given to a regression loss
     */
    public static Loss of(Kind kind, double labelSmoothing) {
        if (kind == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `kind`, expected a Loss.Kind, got null.");
        }
        if (labelSmoothing != 0 && (kind == Kind.MEAN_SQUARED_ERROR || kind == Kind.MEAN_ABSOLUTE_ERROR)) {
            throw new IllegalArgumentException(kind.kerasName() + " has no label smoothing, got " + labelSmoothing);
        }
        return new Loss(kind, smoothing(labelSmoothing));
    }

    /** @return the kind */
    public Kind kind() {
        return kind;
    }

    /** @return the label smoothing, 0 unless set */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** @return Keras's name, such as {@code categorical_crossentropy} */
    public String kerasName() {
        return kind.kerasName();
    }

    /** @return true for the cross-entropies, whose models report accuracy; false for regression losses */
    public boolean isClassification() {
        return kind == Kind.CATEGORICAL_CROSSENTROPY || kind == Kind.BINARY_CROSSENTROPY;
    }

    private static double smoothing(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Received an invalid value for argument `labelSmoothing`, "
                    + "expected a number in [0, 1], got " + value + ".");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Loss && kind == ((Loss) o).kind && labelSmoothing == ((Loss) o).labelSmoothing;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, labelSmoothing);
    }

    @Override
    public String toString() {
        return kerasName() + (labelSmoothing == 0 ? "" : "(labelSmoothing=" + labelSmoothing + ")");
    }
}
