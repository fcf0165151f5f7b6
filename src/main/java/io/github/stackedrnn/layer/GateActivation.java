package io.github.stackedrnn.layer;

/**
 * The function of the gates of an {@link LstmLayer} or a {@link GruLayer}, Keras's
 * {@code recurrent_activation}.
 */
public enum GateActivation {
    /** The logistic function {@code 1 / (1 + e^(-x))}: Keras's {@code sigmoid}, the default. */
    SIGMOID("sigmoid"),
    /**
     * {@code relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1)}, Keras 3's {@code hard_sigmoid} (slope 1/6, flat
     * outside [-3, 3]); Keras 2's function of the same name is {@link #HARD_SIGMOID_KERAS2}.
     */
    HARD_SIGMOID("hard_sigmoid"),
    /**
     * {@code clip(0.2·x + 0.5, 0, 1)}, the {@code hard_sigmoid} of Keras 2.x and tf.keras 2.x (slope 0.2,
     * flat outside [-2.5, 2.5]); Keras 3's {@code hard_sigmoid} is {@code relu6(x + 3) / 6}
     * ({@link #HARD_SIGMOID}). The importer reads {@code hard_sigmoid} as this one in files written by
     * Keras 2; Keras 3 has no such activation, so a model using it cannot be exported to a {@code .keras} file.
     */
    HARD_SIGMOID_KERAS2("hard_sigmoid");

    private final String kerasName;

    GateActivation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return the name Keras uses for this function */
    public String kerasName() {
        return kerasName;
    }
}
