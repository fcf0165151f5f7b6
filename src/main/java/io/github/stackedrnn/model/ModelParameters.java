package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Initializer;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model's weights: the flat parameter vector in Keras's {@code get_weights()} order, the lock that
 * keeps readers from seeing half an update, their initialisation and their L2 penalties. Readers
 * (predictions, saving) take the read lock; an optimizer step or {@code setWeights} the write lock.
 */
final class ModelParameters {
    private final Network net;
    private final float[] params; // [P] the trainable weights
    private final float[] nonTrainable; // [N] a NormalizationLayer's mean [F], variance [F], count [1]; empty without one
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private ModelParameters(Network net, float[] params, float[] nonTrainable) {
        this.net = net;
        this.params = params;
        this.nonTrainable = nonTrainable;
    }

    /** The non-trainable weights as a model starts with them: the NormalizationLayer's statistics. */
    private static float[] initialNonTrainable(Network net) {
        float[] values = new float[net.nonTrainableCount];
        if (net.normalizationLayer != null) {
            int f = net.features;
            System.arraycopy(net.normalizationLayer.mean(), 0, values, 0, f);
            System.arraycopy(net.normalizationLayer.variance(), 0, values, f, f);
            values[2 * f] = (float) net.normalizationLayer.count();
        }
        return values;
    }

    /** Initialises every weight with its layer's initializers, one split of {@code random} per tensor, bottom to top. */
    static ModelParameters initialized(Network net, SplittableRandom random) {
        float[] params = new float[net.parameterCount];
        for (RnnLayerPlan p : net.rnn) {
            p.cell.initialize(params, p.kernelOffset, random);
        }
        for (DensePlan d : net.hidden) {
            WeightInit.fill(Initializer.GLOROT_UNIFORM, params, d.kernelOffset, d.in, d.units, random.split());
        }
        WeightInit.fill(Initializer.GLOROT_UNIFORM, params, net.head.kernelOffset, net.head.in, net.head.units, random.split());
        return new ModelParameters(net, params, initialNonTrainable(net));
    }

    /** Takes weights read from a snapshot, already checked against the network's shapes; no initializer runs. */
    static ModelParameters of(Network net, List<Tensor> weights) {
        float[] params = new float[net.parameterCount];
        float[] nonTrainable = new float[net.nonTrainableCount];
        for (int i = 0; i < weights.size(); i++) {
            WeightSlot slot = net.slots.get(i);
            weights.get(i).copyTo(0, slot.trainable ? params : nonTrainable, slot.offset, slot.size);
        }
        return new ModelParameters(net, params, nonTrainable);
    }

