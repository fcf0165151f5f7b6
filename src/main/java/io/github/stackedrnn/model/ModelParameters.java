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
    private final float[] params; // [P]
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private ModelParameters(Network net, float[] params) {
        this.net = net;
        this.params = params;
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
        return new ModelParameters(net, params);
    }

    /** Takes weights read from a snapshot, already checked against the network's shapes; no initializer runs. */
    static ModelParameters of(Network net, List<Tensor> weights) {
        float[] params = new float[net.parameterCount];
        for (int i = 0; i < weights.size(); i++) {
            WeightSlot slot = net.slots.get(i);
            weights.get(i).copyTo(0, params, slot.offset, slot.size);
        }
        return new ModelParameters(net, params);
    }

    /** @return copies of the weights, one tensor per slot */
    List<Tensor> get() {
        lock.readLock().lock();
        try {
            return slices(params);
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
                weights.get(i).copyTo(0, params, slot.offset, slot.size);
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
        }
    }

    /** The parameter vector for reading; the caller holds {@link #readLock()}. */
    float[] values() {
        return params;
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
            if (slot.l2 > 0) {
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
            if (slot.l2 > 0) {
                float factor = (float) (2 * slot.l2);
                MatrixKernels.axpy(factor, params, slot.offset, grads, slot.offset, slot.size);
            }
        }
        return penalty(params);
    }

    /** @return the slot holding flat index {@code index} */
    WeightSlot slotOf(int index) {
        for (WeightSlot slot : net.slots) {
            if (index >= slot.offset && index < slot.offset + slot.size) {
                return slot;
            }
        }
        throw new IllegalArgumentException("No weight at flat index " + index);
    }

    /** @return one tensor per slot, copied out of {@code flat} */
    List<Tensor> slices(float[] flat) {
        List<Tensor> out = new ArrayList<>();
        for (WeightSlot s : net.slots) {
            float[] data = new float[s.size];
            System.arraycopy(flat, s.offset, data, 0, s.size);
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
