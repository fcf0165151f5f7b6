package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.ReferenceRnn.RnnSpec;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Variable-length sequences: a padded or masked sample behaves exactly as the same sample without its
 * padding (Keras's masking semantics), and masked gradients pass a finite-difference check against the
 * double-precision reference run on each sample with its masked steps removed.
 */
class MaskingTest {
    private static final int FEATURES = 3;
    private static final int CLASSES = 3;

    /** A layer configuration: units, activation, bias, returnSequences per recurrent layer. */
    record Config(String name, List<RnnSpec> layers) {
        StackedRnnModel build(long seed) {
            StackedRnnModel.Builder b = StackedRnnModel.builder().inputFeatures(FEATURES).seed(seed).threads(1);
            for (RnnSpec s : layers) {
                b.add(SimpleRnnLayer.builder(s.units()).activation(s.activation()).useBias(s.useBias())
                        .returnSequences(s.returnSequences()).build());
            }
            return b.add(DenseSoftmaxLayer.builder(CLASSES).build()).build();
        }

        boolean perStep() {
            return layers.get(layers.size() - 1).returnSequences();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Config> configurations() {
        return Stream.of(
                new Config("tanh(4) last", List.of(new RnnSpec(4, Activation.TANH, true, false))),
                new Config("relu(5) per step", List.of(new RnnSpec(5, Activation.RELU, true, true))),
                new Config("tanh(4,seq) > linear(3, no bias) last", List.of(new RnnSpec(4, Activation.TANH, true, true),
                        new RnnSpec(3, Activation.LINEAR, false, false))),
                new Config("tanh(3,seq) > relu(4,seq) > tanh(5) per step", List.of(new RnnSpec(3, Activation.TANH, true, true),
                        new RnnSpec(4, Activation.RELU, true, true), new RnnSpec(5, Activation.TANH, true, true))));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void paddedSamples_giveTheOutputsLossAndGradientsOfTheSamplesAlone(Config config) {
        StackedRnnModel model = config.build(3);
        int[] lengths = {5, 2, 7, 1};
        for (int padding : new int[] {0, 1, 4, 9}) {
            int time = 7 + padding;
            SplittableRandom random = new SplittableRandom(40 + padding);
            float[] padded = new float[lengths.length * time * FEATURES];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = (float) random.nextGaussian(); // padding holds garbage, not zeros: it must not matter
            }
            Tensor x = Tensor.of(padded, lengths.length, time, FEATURES);
            int[][] steps = labels(lengths.length, time, 5);
            int[] last = {0, 1, 2, 1};
            SequenceMask mask = SequenceMask.ofLengths(lengths, time);

            Tensor batchOutput = model.predict(x, mask);
            Gradients batchGradients = config.perStep() ? model.computeGradients(x, steps, mask)
                    : model.computeGradients(x, last, mask);
            double lossSum = 0;
            int rows = 0;
            List<float[]> weightGradientSum = new ArrayList<>();
            for (int s = 0; s < lengths.length; s++) {
                Tensor alone = slice(x, s, lengths[s]);
                Tensor output = model.predict(alone);
                Gradients g = config.perStep() ? model.computeGradients(alone, new int[][] {java.util.Arrays.copyOf(steps[s], lengths[s])})
                        : model.computeGradients(alone, new int[] {last[s]});
                int weight = config.perStep() ? lengths[s] : 1;
                lossSum += g.loss() * weight;
                rows += weight;
                for (int i = 0; i < g.size(); i++) {
                    float[] v = g.get(i).toFloatArray();
                    if (weightGradientSum.size() <= i) {
                        weightGradientSum.add(new float[v.length]);
                    }
                    for (int j = 0; j < v.length; j++) {
                        weightGradientSum.get(i)[j] += v[j] * weight;
                    }
                }
                float[] in = batchGradients.input().toFloatArray();
                float[] aloneIn = g.input().toFloatArray();
                for (int t = 0; t < time; t++) {
                    for (int f = 0; f < FEATURES; f++) {
                        float actual = in[(s * time + t) * FEATURES + f];
                        if (t < lengths[s]) {
                            // the alone gradient is of the sample's own mean; scale it to the batch's mean
                            assertThat(actual).as("%s pad %d: dL/dx[%d, %d, %d]", config, padding, s, t, f)
                                    .isCloseTo(aloneIn[t * FEATURES + f] * weight / totalRows(config, lengths), within(2e-6f));
                        } else {
                            assertThat(actual).as("no gradient reaches a padding step").isZero();
                        }
                    }
                }
                if (config.perStep()) {
                    for (int t = 0; t < lengths[s]; t++) {
                        for (int k = 0; k < CLASSES; k++) {
                            assertThat(batchOutput.get(s, t, k)).isCloseTo(output.get(0, t, k), within(1e-6f));
                        }
                    }
                } else {
                    for (int k = 0; k < CLASSES; k++) {
                        assertThat(batchOutput.get(s, k)).as("%s pad %d: sample %d", config, padding, s)
                                .isCloseTo(output.get(0, k), within(1e-6f));
                    }
                }
            }
            assertThat(batchGradients.loss()).as("%s pad %d: loss is the mean over valid predictions", config, padding)
                    .isCloseTo(lossSum / rows, within(1e-6));
            for (int i = 0; i < batchGradients.size(); i++) {
                float[] actual = batchGradients.get(i).toFloatArray();
                for (int j = 0; j < actual.length; j++) {
                    assertThat(actual[j]).as("%s pad %d: %s[%d]", config, padding, batchGradients.name(i), j)
                            .isCloseTo(weightGradientSum.get(i)[j] / rows, within(2e-6f));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void maskedGradients_matchFiniteDifferencesOfTheReferenceWithoutTheMaskedSteps(Config config) {
        StackedRnnModel model = config.build(9);
        ReferenceRnn reference = new ReferenceRnn(FEATURES, config.layers(), CLASSES, true);
        SplittableRandom random = new SplittableRandom(17);
        List<Tensor> weights = new ArrayList<>();
        double[][] w = new double[reference.weightShapes().size()][];
        for (int i = 0; i < w.length; i++) {
            int[] shape = reference.weightShapes().get(i);
            int n = java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            w[i] = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = (float) (random.nextDouble() - 0.5);
                w[i][j] = v[j];
            }
            weights.add(Tensor.of(v, shape));
        }
        model.setWeights(weights);
        int batch = 3;
        int time = 6;
        // holes in the middle, padding at the end, a masked first step
        boolean[][] valid = {
            {true, false, true, true, false, true},
            {false, true, true, false, false, false},
            {true, true, true, true, true, true}};
        SequenceMask mask = SequenceMask.of(valid);
        float[] xs = new float[batch * time * FEATURES];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (random.nextDouble() * 2 - 1);
        }
        Tensor x = Tensor.of(xs, batch, time, FEATURES);
        int[][] steps = labels(batch, time, 3);
        int[] last = {2, 0, 1};
        Gradients g = config.perStep() ? model.computeGradients(x, steps, mask) : model.computeGradients(x, last, mask);

        assertThat(g.loss()).isCloseTo(referenceLoss(reference, w, xs, valid, steps, last, config.perStep()), within(1e-5));
        double eps = 1e-6;
        int checked = 0;
        for (int i = 0; i < w.length; i++) {
            float[] analytic = g.get(i).toFloatArray();
            for (int j = 0; j < w[i].length; j++) {
                double keep = w[i][j];
                w[i][j] = keep + eps;
                double up = referenceLoss(reference, w, xs, valid, steps, last, config.perStep());
                w[i][j] = keep - eps;
                double down = referenceLoss(reference, w, xs, valid, steps, last, config.perStep());
                w[i][j] = keep;
                double numeric = (up - down) / (2 * eps);
                assertThat((double) analytic[j]).as("%s: %s[%d]", config, g.name(i), j)
                        .isCloseTo(numeric, within(1e-5 + 1e-3 * Math.abs(numeric)));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(w.length == 0 ? 0 : java.util.Arrays.stream(w).mapToInt(a -> a.length).sum());
    }

    @Test
    void fitAndEvaluate_withLengths_ignorePadding() {
        StackedRnnModel a = configurations().findFirst().orElseThrow().build(5);
        StackedRnnModel b = configurations().findFirst().orElseThrow().build(5);
        int[] lengths = {3, 3, 3, 3, 3, 3};
        SplittableRandom random = new SplittableRandom(2);
        float[] shortData = new float[6 * 3 * FEATURES];
        float[] longData = new float[6 * 8 * FEATURES];
        for (int s = 0; s < 6; s++) {
            for (int t = 0; t < 8; t++) {
                for (int f = 0; f < FEATURES; f++) {
                    float v = (float) random.nextGaussian();
                    longData[(s * 8 + t) * FEATURES + f] = v;
                    if (t < 3) {
                        shortData[(s * 3 + t) * FEATURES + f] = v;
                    }
                }
            }
        }
        int[] labels = {0, 1, 2, 0, 1, 2};
        FitOptions options = FitOptions.builder().epochs(3).batchSize(4).validationSplit(0.34).build();
        a.fit(Tensor.of(shortData, 6, 3, FEATURES), labels, options);
        b.fit(Tensor.of(longData, 6, 8, FEATURES), labels, SequenceMask.ofLengths(lengths, 8), options);
        List<Tensor> wa = a.getWeights();
        List<Tensor> wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            float[] x = wa.get(i).toFloatArray();
            float[] y = wb.get(i).toFloatArray();
            for (int j = 0; j < x.length; j++) {
                assertThat(y[j]).isCloseTo(x[j], within(1e-5f));
            }
        }
        Evaluation ea = a.evaluate(Tensor.of(shortData, 6, 3, FEATURES), labels);
        Evaluation eb = b.evaluate(Tensor.of(longData, 6, 8, FEATURES), labels, SequenceMask.ofLengths(lengths, 8));
        assertThat(eb.loss()).isCloseTo(ea.loss(), within(1e-5));
        assertThat(eb.accuracy()).isEqualTo(ea.accuracy());
    }

    @Test
    void badMasks_areRefusedWithClearMessages() {
        assertThatThrownBy(() -> SequenceMask.ofLengths(new int[] {3, 0}, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengths[1] is 0").hasMessageContaining("at least one valid step");
        assertThatThrownBy(() -> SequenceMask.ofLengths(new int[] {3, 6}, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lengths[1] is 6 but must be in [1, 5]").hasMessageContaining("longer than the time axis");
        assertThatThrownBy(() -> SequenceMask.of(new boolean[][] {{true, false}, {false, false}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask[1] has no valid step");
        assertThatThrownBy(() -> SequenceMask.of(new boolean[][] {{true, false}, {true}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mask[1] has length 1");
        StackedRnnModel model = configurations().findFirst().orElseThrow().build(1);
        List<Tensor> before = model.getWeights();
        Tensor x = Tensor.zeros(2, 4, FEATURES);
        assertThatThrownBy(() -> model.trainOnBatch(x, new int[] {0, 1}, SequenceMask.ofLengths(new int[] {4, 2}, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the mask is [2, 5] but the input is [2, 4, ...]");
        assertThatThrownBy(() -> model.predict(x, SequenceMask.ofLengths(new int[] {1, 2, 3}, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the mask is [3, 4]");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.iterations()).isZero();
    }

    private static int totalRows(Config config, int[] lengths) {
        return config.perStep() ? java.util.Arrays.stream(lengths).sum() : lengths.length;
    }

    /** The batch's mean loss from the reference, each sample run alone with its masked steps removed. */
    private static double referenceLoss(ReferenceRnn reference, double[][] w, float[] xs, boolean[][] valid, int[][] steps,
                                        int[] last, boolean perStep) {
        double total = 0;
        int rows = 0;
        int time = valid[0].length;
        for (int s = 0; s < valid.length; s++) {
            List<Integer> kept = new ArrayList<>();
            for (int t = 0; t < time; t++) {
                if (valid[s][t]) {
                    kept.add(t);
                }
            }
            double[] x = new double[kept.size() * FEATURES];
            for (int i = 0; i < kept.size(); i++) {
                for (int f = 0; f < FEATURES; f++) {
                    x[i * FEATURES + f] = xs[(s * time + kept.get(i)) * FEATURES + f];
                }
            }
            int sampleRows = perStep ? kept.size() : 1;
            double[] targets = new double[sampleRows * CLASSES];
            for (int r = 0; r < sampleRows; r++) {
                targets[r * CLASSES + (perStep ? steps[s][kept.get(r)] : last[s])] = 1;
            }
            total += reference.meanLoss(w, x, targets, 1, kept.size()) * sampleRows;
            rows += sampleRows;
        }
        return total / rows;
    }

    private static int[][] labels(int batch, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] labels = new int[batch][time];
        for (int[] row : labels) {
            for (int t = 0; t < time; t++) {
                row[t] = random.nextInt(CLASSES);
            }
        }
        return labels;
    }

    private static Tensor slice(Tensor x, int sample, int length) {
        int time = x.dim(1);
        float[] data = new float[length * FEATURES];
        x.copyTo(sample * time * FEATURES, data, 0, data.length);
        return Tensor.of(data, 1, length, FEATURES);
    }
}
