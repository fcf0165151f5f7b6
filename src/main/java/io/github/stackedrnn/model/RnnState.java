package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;

/**
 * The hidden state of every recurrent layer for a batch of independent streams, for
 * {@link StackedRnnModel#step(RnnState, Tensor)}: Keras's {@code initial_state} and
 * {@code return_state}, owned by the caller instead of the layer. Any number of states (one per user
 * session, say) may share one model, each with its own batch size.
 *
 * <p>A state is not thread-safe: use one state from one thread at a time (the model itself may serve
 * many states from many threads at once).
 *
 * <pre>{@code
 * RnnState state = model.newState(1);          // one stream, h_0 = 0
 * for (float[] event : events) {                // each [features]
 *     Tensor out = model.step(state, event);    // the output after this event
 * }
 * Tensor h = state.hidden(0);                   // [1, units] of the first recurrent layer
 * RnnState saved = state.copy();                // branch the stream; state.reset() starts over
 * }</pre>
 */
public final class RnnState {
    final float[][][] states; // [L][S_l][batch, U_l] each recurrent layer's states, h first
    private final int batch;
    private final int[] units;

    RnnState(int batch, int[] units, int[] stateCounts) {
        this.batch = batch;
        this.units = units.clone();
        this.states = new float[units.length][][];
        for (int l = 0; l < units.length; l++) {
            states[l] = new float[stateCounts[l]][batch * units[l]];
        }
    }

    private RnnState(RnnState other) {
        this.batch = other.batch;
        this.units = other.units;
        this.states = new float[other.states.length][][];
        for (int l = 0; l < states.length; l++) {
            states[l] = new float[other.states[l].length][];
            for (int k = 0; k < states[l].length; k++) {
                states[l][k] = other.states[l][k].clone();
            }
        }
    }

    /** @return the number of streams */
    public int batchSize() {
        return batch;
    }

    /** @return the number of recurrent layers */
    public int layers() {
        return units.length;
    }

    /** Sets every hidden state back to zero, the start of a sequence. */
    public void reset() {
        for (float[][] layer : states) {
            for (float[] state : layer) {
                Arrays.fill(state, 0f);
            }
        }
    }

    /** @return an independent copy: stepping one does not change the other */
    public RnnState copy() {
        return new RnnState(this);
    }

    /**
     * @param layer a recurrent layer index, bottom to top
     * @return a copy of its hidden state, {@code [batch, units]}
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     */
    public Tensor hidden(int layer) {
        checkLayer(layer);
        return Tensor.of(states[layer][0], batch, units[layer]);
    }

    /**
     * Replaces a layer's hidden state, as Keras's {@code initial_state}.
     *
     * @param layer a recurrent layer index, bottom to top
     * @param value {@code [batch, units]}, finite
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     * @throws IllegalArgumentException  if the shape is wrong or a value is not finite
     */
    public void setHidden(int layer, Tensor value) {
        checkLayer(layer);
        int[] expected = {batch, units[layer]};
        if (value == null || !Arrays.equals(value.shape(), expected)) {
            throw new IllegalArgumentException("hidden state of layer " + layer + " must be " + Arrays.toString(expected)
                    + " but got " + (value == null ? "null" : Arrays.toString(value.shape())));
        }
        if (!value.isFinite()) {
            throw new IllegalArgumentException("hidden state of layer " + layer + " contains a NaN or infinite value at flat index "
                    + value.firstNonFinite());
        }
        value.copyTo(0, states[layer][0], 0, states[layer][0].length);
    }

    /**
     * @param layer a recurrent layer index, bottom to top
     * @return true if the layer carries a cell state besides h (an LSTM's c)
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     */
    public boolean hasCell(int layer) {
        checkLayer(layer);
        return states[layer].length > 1;
    }

    /**
     * @param layer a recurrent layer index, bottom to top, of an LSTM
     * @return a copy of its cell state c, {@code [batch, units]}
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     * @throws IllegalArgumentException  if the layer has no cell state (SimpleRNN, GRU)
     */
    public Tensor cell(int layer) {
        checkCell(layer);
        return Tensor.of(states[layer][1], batch, units[layer]);
    }

    /**
     * Replaces an LSTM layer's cell state, as the second tensor of Keras's {@code initial_state}.
     *
     * @param layer a recurrent layer index, bottom to top, of an LSTM
     * @param value {@code [batch, units]}, finite
     * @throws IndexOutOfBoundsException if {@code layer} is out of range
     * @throws IllegalArgumentException  if the layer has no cell state, the shape is wrong or a value is not finite
     */
    public void setCell(int layer, Tensor value) {
        checkCell(layer);
        int[] expected = {batch, units[layer]};
        if (value == null || !Arrays.equals(value.shape(), expected)) {
            throw new IllegalArgumentException("cell state of layer " + layer + " must be " + Arrays.toString(expected)
                    + " but got " + (value == null ? "null" : Arrays.toString(value.shape())));
        }
        if (!value.isFinite()) {
            throw new IllegalArgumentException("cell state of layer " + layer + " contains a NaN or infinite value at flat index "
                    + value.firstNonFinite());
        }
        value.copyTo(0, states[layer][1], 0, states[layer][1].length);
    }

    private void checkCell(int layer) {
        if (!hasCell(layer)) {
            throw new IllegalArgumentException("layer " + layer + " has no cell state: only an LSTM carries c besides h");
        }
    }

    boolean fits(Network net) {
        if (net.rnn.length != units.length) {
            return false;
        }
        for (int l = 0; l < units.length; l++) {
            if (net.rnn[l].units != units[l] || net.rnn[l].cell.states() != states[l].length) {
                return false;
            }
        }
        return true;
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= units.length) {
            throw new IndexOutOfBoundsException("layer " + layer + " outside [0, " + units.length + ")");
        }
    }

    @Override
    public String toString() {
        return "RnnState{batch=" + batch + ", units=" + Arrays.toString(units) + "}";
    }
}
