package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.optim.Adam;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.Evaluation;
import io.github.stackedrnn.train.FitOptions;
import io.github.stackedrnn.train.History;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Lists of sequences of different lengths: bucketed batches, exact per-sequence results, clear refusals. */
class RaggedSequencesTest {
    private static final int FEATURES = 2;

    private static StackedRnnModel model(boolean perStep) {
        return StackedRnnModel.builder().inputFeatures(FEATURES).seed(4)
                .add(SimpleRnnLayer.builder(12).returnSequences(perStep).build())
                .add(DenseSoftmaxLayer.builder(2).build())
                .optimizer(Adam.builder().learningRate(0.01).build()).build();
    }

    /** Class 1 adds +1, class 0 adds -1 to the first of two noisy features at every step; lengths 3 to 40. */
    private static List<float[][]> sequences(int count, long seed, int[] labels) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = 3 + random.nextInt(38);
            float[][] s = new float[length][FEATURES];
            int label = random.nextInt(2);
            for (int t = 0; t < length; t++) {
                s[t][0] = (float) random.nextGaussian() + (label == 1 ? 1f : -1f);
                s[t][1] = (float) random.nextGaussian();
            }
            if (labels != null) {
                labels[i] = label;
            }
            out.add(s);
        }
        return out;
    }

    @Test
    void predictAndEvaluate_giveEachSequenceItsResultAlone() {
        StackedRnnModel model = model(false);
        int[] labels = new int[50];
        List<float[][]> seqs = sequences(50, 1, labels);
        List<Tensor> predictions = model.predict(seqs);
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < seqs.size(); i++) {
            Tensor alone = Tensor.of(new float[][][] {seqs.get(i)});
            Tensor expected = model.predict(alone);
            assertThat(predictions.get(i).shape()).containsExactly(2);
            for (int k = 0; k < 2; k++) {
                assertThat(predictions.get(i).get(k)).isCloseTo(expected.get(0, k), within(1e-6f));
            }
            Evaluation e = model.evaluate(alone, new int[] {labels[i]});
            lossSum += e.loss();
            correct += e.accuracy() == 1.0 ? 1 : 0;
        }
        Evaluation all = model.evaluate(seqs, labels);
        assertThat(all.rows()).isEqualTo(50);
        assertThat(all.loss()).isCloseTo(lossSum / 50, within(1e-6));
        assertThat(all.accuracy()).isEqualTo(correct / 50.0);
    }

    @Test
    void perStepPredictions_haveEachSequencesLength() {
        StackedRnnModel model = model(true);
        List<float[][]> seqs = sequences(9, 2, null);
        List<Tensor> predictions = model.predict(seqs);
        for (int i = 0; i < seqs.size(); i++) {
            Tensor expected = model.predict(Tensor.of(new float[][][] {seqs.get(i)}));
            assertThat(predictions.get(i).shape()).containsExactly(seqs.get(i).length, 2);
            for (int t = 0; t < seqs.get(i).length; t++) {
                assertThat(predictions.get(i).get(t, 1)).isCloseTo(expected.get(0, t, 1), within(1e-6f));
            }
        }
    }

    @Test
    void fit_bucketsByLength_soLittleWorkGoesToPadding_andLearns() {
        StackedRnnModel model = model(false);
        int[] labels = new int[600];
        List<float[][]> seqs = sequences(600, 3, labels);
        RaggedData data = new RaggedData(model.evaluator(), seqs, labels, null, 600);
        long real = 0;
        long padded = 0;
        for (Batch b : data.buckets(0, 600, 32)) {
            padded += (long) b.size * b.time;
            real += b.mask.validSteps();
        }
        assertThat((double) padded / real).as("padded steps per real step").isLessThan(1.05);

        History h = model.fit(seqs, labels, FitOptions.builder().epochs(15).batchSize(32).validationSplit(0.2).build());
        assertThat(h.valAccuracy().get(h.epochs() - 1)).isGreaterThan(0.9);
        int[] testLabels = new int[200];
        assertThat(model.evaluate(sequences(200, 4, testLabels), testLabels).accuracy()).isGreaterThan(0.9);
    }

    @Test
    void fit_isDeterministic_andShufflesTheBatchesEachEpoch() {
        int[] labels = new int[100];
        List<float[][]> seqs = sequences(100, 5, labels);
        StackedRnnModel a = model(false);
        StackedRnnModel b = model(false);
        StackedRnnModel c = model(false);
        a.fit(seqs, labels, FitOptions.builder().epochs(2).batchSize(16).build());
        b.fit(seqs, labels, FitOptions.builder().epochs(2).batchSize(16).build());
        c.fit(seqs, labels, FitOptions.builder().epochs(2).batchSize(16).shuffle(false).build());
        assertThat(a.getWeights()).isEqualTo(b.getWeights());
        assertThat(a.getWeights()).isNotEqualTo(c.getWeights());
    }

    @Test
    void badSequencesAndLabels_areRefusedBeforeTraining() {
        StackedRnnModel model = model(false);
        List<Tensor> before = model.getWeights();
        List<float[][]> seqs = new ArrayList<>(sequences(4, 6, null));
        FitOptions options = FitOptions.builder().build();
        assertThatThrownBy(() -> model.fit(seqs, new int[] {0, 1, 0}, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one class per sequence, 4 in all, but got 3");
        assertThatThrownBy(() -> model.fit(seqs, new int[] {0, 1, 0, 2}, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2 at [3] is outside [0, 2)");
        List<float[][]> empty = new ArrayList<>(seqs);
        empty.set(2, new float[0][]);
        assertThatThrownBy(() -> model.fit(empty, new int[] {0, 1, 0, 1}, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 2 has no time step");
        List<float[][]> wide = new ArrayList<>(seqs);
        wide.set(1, new float[][] {{1, 2, 3}});
        assertThatThrownBy(() -> model.predict(wide))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 step 0 must have 2 features but has 3");
        List<float[][]> nan = new ArrayList<>(seqs);
        nan.set(0, new float[][] {{1, Float.NaN}});
        assertThatThrownBy(() -> model.evaluate(nan, new int[] {0, 1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains NaN at step 0, feature 1");
        assertThatThrownBy(() -> model.fit(seqs, new int[][] {{0}}, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one prediction per sequence");
        assertThat(model.getWeights()).isEqualTo(before);
        assertThat(model.iterations()).isZero();
    }
}
