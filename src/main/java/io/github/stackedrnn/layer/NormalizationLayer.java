package io.github.stackedrnn.layer;

import io.github.stackedrnn.data.FeatureStatistics;
import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keras's {@code Normalization(axis=-1)} as a model's first layer: each feature of each step becomes
 * {@code (x - mean) / max(sqrt(variance), 1e-7)}, inside the model, so that {@code fit}, {@code evaluate},
 * {@code predict} and streaming {@code step}s on raw inputs all see what training saw, and the statistics
 * are saved and loaded with the model.
 *
 * <p>{@link #adapt(Tensor)} and its siblings compute the per-feature mean and (population) variance of
 * the training inputs in one streaming pass in double precision ({@link FeatureStatistics}, Welford's
 * update); masked (padded) steps do not count. The model holds them as three non-trainable weights, in
 * Keras's order: {@code mean [F]}, {@code variance [F]} and {@code count [1]} (the number of steps the
 * statistics were computed from; Keras 3 keeps a scalar {@code count} that its {@code adapt} no longer
 * updates). They are float32, as Keras's are. No optimizer step and no L2 penalty changes them; only
 * {@code setWeights} does, as in Keras. The summary counts them as non-trainable params ({@code 2·F + 1}).
 *
 * <pre>{@code
 * StackedRnnModel model = StackedRnnModel.builder()
 *         .add(NormalizationLayer.adapt(xTrain))                 // [samples, time, 3]: inputFeatures is 3
 *         .add(SimpleRnnLayer.builder(32).build())
 *         .add(DenseLayer.builder(1).build())
 *         .build();
 * model.fit(xTrain, yTrain, options);
 * model.save(path);
 * Tensor y = StackedRnnModel.load(path).predict(xRaw);           // standardized inside, as in training
 * }</pre>
 *
 * <p>Like every layer this is a configuration: the statistics it holds are where the model's weights
 * start. A model refuses it anywhere but as its first layer.
 */
public final class NormalizationLayer implements Layer {
    /** Keras's {@code backend.epsilon()}: the floor of the standard deviation. */
    public static final float EPSILON = 1e-7f;

    private final int features;      // F
    private final float[] mean;      // [F]; null: Keras's initial zeros
    private final float[] variance;  // [F]; null: Keras's initial ones
    private final long count;
    private final String name;

    private NormalizationLayer(int features, float[] mean, float[] variance, long count, String name) {
        this.features = features;
        this.mean = mean;
        this.variance = variance;
        this.count = count;
        this.name = name;
    }

    /**
     * The statistics of every step of {@code x}.
     *
     * @param x the training inputs, {@code [samples, time, features]}
     * @return a layer holding their per-feature mean and variance
     * @throws IllegalArgumentException if {@code x} is not 3-D or holds a non-finite value
     */
    public static NormalizationLayer adapt(Tensor x) {
        return of(FeatureStatistics.of(x, null));
    }

    /**
     * The statistics of the valid steps of {@code x}: masked (padded) steps do not count.
     *
     * @param x    the training inputs, {@code [samples, time, features]}
     * @param mask which steps are valid, {@code [samples, time]}
     * @return a layer holding the valid steps' per-feature mean and variance
     * @throws IllegalArgumentException if {@code x} is not 3-D, the mask does not match it, no step is
     *                                  valid, or a valid step holds a non-finite value
     */
    public static NormalizationLayer adapt(Tensor x, SequenceMask mask) {
        if (mask == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `mask`, expected a SequenceMask, got null.");
        }
        return of(FeatureStatistics.of(x, mask));
    }

    /**
     * The statistics of every step of a list of sequences of any lengths.
     *
     * @param sequences each {@code [time_i][features]}
     * @return a layer holding their per-feature mean and variance
     * @throws IllegalArgumentException if the list is empty, the widths differ or a value is not finite
     */
    public static NormalizationLayer adapt(List<float[][]> sequences) {
        return of(FeatureStatistics.of(sequences));
    }

    /**
     * The statistics of one pass over a data set (its targets are ignored); memory is the statistics and
     * one sequence, so the data set may be larger than the heap.
     *
     * @param dataset the training sequences
     * @return a layer holding their per-feature mean and variance
     * @throws io.github.stackedrnn.data.DatasetException if the data is bad, naming where
     * @throws IllegalArgumentException                   if the data set is empty or a value is not finite
     */
    public static NormalizationLayer adapt(SequenceDataset dataset) {
        return of(FeatureStatistics.of(dataset));
    }

