package io.github.stackedrnn.model;

import java.util.Arrays;

/**
 * Which time steps of a batch of sequences are real and which are padding, as Keras's masks: at a
 * masked step every recurrent layer carries its previous state forward unchanged, a layer that
 * returns only its last state returns the last <em>valid</em> one, and per-step outputs, the loss and
 * the accuracy ignore masked steps (the loss is the mean over valid steps). Immutable.
 *
 * <pre>{@code
 * SequenceMask mask = SequenceMask.ofLengths(new int[] {20, 7, 13}, 20); // padded at the end
 * Tensor p = model.predict(x, mask);
 * }</pre>
 */
public final class SequenceMask {
    private final int batch;
    private final int time;
    private final boolean[] valid; // [batch, time]
    private final int validSteps;

    private SequenceMask(int batch, int time, boolean[] valid) {
        this.batch = batch;
        this.time = time;
        this.valid = valid;
        int count = 0;
        for (boolean v : valid) {
            count += v ? 1 : 0;
        }
        this.validSteps = count;
    }

    /**
     * Sequences padded at the end: sample {@code i} has {@code lengths[i]} valid steps.
     *
     * @param lengths the valid length of each sequence, in {@code [1, time]}
     * @param time    the length of the time axis of the padded batch
     * @return the mask
     * @throws IllegalArgumentException if a length is outside {@code [1, time]} or the array is empty
     */
    public static SequenceMask ofLengths(int[] lengths, int time) {
        if (lengths == null || lengths.length == 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `lengths`, expected one length per "
                    + "sample, got " + (lengths == null ? "null" : "none") + ".");
        }
        if (time <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `time`, expected a positive integer, got "
                    + time + ".");
        }
        boolean[] valid = new boolean[Sizes.buffer("A mask of " + lengths.length + " sequences of " + time + " steps", lengths.length, time)];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1 || lengths[i] > time) {
                throw new IllegalArgumentException("lengths[" + i + "] is " + lengths[i] + " but must be in [1, " + time
                        + "]: " + (lengths[i] < 1 ? "a sequence needs at least one valid step" : "longer than the time axis"));
            }
            Arrays.fill(valid, i * time, i * time + lengths[i], true);
        }
        return new SequenceMask(lengths.length, time, valid);
    }

    /**
     * A general mask: {@code mask[i][t]} is true where step {@code t} of sample {@code i} is real.
     *
     * @param mask {@code [batch][time]}, rectangular, with at least one true value per sample
     * @return the mask (a copy)
     * @throws IllegalArgumentException if ragged, empty, or a sample has no valid step
     */
    public static SequenceMask of(boolean[][] mask) {
        if (mask == null || mask.length == 0 || mask[0] == null || mask[0].length == 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `mask`, expected a non-empty "
                    + "boolean[batch][time], got " + (mask == null ? "null" : "an empty array") + ".");
        }
        int time = mask[0].length;
        boolean[] valid = new boolean[Sizes.buffer("A mask of " + mask.length + " sequences of " + time + " steps", mask.length, time)];
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] == null || mask[i].length != time) {
                throw new IllegalArgumentException("mask must be boolean[" + mask.length + "][" + time + "] but mask[" + i
                        + "] has " + (mask[i] == null ? "null" : "length " + mask[i].length));
            }
            boolean any = false;
            for (int t = 0; t < time; t++) {
                valid[i * time + t] = mask[i][t];
                any |= mask[i][t];
            }
            if (!any) {
                throw new IllegalArgumentException("mask[" + i + "] has no valid step; every sequence needs at least one");
            }
        }
        return new SequenceMask(mask.length, time, valid);
    }

    /** @return the number of sequences */
    public int batch() {
        return batch;
    }

    /** @return the length of the time axis */
    public int time() {
        return time;
    }

    /**
     * @param sample a sequence index
     * @param step   a time step
     * @return true if that step is real, false if it is padding
     * @throws IndexOutOfBoundsException if out of range
     */
    public boolean isValid(int sample, int step) {
        if (sample < 0 || sample >= batch || step < 0 || step >= time) {
            throw new IndexOutOfBoundsException("(" + sample + ", " + step + ") outside [" + batch + ", " + time + "]");
        }
        return valid[sample * time + step];
    }

    /** @return how many steps are valid over the whole batch */
    public int validSteps() {
        return validSteps;
    }

    boolean valid(int sample, int step) {
        return valid[sample * time + step];
    }

    /** Checks the mask against an input {@code [batch, time, features]}. */
    void checkMatches(int inputBatch, int inputTime, String layer) {
        if (inputBatch != batch || inputTime != time) {
            throw new IllegalArgumentException(layer + ": the mask is [" + batch + ", " + time + "] but the input is ["
                    + inputBatch + ", " + inputTime + ", ...]; a mask must be [batch, time] of its input");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceMask && ((SequenceMask) o).time == time && Arrays.equals(((SequenceMask) o).valid, valid);
    }

    @Override
    public int hashCode() {
        return 31 * time + Arrays.hashCode(valid);
    }

    @Override
    public String toString() {
        return "SequenceMask[" + batch + ", " + time + "] (" + validSteps + " valid steps)";
    }
}