    /** @return copies of the weights, one tensor per slot */
    List<Tensor> get() {
        lock.readLock().lock();
        try {
            return slices(params, nonTrainable);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Checks count, shapes and values, then replaces every weight under the write lock; nothing changes if a check fails. */
    void set(List<Tensor> weights) {
        check(net, weights, "setWeights");
        lock.writeLock().lock();
        try {
            for (int i = 0; i < weights.size(); i++) {
                WeightSlot slot = net.slots.get(i);
                weights.get(i).copyTo(0, slot.trainable ? params : nonTrainable, slot.offset, slot.size);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Refuses weights that do not fit {@code net}: the count, each shape, each value. */
    static void check(Network net, List<Tensor> weights, String caller) {
        if (weights == null || weights.size() != net.slots.size()) {
            throw new IllegalArgumentException(caller + " expected " + net.slots.size() + " tensors (" + slotList(net)
                    + ") but got " + (weights == null ? "null" : weights.size()));
        }
        for (int i = 0; i < weights.size(); i++) {
            WeightSlot slot = net.slots.get(i);
            Tensor w = weights.get(i);
            if (w == null || !Arrays.equals(w.shape(), slot.shape)) {
                throw new IllegalArgumentException(caller + ": weight " + i + " (" + slot.path() + ") must be "
                        + Tensor.formatShape(slot.shape) + " but got " + (w == null ? "null" : Tensor.formatShape(w.shape())));
            }
            if (!w.isFinite()) {
                throw new IllegalArgumentException(caller + ": weight " + i + " (" + slot.path() + ") contains a NaN or "
                        + "infinite value at flat index " + w.firstNonFinite());
            }
            if (slot.values != WeightSlot.Values.ANY) {
                float[] v = w.toFloatArray();
                for (int k = 0; k < v.length; k++) {
                    boolean whole = slot.values != WeightSlot.Values.COUNT || v[k] == Math.rint(v[k]);
                    if (v[k] < 0 || !whole) {
                        throw new IllegalArgumentException(caller + ": weight " + i + " (" + slot.path() + ") must hold "
                                + (slot.values == WeightSlot.Values.COUNT ? "a whole number >= 0" : "values >= 0") + " but holds "
                                + v[k] + " at flat index " + k);
                    }
                }
            }
        }
    }

    /** The parameter vector for reading; the caller holds {@link #readLock()}. */
    float[] values() {
        return params;
    }

    /**
     * The non-trainable weights ({@code [N]}: a NormalizationLayer's mean, variance and count) for
     * reading, under {@link #readLock()} or, for training, the trainer's step lock; the same array for
     * the model's life, changed only by {@link #set}.
     */
    float[] nonTrainable() {
        return nonTrainable;
    }

    ReentrantReadWriteLock.ReadLock readLock() {
        return lock.readLock();
    }

    ReentrantReadWriteLock.WriteLock writeLock() {
        return lock.writeLock();
    }

    /** A copy of the parameter vector, read under the read lock. */
    float[] copy() {
        lock.readLock().lock();
        try {
            return params.clone();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current L2 penalty, read under the read lock. */
    double penalty() {
        lock.readLock().lock();
        try {
            return penalty(params);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The L2 penalties, {@code Σ l2 · Σ w²} over the weights that have one. */
    private double penalty(float[] weights) {
        double total = 0;
        for (WeightSlot slot : net.slots) {
            if (slot.trainable && slot.l2 > 0) {
                double squares = 0;
                for (int i = slot.offset; i < slot.offset + slot.size; i++) {
                    squares += (double) weights[i] * weights[i];
                }
                total += slot.l2 * squares;
            }
        }
        return total;
    }

    /**
     * Adds the L2 penalties' gradient {@code 2 · l2 · w} to {@code grads}; returns the penalty. Called by
     * the trainer, the only writer, so it reads the weights without the lock.
     */
    double addPenaltyGradient(float[] grads) {
        for (WeightSlot slot : net.slots) {
            if (slot.trainable && slot.l2 > 0) {
                float factor = (float) (2 * slot.l2);
                MatrixKernels.axpy(factor, params, slot.offset, grads, slot.offset, slot.size);
            }
        }
        return penalty(params);
    }

    /** @return the slot holding flat index {@code index} */
    WeightSlot slotOf(int index) {
        for (WeightSlot slot : net.slots) {
            if (slot.trainable && index >= slot.offset && index < slot.offset + slot.size) {
                return slot;
            }
        }
        throw new IllegalArgumentException("No weight at flat index " + index);
    }

    /**
     * @param flat         the trainable values, {@code [P]}
     * @param nonTrainable the non-trainable values, {@code [N]}, or null for zeros (the gradients of
     *                     weights that training treats as constants)
     * @return one tensor per slot, copied out of them
     */
    List<Tensor> slices(float[] flat, float[] nonTrainable) {
        List<Tensor> out = new ArrayList<>();
        for (WeightSlot s : net.slots) {
            float[] data = new float[s.size];
            float[] from = s.trainable ? flat : nonTrainable;
            if (from != null) {
                System.arraycopy(from, s.offset, data, 0, s.size);
            }
            out.add(Tensor.wrap(data, s.shape));
        }
        return out;
    }

    private static String slotList(Network net) {
        StringBuilder sb = new StringBuilder();
        for (WeightSlot s : net.slots) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s.path()).append(' ').append(Tensor.formatShape(s.shape));
        }
        return sb.toString();
    }
}
