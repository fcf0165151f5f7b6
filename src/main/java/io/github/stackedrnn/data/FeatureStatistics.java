package io.github.stackedrnn.data;

import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * Per-feature mean and (population) variance over every valid time step of a data set, computed in one
 * streaming pass in double precision (Welford's update), as Keras's {@code Normalization.adapt} computes
 * them: masked (padded) steps do not count. What {@code io.github.stackedrnn.layer.NormalizationLayer.adapt}
 * computes and the model then applies inside itself; {@link #standardize(float[])} applies Keras's formula
 * {@code (x - mean) / max(sqrt(variance), 1e-7)} to a step outside a model.
 *
 * <pre>{@code
 * FeatureStatistics stats = FeatureStatistics.of(trainingDataset);   // one pass, memory O(features)
 * double[] mean = stats.mean();
 * double[] variance = stats.variance();
 * }</pre>
 */
public final class FeatureStatistics {
    /** Keras's {@code backend.epsilon()}, the floor of the standard deviation in {@code Normalization}. */
    public static final double EPSILON = 1e-7;

    private final double[] mean;
    private final double[] m2; // sum of squared deviations from the running mean
    private long count;

    private FeatureStatistics(int features) {
        this.mean = new double[features];
        this.m2 = new double[features];
    }

    /** Welford: one valid step. */
    private void add(float[] step, int offset) {
        count++;
        for (int f = 0; f < mean.length; f++) {
            double x = step[offset + f];
            double delta = x - mean[f];
            mean[f] += delta / count;
            m2[f] += delta * (x - mean[f]);
        }
    }

    /**
     * @param x    {@code [samples, time, features]}
     * @param mask the valid steps, or null when all are
     * @return the statistics of the valid steps
     * @throws IllegalArgumentException if the tensor is not 3-D, the mask does not match it, or no step is valid
     */
    public static FeatureStatistics of(Tensor x, SequenceMask mask) {
        if (x == null || x.rank() != 3) {
            throw new IllegalArgumentException("Received an invalid value for argument `x`, expected a tensor [samples, time, features], got "
                    + (x == null ? "null" : Tensor.formatShape(x.shape())));
        }
        int n = x.dim(0);
        int time = x.dim(1);
        int features = x.dim(2);
        if (mask != null && (mask.batch() != n || mask.time() != time)) {
            throw new IllegalArgumentException("The mask is [" + mask.batch() + ", " + mask.time() + "] but x is "
                    + Tensor.formatShape(x.shape()));
        }
        float[] data = x.toFloatArray();
        FeatureStatistics s = new FeatureStatistics(features);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < time; t++) {
                if (mask == null || mask.isValid(i, t)) {
                    s.add(data, (i * time + t) * features);
                }
            }
        }
        return s.checked();
    }

    /**
     * @param sequences each {@code [time_i][features]}, every step the same width
     * @return the statistics of all their steps
     * @throws IllegalArgumentException if the list is empty or the widths differ
     */
    public static FeatureStatistics of(List<float[][]> sequences) {
        if (sequences == null || sequences.isEmpty()) {
            throw new IllegalArgumentException("Received an invalid value for argument `sequences`, expected at least one sequence, got "
                    + (sequences == null ? "null" : "an empty list"));
        }
        FeatureStatistics s = null;
        for (int i = 0; i < sequences.size(); i++) {
            s = addAll(s, sequences.get(i), "sequence " + i);
        }
        return s.checked();
    }

    /**
     * One pass over a data set, in its order; memory is the statistics and one sequence.
     *
     * @param dataset the sequences (their targets are ignored)
     * @return the statistics of all their steps
     * @throws DatasetException         if the data is bad, naming where
     * @throws IllegalArgumentException if the data set is empty
     */
    public static FeatureStatistics of(SequenceDataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `dataset`, expected a SequenceDataset, got null.");
        }
        FeatureStatistics s = null;
        long position = 0;
        try (SequenceReader r = dataset.open(null)) {
            SequenceExample e;
            while ((e = r.next()) != null) {
                String where = e.source() != null ? e.source() : "sequence " + position + " of the pass";
                try {
                    s = addAll(s, e.steps(), where);
                } catch (IllegalArgumentException x) {
                    throw new DatasetException(where, x.getMessage(), x);
                }
                position++;
            }
        }
        if (s == null) {
            throw new IllegalArgumentException("The data set " + dataset + " has no sequence");
        }
        return s.checked();
    }

    private static FeatureStatistics addAll(FeatureStatistics s, float[][] steps, String where) {
        if (steps == null || steps.length == 0) {
            throw new IllegalArgumentException(where + " has no step");
        }
        FeatureStatistics out = s != null ? s : new FeatureStatistics(steps[0] == null ? 0 : steps[0].length);
        for (int t = 0; t < steps.length; t++) {
            if (steps[t] == null || steps[t].length != out.mean.length || out.mean.length == 0) {
                throw new IllegalArgumentException(where + " step " + t + " has " + (steps[t] == null ? "null" : steps[t].length)
                        + " features; expected " + out.mean.length);
            }
            out.add(steps[t], 0);
        }
        return out;
    }

    private FeatureStatistics checked() {
        if (count == 0) {
            throw new IllegalArgumentException("No valid step: the statistics need at least one");
        }
        for (int f = 0; f < mean.length; f++) {
            if (!Double.isFinite(mean[f]) || !Double.isFinite(m2[f])) {
                throw new IllegalArgumentException("Feature " + f + " has a non-finite mean or variance: the inputs must be finite");
            }
        }
        return this;
    }

    /** @return the features */
    public int features() {
        return mean.length;
    }

    /** @return the valid steps counted */
    public long count() {
        return count;
    }

    /** @return the per-feature mean (a copy) */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the per-feature population variance, Keras's (a copy) */
    public double[] variance() {
        double[] v = new double[m2.length];
        for (int f = 0; f < v.length; f++) {
            v[f] = m2[f] / count;
        }
        return v;
    }

    /**
     * Keras's {@code Normalization} of one step: {@code (x - mean) / max(sqrt(variance), 1e-7)}.
     *
     * @param step the features of one step
     * @return a new array, the standardized step
     * @throws IllegalArgumentException if the width is wrong
     */
    public float[] standardize(float[] step) {
        if (step == null || step.length != mean.length) {
            throw new IllegalArgumentException("Expected a step of " + mean.length + " features, got "
                    + (step == null ? "null" : step.length));
        }
        float[] out = new float[step.length];
        for (int f = 0; f < step.length; f++) {
            out[f] = (float) ((step[f] - mean[f]) / Math.max(Math.sqrt(m2[f] / count), EPSILON));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FeatureStatistics{features=" + mean.length + ", count=" + count + "}";
    }
}
