package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.RecurrentLayer;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;
import java.util.List;

/**
 * One recurrent layer of a built model: its cell, where its weights sit in the parameter vector, and
 * the time loop every cell shares, as a forward/backward pair over one chunk of a batch.
 *
 * <p>The loop owns what Keras's {@code RNN} layer owns: the hoisted input product
 * {@code Z = X·W + b} for all steps, the per-step recurrent product {@code z_t += h_(t-1)·U}
 * ({@code [b, U] × [U, G·U]}), the initial state, carrying the states over masked steps, dropout, the
 * direction, and after the backward loop the weight gradients and the input gradient as single
 * products. Forward keeps everything in the chunk's {@link RecurrentCache}; backward reads it and never
 * re-runs the forward pass.
 */
final class RnnLayerPlan {
    final String name;
    final Layer config;
    final RecurrentCell cell;
    final int in;              // F for the first layer, else the previous layer's U
    final int units;           // U
    final int gateWidth;       // G·U, the columns of the kernels and of z
    final int kernelOffset;    // [in, G·U]
    final int recurrentOffset; // [U, G·U]
    final int biasOffset;      // [G·U], or -1 without bias
    final int recurrentBiasOffset; // [G·U] the bias added to a separate recurrent product (GRU reset_after), or -1
    final boolean separate;    // the per-step product goes into the cache's r (RecurrentCell#separateRecurrent)
    final int late;            // L, the last columns of U that multiply the cell's gated vector (RecurrentCell#lateColumns)
    final int early;           // G·U - L, the columns of U that multiply h_(t-1)
    final List<RecurrentCell.Weight> weights; // Keras get_weights() order, offsets relative to kernelOffset
    final int parameterCount;
    final boolean returnSequences;
    final boolean reverse;     // read the sequence from its last step to its first

    RnnLayerPlan(String name, Layer config, RecurrentCell cell, boolean returnSequences, boolean reverse, int offset) {
        this.name = name;
        this.config = config;
        this.cell = cell;
        this.in = cell.in;
        this.units = cell.units;
        this.gateWidth = cell.gates() * cell.units;
        this.returnSequences = returnSequences;
        this.reverse = reverse;
        if ((long) cell.gates() * cell.units > Sizes.MAX_ARRAY) {
            throw tooLarge(name, config, Sizes.product(cell.gates(), cell.units) * (cell.in + cell.units + 1L));
        }
        this.weights = List.copyOf(cell.weights());
        long count = 0;
        for (RecurrentCell.Weight w : weights) {
            count = Math.min(Long.MAX_VALUE / 2, count + w.size());
        }
        if ((long) offset + count > Sizes.MAX_ARRAY) {
            throw tooLarge(name, config, count);
        }
        this.parameterCount = (int) count;
        this.kernelOffset = offset;
        this.recurrentOffset = offset + (int) weight("kernel").size();
        RecurrentCell.Weight bias = weights.stream().filter(w -> w.name().equals("bias")).findFirst().orElse(null);
        this.biasOffset = bias == null ? -1 : offset + bias.offset();
        this.separate = cell.separateRecurrent();
        this.late = cell.lateColumns();
        this.early = gateWidth - late;
        this.recurrentBiasOffset = separate && bias != null && bias.size() == 2 * gateWidth ? biasOffset + gateWidth : -1;
        if (late > 0 && separate) {
            throw new IllegalStateException("a cell cannot have both a separate recurrent product and late columns");
        }
    }

    /** A model's weights live in one float array: a layer that would not fit is refused when the model is planned. */
    static IllegalStateException tooLarge(String name, Layer config, long count) {
        return new IllegalStateException("Layer " + name + " (" + config.kerasType() + ") has " + count
                + " parameters: with the layers below it that is more than the " + Sizes.MAX_ARRAY
                + " one model can hold (one float array)");
    }

    /** The plan of a recurrent layer configuration whose weights start at {@code offset}, reading {@code in} features. */
    static RnnLayerPlan of(String name, RecurrentLayer config, int in, int offset) {
        return new RnnLayerPlan(name, config, RecurrentCells.cellFor(config, in), config.returnSequences(), config.goBackwards(),
                offset);
    }

