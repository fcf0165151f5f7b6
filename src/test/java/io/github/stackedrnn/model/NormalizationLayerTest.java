package io.github.stackedrnn.model;

import io.github.stackedrnn.data.SequenceDataset;
import io.github.stackedrnn.data.SequenceExample;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.layer.NormalizationLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.optim.Optimizer;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NormalizationLayer} inside a model: its statistics against a plain two-pass double computation,
 * the model against one without the layer fed inputs standardised in the test, every path (predict,
 * masked predict, streaming steps, ragged lists, a reloaded file), the weights no training changes, the
 * summary, the builder's refusals, and the input gradient against finite differences of a
 * double-precision reference ({@link ReferenceStack}).
 *
 * <p>Dimension legend: {@code B} = batch, {@code T} = time, {@code F} = features.
 */
class NormalizationLayerTest {
    private static final int B = 6;
    private static final int T = 5;
    private static final int F = 3;
    // features on very different scales, as raw data has them
    private static final double[] OFFSET = {1000, -3, 0.01};
    private static final double[] SCALE = {250, 0.5, 0.002};

    /** {@code [B, T, F]} raw inputs. */
    private static float[] raw(long seed, int batch, int time) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[batch * time * F];
        for (int i = 0; i < x.length; i++) {
            int f = i % F;
            x[i] = (float) (OFFSET[f] + SCALE[f] * (2 * r.nextDouble() - 1));
        }
        return x;
    }

    /** Two-pass mean and population variance in double over the steps {@code valid} admits (all when null). */
    private static double[][] twoPass(float[] x, int batch, int time, boolean[][] valid) {
        double[] mean = new double[F];
        double[] var = new double[F];
        long n = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                if (valid == null || valid[b][t]) {
                    n++;
                    for (int f = 0; f < F; f++) {
                        mean[f] += x[(b * time + t) * F + f];
                    }
                }
            }
        }
        for (int f = 0; f < F; f++) {
            mean[f] /= n;
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                if (valid == null || valid[b][t]) {
                    for (int f = 0; f < F; f++) {
                        double d = x[(b * time + t) * F + f] - mean[f];
                        var[f] += d * d;
                    }
                }
            }
        }
        for (int f = 0; f < F; f++) {
            var[f] /= n;
        }
        return new double[][] {mean, var, {n}};
    }

    /** The test's own standardisation in double, from the float32 statistics the model holds. */
    private static float[] standardized(float[] x, float[] mean, float[] variance) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int f = i % F;
            out[i] = (float) ((x[i] - (double) mean[f]) / Math.max(Math.sqrt(variance[f]), 1e-7));
        }
        return out;
    }

    private static StackedRnnModel.Builder stack(NormalizationLayer norm) {
        StackedRnnModel.Builder b = StackedRnnModel.builder();
        if (norm != null) {
            b.add(norm);
        } else {
            b.inputFeatures(F);
        }
        return b.add(SimpleRnnLayer.builder(4).returnSequences(true).build()).add(GruLayer.builder(3).build())
                .add(DenseSoftmaxLayer.builder(2).build()).seed(7).threads(1);
    }

    // ------------------------------------------------------------ statistics

    @Test
    void adapt_matchesATwoPassDoubleComputation_roundedToFloat32() {
        float[] x = raw(1, B, T);
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, B, T, F));
        double[][] ref = twoPass(x, B, T, null);
        assertEquals(B * T, norm.count());
        for (int f = 0; f < F; f++) {
            assertEquals(ref[0][f], norm.mean()[f], Math.ulp((float) ref[0][f]), "mean of feature " + f);
            assertEquals(ref[1][f], norm.variance()[f], 1e-6 * ref[1][f], "variance of feature " + f);
        }
        // the layer's own standardize is Keras's formula on its float32 statistics
        float[] step = Arrays.copyOfRange(x, 0, F);
        float[] s = norm.standardize(step);
        for (int f = 0; f < F; f++) {
            double expected = (step[f] - (double) norm.mean()[f]) / Math.sqrt(norm.variance()[f]);
            assertEquals(expected, s[f], 1e-5 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void adapt_excludesMaskedSteps_andEqualsTheListOfValidSteps() {
        float[] x = raw(2, B, T);
        int[] lengths = {5, 2, 4, 1, 3, 5};
        boolean[][] valid = new boolean[B][T];
        List<float[][]> sequences = new ArrayList<>();
        for (int b = 0; b < B; b++) {
            float[][] seq = new float[lengths[b]][];
            for (int t = 0; t < T; t++) {
                valid[b][t] = t < lengths[b];
                if (valid[b][t]) {
                    seq[t] = Arrays.copyOfRange(x, (b * T + t) * F, (b * T + t + 1) * F);
                } else {
                    Arrays.fill(x, (b * T + t) * F, (b * T + t + 1) * F, 1e6f); // padding far off the data
                }
            }
            sequences.add(seq);
        }
        NormalizationLayer masked = NormalizationLayer.adapt(Tensor.of(x, B, T, F), SequenceMask.ofLengths(lengths, T));
        NormalizationLayer fromList = NormalizationLayer.adapt(sequences);
        assertEquals(fromList, masked);
        double[][] ref = twoPass(x, B, T, valid);
        assertEquals((long) ref[2][0], masked.count());
        for (int f = 0; f < F; f++) {
            assertEquals(ref[0][f], masked.mean()[f], Math.ulp((float) ref[0][f]));
        }
        // the padding would have moved the mean far away
        assertThat(NormalizationLayer.adapt(Tensor.of(x, B, T, F)).mean()[2]).isGreaterThan(1000f);
    }

    @Test
    void adapt_fromADataSet_equalsAdaptFromTheArrays() {
        List<float[][]> sequences = new ArrayList<>();
        List<SequenceExample> examples = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 9; i++) {
            int length = 1 + r.nextInt(6);
            float[][] steps = new float[length][];
            for (int t = 0; t < length; t++) {
                steps[t] = Arrays.copyOf(raw(100 + 7L * i + t, 1, 1), F);
            }
            sequences.add(steps);
            examples.add(SequenceExample.of(steps, i % 2));
        }
        NormalizationLayer fromData = NormalizationLayer.adapt(SequenceDataset.of(examples));
        assertEquals(NormalizationLayer.adapt(sequences), fromData);
        assertEquals(sequences.stream().mapToInt(s -> s.length).sum(), fromData.count());
    }

    @Test
    void of_refusesBadStatistics_namingWhatWasExpectedAndWhatCame() {
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0, 1}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2 values").hasMessageContaining("got 1");
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0, Double.NaN}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`mean`").hasMessageContaining("NaN")
                .hasMessageContaining("feature 1");
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0, 0}, new double[] {1, -0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0}, new double[] {1e39}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity"); // beyond float32
        assertThatThrownBy(() -> NormalizationLayer.of(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one feature");
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0}, new double[] {1}, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`count`");
        assertThatThrownBy(() -> NormalizationLayer.of(new double[] {0}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`variance`").hasMessageContaining("null");
        NormalizationLayer named = NormalizationLayer.of(new double[] {0}, new double[] {1}).withName("norm");
        assertThatThrownBy(() -> named.withName("again")).isInstanceOf(IllegalStateException.class).hasMessageContaining("norm");
    }

    // ------------------------------------------------------------ the model

    @Test
    void aModelWithTheLayer_predictsAsTheSameModelWithoutIt_fedInputsStandardisedByTheTest() {
        float[] x = raw(4, B, T);
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, B, T, F));
        StackedRnnModel with = stack(norm).build();
        StackedRnnModel without = stack(null).build();
        List<Tensor> w = with.getWeights();
        without.setWeights(w.subList(3, w.size()));
        assertEquals(F, with.inputFeatures()); // taken from the layer

        float[] z = standardized(x, norm.mean(), norm.variance());
        float[] expected = without.predict(Tensor.of(z, B, T, F)).toFloatArray();
        float[] got = with.predict(Tensor.of(x, B, T, F)).toFloatArray();
        assertArrayEquals(expected, got, 1e-6f);

        // the per-sample, ragged and streaming paths standardise too
        float[][] first = new float[T][];
        for (int t = 0; t < T; t++) {
            first[t] = Arrays.copyOfRange(x, t * F, (t + 1) * F);
        }
        assertArrayEquals(Arrays.copyOfRange(got, 0, 2), with.predict(first).toFloatArray(), 1e-6f);
        assertArrayEquals(Arrays.copyOfRange(got, 0, 2), with.predict(List.<float[][]>of(first)).get(0).toFloatArray(), 1e-6f);
        RnnState state = with.newState(1);
        Tensor last = null;
        for (int t = 0; t < T; t++) {
            last = with.step(state, first[t]);
        }
        assertArrayEquals(Arrays.copyOfRange(got, 0, 2), last.toFloatArray(), 1e-6f);
    }

    @Test
    void paddingOfAnyValue_isIgnored_andNeverBecomesInfinite() {
        float[] x = raw(5, B, T);
        int[] lengths = {5, 3, 1, 4, 2, 5};
        SequenceMask mask = SequenceMask.ofLengths(lengths, T);
        // one feature constant: its variance is 0 and its divisor Keras's 1e-7
        for (int i = 1; i < x.length; i += F) {
            x[i] = 2f;
        }
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, B, T, F), mask);
        assertEquals(0f, norm.variance()[1]);
        StackedRnnModel model = stack(norm).build();
        float[] zeros = x.clone();
        float[] huge = x.clone();
        for (int b = 0; b < B; b++) {
            for (int t = lengths[b]; t < T; t++) {
                for (int f = 0; f < F; f++) {
                    zeros[(b * T + t) * F + f] = 0f;
                    huge[(b * T + t) * F + f] = 3e38f; // (3e38 - mean) / 1e-7 overflows float32
                }
            }
        }
        float[] a = model.predict(Tensor.of(zeros, B, T, F), mask).toFloatArray();
        float[] c = model.predict(Tensor.of(huge, B, T, F), mask).toFloatArray();
        assertArrayEquals(a, c);
        for (float v : c) {
            assertTrue(Float.isFinite(v));
        }
        int[] labels = {0, 1, 0, 1, 1, 0};
        Gradients g = model.computeGradients(Tensor.of(huge, B, T, F), labels, mask);
        assertTrue(g.input().isFinite());
        assertTrue(Double.isFinite(model.trainOnBatch(Tensor.of(huge, B, T, F), labels, mask)));
    }

    @Test
    void fit_neverChangesTheStatistics_evenWithWeightDecay_andTheOptimizerHoldsOnlyTrainableWeights() {
        float[] x = raw(6, B, T);
        int[] labels = {0, 1, 1, 0, 1, 0};
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, B, T, F));
        for (Optimizer optimizer : List.<Optimizer>of(Adam.builder().learningRate(0.05).weightDecay(0.5).build(),
                Sgd.builder().learningRate(0.1).momentum(0.9).weightDecay(0.5).build())) {
            StackedRnnModel model = stack(norm).optimizer(optimizer).build();
            List<Tensor> before = model.getWeights();
            model.fit(Tensor.of(x, B, T, F), labels, FitOptions.builder().epochs(3).batchSize(2).verbose(0).build());
            List<Tensor> after = model.getWeights();
            assertEquals(before.subList(0, 3), after.subList(0, 3), optimizer + " changed the statistics");
            assertArrayEquals(norm.mean(), after.get(0).toFloatArray());
            assertArrayEquals(norm.variance(), after.get(1).toFloatArray());
            assertArrayEquals(new float[] {B * T}, after.get(2).toFloatArray());
            for (int i = 3; i < after.size(); i++) {
                assertThat(after.get(i)).as(model.weightNames().get(i) + " trained").isNotEqualTo(before.get(i));
            }
            int trainable = model.trainableParameterCount();
            assertEquals(model.parameterCount() - (2 * F + 1), trainable);
            ModelSummary summary = model.summary();
            long slots = optimizer instanceof Adam ? 2 : 1;
            assertEquals(2 + slots * trainable, summary.optimizerParameters().getAsLong());
        }
    }

    @Test
    void aTrainedModelSavedAndLoaded_predictsTheSameBitsOnRawInputs() throws IOException {
        float[] x = raw(8, B, T);
        int[] labels = {1, 1, 0, 0, 1, 0};
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, B, T, F)).withName("scaler");
        StackedRnnModel model = stack(norm).build();
        model.fit(Tensor.of(x, B, T, F), labels, FitOptions.builder().epochs(2).batchSize(3).verbose(0).build());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.save(bytes);
        StackedRnnModel loaded = StackedRnnModel.load(new ByteArrayInputStream(bytes.toByteArray()));

        Tensor fresh = Tensor.of(raw(9, B, T), B, T, F);
        assertArrayEquals(model.predict(fresh).toFloatArray(), loaded.predict(fresh).toFloatArray());
        assertEquals(model.getWeights(), loaded.getWeights());
        assertEquals(model.layers(), loaded.layers());
        assertEquals(List.of("scaler", "simple_rnn", "gru", "dense"), loaded.layerNames());
        assertEquals("scaler/mean", loaded.weightNames().get(0));
        // training resumes where it stopped, the statistics still untouched
        model.trainOnBatch(Tensor.of(x, B, T, F), labels);
        loaded.trainOnBatch(Tensor.of(x, B, T, F), labels);
        assertEquals(model.getWeights(), loaded.getWeights());
        assertEquals(norm.mean().length, loaded.getWeights().get(0).size());
        assertArrayEquals(norm.mean(), loaded.getWeights().get(0).toFloatArray());
    }

    @Test
    void setWeights_changesTheStatistics_andRefusesANegativeVarianceOrAFractionalCount() {
        float[] x = raw(10, B, T);
        StackedRnnModel model = stack(NormalizationLayer.unadapted(F)).build();
        StackedRnnModel reference = stack(NormalizationLayer.adapt(Tensor.of(x, B, T, F))).build();
        Tensor input = Tensor.of(x, B, T, F);
        assertThat(model.predict(input).toFloatArray()).isNotEqualTo(reference.predict(input).toFloatArray());
        model.setWeights(reference.getWeights());
        assertArrayEquals(reference.predict(input).toFloatArray(), model.predict(input).toFloatArray());

        List<Tensor> w = new ArrayList<>(reference.getWeights());
        w.set(1, Tensor.of(new float[] {1, -2, 1}, F));
        assertThatThrownBy(() -> model.setWeights(w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalization/variance").hasMessageContaining("-2.0");
        w.set(1, reference.getWeights().get(1));
        w.set(2, Tensor.of(new float[] {2.5f}, 1));
        assertThatThrownBy(() -> model.setWeights(w)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("normalization/count").hasMessageContaining("whole number");
        assertArrayEquals(reference.predict(input).toFloatArray(), model.predict(input).toFloatArray()); // nothing changed
    }

    @Test
    void summary_countsTheStatisticsAsNonTrainable() {
        StackedRnnModel model = StackedRnnModel.builder().add(NormalizationLayer.unadapted(F))
                .add(SimpleRnnLayer.builder(4).build()).add(DenseLayer.builder(2).build()).build();
        ModelSummary s = model.summary();
        // Keras 3.15.1 for Normalization() adapted on (None, None, 3), SimpleRNN(4), Dense(2):
        // Total params: 49, Trainable params: 42, Non-trainable params: 7 (count is int32: 4 bytes on JAX)
        assertEquals(new ModelSummary.Row("normalization", "Normalization", "(None, None, 3)", 7), s.rows().get(0));
        assertEquals(49, s.totalParameters());
        assertEquals(42, s.trainableParameters());
        assertEquals(7, s.nonTrainableParameters());
        assertEquals(49, model.parameterCount());
        String text = s.toString();
        assertThat(text).contains(" normalization (Normalization)  (None, None, 3)")
                .contains("Total params: 49 (196.00 Byte)\n")
                .contains("Trainable params: 42 (168.00 Byte)\n")
                .contains("Non-trainable params: 7 (28.00 Byte)\n");
        assertEquals(List.of("normalization/mean", "normalization/variance", "normalization/count", "simple_rnn/kernel",
                "simple_rnn/recurrent_kernel", "simple_rnn/bias", "dense/kernel", "dense/bias"), model.weightNames());
        List<ModelSnapshot.WeightSpec> layout = ModelSnapshot.weightLayout(F, model.layers(), null);
        assertEquals(new ModelSnapshot.WeightSpec("normalization/count", new int[] {1}, false), layout.get(2));
        assertTrue(layout.get(3).trainable());
    }

    @Test
    void theBuilder_refusesTheLayerAnywhereButFirst_andAWidthOtherThanTheInputs() {
        NormalizationLayer norm = NormalizationLayer.unadapted(F);
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(F).add(SimpleRnnLayer.builder(F).returnSequences(true).build())
                .add(norm).add(SimpleRnnLayer.builder(2).build()).add(DenseLayer.builder(1).build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("normalization (Normalization) is layer 2")
                .hasMessageContaining("can only be the first layer");
        assertThatThrownBy(() -> StackedRnnModel.builder().inputFeatures(4).add(norm).add(SimpleRnnLayer.builder(2).build())
                .add(DenseLayer.builder(1).build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("statistics of 3 features but the model's inputFeatures is 4");
        assertThatThrownBy(() -> StackedRnnModel.builder().add(norm).add(DenseLayer.builder(1).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no recurrent layer");
        assertThatThrownBy(() -> StackedRnnModel.builder().add(norm).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no recurrent layer after normalization");
        assertThatThrownBy(() -> StackedRnnModel.builder().add(norm).add(norm).add(SimpleRnnLayer.builder(2).build())
                .add(DenseLayer.builder(1).build()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("can only be the first layer");
        // without a NormalizationLayer, inputFeatures stays required
        assertThatThrownBy(() -> StackedRnnModel.builder().add(SimpleRnnLayer.builder(2).build()).add(DenseLayer.builder(1).build())
                .build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("`inputFeatures` is not set");
    }

    // ------------------------------------------------------------ gradients

    @Test
    void theInputGradient_throughTheLayer_matchesFiniteDifferencesOfADoubleReference() {
        int batch = 3;
        int time = 4;
        float[] x = raw(11, batch, time);
        int[] lengths = {4, 2, 3};
        NormalizationLayer norm = NormalizationLayer.adapt(Tensor.of(x, batch, time, F), SequenceMask.ofLengths(lengths, time));
        StackedRnnModel model = StackedRnnModel.builder().add(norm).add(SimpleRnnLayer.builder(5).build())
                .add(DenseSoftmaxLayer.builder(3).build()).seed(12).threads(1).build();
        int[] labels = {2, 0, 1};
        Gradients g = model.computeGradients(Tensor.of(x, batch, time, F), labels, SequenceMask.ofLengths(lengths, time));

        // the statistics are constants to training: zero gradients, aligned with getWeights()
        assertEquals(model.weightNames(), List.of(g.name(0), g.name(1), g.name(2), g.name(3), g.name(4), g.name(5), g.name(6),
                g.name(7)));
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new float[g.get(i).size()], g.get(i).toFloatArray());
        }

        ReferenceStack ref = new ReferenceStack(F, 3, List.of(new ReferenceStack.Spec(ReferenceStack.Kind.SIMPLE, 5, false, null)));
        List<Tensor> weights = model.getWeights();
        double[][] w = new double[weights.size() - 3][];
        for (int i = 3; i < weights.size(); i++) {
            float[] v = weights.get(i).toFloatArray();
            w[i - 3] = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                w[i - 3][k] = v[k];
            }
        }
        double[] mean = new double[F];
        double[] std = new double[F];
        for (int f = 0; f < F; f++) {
            mean[f] = norm.mean()[f];
            std[f] = Math.max(Math.sqrt(norm.variance()[f]), 1e-7);
        }
        int[][] labelRows = {{2}, {0}, {1}};
        double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        java.util.function.ToDoubleFunction<double[]> loss = raw -> {
            double[] z = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                z[i] = (raw[i] - mean[i % F]) / std[i % F];
            }
            return ref.loss(w, z, batch, time, lengths, labelRows, null);
        };
        assertEquals(loss.applyAsDouble(xd), g.loss(), 1e-5);

        float[] analytic = g.input().toFloatArray();
        int checked = 0;
        double largest = 0;
        for (int i = 0; i < xd.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(xd[i]));
            double saved = xd[i];
            xd[i] = saved + h;
            double up = loss.applyAsDouble(xd);
            xd[i] = saved - h;
            double down = loss.applyAsDouble(xd);
            xd[i] = saved;
            double numeric = (up - down) / (2 * h);
            double error = Math.abs(analytic[i] - numeric);
            largest = Math.max(largest, Math.abs(numeric));
            if (error >= 1e-7) {
                assertThat(error / (Math.abs(analytic[i]) + Math.abs(numeric))).as("input gradient " + i).isLessThan(1e-2);
            }
            checked++;
        }
        assertEquals(batch * time * F, checked);
        // the third feature's spread is 0.002: its gradient is the standardised one times 1/std, hundreds of times larger
        assertThat(largest).isGreaterThan(1);
    }
}