    /**
     * @param statistics statistics computed by {@link FeatureStatistics}
     * @return a layer holding them, rounded to float32
     * @throws IllegalArgumentException if null
     */
    public static NormalizationLayer of(FeatureStatistics statistics) {
        if (statistics == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `statistics`, expected FeatureStatistics, "
                    + "got null.");
        }
        return of(statistics.mean(), statistics.variance(), statistics.count());
    }

    /**
     * Known statistics, as Keras's {@code Normalization(mean=..., variance=...)}; the count is 0.
     *
     * @param mean     the per-feature mean, finite
     * @param variance the per-feature variance, finite and non-negative, as long as {@code mean}
     * @return the layer
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a value is
     *                                  not finite or a variance is negative
     */
    public static NormalizationLayer of(double[] mean, double[] variance) {
        return of(mean, variance, 0);
    }

    /**
     * @param mean     the per-feature mean, finite
     * @param variance the per-feature variance, finite and non-negative, as long as {@code mean}
     * @param count    the number of steps they were computed from, at least 0
     * @return the layer
     * @throws IllegalArgumentException if an array is null or empty, the lengths differ, a value is not
     *                                  finite, a variance or the count is negative
     */
    public static NormalizationLayer of(double[] mean, double[] variance, long count) {
        if (mean == null || variance == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + (mean == null ? "mean" : "variance")
                    + "`, expected an array of one value per feature, got null.");
        }
        float[] m = new float[mean.length];
        float[] v = new float[variance.length];
        for (int f = 0; f < m.length; f++) {
            m[f] = (float) mean[f];
        }
        for (int f = 0; f < v.length; f++) {
            v[f] = (float) variance[f];
        }
        return checked(m, v, count, "mean", "variance");
    }

    /**
     * The statistics as a model holds them (float32), for example read back from its weights.
     *
     * @param mean     the per-feature mean, finite
     * @param variance the per-feature variance, finite and non-negative, as long as {@code mean}
     * @param count    the number of steps they were computed from, at least 0
     * @return the layer
     * @throws IllegalArgumentException as {@link #of(double[], double[], long)}
     */
    public static NormalizationLayer of(float[] mean, float[] variance, long count) {
        if (mean == null || variance == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + (mean == null ? "mean" : "variance")
                    + "`, expected an array of one value per feature, got null.");
        }
        return checked(mean.clone(), variance.clone(), count, "mean", "variance");
    }

    /**
     * Keras's un-adapted {@code Normalization()} for {@code features} features: mean 0, variance 1,
     * count 0 (the identity), whose statistics come later through {@code setWeights} (what a reader of
     * saved weights builds first). Holds no array until one is asked for.
     *
     * @param features the input width, at least 1
     * @return the layer
     * @throws IllegalArgumentException if {@code features} is not positive
     */
    public static NormalizationLayer unadapted(int features) {
        return new NormalizationLayer(Checks.positive("features", features), null, null, 0, null);
    }

    private static NormalizationLayer checked(float[] mean, float[] variance, long count, String meanName, String varianceName) {
        if (mean.length == 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + meanName
                    + "`, expected at least one feature, got an empty array.");
        }
        if (variance.length != mean.length) {
            throw new IllegalArgumentException("Received an invalid value for argument `" + varianceName + "`, expected "
                    + mean.length + " values (one per feature, as `" + meanName + "`), got " + variance.length + ".");
        }
        for (int f = 0; f < mean.length; f++) {
            if (!Float.isFinite(mean[f])) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + meanName
                        + "`, expected finite float32 values, got " + mean[f] + " for feature " + f + ".");
            }
            if (!Float.isFinite(variance[f]) || variance[f] < 0) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + varianceName
                        + "`, expected finite non-negative float32 values, got " + variance[f] + " for feature " + f + ".");
            }
        }
        if (count < 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `count`, expected a non-negative count, got "
                    + count + ".");
        }
        return new NormalizationLayer(mean.length, mean, variance, count, null);
    }

    /**
     * @param value the layer's name; by default {@code normalization}
     * @return a copy of this layer with that name
     * @throws IllegalArgumentException if null, empty or not made of letters, digits and {@code _ . - /}
     * @throws IllegalStateException    if this layer is already named
     */
    public NormalizationLayer withName(String value) {
        Checks.name(value);
        Checks.once("name", name);
        return new NormalizationLayer(features, mean, variance, count, value);
    }

    /** @return F, the features per step */
    public int features() {
        return features;
    }

    /** @return a copy of the per-feature mean, float32 as the model holds it */
    public float[] mean() {
        return mean == null ? new float[features] : mean.clone();
    }

    /** @return a copy of the per-feature (population) variance, float32 as the model holds it */
    public float[] variance() {
        if (variance == null) {
            float[] ones = new float[features];
            Arrays.fill(ones, 1f);
            return ones;
        }
        return variance.clone();
    }

    /** @return the number of steps the statistics were computed from (0 when they were given) */
    public long count() {
        return count;
    }

    /**
     * Keras's {@code Normalization} of one step, in float32: {@code (x - mean) / max(sqrt(variance), 1e-7)},
     * what the model computes on every valid step.
     *
     * @param step the features of one step
     * @return a new array, the standardized step
     * @throws IllegalArgumentException if the width is wrong
     */
    public float[] standardize(float[] step) {
        if (step == null || step.length != features) {
            throw new IllegalArgumentException("Received an invalid value for argument `step`, expected " + features
                    + " features, got " + (step == null ? "null" : step.length) + ".");
        }
        float[] m = mean();
        float[] v = variance();
        float[] out = new float[features];
        for (int f = 0; f < features; f++) {
            out[f] = (step[f] - m[f]) / standardDeviation(v[f]);
        }
        return out;
    }

    /**
     * @param variance a variance, non-negative
     * @return Keras's divisor, {@code max(sqrt(variance), 1e-7)} in float32
     */
    public static float standardDeviation(float variance) {
        return Math.max((float) Math.sqrt(variance), EPSILON);
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public String kerasType() {
        return "Normalization";
    }

    /** @return F: the layer keeps the input's width */
    @Override
    public int outputSize() {
        return features;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalizationLayer n && features == n.features && count == n.count
                && Arrays.equals(mean(), n.mean()) && Arrays.equals(variance(), n.variance()) && Objects.equals(name, n.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, count, Arrays.hashCode(mean()), Arrays.hashCode(variance()), name);
    }

    @Override
    public String toString() {
        return "NormalizationLayer{features=" + features + ", count=" + count + (name == null ? "" : ", name=" + name) + "}";
    }
}