    private RecurrentCell.Weight weight(String weightName) {
        return weights.stream().filter(w -> w.name().equals(weightName)).findFirst().orElseThrow();
    }

    int parameterCount() {
        return parameterCount;
    }

    boolean returnSequences() {
        return returnSequences;
    }

    /** @return the step whose states are the layer's last: T - 1, or 0 when reading backwards */
    int lastStep(int time) {
        return reverse ? 0 : time - 1;
    }

    /** @return the step at position {@code k} of the loop's order */
    private int stepAt(int k, int time) {
        return reverse ? time - 1 - k : k;
    }

    /**
     * Runs the layer over a chunk.
     *
     * @param params          the parameter vector
     * @param packedRecurrent U as {@link MatrixKernels#packRight} wrote it from {@code params}, or null
     * @param packedKernel    W packed the same way, or null; read only where {@link #stepwiseInput} holds
     * @param x               the input, {@code [T, b, in]}
     * @param cache           output: the pre-activations and states of every step
     * @param valid           {@code [T, b]}, false where a step is masked and the states are carried; null if none is
     * @param initial         the initial states {@code [S][B, U]} at {@code initialOffset}, or null for zeros
     * @param drop            this chunk's dropout masks (training only), or null for none
     */
    void forward(float[] params, float[] packedRecurrent, float[] packedKernel, float[] x, RecurrentCache cache, int time, int batch,
                 boolean[] valid, float[][] initial, int initialOffset, Dropout drop) {
        int rows = time * batch;
        int zStep = batch * gateWidth;
        int step = batch * units;
        float[] input = x;
        if (drop != null && drop.inputMask != null) {
            drop.maskInput(x, time, batch, in);
            input = drop.droppedInput;
        }
        float[] z = cache.z;
        float[] h = cache.h();
        // the per-step product's destination: z, or the cell's separate buffer with its own bias
        float[] product = separate ? cache.r : z;
        // Z = X·W + b for all steps in one product, or step by step just before the step reads it when
        // Z is larger than the caches: then the hoisted Z has left them by the time a step comes to it.
        // Each element is summed in the same order either way (the kernels' order does not depend on the
        // rows of a call), so the results are the same bits.
        boolean stepwise = stepwiseInput(time, batch);
        if (!stepwise) {
            inputProduct(params, null, input, cache, 0, rows);
        }
        boolean stateDropout = drop != null && drop.stateMask != null;
        for (int k = 0; k < time; k++) {
            int t = stepAt(k, time);
            if (stepwise) {
                inputProduct(params, packedKernel, input, cache, t * batch, batch);
            }
            int previous = k == 0 ? -1 : stepAt(k - 1, time);
            float[] prev = null; // the previous state as the product reads it
            int prevOff = 0;
            if (previous < 0) {
                if (initial != null) {
                    prev = initial[0];
                    prevOff = initialOffset;
                }
            } else {
                prev = h;
                prevOff = previous * step;
                if (stateDropout) {
                    drop.maskState(h, previous * step, batch, units);
                    prev = drop.droppedState;
                }
            }
            if (late > 0) {
                if (prev != null) {
                    MatrixKernels.multAddStrided(prev, prevOff, units, params, recurrentOffset, gateWidth, z, t * zStep, gateWidth,
                            batch, units, early);
                }
                cell.gate(cache, t, batch, prev, prevOff);
                MatrixKernels.multAddStrided(cache.gated, t * step, units, params, recurrentOffset + early, gateWidth, z,
                        t * zStep + early, gateWidth, batch, units, late);
            } else if (separate && recurrentBiasOffset >= 0) {
                // the separate product starts from its own bias: h·U + b in one pass (the same bits as the
                // bias broadcast and then the product)
                if (prev != null) {
                    MatrixKernels.multPlusBias(prev, prevOff, params, recurrentOffset, previous < 0 ? null : packedRecurrent, params,
                            recurrentBiasOffset, product, t * zStep, batch, units, gateWidth);
                } else {
                    MatrixKernels.broadcastRows(params, recurrentBiasOffset, product, t * zStep, batch, gateWidth);
                }
            } else if (previous < 0) {
                if (prev != null) {
                    MatrixKernels.multAdd(prev, prevOff, params, recurrentOffset, product, t * zStep, batch, units, gateWidth);
                }
            } else {
                MatrixKernels.multAddPacked(prev, prevOff, params, recurrentOffset, packedRecurrent, product, t * zStep, batch,
                        units, gateWidth);
            }
            cell.forwardStep(cache, t, previous, batch, initial, initialOffset);
            carryMasked(cache, valid, t, previous, batch, initial, initialOffset);
        }
    }

