package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Sgd;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import io.github.stackedrnn.train.ValidationData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Lists of sequences with targets as values (regression, binary, per-step): each agrees with the same
 * data padded into a tensor with its mask, which the masking tests check against unpadded sequences.
 */
class RaggedTargetsTest {
    private static final int FEATURES = 2;
    private static final int N = 24;

    private static StackedRnnModel model(boolean perStep, Layer head) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(9).threads(2)
                .add(SimpleRnnLayer.builder(5).returnSequences(perStep).build()).add(head)
                .optimizer(Sgd.builder().learningRate(0.1).build()).build();
    }

    private static StackedRnnModel regression(boolean perStep) {
        return model(perStep, DenseLayer.builder(1).build());
    }

    private static List<float[][]> sequences(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] s = new float[3 + r.nextInt(10)][FEATURES];
            for (float[] step : s) {
                step[0] = (float) r.nextGaussian();
                step[1] = (float) r.nextGaussian();
            }
            out.add(s);
        }
        return out;
    }

    /** The mean of feature 0 over each sequence. */
    private static float[] means(List<float[][]> sequences) {
        float[] y = new float[sequences.size()];
        for (int i = 0; i < y.length; i++) {
            float[][] s = sequences.get(i);
            for (float[] step : s) {
                y[i] += step[0] / s.length;
            }
        }
        return y;
    }

    /** The running mean of feature 0 at each step. */
    private static List<float[][]> runningMeans(List<float[][]> sequences) {
        List<float[][]> out = new ArrayList<>();
        for (float[][] s : sequences) {
            float[][] t = new float[s.length][1];
            float sum = 0;
            for (int step = 0; step < s.length; step++) {
                sum += s[step][0];
                t[step][0] = sum / (step + 1);
            }
            out.add(t);
        }
        return out;
    }

    private static int maxLength(List<float[][]> sequences) {
        return sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
    }

    private static Tensor padded(List<float[][]> sequences) {
        int time = maxLength(sequences);
        float[] x = new float[sequences.size() * time * FEATURES];
        for (int i = 0; i < sequences.size(); i++) {
            float[][] s = sequences.get(i);
            for (int t = 0; t < s.length; t++) {
                System.arraycopy(s[t], 0, x, (i * time + t) * FEATURES, FEATURES);
            }
        }
        return Tensor.of(x, sequences.size(), time, FEATURES);
    }

    private static SequenceMask mask(List<float[][]> sequences) {
        return SequenceMask.ofLengths(sequences.stream().mapToInt(s -> s.length).toArray(), maxLength(sequences));
    }

    private static void assertSameWeights(StackedRnnModel a, StackedRnnModel b) {
        List<Tensor> wa = a.getWeights();
        List<Tensor> wb = b.getWeights();
        boolean moved = false;
        for (int i = 0; i < wa.size(); i++) {
            float[] x = wa.get(i).toFloatArray();
            float[] y = wb.get(i).toFloatArray();
            for (int j = 0; j < x.length; j++) {
                assertThat(x[j]).as("weight %d[%d]", i, j).isCloseTo(y[j], within(2e-6f));
            }
        }
        float[] before = regression(false).getWeights().get(0).toFloatArray();
        float[] after = wa.get(0).toFloatArray();
        for (int j = 0; j < before.length; j++) {
            moved |= Math.abs(before[j] - after[j]) > 1e-4;
        }
        assertThat(moved).as("training changed the kernel").isTrue();
    }

    @Test
    void regression_evaluate_isTheMeanOfEachSequenceAlone() {
        StackedRnnModel model = regression(false);
        List<float[][]> seqs = sequences(N, 1);
        float[] y = means(seqs);
        double squares = 0;
        double absolutes = 0;
        for (int i = 0; i < N; i++) {
            double e = model.predict(seqs.get(i)).get(0) - y[i];
            squares += e * e;
            absolutes += Math.abs(e);
        }
        Evaluation fromTensor = model.evaluate(seqs, Tensor.of(y, N, 1));
        assertThat(fromTensor.loss()).isCloseTo(squares / N, within(1e-6));
        assertThat(fromTensor.mae()).isCloseTo(absolutes / N, within(1e-6));
        assertThat(model.evaluate(seqs, Tensor.of(y, N)).loss()).isEqualTo(fromTensor.loss());
        float[][] rows = new float[N][];
        for (int i = 0; i < N; i++) {
            rows[i] = new float[] {y[i]};
        }
        assertThat(model.evaluate(seqs, rows).loss()).isEqualTo(fromTensor.loss());
    }

    @Test
    void regression_fit_trainsAsThePaddedTensorWithItsMask() {
        List<float[][]> seqs = sequences(N, 2);
        float[] y = means(seqs);
        FitOptions options = FitOptions.builder().epochs(1).batchSize(N).shuffle(false).build();
        StackedRnnModel ragged = regression(false);
        StackedRnnModel tensor = regression(false);
        ragged.fit(seqs, Tensor.of(y, N, 1), options);
        tensor.fit(padded(seqs), Tensor.of(y, N, 1), mask(seqs), options);
        assertSameWeights(ragged, tensor);
    }

    @Test
    void regression_learns() {
        List<float[][]> seqs = sequences(120, 3);
        Tensor y = Tensor.of(means(seqs), 120);
        StackedRnnModel model = regression(false);
        double before = model.evaluate(seqs, y).loss();
        model.fit(seqs, y, FitOptions.builder().epochs(40).batchSize(16).build());
        assertThat(model.evaluate(seqs, y).loss()).isLessThan(before / 4);
    }

    @Test
    void perStepRegression_fitsAndEvaluatesAsThePaddedTensor() {
        List<float[][]> seqs = sequences(N, 4);
        List<float[][]> targets = runningMeans(seqs);
        int time = maxLength(seqs);
        float[] flat = new float[N * time];
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < targets.get(i).length; t++) {
                flat[i * time + t] = targets.get(i)[t][0];
            }
        }
        Tensor y = Tensor.of(flat, N, time, 1);
        StackedRnnModel ragged = regression(true);
        StackedRnnModel tensor = regression(true);
        assertThat(ragged.evaluate(seqs, targets).loss()).isCloseTo(tensor.evaluate(padded(seqs), y, mask(seqs)).loss(), within(1e-6));
        FitOptions options = FitOptions.builder().epochs(1).batchSize(N).shuffle(false).build();
        ragged.fit(seqs, targets, options);
        tensor.fit(padded(seqs), y, mask(seqs), options);
        assertSameWeights(ragged, tensor);
    }

    @Test
    void binaryHead_takesSoftLabelsAsATensor() {
        List<float[][]> seqs = sequences(N, 5);
        float[] y = means(seqs);
        for (int i = 0; i < N; i++) {
            y[i] = 1f / (1f + (float) Math.exp(-3 * y[i])); // soft labels in (0, 1)
        }
        Layer sigmoid = DenseLayer.builder(1).activation(Activation.SIGMOID).build();
        StackedRnnModel ragged = model(false, sigmoid);
        StackedRnnModel tensor = model(false, sigmoid);
        assertThat(ragged.evaluate(seqs, Tensor.of(y, N)).loss())
                .isCloseTo(tensor.evaluate(padded(seqs), Tensor.of(y, N, 1), mask(seqs)).loss(), within(1e-6));
        FitOptions options = FitOptions.builder().epochs(1).batchSize(N).shuffle(false).build();
        ragged.fit(seqs, Tensor.of(y, N), options);
        tensor.fit(padded(seqs), Tensor.of(y, N, 1), mask(seqs), options);
        List<Tensor> a = ragged.getWeights();
        List<Tensor> b = tensor.getWeights();
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).toFloatArray();
            float[] z = b.get(i).toFloatArray();
            for (int j = 0; j < x.length; j++) {
                assertThat(x[j]).isCloseTo(z[j], within(2e-6f));
            }
        }
    }

    @Test
    void validationData_raggedOrMasked_reportsWhatEvaluateGives() {
        List<float[][]> train = sequences(N, 6);
        List<float[][]> val = sequences(10, 7);
        StackedRnnModel model = regression(false);
        History h = model.fit(train, Tensor.of(means(train), N),
                FitOptions.builder().epochs(2).batchSize(8).validationData(ValidationData.of(val, Tensor.of(means(val), 10))).build());
        assertThat(h.asMap().get("val_loss")).hasSize(2);
        assertThat(h.asMap().get("val_loss").get(1)).isEqualTo(model.evaluate(val, Tensor.of(means(val), 10)).loss());

        StackedRnnModel other = regression(false);
        History masked = other.fit(train, Tensor.of(means(train), N), FitOptions.builder().epochs(2).batchSize(8)
                .validationData(ValidationData.of(padded(val), Tensor.of(means(val), 10, 1), mask(val))).build());
        assertThat(masked.asMap().get("val_loss").get(1))
                .isCloseTo(other.evaluate(padded(val), Tensor.of(means(val), 10, 1), mask(val)).loss(), within(1e-9));
        assertThat(masked.asMap().get("val_loss").get(1)).as("the same model on the same data, ragged or padded")
                .isCloseTo(h.asMap().get("val_loss").get(1), within(1e-6));
    }

    @Test
    void validationData_raggedClassIndices_forAClassifier() {
        List<float[][]> train = sequences(N, 10);
        List<float[][]> val = sequences(9, 11);
        int[] trainLabels = new int[N];
        int[] valLabels = new int[9];
        float[] trainMeans = means(train);
        float[] valMeans = means(val);
        for (int i = 0; i < N; i++) {
            trainLabels[i] = trainMeans[i] > 0 ? 1 : 0;
        }
        for (int i = 0; i < 9; i++) {
            valLabels[i] = valMeans[i] > 0 ? 1 : 0;
        }
        StackedRnnModel model = model(false, io.github.stackedrnn.layer.DenseSoftmaxLayer.builder(2).build());
        History h = model.fit(train, trainLabels,
                FitOptions.builder().epochs(2).batchSize(8).validationData(ValidationData.of(val, valLabels)).build());
        Evaluation e = model.evaluate(val, valLabels);
        assertThat(h.asMap().get("val_loss").get(1)).isEqualTo(e.loss());
        assertThat(h.asMap().get("val_accuracy").get(1)).isEqualTo(e.accuracy());
        assertThatThrownBy(() -> model.fit(train, trainLabels, FitOptions.builder()
                .validationData(ValidationData.of(val, new int[] {0, 1, 2, 0, 0, 0, 0, 0, 0})).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 at [2] is outside [0, 2)");
    }

    @Test
    void badTargets_areRefusedBeforeAnyStep() {
        List<float[][]> seqs = sequences(4, 8);
        FitOptions options = FitOptions.builder().build();
        StackedRnnModel model = regression(false);
        assertThatThrownBy(() -> model.fit(seqs, Tensor.of(new float[] {1, 2, 3}, 3, 1), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 1]").hasMessageContaining("[3, 1]");
        assertThatThrownBy(() -> model.fit(seqs, new float[][] {{1}, {2}, {Float.NaN}, {4}}, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets[2] has value NaN");
        assertThatThrownBy(() -> model.fit(seqs, runningMeans(seqs), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one prediction per sequence");
        assertThatThrownBy(() -> model.fit(seqs, Tensor.of(new float[4], 4, 1), FitOptions.builder()
                .validationData(ValidationData.of(seqs, Tensor.of(new float[3], 3))).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 1]");
        StackedRnnModel binary = model(false, DenseLayer.builder(1).activation(Activation.SIGMOID).build());
        assertThatThrownBy(() -> binary.fit(seqs, Tensor.of(new float[] {0, 1, 1.5f, 0}, 4), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binary labels must lie in [0, 1]");
        StackedRnnModel perStep = regression(true);
        assertThatThrownBy(() -> perStep.fit(seqs, Tensor.of(new float[4], 4, 1), options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one target row per step");
        List<float[][]> shortTargets = new ArrayList<>(runningMeans(seqs));
        shortTargets.set(1, new float[1][1]);
        assertThatThrownBy(() -> perStep.fit(seqs, shortTargets, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targets[1] must be [" + seqs.get(1).length + "][1]");
        assertThat(model.iterations() + binary.iterations() + perStep.iterations()).isZero();
    }
}
