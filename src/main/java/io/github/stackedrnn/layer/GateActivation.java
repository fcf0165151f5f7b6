package io.github.stackedrnn.layer;

/**
 * The function of the gates of an {@link LstmLayer} or a {@link GruLayer}, Keras's
 * {@code recurrent_activation}.
 */
public enum GateActivation {
    /** The logistic function {@code 1 / (1 + e^(-x))}: Keras's {@code sigmoid}, the default. */
    SIGMOID("sigmoid"),
    /** {@code relu6(x + 3) / 6}, Keras 3's {@code hard_sigmoid} (Keras 2 had {@code 0.2·x + 0.5}). */
    HARD_SIGMOID("hard_sigmoid");

    private final String kerasName;

    GateActivation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return the name Keras uses for this function */
    public String kerasName() {
        return kerasName;
    }
}