    /**
     * @return whether a chunk of {@code batch} sequences of {@code time} steps computes its input product
     *         step by step (from a packed W, which the engine then packs), rather than for all steps at once
     */
    boolean stepwiseInput(int time, int batch) {
        return time > 1 && (long) time * batch * gateWidth > Tuning.HOISTED_INPUT_FLOATS;
    }

    /** {@code z = x·W + b} (and zeros for a separate product without a bias) for {@code count} rows of z from row {@code first}. */
    private void inputProduct(float[] params, float[] packedKernel, float[] input, RecurrentCache cache, int first, int count) {
        float[] z = cache.z;
        int zOff = first * gateWidth;
        if (biasOffset >= 0) {
            MatrixKernels.multPlusBias(input, first * in, params, kernelOffset, packedKernel, params, biasOffset, z, zOff, count, in,
                    gateWidth);
        } else {
            Arrays.fill(z, zOff, zOff + count * gateWidth, 0f);
            MatrixKernels.multAddPacked(input, first * in, params, kernelOffset, packedKernel, z, zOff, count, in, gateWidth);
        }
        if (separate && recurrentBiasOffset < 0) {
            Arrays.fill(cache.r, zOff, zOff + count * gateWidth, 0f); // with a bias, the step's product starts from it
        }
    }

    /** At masked rows of step t, every state is the previous step's (or the initial one, or zeros). */
    private void carryMasked(RecurrentCache cache, boolean[] valid, int t, int previous, int batch, float[][] initial,
                             int initialOffset) {
        if (valid == null) {
            return;
        }
        for (int s = 0; s < batch; s++) {
            if (!valid[t * batch + s]) {
                int row = (t * batch + s) * units;
                for (int k = 0; k < cache.states.length; k++) {
                    float[] state = cache.states[k];
                    if (previous >= 0) {
                        System.arraycopy(state, (previous * batch + s) * units, state, row, units);
                    } else if (initial != null) {
                        System.arraycopy(initial[k], initialOffset + s * units, state, row, units);
                    } else {
                        Arrays.fill(state, row, row + units, 0f);
                    }
                }
            }
        }
    }

