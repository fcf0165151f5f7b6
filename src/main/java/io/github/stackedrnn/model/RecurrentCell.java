package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Initializer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arithmetic of one kind of recurrent layer at one time step, Keras's {@code cell.call(input_t,
 * states_t) -> (output_t, states_(t+1))}, with everything that is the same for every kind left to the
 * loop ({@link RnnLayerPlan}): the loop hoists {@code Z = X·W + b} for all steps into one product, adds
 * {@code h_(t-1)·U} to step t's rows of Z with one {@code [b, U] × [U, G·U]} product, carries the states
 * over masked steps, applies dropout, runs forwards or backwards in time, and after the backward loop
 * computes {@code dW}, {@code dU}, {@code db} and the input gradient as single products. A cell only
 * turns step t's pre-activations into its states (forward) and the states' gradients into the
 * pre-activations' gradients (backward).
 *
 * <p>Layout, per layer ({@code G} = {@link #gates()}, {@code S} = {@link #states()}): weights
 * {@code kernel [in, G·U]}, {@code recurrent_kernel [U, G·U]}, {@code bias [G·U]}, the gates' column
 * blocks side by side in Keras's order; a chunk's {@link RecurrentCache} holds {@code z [T, b, G·U]},
 * the states {@code [S][T, b, U]} (state 0 is h, the layer's output) and, for training, their
 * gradients. A cell whose pre-activation is its state (G = 1, S = 1, as SimpleRNN) lets the cache share
 * one buffer for both.
 *
 * <p>To add a recurrent layer: its configuration class in {@code layer}, a subclass of this class, and
 * its line in {@link RecurrentCells}. See {@code docs/ARCHITECTURE.md}.
 */
abstract class RecurrentCell {
    final int in;    // F for the first layer, else the layer below's U
    final int units; // U
    private final Settings settings;

    RecurrentCell(int in, int units, Settings settings) {
        this.in = in;
        this.units = units;
        this.settings = settings;
    }

    /**
     * What every recurrent layer configuration has (SimpleRNN, LSTM and GRU alike), taken from it once:
     * the initializers, the bias, the L2 factors and the dropout rates.
     */
    record Settings(Initializer kernelInitializer, Initializer recurrentInitializer, boolean useBias, double kernelL2,
                    double recurrentL2, double biasL2, double dropout, double recurrentDropout) {
    }

    /** @return G, the gate blocks of U columns in the kernels and bias (SimpleRNN 1, GRU 3, LSTM 4) */
    abstract int gates();

    /** @return S, the states carried from step to step, h first (SimpleRNN and GRU 1, LSTM 2: h and c) */
    abstract int states();

    /**
     * @return the weights in Keras's {@code get_weights()} order, offsets relative to the layer's first
     *         weight: {@code kernel [in, G·U]}, {@code recurrent_kernel [U, G·U]} and, with a bias,
     *         {@code bias} of {@link #biasShape()}
     */
    List<Weight> weights() {
        int g = gates() * units;
        List<Weight> w = new ArrayList<>(3);
        w.add(new Weight("kernel", 0, settings.kernelL2(), in, g));
        w.add(new Weight("recurrent_kernel", in * g, settings.recurrentL2(), units, g));
        if (settings.useBias()) {
            w.add(new Weight("bias", in * g + units * g, settings.biasL2(), biasShape()));
        }
        return w;
    }

    /** @return the bias's shape: {@code [G·U]} (GRU with {@code reset_after}: {@code [2, G·U]}) */
    int[] biasShape() {
        return new int[] {gates() * units};
    }

    /** One weight tensor of the layer: where it sits after the layer's first weight, its shape and L2 factor. */
    record Weight(String name, int offset, double l2, int... shape) {
        /** @return the number of values, in {@code long}: a layer too large for an array is refused by its plan */
        long size() {
            long n = 1;
            for (int d : shape) {
                n = Sizes.product(n, d);
            }
            return n;
        }
    }

    /**
     * @return the input dropout rate (0 for none). The loop draws one mask per sequence for the input and
     *         one for the state, as Keras 3's {@code DropoutRNNCell} does for every cell (Keras 2 drew one
     *         per gate), so the masked input still goes through the one hoisted product
     */
    final double dropout() {
        return settings.dropout();
    }

    /** @return the recurrent dropout rate (0 for none) */
    final double recurrentDropout() {
        return settings.recurrentDropout();
    }

    /** @return true if the layer has a bias */
    final boolean useBias() {
        return settings.useBias();
    }

    /**
     * Fills the layer's weights at {@code offset} of {@code params} with their initializers, one split of
     * {@code random} for the kernel and one for the recurrent kernel (biases start at zero; a cell with
     * another initial bias, LSTM's forget gate, adds it).
     */
    void initialize(float[] params, int offset, SplittableRandom random) {
        int g = gates() * units;
        WeightInit.fill(settings.kernelInitializer(), params, offset, in, g, random.split());
        WeightInit.fill(settings.recurrentInitializer(), params, offset + in * g, units, g, random.split());
    }

    /** @return the buffers one chunk of {@code capacity} samples over {@code time} steps needs */
    RecurrentCache newCache(int time, int capacity, boolean training) {
        return new RecurrentCache(this, time, capacity, training);
    }

    /**
     * @return true if the loop writes the per-step recurrent product {@code h_(t-1)·U} into the cache's
     *         {@code r} instead of adding it to {@code z} (GRU with {@code reset_after}: the reset gate
     *         multiplies the recurrent part of the candidate alone). A bias of shape {@code [2, G·U]} then
     *         holds the input bias (row 0, into {@code z}) and the recurrent bias (row 1, into {@code r}).
     *         Backward, the cell writes {@code dr} beside {@code dz}, and {@code dU}, {@code db}'s second
     *         row and the gradient to {@code h_(t-1)} are taken from {@code dr}.
     */
    boolean separateRecurrent() {
        return false;
    }

    /**
     * @return L, the last columns of U (a column block) that multiply not {@code h_(t-1)} but a vector the
     *         cell computes mid-step, {@code gated_t} (GRU with {@code reset_after=False}: {@code r ⊙ h_(t-1)});
     *         0 for none. The loop then multiplies {@code h_(t-1)} by U's first {@code G·U - L} columns, calls
     *         {@link #gate}, and multiplies {@code gated_t} by the last L columns.
     */
    int lateColumns() {
        return 0;
    }

    /** @return how many extra {@code [T, b, U]} buffers the cache holds for this cell (LSTM: tanh(c)) */
    int extraBuffers() {
        return 0;
    }

    /**
     * Forward, mid-step (only when {@link #lateColumns()} > 0): z's first {@code G·U - L} columns of step
     * t hold their pre-activations; write the cache's {@code gated} rows of step t.
     *
     * @param prev    the previous state as the recurrent product reads it (after recurrent dropout), or
     *                null for zeros
     * @param prevOff offset of step t's previous state rows in {@code prev}
     */
    void gate(RecurrentCache cache, int t, int batch, float[] prev, int prevOff) {
        throw new UnsupportedOperationException("no late columns");
    }

    /**
     * Backward, mid-step (only when {@link #lateColumns()} > 0), after {@link #backwardStep}: the cache's
     * {@code dGated} holds {@code dL/dgated_t}; finish {@code dz_t} and turn {@code dGated} into the
     * gradient it sends to the previous state as the product read it.
     */
    void gateBackward(RecurrentCache cache, int t, int batch, float[] prev, int prevOff) {
        throw new UnsupportedOperationException("no late columns");
    }


    /** @return true if z and h are one buffer (and dz and dh): G = 1 and S = 1, the activation applied in place */
    boolean stateIsPreActivation() {
        return gates() == 1 && states() == 1;
    }

    /**
     * Forward at step t: the cache's {@code z} rows of step t ({@code [b, G·U]}) hold
     * {@code x_t·W + b + h_(t-1)·U}; write the states of step t and keep what {@link #backwardStep} reads.
     *
     * @param previous the step whose states are {@code t}'s previous ones, or -1 for the initial states
     * @param initial  the initial states {@code [S][B, U]} at {@code initialOffset}, or null for zeros
     */
    abstract void forwardStep(RecurrentCache cache, int t, int previous, int batch, float[][] initial, int initialOffset);

    /**
     * Backward at step t: the cache's state gradients of step t hold {@code dL/dstate_t} (everything
     * that reaches them from above and from step t + 1); write {@code dz_t} and add what flows to the
     * previous step's states other than through {@code h_(t-1)·U} (for LSTM, {@code dc_(t-1)}).
     *
     * @param previous the step whose states were {@code t}'s previous ones, or -1 for the initial states
     */
    abstract void backwardStep(RecurrentCache cache, int t, int previous, int batch);
}
