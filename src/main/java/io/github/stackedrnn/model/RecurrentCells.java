package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;

/**
 * Which cell computes each recurrent layer configuration: the one place a new recurrent layer is
 * registered (see {@code docs/ARCHITECTURE.md}).
 */
final class RecurrentCells {
    private RecurrentCells() {
    }

    /** @return true if {@code layer} is a recurrent layer this engine has a cell for */
    static boolean isRecurrent(Layer layer) {
        return layer instanceof SimpleRnnLayer || layer instanceof LstmLayer || layer instanceof GruLayer;
    }

    /**
     * @param layer a configuration for which {@link #isRecurrent} holds
     * @param in    the width of the layer's input
     * @return its cell
     */
    static RecurrentCell cellFor(Layer layer, int in) {
        if (layer instanceof SimpleRnnLayer r) {
            return new SimpleRnnCell(r, in);
        }
        if (layer instanceof LstmLayer r) {
            return new LstmCell(r, in);
        }
        if (layer instanceof GruLayer r) {
            return new GruCell(r, in);
        }
        throw new IllegalArgumentException("not a recurrent layer: " + layer);
    }
}