    /**
     * Backpropagation through time over the whole sequence.
     *
     * @param derived the engine's transposed and packed copies of this layer's weights
     * @param x       the input the forward pass read, {@code [T, b, in]}
     * @param cache   what the forward pass kept; in: {@code dL/dh [T, b, U]} in its {@code dStates[0]}
     * @param grads   the gradient vector; this layer's slots are accumulated into
     * @param dx      output: {@code dL/dx [T, b, in]}, overwritten; null to skip it
     * @param valid   {@code [T, b]}, false at masked steps; null if none is
     * @param drop    the masks the forward pass used, or null
     */
    void backward(DerivedWeights derived, float[] x, RecurrentCache cache, float[] grads, float[] dx, int time, int batch,
                  boolean[] valid, Dropout drop) {
        int rows = time * batch;
        int zStep = batch * gateWidth;
        int step = batch * units;
        float[] dz = cache.dz;
        float[] dRecurrent = separate ? cache.dr : dz; // the gradient of the per-step product
        for (int k = 1; k < cache.dStates.length; k++) {
            // states other than h (LSTM's c) get their gradients only from the next step
            Arrays.fill(cache.dStates[k], 0, rows * units, 0f);
        }
        boolean stateDropout = drop != null && drop.stateMask != null;
        for (int k = time - 1; k >= 0; k--) {
            int t = stepAt(k, time);
            int previous = k == 0 ? -1 : stepAt(k - 1, time);
            if (valid != null) {
                // a masked step copied the previous states: their gradients flow straight back, and none to z_t
                for (int s = 0; s < batch; s++) {
                    if (!valid[t * batch + s]) {
                        int row = (t * batch + s) * units;
                        for (float[] dState : cache.dStates) {
                            if (previous >= 0) {
                                MatrixKernels.axpy(1f, dState, row, dState, (previous * batch + s) * units, units);
                            }
                            Arrays.fill(dState, row, row + units, 0f);
                        }
                    }
                }
            }
            cell.backwardStep(cache, t, previous, batch);
            if (late > 0) {
                lateBackward(derived, cache, t, previous, batch, drop);
            } else if (previous >= 0 && stateDropout) {
                drop.recurrentGradient(dRecurrent, t * zStep, derived.transposedRecurrent, cache.dh(), previous * step, batch,
                        gateWidth, units);
            } else if (previous >= 0) {
                MatrixKernels.multAddPacked(dRecurrent, t * zStep, derived.transposedRecurrent, 0, derived.packedTransposedRecurrent,
                        cache.dh(), previous * step, batch, gateWidth, units);
            }
        }
        float[] input = drop != null && drop.inputMask != null ? drop.droppedInput : x;
        MatrixKernels.multTransAAdd(input, 0, dz, 0, grads, kernelOffset, in, rows, gateWidth);
        if (time > 1) {
            // dU pairs each dz_t with the h_(t-1) the forward pass multiplied: dropped, if it was
            float[] previousStates = stateDropout ? drop.droppedState : cache.h();
            int hOff = reverse ? step : 0;
            int dzOff = reverse ? 0 : zStep;
            if (late > 0) {
                MatrixKernels.multTransAAddStrided(previousStates, hOff, units, dz, dzOff, gateWidth, grads, recurrentOffset,
                        gateWidth, units, rows - batch, early);
            } else {
                MatrixKernels.multTransAAdd(previousStates, hOff, dRecurrent, dzOff, grads, recurrentOffset, units, rows - batch,
                        gateWidth);
            }
        }
        if (late > 0) {
            // the late columns multiplied gated_t at every step, the first one included
            MatrixKernels.multTransAAddStrided(cache.gated, 0, units, dz, early, gateWidth, grads, recurrentOffset + early,
                    gateWidth, units, rows, late);
        }
        if (biasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dz, 0, rows, gateWidth, grads, biasOffset);
        }
        if (recurrentBiasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dRecurrent, 0, rows, gateWidth, grads, recurrentBiasOffset);
        }
        if (dx != null) {
            Arrays.fill(dx, 0, rows * in, 0f);
            MatrixKernels.multAdd(dz, 0, derived.transposedKernel, 0, dx, 0, rows, gateWidth, in);
            if (drop != null && drop.inputMask != null) {
                drop.maskInputGradient(dx, time, batch, in);
            }
        }
    }

    /**
     * Backward through a step whose late columns multiplied the cell's gated vector:
     * {@code dgated = dz_late·U_lateᵀ}, the cell's part, then
     * {@code dh_(t-1) += (dgated' + dz_early·U_earlyᵀ) ⊙ mask}.
     */
    private void lateBackward(DerivedWeights derived, RecurrentCache cache, int t, int previous, int batch, Dropout drop) {
        int zStep = batch * gateWidth;
        int step = batch * units;
        float[] dGated = cache.dGated;
        Arrays.fill(dGated, 0, step, 0f);
        // Uᵀ is [G·U, U]: its rows from `early` on are the late block's transpose
        MatrixKernels.multAddStrided(cache.dz, t * zStep + early, gateWidth, derived.transposedRecurrent, early * units, units,
                dGated, 0, units, batch, late, units);
        float[] prev = null;
        int prevOff = 0;
        boolean stateDropout = drop != null && drop.stateMask != null;
        if (previous >= 0) {
            prev = stateDropout ? drop.droppedState : cache.h();
            prevOff = previous * step;
        }
        cell.gateBackward(cache, t, batch, prev, prevOff);
        if (previous < 0) {
            return;
        }
        MatrixKernels.multAddStrided(cache.dz, t * zStep, gateWidth, derived.transposedRecurrent, 0, units, dGated, 0, units,
                batch, early, units);
        float[] dh = cache.dh();
        for (int i = 0; i < step; i++) {
            dh[prevOff + i] += stateDropout ? dGated[i] * drop.stateMask[i] : dGated[i];
        }
    }
}
