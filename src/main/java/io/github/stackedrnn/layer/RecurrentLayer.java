package io.github.stackedrnn.layer;

/**
 * A recurrent layer configuration: reads a sequence {@code [batch, time, in]} and outputs either every
 * step's state {@code [batch, time, units]} ({@link #returnSequences()}) or the last one
 * {@code [batch, units]}. Implementations are immutable.
 */
public sealed interface RecurrentLayer extends Layer permits SimpleRnnLayer, LstmLayer, GruLayer, Bidirectional {
    /** @return the width of the hidden state */
    int units();

    /** @return true if the layer outputs its state at every time step, not only the last one */
    boolean returnSequences();

    /**
     * @return true if the layer reads its input from the last step to the first (Keras's
     *         {@code go_backwards}); false by default, and always for a {@link Bidirectional}, which reads
     *         both ways
     */
    default boolean goBackwards() {
        return false;
    }
}
